"""Running the stages: over one text (:func:`clean_text`) or over a corpus into OUT (:func:`run`).

The runner, not the stages, does the bookkeeping: it applies each stage's proposals to the
document's ledger, collects findings, and times every stage. The stage order is
:data:`pipeline.stages.STAGES`.

A run streams, so that memory grows with the corpus indexes, not with the corpus text:

1. **Evidence.** Every input is read once for the corpus index (:mod:`pipeline.corpus`).
2. **Documents.** Inputs are read again, in shards of :data:`SHARD`, and an engine
   (:mod:`pipeline.machinery.engines`: a process pool, or a dask cluster) cleans each shard and
   prepares its files (:func:`_clean_shard`); the runner writes them as they come back, in input
   order, and keeps a :class:`~pipeline.output.summary.Summary` and a quote digest of each document.
3. **Corpus.** The quote check runs over the digests; the reports are written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, overload

from ..codes import finding
from ..config import Config, ConsistencyConfig
from ..consistency import Cluster, QuoteDigest, QuoteIndex, Reference, digest, finding_json
from ..corpus import build_index
from ..document import Document, Finding, Severity, Source
from ..ingest import LINK_OUTSIDE, RawInput, iter_inputs, read_inputs, read_one
from ..machinery.engines import Engine, check_jobs, open_engine
from ..machinery.spill import Spill
from ..machinery.timings import Timings
from ..output.emit import SCHEMA_REFS, TOOL, Writer, checked, document_files, dumps_pieces, staging
from ..output.findings import FindingLog, by_severity
from ..output.report import Html, ReportInput, document_section, render_report
from ..output.sarif import cap, member_keys, related, sarif_text
from ..output.summary import Summary, summarise
from ..output.swap import output_dir
from ..positions import Location, Placed, place
from ..resources import data_dir
from ..selection import Selection
from ..sources import source_table
from ..stages import Context, Stage, compile_stages, selected
from .extractions import SpilledExtractions
from .lock import locked
from .progress import Phase, Progress
from .worker import Job, clean_shard, process

FAIL_ON = ("never", "note", "warning", "error")
MIN_PARALLEL = 32  # fewer documents are cleaned in this process: a pool would cost more
SHARD = 32  # documents per unit of work sent to a worker


def tool_version() -> str:
    try:
        return version(TOOL)
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


@dataclass(frozen=True, slots=True)
class RunResult:
    """What :func:`run` did, kept small whatever the corpus: a summary of every document, the
    findings counted and the most severe of them, the quote clusters a report shows, and how
    long each step took. Everything else is in OUT, read back when asked for."""

    out: Path
    summaries: tuple[Summary, ...]
    timings: dict[str, float] = field(default_factory=dict)
    tally: dict[tuple[str, str], int] = field(default_factory=dict)  # (severity, code) -> n
    worst: tuple[Placed, ...] = ()  # the most severe findings (at most findings.WORST)
    clusters: tuple[Cluster, ...] = ()  # the clusters shown (see ClusterSelection)
    cluster_counts: tuple[int, int] = (0, 0)  # clusters, of which inconsistent
    skipped: tuple[Placed, ...] = ()  # the inputs not read (links out of an input directory)

    @property
    def documents(self) -> StoredDocuments:
        """The cleaned documents, read from OUT when asked for (a corpus may not fit in memory)."""
        return StoredDocuments(self.out, tuple(s.id for s in self.summaries))

    @property
    def quote_report(self) -> dict[str, Any]:
        """``quotes.json``, read from OUT."""
        report: dict[str, Any] = json.loads((self.out / "quotes.json").read_text("utf-8"))
        return report

    @property
    def findings(self) -> list[Placed]:
        """Every finding — of the inputs not read, of the documents, in input order, then of
        the quote check — read back from OUT and placed in the input files (slow for a large
        corpus: for counts see :attr:`tally`, for the most severe :attr:`worst`)."""
        documents = self.documents
        by_id = {s.id: n for n, s in enumerate(self.summaries)}
        found = [*self.skipped]
        found += [place(d.id, d.source, d.raw, f) for d in documents for f in d.findings]
        doc = None
        for item in self.quote_report["findings"]:
            if doc is None or doc.id != item["document"]:
                doc = documents[by_id[item["document"]]]
            f = Finding(
                item["code"],
                Severity(item["severity"]),
                item["message"],
                item["raw_start"],
                item["raw_end"],
            )
            found.append(place(doc.id, doc.source, doc.raw, f))
        return found

    def severities(self) -> dict[Severity, int]:
        """Findings by severity."""
        return by_severity(self.tally)

    def exit_code(self, fail_on: str = "never", selection: Selection | None = None) -> int:
        """1 if any finding (of a code ``selection`` counts; default: every code) is at or
        above ``fail_on`` (``never`` | ``note`` | ``warning`` | ``error``), else 0."""
        return (selection or Selection()).exit_code(self.tally, fail_on)


class StoredDocuments(Sequence[Document]):
    """The documents of a run's OUT, in input order, each read when asked for."""

    def __init__(self, out: Path, ids: tuple[str, ...]) -> None:
        self.out, self.ids = out, ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | Sequence[Document]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self.ids))[index]]
        path = self.out / "documents" / f"{self.ids[index]}.json"
        return Document.from_json(json.loads(path.read_text(encoding="utf-8")))


