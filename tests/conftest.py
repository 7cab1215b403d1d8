"""Shared test helpers: paths, hypothesis profiles, and a way to run the CLI in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from pipeline.cli import main

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


def clean_upto(text: str, stage_id: str, corpus: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """Run the pipeline on ``text`` up to and including stage ``stage_id``; the Document.

    ``corpus``: other documents' raw texts, for the corpus evidence (the text itself is added).
    """
    from collections import defaultdict

    from pipeline import Config
    from pipeline.corpus import build_index
    from pipeline.document import Source
    from pipeline.ingest import RawInput
    from pipeline.runner import process
    from pipeline.stages import STAGE_IDS, STAGES, Context

    stages = STAGES[: STAGE_IDS.index(stage_id) + 1]
    ctx = Context(Config.load(), build_index((text, *corpus)))
    item = RawInput("case", text, Source("<case>", "0" * 64, "utf-8"), len(text))
    return process(item, stages, ctx, defaultdict(float))
