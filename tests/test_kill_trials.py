"""``kill -9`` of a whole run at every phase, with every engine (``bench/kill_trials.py``): no
process of the run remains, and the next run over the same OUT succeeds and validates.

The suite runs a few trials (each phase once, each engine at least twice, the pool and dask with
their workers busy); tox's ``kills`` environment, run in CI, runs the script whole: 20 kills per
engine."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = [
    pytest.mark.kill_trials,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc"),
]

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "kill_trials.py"
PLAN = [
    ("jobs-2", "cleaning"),
    ("jobs-2", "quote-check"),
    ("jobs-2", "renaming"),
    ("dask", "cleaning"),
    ("dask", "quote-check"),
    ("jobs-1", "reading"),
    ("jobs-1", "reports"),
]


@pytest.fixture(scope="module")
def kill_trials() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kill_trials", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_plan_covers_every_phase_and_engine(kill_trials: ModuleType) -> None:
    assert {phase for _, phase in PLAN} == set(kill_trials.PHASES)
    assert {engine for engine, _ in PLAN} == set(kill_trials.ENGINES)


def test_a_run_killed_at_any_phase_leaves_nothing_running_and_the_next_run_succeeds(
    kill_trials: ModuleType, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    done = kill_trials.trials(PLAN, 0, tmp_path, lambda trial: None)
    failed = [trial for trial in done if not trial.ok]
    assert not failed, kill_trials.table(done)
    assert [(t.engine, t.phase) for t in done] == PLAN