def _config(config: Config | str | Path | None) -> Config:
    return config if isinstance(config, Config) else Config.load(config)


def clean_text(
    text: str, *, config: Config | str | Path | None = None, id: str = "text"
) -> Document:
    """Clean one text with the per-document stages; the :class:`Document` holds the result.

    >>> clean_text("People\\u00e2\\u20ac\\u2122s  \\r\\n").text
    'People’s\\n'
    """
    source = Source(
        "<string>", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), "utf-8"
    )
    return _clean_one(RawInput(id, text, source, len(text)), _config(config))


def clean_file(path: str | Path, *, config: Config | str | Path | None = None) -> Document:
    """Clean one file (text, or with the extras a PDF or HTML page, its layout evidence used)
    as ``coi-pipeline clean`` does: read with a run's checks, then the per-document stages.
    :class:`~pipeline.errors.InputError` if it cannot be read."""
    cfg = _config(config)
    return _clean_one(read_one(str(path), cfg.input), cfg)


def _clean_one(item: RawInput, cfg: Config) -> Document:
    ctx = Context(cfg, build_index([item.text]))  # its own corpus, as in a run of one file
    stages = selected(cfg)
    compile_stages(stages, cfg)
    return process(item, stages, ctx, Timings())


@dataclass(frozen=True, slots=True)
class Cleaned:
    """One document as a worker hands it back: its files, ready to write, and what the run
    keeps of it."""

    summary: Summary
    findings: tuple[Placed, ...]  # placed in the input file
    quotes: QuoteDigest
    document: str  # documents/<id>.json
    record: str  # its corpus.jsonl line
    section: Html | None  # its part of report.html (the first documents only)


def _prepare(
    doc: Document,
    number: int,
    item: RawInput,
    *,
    options: ConsistencyConfig,
    source: str | None,
    sections: int,
) -> Cleaned:
    """Every file of a cleaned document and what the run keeps of it, made in the worker:
    ``source``: the quote check's --source (a source id); the report shows the first
    ``sections`` documents in full."""
    document, record = document_files(doc.to_json())
    section = document_section(doc, number) if number < sections else None
    quotes = digest(doc, options, source)
    findings = tuple(place(doc.id, doc.source, doc.raw, f) for f in doc.findings)
    return Cleaned(summarise(doc, item.size), findings, quotes, document, record, section)


def _skipped_links(links: Iterable[tuple[Path, Path]]) -> Iterator[Placed]:
    """An ``input.link-outside`` finding on each ``(link, target)`` the read skipped (no
    document has it)."""
    for link, target in links:
        message = (
            f"a symbolic link to {target}, outside the input directory: not read "
            "(input.follow_links_out)"
        )
        made = finding(LINK_OUTSIDE, message, 0, 0)
        yield Placed("", made, Location(str(link), 1, None, 1, None), "")


def _shards(items: Iterable[RawInput]) -> Iterator[list[tuple[int, RawInput]]]:
    shard: list[tuple[int, RawInput]] = []
    for numbered in enumerate(items):
        shard.append(numbered)
        if len(shard) == SHARD:
            yield shard
            shard = []
    if shard:
        yield shard


