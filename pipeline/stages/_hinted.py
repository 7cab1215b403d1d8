"""Layout hints (:mod:`pipeline.hints`) as a stage sees them: in its clean text.

A hint's span is in raw coordinates; a stage reads the current clean text, which earlier stages
may have edited, so each span is mapped through the ledger (:meth:`Ledger.clean_span`). A hinted
span that earlier stages removed whole maps to an empty span and is dropped.

>>> from pipeline.document import Document, Source
>>> from pipeline.hints import Hints
>>> from pipeline.ledger import Ledger
>>> doc = Document("d", Source("-", "", "pdf"), Ledger("Head\\nBody text.\\n"), hints=Hints(
...     furniture=((0, 4),)))
>>> sorted(hinted_lines(doc, doc.hints.furniture, [0, 5, 16]))
[0]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from ..document import Document
from ..hints import Span


def clean_spans(doc: Document, spans: Iterable[Span]) -> list[Span]:
    """The clean spans of the raw ``spans`` that still hold text, in order."""
    mapped = (doc.ledger.clean_span(start, end) for start, end in spans)
    return sorted((start, end) for start, end in mapped if start < end)


def hinted_lines(doc: Document, spans: Iterable[Span], starts: Sequence[int]) -> set[int]:
    """The indices of the lines of the clean text (their ``starts``) on which a hinted raw span
    starts."""
    return {bisect_right(starts, start) - 1 for start, _ in clean_spans(doc, spans)}


def covered(position: int, spans: list[Span]) -> bool:
    """Whether the clean ``position`` lies in one of the sorted clean ``spans``."""
    k = bisect_right(spans, (position, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]
