"""The per-document half of a run, the same in every engine and in :func:`~.runner.clean_text`.

:func:`process` runs the stages over one input: it checks each stage's output against what the
stage declares (:meth:`~pipeline.stages.base.Stage.check`), applies its proposals to the
document's ledger, collects its findings and annotations, times it, and keeps to the
document's time budget. :func:`clean_shard` does that for a shard of inputs in a worker and
hands each cleaned document to the job's ``prepare`` — what the run makes of it (its files, its
quote digest, its summary) is the runner's business, so a worker knows the stages and nothing
of the outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from ..codes import finding
from ..document import Document, Finding
from ..ingest import RawInput
from ..ledger import Ledger
from ..machinery.engines import working_on
from ..machinery.gcpause import collection_paused
from ..machinery.timings import Timings
from ..stages import Context, Stage, StageOutput, compile_stages
from ..stages.unicode import restore_normal_form
from .budget import OutOfTime, TimeBudget

Prepared = TypeVar("Prepared")


def process(item: RawInput, stages: Sequence[Stage], ctx: Context, timings: Timings) -> Document:
    """Run ``stages`` over one input; each stage's time is added to ``timings``.

    Under the config's ``stages.time_budget_seconds`` (:mod:`pipeline.runtime.budget`): a stage
    still running when the document's budget runs out is interrupted, and the document is the one
    the stages finished before it made, with a ``stage.timeout`` finding naming it; the stages
    after it do not run."""
    doc = Document(
        item.id, item.source, Ledger(item.text), findings=item.findings, hints=item.hints
    )
    budget = ctx.config.stages.time_budget_seconds
    # (the document as the stages done left it, how many they are): one slot, replaced in one
    # step, so that an interruption never finds the one updated and not the other
    state = [(doc, 0)]
    watch = timings.stopwatch()
    try:
        with TimeBudget(budget):
            for stage in stages:
                doc, done = state[0]
                state[0] = (_applied(doc, stage.id, stage.check(stage.run(doc, ctx))), done + 1)
                watch.lap(stage.id)
            # A later stage's deletion may leave a letter and a combining mark side by side:
            # with the unicode stage on, the output is in its normal form whatever came after.
            # Its edits are the unicode stage's.
            if any(stage.id == "unicode" for stage in stages):
                doc, done = state[0]
                state[0] = (_applied(doc, "unicode", restore_normal_form(doc, ctx)), done)
                watch.lap("unicode")
    except OutOfTime:
        doc, done = state[0]
        if done == len(stages):  # (it ran out while the last timing was being added)
            return doc
        watch.lap(stages[done].id)
        return replace(doc, findings=(*doc.findings, _timeout(stages, done, budget)))
    return state[0][0]


def _applied(doc: Document, stage: str, output: StageOutput) -> Document:
    """``doc`` with the output of the stage ``stage`` (its id) applied: its proposals to the
    ledger, as edits that name the stage, and its annotations."""
    return replace(
        doc,
        ledger=doc.ledger.apply(output.proposals, stage),
        findings=doc.findings + output.findings,
        footnotes=doc.footnotes if output.footnotes is None else output.footnotes,
        paragraphs=doc.paragraphs if output.paragraphs is None else output.paragraphs,
        metadata=doc.metadata if output.metadata is None else output.metadata,
        quotes=doc.quotes if output.quotes is None else output.quotes,
    )


def _timeout(stages: Sequence[Stage], done: int, budget: float) -> Finding:
    """The finding of a document whose budget ran out in ``stages[done]``."""
    skipped = [stage.id for stage in stages[done + 1 :]]
    after = f"; {', '.join(skipped)} did not run either" if skipped else ""
    message = (
        f"stage {stages[done].id} ran out of the document's time budget "
        f"(stages.time_budget_seconds = {budget:g}) and was stopped{after}: the text is as "
        f"the stages before it left it"
    )
    return finding("stage.timeout", message, 0, 0)


@dataclass(frozen=True, slots=True)
class Job(Generic[Prepared]):
    """What every worker gets once: the stages, all they read besides the documents, and what
    to make of each cleaned document."""

    stages: tuple[Stage, ...]
    ctx: Context
    # (the cleaned document, its input number, its input) -> what the worker hands back; a
    # module-level function (or a partial of one), for it is sent to the workers by pickle
    prepare: Callable[[Document, int, RawInput], Prepared]


def clean_shard(
    job: Job[Prepared], shard: list[tuple[int, RawInput]]
) -> tuple[list[Prepared], dict[str, float]]:
    """Clean a shard of (input number, input) and prepare each document: the per-document half
    of a run, and the seconds per stage (and ``serialise``: the preparing) it took."""
    timings = Timings()
    # The pipeline built in this process: its compiled config (made by the first shard, then
    # found made), timed as each stage's; collection paused, for what it makes lives as long
    # as the process (the collector would only walk the whole heap, full collections included).
    with collection_paused():
        compile_stages(job.stages, job.ctx.config, timings.stopwatch().lap)
    prepared = []
    for number, item in shard:
        working_on(item.where)
        # (see pipeline.machinery.gcpause: a full collection per big document)
        with collection_paused():
            doc = process(item, job.stages, job.ctx, timings)
            watch = timings.stopwatch()
            prepared.append(job.prepare(doc, number, item))
        # (after the pause: the collection it put off is charged to the document, here)
        watch.lap("serialise")
    return prepared, timings.as_dict()
