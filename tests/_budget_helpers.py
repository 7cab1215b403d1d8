"""What tests/test_budget.py runs in other processes: a stage that only a time budget stops,
and a shard function that runs the real stages with it in place of one of them. A module of
its own, importing little, that pool and dask worker processes import by name (``tests/`` is
on ``sys.path``, and worker processes inherit it)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from pipeline import Config, replay
from pipeline.document import Document
from pipeline.ingest import RawInput
from pipeline.machinery.timings import Timings
from pipeline.runtime.budget import TimeBudget
from pipeline.runtime.worker import process
from pipeline.stages import STAGES, Context, Stage, StageOutput

SPIN_LIMIT = 60.0  # seconds: a budget that fails to stop the stage fails the test, not forever


def spin(doc: Document, ctx: Context) -> StageOutput:
    """A stage that works (in Python) for a minute without proposing anything."""
    end = time.monotonic() + SPIN_LIMIT
    while time.monotonic() < end:
        pass
    return StageOutput()


def spinning(stage_id: str) -> tuple[Stage, ...]:
    """The pipeline's stages, with :func:`spin` in place of ``stage_id``."""
    return tuple(replace(s, run=spin) if s.id == stage_id else s for s in STAGES)


def budgeted(seconds: float, config: Config | None = None) -> Config:
    """``config`` (default: the defaults) with a time budget of ``seconds``."""
    config = config or Config.load()
    return replace(config, stages=replace(config.stages, time_budget_seconds=seconds))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker reports of one document cleaned with a spinning stage."""

    how: str  # how a budget interrupts in that worker thread (see pipeline.runtime.budget)
    codes: tuple[str, ...]  # the document's finding codes
    messages: tuple[str, ...]
    replays: bool  # replay(raw, edits) == text
    text: str


def warm_up(ctx: Context, item: RawInput) -> None:
    """Clean ``item`` once without a budget: a fresh worker compiles the stages' patterns on its
    first document, and on a busy machine that alone could outlast a test's short budget."""
    process(item, STAGES, replace(ctx, config=budgeted(0, ctx.config)), Timings())


def clean_with_spinning_stage(shared: tuple[Context, str], item: RawInput) -> Outcome:
    ctx, stage_id = shared
    warm_up(ctx, item)
    with TimeBudget(SPIN_LIMIT) as probe:
        how = probe.how
    doc = process(item, spinning(stage_id), ctx, Timings())
    return Outcome(
        how,
        tuple(f.code for f in doc.findings),
        tuple(f.message for f in doc.findings),
        replay(doc.raw, doc.edits) == doc.text,
        doc.text,
    )