def run(
    paths: Iterable[str | Path] = (),
    out: str | Path = "out",
    *,
    config: Config | str | Path | None = None,
    references: Iterable[str | Path] = (),
    source: str | None = None,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
) -> RunResult:
    """Read ``paths`` (default: the embedded seeds), clean every document, check the quotes
    across them (against the ``references`` texts, if any; only the quotations of ``source``, if
    given: any id, alias or symbol of the config's sources table, ``"COI"`` or ``"A/HRC/25/63"``),
    and write OUT.

    ``jobs``: processes for the per-document stages (default: one per core). ``engine``:
    ``"local"`` (a process pool) or ``"dask"`` (a dask.distributed cluster at ``scheduler``, or
    a local one of ``jobs`` workers; at most :data:`~pipeline.machinery.engines.MAX_JOBS_PER_CPU`
    per CPU). The output is the same whatever the engine and the number of jobs.

    Raises :class:`~pipeline.errors.PipelineError` for bad input, a ``source`` the sources table
    does not name, or an unwritable OUT; in that case nothing is written and a previous OUT is
    left as it was.
    """
    check_jobs(jobs)  # before any work: a bad --jobs fails at once
    cfg = _config(config)
    source_id = source_table(cfg.sources).lookup(source) if source else None
    stages = selected(cfg)
    paths = list(paths) or [data_dir("seeds")]
    timings = Timings()
    refs = [Reference(str(r.source.path), r.text) for r in read_inputs(list(references), cfg.input)]
    bars = Progress(progress)
    out = output_dir(Path(out))
    with (
        locked(out),
        staging(out) as tmp,
        contextlib.closing(SpilledExtractions(tmp)) as extracted,  # PDFs read once, not twice
    ):
        with timings.timed("read"), bars.phase("reading", "doc") as reading:  # 1. evidence
            links: list[tuple[Path, Path]] = []  # the links out of the tree, found as it is read
            read = iter_inputs(paths, cfg.input, links, extracted)
            texts = (item.text for item in reading.counted(read))
            index = build_index(texts, cfg.boilerplate.min_documents)
        # (the corpus file is closed on an error too, not left to the garbage collector)
        with contextlib.closing(Writer(tmp)) as writer:
            quotes, log = QuoteIndex(cfg.consistency, tmp), FindingLog(tmp)
            skipped = tuple(_skipped_links(links))
            for placed in skipped:
                log.add_document(placed)
            prepare = partial(
                _prepare,
                options=cfg.consistency,
                source=source_id,
                sections=cfg.report.max_documents,
            )
            job = Job(stages, Context(cfg, index), prepare)
            workers = jobs or os.cpu_count() or 1
            if engine == "local" and index.documents < MIN_PARALLEL:
                workers = 1
            with open_engine(engine, workers, scheduler, scratch=tmp) as cluster:
                shards = _shards(iter_inputs(paths, cfg.input, extractions=extracted))  # 2.
                # (closed on an error too, before the engine is: the work in flight ends first)
                with (
                    contextlib.closing(cluster.map(clean_shard, job, shards)) as results,
                    bars.phase("cleaning", "doc", index.documents) as cleaning,
                ):
                    summaries, sections = _keep(results, writer, quotes, log, timings, cleaning)
                del job, index  # the workers have it
                with timings.timed("consistency"), bars.phase("quote check", "cluster") as checking:
                    clusters, shown = _check(
                        quotes, refs, writer, log, cfg, cluster, timings, checking
                    )
            with timings.timed("reports"), bars.phase("reports", "file", 4) as reports:
                writer.stream("quotes.json", _quote_report(clusters, log))
                reports.advance()
                severities = log.severities()
                limit = cap(severities, cfg.sarif.max_results)
                sarif = sarif_text(log.all(), tool_version(), checked, limit=limit)
                writer.stream("findings.sarif", sarif)
                reports.advance()
                page = ReportInput(
                    summaries, sections, shown.clusters, shown.total, shown.inconsistent, log.worst,
                    severities, log.per_document, shown.disputed,
                )  # fmt: skip
                writer.write("report.html", render_report(page, cfg.report))
                reports.advance()
                writer.finish(_manifest(cfg, stages, summaries, timings, severities))
                reports.advance()
    return RunResult(
        Path(out),
        tuple(summaries),
        timings.as_dict(),
        dict(log.tally),
        tuple(log.worst),
        tuple(shown.clusters),
        (shown.total, shown.inconsistent),
        skipped,
    )


def _keep(
    results: Iterable[tuple[list[Cleaned], dict[str, float]]],
    writer: Writer,
    quotes: QuoteIndex,
    log: FindingLog,
    timings: Timings,
    bar: Phase,
) -> tuple[list[Summary], dict[str, Html]]:
    """Write every cleaned document as it comes back, in input order, and keep what the corpus
    steps need: its summary, quote digest, findings and (the first ones) report section."""
    summaries: list[Summary] = []
    sections: dict[str, Html] = {}
    for batch, spent in results:
        with timings.timed("write"):
            for cleaned in batch:
                writer.document(cleaned.summary.id, cleaned.document, cleaned.record)
                quotes.add(cleaned.quotes)
                for placed in cleaned.findings:
                    log.add_document(placed)
                summaries.append(cleaned.summary)
                if cleaned.section is not None:
                    sections[cleaned.summary.id] = cleaned.section
        timings.add_all(spent)
        bar.advance(len(batch))
    return summaries, sections


