"""Worker processes that cannot outlive the run that started them.

A run's workers (the local pool's processes, the dask workers of a cluster the run started)
must end when the run's process ends, however it ends: a ``kill -9`` or the out-of-memory
killer gives the run no chance to stop them, and a worker left behind with parent pid 1 would
keep running, and keep its share of memory, for nothing. Each worker calls
:func:`die_with_parent` as it starts:

- on Linux it asks the kernel for ``SIGKILL`` when its parent dies (``prctl(PR_SET_PDEATHSIG)``,
  through :mod:`ctypes`): immediate, and no thread needed;
- elsewhere a daemon thread polls :func:`os.getppid` every :data:`WATCH_INTERVAL` seconds and
  ends the process when it changes (the parent died and the worker was re-parented).

Either way it then checks that the run is still there, as the run may have died between
starting the worker and the worker arming its signal (the kernel sends none for a parent
already dead). A pool started from the forkserver has the forkserver as its parent: that
server ends as soon as the run does (it reads the end of a pipe only the run holds), and its
death then ends the workers.

Limits: on Linux the parent-death signal is sent when the *thread* that started the worker
ends, not only the process: an engine must be used from a thread that outlives it (the
runner's thread does). The watch thread of other systems notices a dead parent only after up
to :data:`WATCH_INTERVAL` seconds.

This module is also dask's *preload* of the workers of a cluster the run starts itself (see
:class:`~pipeline.machinery.engines.DaskEngine`): :func:`dask_setup` arms the same signal there.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL = 0.5  # seconds between two looks at the parent, where there is no prctl


def die_with_parent(run: int | None = None, *, watch: bool | None = None) -> str:
    """Make this process end when its parent does; with ``run``, end it now if the process of
    that id (the run that started the worker) is already gone. Returns how: ``"signal"`` (the
    kernel's parent-death signal) or ``"watch"`` (a thread polling the parent pid).

    ``watch=True`` uses the thread even where the signal is available (for tests)."""
    parent = os.getppid()
    how = "watch" if watch or not _parent_death_signal() else "signal"
    if how == "watch":
        threading.Thread(
            target=_watch, args=(parent,), name="coi-pipeline parent watch", daemon=True
        ).start()
    if run is not None and not running(run):
        os._exit(1)
    return how


def running(pid: int) -> bool:
    """Whether the process ``pid`` exists and has not ended (a zombie, dead but not yet
    reaped by its own parent, counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    try:  # Linux: a zombie's state letter is Z (after the command name, which may hold a ")")
        with open(f"/proc/{pid}/stat", "rb") as file:
            return file.read().rsplit(b")", 1)[-1].split()[:1] != [b"Z"]
    except OSError:  # no /proc here (or the process just ended)
        return True


def dask_setup(worker: object) -> None:
    """dask's preload hook, run in each worker process of a cluster the run started."""
    die_with_parent()


def _parent_death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no libc of that name, or no prctl in it
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)
