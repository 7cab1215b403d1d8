"""Shared test helpers: paths, hypothesis profiles, and a way to run the CLI in-process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from pipeline.cli import main
from pipeline.machinery.engines import DaskEngine, Engine, LocalEngine

TESTS = Path(__file__).parent
SEEDS = TESTS.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# `ci` is the default (fast, deterministic); `long` is for a run by hand:
#   HYPOTHESIS_PROFILE=long pytest -k property
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as on a terminal even in CI: no annotations, no writes to the job's summary."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``coi-pipeline ARGS`` in-process; returns exit code, stdout and stderr."""

    def invoke(*args: str) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


def clean_upto(text: str, stage_id: str, corpus: tuple[str, ...] = (), hints=None):  # type: ignore[no-untyped-def]
    """Run the pipeline on ``text`` up to and including stage ``stage_id``; the Document.

    ``corpus``: other documents' raw texts, for the corpus evidence (the text itself is added);
    ``hints``: layout hints, as a PDF or HTML reader gives them (pipeline.hints.Hints).
    """

    from pipeline import Config
    from pipeline.corpus import build_index
    from pipeline.document import Source
    from pipeline.ingest import RawInput
    from pipeline.machinery.timings import Timings
    from pipeline.runtime.worker import process
    from pipeline.stages import STAGE_IDS, STAGES, Context

    stages = STAGES[: STAGE_IDS.index(stage_id) + 1]
    ctx = Context(Config.load(), build_index((text, *corpus)))
    item = RawInput("case", text, Source("<case>", "0" * 64, "utf-8"), len(text), hints=hints)
    return process(item, stages, ctx, Timings())


# --- engines, for the tests that run on each of them ------------------------------------------


@pytest.fixture(scope="module")
def dask_workers() -> int:
    """The workers of a module's dask cluster (a module may override this fixture)."""
    return 2


@pytest.fixture(scope="module")
def dask_engine(dask_workers: int) -> Iterator[DaskEngine]:
    """A dask LocalCluster for the tests of one module (starting one takes 0.4-2 s), closed
    when they are done: no test depends on a cluster, or its threads, left by another module."""
    pytest.importorskip("distributed")
    with DaskEngine(workers=dask_workers) as engine:
        yield engine


@pytest.fixture(params=["local-1", "local-2", "dask"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """Each engine in turn: in this process, a pool of two, the module's dask cluster. A pool
    is closed after its test (closing twice is harmless)."""
    if request.param == "dask":
        yield request.getfixturevalue("dask_engine")
        return
    with LocalEngine(int(request.param[-1])) as local:
        yield local