def _check(
    quotes: QuoteIndex,
    refs: Sequence[Reference],
    writer: Writer,
    log: FindingLog,
    cfg: Config,
    engine: Engine,
    timings: Timings,
    bar: Phase,
) -> tuple[Spill, ClusterSelection]:
    """The quote check, cluster by cluster: each cluster spilled for ``quotes.json``, offered
    to the report, and its findings logged with their related members."""
    clusters = Spill(writer.root)
    shown = ClusterSelection(cfg.report.max_clusters, cfg.report.max_members)
    ranks = {doc_id: rank for rank, doc_id in enumerate(sorted(quotes.ids))}
    for result in quotes.check(refs, writer.read, engine, timings, bar.step):
        bar.advance()
        cluster_id = result.cluster.id
        clusters.add(result.cluster.report_key(), result.cluster.to_json())
        shown.offer(result.cluster)
        keys = member_keys(result.members)
        for placed in result.findings:
            where = related(cluster_id, result.members, keys, placed)
            log.add_quote(placed, where, ranks[placed.document])
    quotes.close()  # its words, indexes and spills: not needed for the reports
    return clusters, shown


def _quote_report(clusters: Spill, log: FindingLog) -> Iterator[str]:
    """``quotes.json`` piece by piece: clusters by id, then the findings; each piece checked."""
    envelope = {
        "$schema": SCHEMA_REFS["quote-report"],
        "schema_version": "1.0",
        "clusters": ["@@clusters@@"],
        "findings": ["@@f@@"],
    }
    checked({**envelope, "clusters": [], "findings": []}, "quote-report")
    return dumps_pieces(
        lambda: envelope,
        {
            "@@clusters@@": (checked(c, "quote-cluster") for c in clusters.sorted()),
            "@@f@@": (checked(finding_json(p), "quote-finding") for p in log.quote_findings()),
        },
    )


class ClusterSelection:
    """The quote clusters a report shows: at most ``limit``, the inconsistent ones first, then
    by id, each with its first ``members`` members (and ``members_total``); and how many
    clusters there are in all."""

    def __init__(self, limit: int, members: int) -> None:
        self.limit = limit
        self.members = members
        self.total = 0
        self.inconsistent = 0
        self.disputed = 0
        self._kept: list[Cluster] = []

    def offer(self, cluster: Cluster) -> None:
        self.total += 1
        self.inconsistent += cluster.status == "inconsistent"
        self.disputed += cluster.status == "disputed"
        # A cluster may have thousands of members: keep those shown (``total`` counts them all).
        self._kept.append(replace(cluster, members=cluster.members[: self.members]))
        if len(self._kept) > 2 * self.limit:
            self._kept = sorted(self._kept, key=self._key)[: self.limit]

    @staticmethod
    def _key(cluster: Cluster) -> tuple[bool, str]:
        return cluster.report_key()

    @property
    def clusters(self) -> list[Cluster]:
        """The clusters shown, inconsistent and disputed ones first, then by id."""
        return sorted(self._kept, key=self._key)[: self.limit]


def _manifest(
    cfg: Config,
    stages: Sequence[Stage],
    summaries: Sequence[Summary],
    timings: Timings,
    severities: dict[Severity, int],
) -> dict[str, Any]:
    def entry(s: Summary) -> dict[str, Any]:
        found = {"id": s.id, "path": s.source.path, "sha256": s.source.sha256, "bytes": s.size}
        return found if s.source.line is None else {**found, "line": s.source.line}

    edits: Counter[str] = Counter()
    for s in summaries:
        edits.update(dict(s.edits))
    return {
        "schema_version": "1.0",
        "tool": {"name": TOOL, "version": tool_version()},
        "config": cfg.to_dict(),
        "config_file": cfg.origin.to_json() if cfg.origin else None,
        "stages": [stage.id for stage in stages],
        "inputs": [entry(s) for s in summaries],
        "outputs": [],
        "counts": {
            "documents": len(summaries),
            "edits": dict(sorted(edits.items())),
            "findings": dict(sorted((s.value, n) for s, n in severities.items())),
        },
        "timings": {k: round(v, 6) for k, v in sorted(timings.as_dict().items())},
    }
