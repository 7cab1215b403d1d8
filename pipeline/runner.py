"""Running the stages: over one text (:func:`clean_text`) or over a corpus into OUT (:func:`run`).

The runner, not the stages, does the bookkeeping: it applies each stage's proposals to the
document's ledger, collects findings, and times every stage. The stage order is
:data:`pipeline.stages.STAGES`.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .config import Config
from .consistency import Reference, check_quotes
from .corpus import build_index
from .document import Document, Finding, Severity, Source
from .emit import TOOL, write_outputs
from .ingest import RawInput, read_inputs
from .ledger import Ledger
from .report_html import render_report
from .resources import data_dir
from .sarif import build_sarif
from .stages import Context, Stage, selected

FAIL_ON = ("never", "note", "warning", "error")


def tool_version() -> str:
    try:
        return version(TOOL)
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


@dataclass(frozen=True, slots=True)
class RunResult:
    """What :func:`run` did: the documents, where they went, and how long each stage took."""

    out: Path
    documents: tuple[Document, ...]
    timings: dict[str, float] = field(default_factory=dict)
    quote_report: dict[str, Any] = field(default_factory=dict)  # as in quotes.json
    quote_findings: tuple[tuple[str, Finding], ...] = ()

    @property
    def findings(self) -> tuple[tuple[str, Finding], ...]:
        """Every finding — of the documents, then of the quote check — with its document's id."""
        return tuple((doc.id, f) for doc in self.documents for f in doc.findings) + (
            self.quote_findings
        )

    def exit_code(self, fail_on: str = "never") -> int:
        """1 if any finding is at or above ``fail_on`` (``never`` | ``note`` | ``warning`` |
        ``error``), else 0."""
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return int(any(f.severity.rank >= threshold for _, f in self.findings))


def process(
    item: RawInput, stages: Sequence[Stage], ctx: Context, timings: defaultdict[str, float]
) -> Document:
    """Run ``stages`` over one input; stage times are added to ``timings``."""
    doc = Document(id=item.id, source=item.source, ledger=Ledger(item.text))
    for stage in stages:
        started = time.perf_counter()
        output = stage.run(doc, ctx)
        doc = replace(
            doc,
            ledger=doc.ledger.apply(output.proposals),
            findings=doc.findings + output.findings,
            footnotes=doc.footnotes if output.footnotes is None else output.footnotes,
            paragraphs=doc.paragraphs if output.paragraphs is None else output.paragraphs,
            metadata=doc.metadata if output.metadata is None else output.metadata,
            quotes=doc.quotes if output.quotes is None else output.quotes,
        )
        timings[stage.id] += time.perf_counter() - started
    return doc


MIN_PARALLEL = (
    32  # fewer documents are cleaned in this process: a pool would cost more than it saves
)
_WORKER: tuple[Sequence[Stage], Context] | None = None  # what each pool process works with


def _start_worker(stages: Sequence[Stage], ctx: Context) -> None:
    global _WORKER
    _WORKER = (stages, ctx)


def _process_in_worker(item: RawInput) -> tuple[Document, dict[str, float]]:
    assert _WORKER is not None, "worker not initialised"  # an internal invariant, not input
    timings: defaultdict[str, float] = defaultdict(float)
    return process(item, *_WORKER, timings), dict(timings)


def _process_all(
    inputs: Sequence[RawInput],
    stages: Sequence[Stage],
    ctx: Context,
    timings: defaultdict[str, float],
    jobs: int,
    progress: bool,
) -> tuple[Document, ...]:
    """Every input through the stages, in input order: in this process, or in ``jobs``
    processes (each gets the stages and the corpus index once, at start-up)."""
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(inputs), desc="cleaning", unit="doc", file=sys.stderr)
    documents: list[Document] = []
    if jobs <= 1 or len(inputs) < MIN_PARALLEL:
        for item in inputs:
            documents.append(process(item, stages, ctx, timings))
            if bar is not None:
                bar.update()
    else:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(inputs) // (jobs * 8))
        with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(stages, ctx)) as pool:
            for doc, spent in pool.map(_process_in_worker, inputs, chunksize=chunk):
                documents.append(doc)
                for stage, seconds in spent.items():
                    timings[stage] += seconds
                if bar is not None:
                    bar.update()
    if bar is not None:
        bar.close()
    return tuple(documents)


