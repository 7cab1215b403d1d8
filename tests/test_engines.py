"""The execution engines: results in order, ``shared`` sent once, a bounded window, errors and
early stops, on this process, a process pool, and a 2-worker dask LocalCluster.

The functions mapped are in ``_engine_helpers``, which worker processes import by name.
"""

from __future__ import annotations

import itertools
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from _engine_helpers import (
    UNPICKLED,
    Shared,
    clean_shard,
    pid,
    raise_at,
    raise_unpicklable,
    slow_square,
    times_unpickled,
)
from conftest import SEED_FILES

from pipeline import Config
from pipeline.corpus import build_index
from pipeline.errors import ConfigError, InputError, PipelineError
from pipeline.ingest import read_inputs
from pipeline.machinery.engines import DaskEngine, Engine, LocalEngine, open_engine
from pipeline.stages import Context

WINDOW = 4 * 2  # the default window of every engine here: 4 per worker, and at most 2 workers


# --- the engines ----------------------------------------------------------------------------------


# (``engine`` and ``dask_engine``, a cluster of two workers: tests/conftest.py)


def in_process(engine: Engine) -> bool:
    return isinstance(engine, LocalEngine) and engine.jobs <= 1


# --- every engine -----------------------------------------------------------------------------


def test_results_in_order_and_as_a_plain_loop(engine: Engine) -> None:
    shared = (10, {"scale": 3})  # a tuple: it must arrive as one, not be scattered item by item
    expected = [slow_square(shared, item) for item in range(200)]
    assert list(engine.map(slow_square, shared, range(200))) == expected


def test_shared_is_sent_once_per_worker_not_per_item(engine: Engine) -> None:
    probe = Shared(uuid.uuid4().hex)
    pickle.loads(pickle.dumps(probe))  # the counter works: this process unpickled it once
    assert UNPICKLED[probe.token] == 1
    # A token this process never unpickled: a forked worker inherits this process's counts,
    # a forkserver or dask worker starts from none, and either must unpickle it exactly once.
    shared = Shared(uuid.uuid4().hex)
    counts = list(engine.map(times_unpickled, shared, range(60)))
    assert counts == [0 if in_process(engine) else 1] * 60  # here, the original: never pickled


def test_each_map_has_its_own_shared(engine: Engine) -> None:
    first = list(engine.map(slow_square, (1, {"scale": 1}), range(10)))
    second = list(engine.map(slow_square, (2, {"scale": 2}), range(10)))
    assert [r for r, _ in first] == [1 + i * i for i in range(10)]
    assert [r for r, _ in second] == [2 + 2 * i * i for i in range(10)]


class Counted:
    """The items ``0 .. n-1``, counting how many have been taken."""

    def __init__(self, n: int) -> None:
        self.n, self.taken = n, 0

    def __iter__(self) -> Iterator[int]:
        for item in range(self.n):
            self.taken += 1
            yield item

    def ahead(self, results: Iterator[object]) -> list[int]:
        """At each result: how many items were taken but not yet given back."""
        return [self.taken - n for n, _ in enumerate(results)]


def test_items_are_consumed_lazily_within_the_window(engine: Engine) -> None:
    items = Counted(200)
    ahead = items.ahead(engine.map(slow_square, (0, {"scale": 1}), items))
    assert ahead[0] == (1 if in_process(engine) else WINDOW)
    assert max(ahead) <= WINDOW


def test_ahead_sets_the_items_in_flight_per_worker(engine: Engine) -> None:
    items = Counted(40)
    ahead = items.ahead(engine.map(slow_square, (0, {"scale": 1}), items, ahead=1))
    assert max(ahead) == (1 if in_process(engine) else 2)  # one for each of the 2 workers


@pytest.mark.parametrize(
    "error",
    [ValueError("bad item"), InputError("letters/a.txt", "not UTF-8"), ConfigError("no such key")],
    ids=lambda error: type(error).__name__,
)
def test_an_error_propagates_with_its_type_and_message(engine: Engine, error: Exception) -> None:
    got = []
    with pytest.raises(type(error)) as raised:
        for result in engine.map(raise_at, (7, error), range(50)):
            got.append(result)
    assert str(raised.value) == str(error)
    assert got == list(range(7))
    if isinstance(error, InputError):
        assert isinstance(raised.value, InputError)
        assert (raised.value.path, raised.value.reason) == (error.path, error.reason)


def test_stopping_early_takes_no_more_items(engine: Engine) -> None:
    items = itertools.count()  # endless: an engine that read ahead without bound would hang
    for n, _ in enumerate(engine.map(pid, 0.001, items)):
        if n == 5:
            break
    assert next(items) <= 5 + WINDOW


