"""Execution engines: where the per-document stages run.

An engine maps a pure function over *shards* (small lists of input documents) and yields the
results **in input order**. A shard, not a document, is the unit of work so that each task is
big enough to pay for sending it to another process or machine, and small enough that the
work stays balanced and memory bounded: ``map`` consumes its items lazily and keeps at most
``window`` of them in flight, so a generator of 100,000 shards never sits in memory at once.

``fn(shared, item)`` gets a large read-only ``shared`` object (the stage list and the corpus
index) that is sent to each worker *once* per ``map`` call, not once per item: sending it with
every shard would cost more than the work.

    LocalEngine(jobs)   this machine: in this process (jobs <= 1) or a pool of ``jobs`` processes
    DaskEngine(...)     a dask.distributed cluster (needs the ``dask`` extra)

The output must be identical whatever the engine and however many workers. Results come back in
order, so that is up to ``fn``: it must not depend on per-process state. In particular, worker
processes do not share this process's seed for Python's randomised ``hash()`` of ``str`` and
``bytes`` (nor, on dask, each other's), so hash values and the iteration order of a ``set`` of
strings differ between processes: never let either reach the output.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import weakref
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

from ..errors import PipelineError
from .lifeline import die_with_parent

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

ENGINES = ("local", "dask")
MAX_JOBS_PER_CPU = 4  # more workers than this per CPU only compete for it (and memory)


def cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


def check_jobs(jobs: int | None) -> None:
    """Refuse more than :data:`MAX_JOBS_PER_CPU` workers per CPU: thousands of processes would
    exhaust the machine's processes and descriptors before doing any work (and a pool of more
    than a C ``int`` cannot even be made)."""
    limit = MAX_JOBS_PER_CPU * cpus()
    if jobs is not None and jobs > limit:
        raise PipelineError(
            f"--jobs {jobs} is too many: at most {limit} ({MAX_JOBS_PER_CPU} per CPU of this "
            "machine)"
        )


class Engine(ABC):
    """Runs ``fn(shared, item)`` for every item; a context manager that closes itself."""

    name: str

    @abstractmethod
    def map(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T], *, ahead: int = 4
    ) -> Generator[R, None, None]:
        """Yield ``fn(shared, item)`` for each of ``items``, in order, consuming them lazily:
        at most ``ahead`` items per worker in flight (unless the engine was given a window).
        Large items or results call for a small ``ahead``.

        An exception raised by ``fn`` propagates from here; stopping early (or an exception)
        cancels the work still pending."""

    @abstractmethod
    def close(self) -> None:
        """Release the engine's workers and connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class _Pending(Protocol[R_co]):
    """What both ``concurrent.futures`` and ``distributed`` futures offer."""

    def result(self) -> R_co: ...
    def cancel(self) -> Any: ...


