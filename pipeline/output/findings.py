"""Every finding of a run, without holding them all: :class:`FindingLog`.

A large corpus has more findings than memory (a passage reused in every document is a note in
each). The log counts them, keeps the :data:`WORST` most severe for the people-facing summaries
(``report.html``, annotations, the terminal), and spills every one, with its place in the input
file and its cluster, to a temporary file, from which ``findings.sarif`` and ``quotes.json`` are
written in their order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..codes import CODES
from ..consistency.results import Member
from ..document import Finding, Severity
from ..machinery.spill import Spill
from ..positions import Location, Placed
from .sarif import Related

WORST = 1000  # findings kept in memory for the summaries, the most severe first
CODE_ORDER = {code: i for i, code in enumerate(sorted(CODES))}  # quote findings sort by code


def by_severity(tally: Mapping[tuple[str, str], int]) -> dict[Severity, int]:
    """Findings by severity, from a tally by (severity, code)."""
    counts: Counter[Severity] = Counter()
    for (severity, _), n in tally.items():
        counts[Severity(severity)] += n
    return dict(counts)


def worst_key(placed: Placed) -> tuple[int, str, int, str]:
    """Most severe first, then by document and place."""
    f = placed.finding
    return (-f.severity.rank, placed.document, f.raw_start, f.code)


def _where(where: Location) -> list[Any]:
    return [where.path, where.line, where.column, where.end_line, where.end_column]


def _record(placed: Placed, related: Related | None) -> list[Any]:
    f = placed.finding
    cluster = None
    if related is not None:
        others = [[m.document, m.raw_start, m.raw_end, m.variant, _where(m.where)]
                  for m in related.others]  # fmt: skip
        cluster = [related.cluster, others, related.omitted]
    return [placed.document, f.code, f.severity.value, f.message, f.raw_start, f.raw_end,
            _where(placed.where), placed.snippet, cluster]  # fmt: skip


def _placed(record: list[Any]) -> tuple[Placed, Related | None]:
    document, code, severity, message, start, end, where, snippet, cluster = record
    finding = Finding(code, Severity(severity), message, start, end)
    related = None
    if cluster is not None:
        name, others, omitted = cluster
        members = tuple(Member(d, s, e, v, Location(*w)) for d, s, e, v, w in others)
        related = Related(name, members, omitted)
    return Placed(document, finding, Location(*where), snippet), related


class FindingLog:
    """The findings of a run: the documents' own, in input order, then the quote check's,
    sorted by document and place. ``directory``: where the spill goes (default: memory)."""

    def __init__(self, directory: Path | None = None, keep: int = WORST) -> None:
        self.documents = Spill(directory)
        self.quotes = Spill(directory)
        self.keep = keep
        self.tally: Counter[tuple[str, str]] = Counter()  # (severity, code) -> findings
        self.per_document: Counter[str] = Counter()
        self._worst: list[Placed] = []

    def add_document(self, placed: Placed) -> None:
        """A finding of a document's own (a stage's), in input order."""
        self.documents.add(None, _record(placed, None))
        self._count(placed)

    def add_quote(self, placed: Placed, related: Related | None, rank: int) -> None:
        """A finding of the quote check, with its cluster; ``rank``: its document's place in
        the order of ids (findings are sorted by document, place and code)."""
        f = placed.finding
        key = rank << 40 | f.raw_start << 8 | CODE_ORDER[f.code]  # one integer, not a tuple:
        # a million findings' keys are held until the end
        self.quotes.add(key, _record(placed, related))
        self._count(placed)

    def _count(self, placed: Placed) -> None:
        self.tally[placed.finding.severity.value, placed.finding.code] += 1
        self.per_document[placed.document] += 1
        self._worst.append(placed)
        if len(self._worst) > 2 * self.keep:  # trim now and then: sorting each time is slow
            self._worst = sorted(self._worst, key=worst_key)[: self.keep]

    @property
    def worst(self) -> list[Placed]:
        """The most severe findings, at most ``keep``, most severe first."""
        return sorted(self._worst, key=worst_key)[: self.keep]

    def severities(self) -> dict[Severity, int]:
        """Findings by severity."""
        return by_severity(self.tally)

    def all(self) -> Iterator[tuple[Placed, Related | None]]:
        """Every finding with its cluster: the documents' in input order, then the quote
        check's, sorted (the order of ``findings.sarif``)."""
        for number in range(len(self.documents)):
            yield _placed(self.documents.get(number))
        for record in self.quotes.sorted():
            yield _placed(record)

    def quote_findings(self) -> Iterator[Placed]:
        """The quote check's findings, sorted (the order of ``quotes.json``)."""
        for record in self.quotes.sorted():
            yield _placed(record)[0]