def test_the_documents_are_cleaned_the_same_as_in_this_process(engine: Engine) -> None:
    """The real stages: workers have their own ``hash()`` seeds, and the output must not care."""
    config = Config.load()
    inputs = read_inputs(SEED_FILES, config.input)
    ctx = Context(config, build_index(item.text for item in inputs))
    shards = [inputs[i : i + 2] for i in range(0, len(inputs), 2)]
    expected = [doc for shard in shards for doc in clean_shard((config, ctx), shard)]
    assert [doc for docs in engine.map(clean_shard, (config, ctx), shards) for doc in docs] == (
        expected
    )


# --- the process pool -----------------------------------------------------------------------------


def alive(pids: set[int]) -> set[int]:
    gone = set()
    for p in pids:
        try:
            os.kill(p, 0)
        except ProcessLookupError:
            gone.add(p)
    return pids - gone


def test_one_pool_serves_every_map_call_after_an_early_stop_or_an_error() -> None:
    """The pool outlives a map call (the quote check maps again after the documents), whatever
    ended it, and is shut down by ``close``; the file that carried ``shared`` goes with the call."""
    scratch = Path(tempfile.mkdtemp())
    with LocalEngine(2, scratch=scratch) as engine:
        pids = set()
        for n, p in enumerate(engine.map(pid, 0.01, itertools.count())):
            pids.add(p)
            if n == 20:
                break  # the generator is closed here, as the loop drops it
        assert len(pids) == 2 and alive(pids) == pids
        assert list(scratch.iterdir()) == []

        with pytest.raises(ValueError, match="bad item -1"):
            for p in engine.map(pid, 0.01, itertools.chain(range(20), [-1], itertools.count())):
                assert p in pids
        assert list(scratch.iterdir()) == []
        assert set(engine.map(pid, 0.01, range(20))) == pids  # the same two processes
    assert not alive(pids)
    scratch.rmdir()


def test_an_error_that_cannot_be_pickled_still_comes_back_from_the_pool() -> None:
    # (Without care, it would break the pool: "A process in the process pool was terminated
    # abruptly". dask sends such an error back as it is.)
    with pytest.raises(RuntimeError, match=r"^TwoPartError: letters/a.txt: not UTF-8 \(cannot"):
        list(LocalEngine(2).map(raise_unpicklable, None, range(10)))


CTRL_C = """
import itertools, signal, sys
# Ctrl-C raises KeyboardInterrupt here even if the test run started with it ignored (a
# background job), which every child would inherit.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, {tests!r})
from pipeline.machinery.engines import LocalEngine
from _engine_helpers import pid
for p in LocalEngine(2).map(pid, 0.2, itertools.count()):
    print(p, flush=True)
"""


def test_ctrl_c_stops_the_pool_without_hanging() -> None:
    script = CTRL_C.format(tests=str(Path(__file__).parent))
    # Its own process group, so that the SIGINT reaches the script and its workers, as a
    # terminal's Ctrl-C would, and nothing else.
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    pids = {int(child.stdout.readline()) for _ in range(4)}
    os.killpg(child.pid, signal.SIGINT)
    try:
        _, err = child.communicate(timeout=10)
    finally:
        child.kill()
    assert child.returncode != 0
    assert err.strip().endswith("KeyboardInterrupt")
    assert err.count("Traceback") == 1  # the script's own; the workers ignore Ctrl-C
    assert not alive(pids)


# --- the dask engine ------------------------------------------------------------------------------


def test_dask_releases_its_tasks_and_shared_after_an_early_stop(dask_engine: DaskEngine) -> None:
    client = dask_engine._client

    def keys() -> set[str]:
        return set(client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.tasks)))

    before = keys()  # (the erred tasks of earlier tests live as long as their tracebacks)
    for n, _ in enumerate(dask_engine.map(pid, 0.01, itertools.count())):
        if n == 20:
            break
    deadline = time.monotonic() + 5
    while left := keys() - before:
        assert time.monotonic() < deadline, f"still on the scheduler: {left}"
        time.sleep(0.05)


def test_dask_needs_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(PipelineError, match=r"pip install 'coi-pipeline\[dask\]'"):
        DaskEngine()


def test_dask_scheduler_that_cannot_be_reached() -> None:
    dask = pytest.importorskip("dask")
    with pytest.raises(PipelineError, match="unknown address scheme"):
        DaskEngine("nosuch://host:8786")
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "0.5s"}),
        pytest.raises(PipelineError, match=r"^dask scheduler tcp://127.0.0.1:1: Timed out"),
    ):
        DaskEngine("tcp://127.0.0.1:1")  # nothing listens on port 1


# --- open_engine ------------------------------------------------------------------------------


def test_open_engine() -> None:
    engine = open_engine("local", 3, None)
    assert isinstance(engine, LocalEngine) and (engine.name, engine.jobs) == ("local", 3)
    with pytest.raises(PipelineError, match="is for the dask engine"):
        open_engine("local", 2, "tcp://host:8786")
    with pytest.raises(PipelineError, match="unknown engine 'ray': use one of local, dask"):
        open_engine("ray", 2, None)