def _config(config: Config | str | Path | None) -> Config:
    return config if isinstance(config, Config) else Config.load(config)


def clean_text(
    text: str, *, config: Config | str | Path | None = None, id: str = "text"
) -> Document:
    """Clean one text with the per-document stages; the :class:`Document` holds the result.

    >>> clean_text("People\\u00e2\\u20ac\\u2122s  \\r\\n").text
    'People’s\\n'
    """
    cfg = _config(config)
    source = Source(
        "<string>", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), "utf-8"
    )
    ctx = Context(cfg, build_index([text]))  # the text is its own corpus, as in a run of one file
    return process(RawInput(id, text, source, len(text)), selected(cfg), ctx, defaultdict(float))


def run(
    paths: Iterable[str | Path] = (),
    out: str | Path = "out",
    *,
    config: Config | str | Path | None = None,
    references: Iterable[str | Path] = (),
    source: str | None = None,
    jobs: int | None = None,
    progress: bool = False,
) -> RunResult:
    """Read ``paths`` (default: the embedded seeds), clean every document, check the quotes
    across them (against the ``references`` texts, if any; only quotations attributed to
    ``source``, if given), and write OUT. ``jobs``: processes for the per-document stages
    (default: one per core); the output is the same for any number.

    Raises :class:`~pipeline.errors.PipelineError` for bad input or an unwritable OUT; in that
    case nothing is written and a previous OUT is left as it was.
    """
    cfg = _config(config)
    stages = selected(cfg)
    timings: defaultdict[str, float] = defaultdict(float)
    started = time.perf_counter()
    inputs = read_inputs(list(paths) or [data_dir("seeds")], cfg.input)
    timings["read"] += time.perf_counter() - started
    ctx = Context(cfg, build_index(item.text for item in inputs))
    documents = _process_all(inputs, stages, ctx, timings, jobs or os.cpu_count() or 1, progress)
    started = time.perf_counter()
    refs = [Reference(str(r.source.path), r.text) for r in read_inputs(list(references), cfg.input)]
    report, quote_findings = check_quotes(documents, cfg.consistency, refs, source)
    timings["consistency"] += time.perf_counter() - started
    started = time.perf_counter()
    write_outputs(
        Path(out),
        (doc.to_json() for doc in documents),
        _manifest(cfg, stages, inputs, documents, timings, quote_findings),
        {
            "quotes.json": (report, "quote-report"),
            "findings.sarif": (
                build_sarif(documents, report, quote_findings, tool_version()),
                "sarif",
            ),
        },
        {"report.html": render_report(documents, report, quote_findings)},
    )
    timings["write"] += time.perf_counter() - started
    return RunResult(Path(out), documents, dict(timings), report, tuple(quote_findings))


def _manifest(
    cfg: Config,
    stages: Sequence[Stage],
    inputs: Sequence[RawInput],
    documents: Sequence[Document],
    timings: defaultdict[str, float],
    quote_findings: Sequence[tuple[str, Finding]] = (),
) -> dict[str, Any]:
    def entry(item: RawInput) -> dict[str, Any]:
        src = item.source
        found = {"id": item.id, "path": src.path, "sha256": src.sha256, "bytes": item.size}
        return found if item.source.line is None else {**found, "line": item.source.line}

    return {
        "schema_version": "1.0",
        "tool": {"name": TOOL, "version": tool_version()},
        "config": cfg.to_dict(),
        "stages": [stage.id for stage in stages],
        "inputs": [entry(item) for item in inputs],
        "outputs": [],
        "counts": {
            "documents": len(documents),
            "edits": dict(sorted(Counter(e.kind for d in documents for e in d.edits).items())),
            "findings": dict(
                sorted(
                    Counter(
                        [f.severity.value for d in documents for f in d.findings]
                        + [f.severity.value for _, f in quote_findings]
                    ).items()
                )
            ),
        },
        "timings": {k: round(v, 6) for k, v in sorted(timings.items())},
    }