def _in_order(submit: Callable[[T], _Pending[R]], items: Iterable[T], window: int) -> Iterator[R]:
    """Submit items as results are taken, at most ``window`` ahead; yield results in order.

    (Unlike ``Executor.map``, which submits every item before yielding anything.)"""
    pending: deque[_Pending[R]] = deque()
    try:
        for item in items:
            pending.append(submit(item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # the consumer stopped early, or a result raised: drop the work not started
        for future in pending:
            future.cancel()


# --- this machine -------------------------------------------------------------------------------

_SHARED: tuple[str, Any] = ("", None)  # in a pool process: the file ``shared`` came in, and it


WORKING = ".working-"  # + pid: a pool worker's note of what it is working on, in the scratch


def working_on(label: str) -> None:
    """Note, in a pool worker, what it works on now (a document's name): if the worker is
    killed (the out-of-memory killer, ``kill -9``), the run's error names it. Elsewhere (in the
    run's own process, on dask) nothing is noted."""
    if _SHARED[0]:
        with open(_working_file(), "w", encoding="utf-8") as note:
            note.write(label)


def _working_file() -> str:
    return os.path.join(os.path.dirname(_SHARED[0]), f"{WORKING}{os.getpid()}")


def _forget_work() -> None:
    """Take back this worker's note of what it works on (it is done, or it is ending)."""
    if _SHARED[0]:
        with contextlib.suppress(OSError):
            os.unlink(_working_file())


def _start_worker(run: int) -> None:
    # Ctrl-C reaches the whole process group. Only the parent acts on it (it cancels what is
    # queued and waits for the few shards running); a worker that died of it mid-queue-read
    # would instead break the pool and print a traceback per process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # When a worker dies, the pool terminates the others: they take back their notes of what
    # they were working on, so that the one left is the dead worker's.
    signal.signal(signal.SIGTERM, _terminated)
    die_with_parent(run)  # a run killed with -9 takes its workers with it


def _terminated(signum: int, _frame: object) -> None:
    _forget_work()
    os._exit(128 + signum)


def _lost_worker(scratch: str, broken: BaseException) -> PipelineError:
    """The error of a run whose pool lost a worker: one line naming what it was working on."""
    notes = sorted(Path(scratch).glob(f"{WORKING}*"))
    labels = [note.read_text(encoding="utf-8", errors="replace") for note in notes]
    if len(labels) == 1:
        return PipelineError(
            f"{labels[0]}: a worker process was killed while cleaning it (out of memory, or a "
            "signal)"
        )
    return PipelineError(f"a worker process was killed (out of memory, or a signal): {broken}")


def _call(fn: Callable[[Any, T], R], shared: str, item: T) -> R:
    global _SHARED
    if _SHARED[0] != shared:  # the first item of a map call here: read its `shared` once
        _SHARED = ("", None)  # (free the last call's first)
        with open(shared, "rb") as file:
            _SHARED = (shared, pickle.load(file))
    try:
        return fn(_SHARED[1], item)
    except Exception as error:
        try:  # the pool pickles it back to the parent: one that fails to unpickle there
            pickle.loads(pickle.dumps(error))  # would break the pool with a misleading message
        except Exception:
            raise RuntimeError(f"{type(error).__name__}: {error} (cannot be pickled)") from error
        raise
    finally:  # the item is done: an idle worker has no note (see `working_on`)
        _forget_work()


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork when this process has no other thread: the pool is ready at once (~10 ms for two
    # processes) and a script calling `pipeline.run` needs no `if __name__ == "__main__":`
    # guard (forkserver and spawn import the main script again in every worker). With threads
    # (a dask client, the caller's own), forking can deadlock the child, as it copies every lock
    # held or not: then forkserver, whose server imports `pipeline` once (~20 ms a pool, plus
    # ~0.3 s for the server; spawn: ~500 ms), and then a script needs that guard.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:  # Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipeline"])
    return context


class LocalEngine(Engine):
    """``jobs`` processes on this machine; ``jobs <= 1`` runs in this process, without a pool.

    The pool starts at the first ``map`` call and serves every later one until :meth:`close`:
    a run maps first over its documents, then over the steps of the quote check, and forking
    the workers again then would copy a process grown large with the corpus indexes. Each call
    hands its ``shared`` to the workers through a file in ``scratch`` (default: the system's
    temporary directory), which each worker reads once and the call removes when it ends.
    """

    name = "local"

    def __init__(self, jobs: int, *, window: int | None = None, scratch: Path | None = None):
        self.jobs = jobs
        self.window = window
        self.scratch = scratch
        self._pool: ProcessPoolExecutor | None = None
        self._calls = 0

    def map(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T], *, ahead: int = 4
    ) -> Generator[R, None, None]:
        if self.jobs <= 1:
            for item in items:
                yield fn(shared, item)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=_pool_context(),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        pool = self._pool
        submitted: weakref.WeakSet[Future[R]] = weakref.WeakSet()  # (results are not kept)

        def submit(item: T) -> Future[R]:
            future = pool.submit(_call, fn, path, item)
            submitted.add(future)
            return future

        self._calls += 1  # in the name: a worker knows a call by it (names of gone files recur)
        prefix = f".shared-{self._calls}-"
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=".pickle", dir=self.scratch)
        try:
            with os.fdopen(fd, "wb") as file:
                pickle.dump(shared, file, protocol=pickle.HIGHEST_PROTOCOL)
            try:
                yield from _in_order(submit, items, self.window or ahead * self.jobs)
            except BrokenProcessPool as broken:
                pool.shutdown(wait=True)  # every worker ended: only the dead one's note is left
                self._pool = None
                raise _lost_worker(os.path.dirname(path), broken) from None
        finally:
            if self._pool is pool:  # still open: the items already running finish first
                wait(list(submitted))
            notes = Path(path).parent.glob(f"{WORKING}*")  # (a worker killed at its end's)
            for leftover in (Path(path), *notes):
                with contextlib.suppress(FileNotFoundError):  # (an interrupted run's scratch)
                    leftover.unlink()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# --- a dask.distributed cluster -----------------------------------------------------------------


class DaskEngine(Engine):
    """Workers of a dask.distributed cluster: the scheduler at ``scheduler`` (``tcp://host:8786``)
    or, if None, a cluster of ``workers`` local processes that this engine starts and stops."""

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, workers: int = 2, *, window: int | None = None
    ) -> None:
        try:  # as Any: an optional dependency, and only partly typed (mypy runs with or without)
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise PipelineError(
                "the dask engine needs the dask extra: pip install 'coi-pipeline[dask]'"
            ) from None
        # dask logs workers and connections coming and going at INFO: not for our users.
        dask_log = logging.getLogger("distributed")
        dask_log.setLevel(max(dask_log.level, logging.WARNING))
        self._window = window
        self._cluster: Any = None
        if scheduler is None:
            # dask's active memory manager drops the copy of `shared` from a worker that has no
            # task waiting for it (the consumer was slow), and the worker then fetches it again
            # when it gets one: on a cluster of our own, keep every copy (docs/cluster.md says
            # how to do the same on a real cluster).
            amm_off = {"distributed.scheduler.active-memory-manager.start": False}
            with importlib.import_module("dask.config").set(amm_off):
                # One thread per process: the stages are pure Python and hold the GIL.
                self._cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.WARNING,
                    preload=["pipeline.machinery.lifeline"],  # workers that end with this process
                )
            self._client: Any = distributed.Client(self._cluster)
        else:
            try:
                self._client = distributed.Client(scheduler)
            except (OSError, ValueError) as error:  # unreachable, or not an address
                raise PipelineError(f"dask scheduler {scheduler}: {error}") from None

    def map(
        self, fn: Callable[[S, T], R], shared: S, items: Iterable[T], *, ahead: int = 4
    ) -> Generator[R, None, None]:
        client = self._client
        # Whatever the number of workers now connected, keep each busy with a few shards.
        window = self._window or ahead * max(1, sum(client.nthreads().values()))
        # In a list, so that a tuple or dict is sent as one object, not scattered item by item;
        # hash=False: no need to hash (pickle) the whole object just to name it.
        [on_workers] = client.scatter([shared], broadcast=True, hash=False)
        try:
            yield from _in_order(
                lambda item: client.submit(fn, on_workers, item, pure=False), items, window
            )
        finally:
            on_workers.release()  # the workers may drop their copy

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def open_engine(
    name: str, jobs: int, scheduler: str | None = None, *, scratch: Path | None = None
) -> Engine:
    """The engine called ``name`` (one of :data:`ENGINES`): ``local`` with ``jobs`` processes
    (and its files in ``scratch``); ``dask`` on the cluster at ``scheduler``, or on ``jobs``
    local worker processes. More than :data:`MAX_JOBS_PER_CPU` jobs per CPU is an error."""
    check_jobs(jobs)
    if name == "local":
        if scheduler is not None:
            raise PipelineError(
                f"a scheduler ({scheduler}) is for the dask engine: the local engine runs here"
            )
        return LocalEngine(jobs, scratch=scratch)
    if name == "dask":
        return DaskEngine(scheduler, workers=max(1, jobs))
    raise PipelineError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")
