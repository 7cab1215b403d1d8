"""What a run keeps of a document once it is written: a :class:`Summary`.

A run streams (see :mod:`pipeline.runtime.runner`): each document is cleaned, written to OUT and
dropped. The corpus-wide outputs — the counts, the SARIF log, annotations, the HTML report —
need only this much of it: its id, source and counts. (Its findings go to the run's
:class:`~pipeline.output.findings.FindingLog`.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..document import Document, Source


@dataclass(frozen=True, slots=True)
class Summary:
    """A cleaned document, small: what the reports on the whole corpus need of it."""

    id: str
    source: Source
    size: int  # bytes read (the record's UTF-8 text, for JSONL)
    title: str | None
    kind: str | None
    paragraphs: int
    footnotes: int
    edits: tuple[tuple[str, int], ...]  # number of edits by kind, sorted by kind

    @property
    def edit_count(self) -> int:
        return sum(n for _, n in self.edits)


def summarise(doc: Document, size: int) -> Summary:
    """The :class:`Summary` of ``doc`` (read as ``size`` bytes)."""
    return Summary(
        id=doc.id,
        source=doc.source,
        size=size,
        title=doc.metadata.title,
        kind=doc.metadata.kind,
        paragraphs=len(doc.paragraphs),
        footnotes=len(doc.footnotes),
        edits=tuple(sorted(Counter(e.kind for e in doc.edits).items())),
    )
