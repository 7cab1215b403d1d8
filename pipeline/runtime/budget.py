"""The per-document time budget: a document whose stages run too long is cut short, not waited for.

``with TimeBudget(seconds):`` raises :class:`OutOfTime` in the thread that entered it once
``seconds`` have passed, wherever that thread then is; the runner catches it and keeps the
document as the stages finished before it left it (:func:`pipeline.runtime.runner.process`). How the
running code is interrupted depends on the thread:

* **The main thread of a POSIX process** — a run with ``--jobs 1`` (the stages run in the
  calling process) and every worker of the local engine's process pool: a one-shot
  ``SIGALRM`` (``signal.setitimer``), whose handler raises. Python runs the handler between
  bytecodes, and the ``re`` engine checks for signals while it backtracks, so this interrupts
  Python code and a runaway regex alike; a single C call that never checks for signals is
  interrupted when it returns. When the process already uses ``SIGALRM`` (a handler of the
  caller's, or a timer running), the budget leaves it alone and uses the watchdog below.
* **Any other thread** — the task thread of a dask worker, a caller's thread calling
  :func:`~pipeline.clean_text`, Windows: a watchdog thread (``threading.Timer``) raises the
  exception in the budgeted thread through CPython's ``PyThreadState_SetAsyncExc``. It is
  delivered between bytecodes: Python code is interrupted, a C call (a regex match among them)
  only when it returns. Where ``ctypes.pythonapi`` is missing (not CPython), nothing is
  interrupted.

Interrupting a stage is safe because stages are pure: an interrupted stage has changed nothing,
and the document the runner keeps is the one the earlier stages produced. The only state an
interruption can leave half-built is a library's internal cache, which rebuilds on demand.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from types import FrameType, TracebackType
from typing import Literal

_ALARM = getattr(signal, "SIGALRM", None)  # (not on Windows)
_FREE_ALARM = (signal.SIG_DFL, signal.SIG_IGN, None)  # a SIGALRM disposition nobody relies on
_ASYNC_EXC = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)


class OutOfTime(BaseException):
    """Raised in the budgeted thread when its budget runs out. A ``BaseException``, as
    ``KeyboardInterrupt`` is, so that no stage's ``except Exception`` swallows it."""


class TimeBudget:
    """A context manager: :class:`OutOfTime` is raised in the thread that enters it once
    ``seconds`` have passed (``0``: never), unless it has left the block by then.

    If the budget runs out while the block is being left — the work done, the alarm not yet
    disarmed — the block counts as finished in time and nothing is raised.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.how = "off"  # "off" | "alarm" | "watchdog" | "none": how it interrupts
        self._armed = False  # OutOfTime may still be raised
        self._installed = False  # (alarm) our SIGALRM handler is in place of self._previous
        self._fired = False  # it was raised, or (watchdog) sent
        self._delivered = False  # (watchdog) it reached the thread, or was withdrawn
        self._previous: signal._HANDLER = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._thread = 0

    def __enter__(self) -> TimeBudget:
        if self.seconds <= 0:
            return self
        if _ALARM is not None and _alarm_free():
            self.how = "alarm"
            self._armed = self._installed = True
            previous = signal.signal(_ALARM, self._ring)
            stale = getattr(previous, "__self__", None)  # left behind by an earlier budget
            self._previous = stale._previous if isinstance(stale, TimeBudget) else previous
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        elif _ASYNC_EXC is not None:
            self.how = "watchdog"
            self._thread = threading.get_ident()
            self._armed = True
            self._timer = threading.Timer(self.seconds, self._send)
            self._timer.daemon = True
            self._timer.start()
        else:
            self.how = "none"
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        if kind is OutOfTime:
            self._delivered = True
        while True:  # disarming can itself be interrupted, by the alarm it is disarming: again
            try:
                self._disarm()
                return False
            except OutOfTime:
                self._delivered = True  # (and swallowed: the block was done)

    # --- main thread: SIGALRM ----------------------------------------------------------------

    def _ring(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:  # (a signal that arrives after the block is left is ignored)
            self._armed = False
            self._fired = True
            raise OutOfTime

    # --- other threads: a watchdog thread -------------------------------------------------------

    def _send(self) -> None:
        with self._lock:
            if self._armed:
                self._armed = False
                self._fired = True
                _raise_in(self._thread, OutOfTime)

    def _disarm(self) -> None:
        if self.how == "alarm":
            self._armed = False
            remaining, _ = signal.setitimer(signal.ITIMER_REAL, 0)
            # A timer that expired generated a signal; until its handler has run, the signal
            # may still be on its way (to another thread of this process): our handler, which
            # now ignores it, stays installed for it rather than the default, which would kill.
            if self._installed and (remaining > 0 or self._fired):
                signal.signal(_ALARM, self._previous)  # type: ignore[arg-type]
                self._installed = False
        elif self.how == "watchdog":
            if self._timer is not None:
                self._timer.cancel()
            with self._lock:
                self._armed = False
                if self._fired and not self._delivered:  # sent, and still pending: withdraw it
                    _raise_in(self._thread, None)
                    self._delivered = True


def _alarm_free() -> bool:
    """Whether this thread may use SIGALRM: the main thread, with no one else's handler
    installed (or a stale one of ours) and no timer running."""
    if threading.current_thread() is not threading.main_thread():
        return False
    current = signal.getsignal(_ALARM)  # type: ignore[arg-type]
    ours = getattr(current, "__func__", None) is TimeBudget._ring
    return (current in _FREE_ALARM or ours) and signal.getitimer(signal.ITIMER_REAL)[0] == 0


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``exception`` at its next bytecode (``None``: withdraw it)."""
    assert _ASYNC_EXC is not None
    _ASYNC_EXC(ctypes.c_ulong(thread), None if exception is None else ctypes.py_object(exception))
