"""What the quote check needs of one document, made where the document is cleaned.

A :class:`QuoteDigest` holds the document's quotations as :class:`Passage`\\ s (everything the
check reports of each, worked out while the document is at hand) and the shingle keys of its
body text (the text outside its quotations, where unquoted reuse is looked for). Passages wait
in a spill as plain lists (:func:`record`, :func:`from_record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import ConsistencyConfig
from ..document import Citation, Document
from ..positions import Location, locate
from ..text import QUOTE_TOKEN
from .tokens import text_keys, words_of


@dataclass(frozen=True, slots=True)
class Passage:
    """A quotation (or a reused stretch of body text) with everything the check reports of it,
    worked out while its document was at hand."""

    document: str
    quote: str | None  # quote id, None for unquoted reuse
    start: int
    end: int
    text: str
    words: tuple[str, ...]  # normalised, as :func:`~.tokens.tokens` gives them
    citations: tuple[Citation, ...]
    raw_start: int
    raw_end: int
    where: Location  # of the raw span in the input file
    snippet: str  # the raw text of the span


def passage(
    doc: Document,
    quote: str | None,
    start: int,
    end: int,
    citations: tuple[Citation, ...] = (),
    words: tuple[str, ...] | None = None,
) -> Passage:
    """The :class:`Passage` of ``doc.text[start:end]``."""
    raw_start, raw_end = doc.ledger.raw_span(start, end)
    return Passage(
        doc.id,
        quote,
        start,
        end,
        doc.text[start:end],
        words_of(doc.text, start, end) if words is None else words,
        citations,
        raw_start,
        raw_end,
        locate(doc.source, doc.raw, raw_start, raw_end),
        doc.raw[raw_start:raw_end],
    )


def record(p: Passage, words: bool = False) -> list[Any]:
    """``p`` as a list for a spill; with its words if ``words`` (a quotation's stay in memory)."""
    where = p.where
    citations = [[c.document, list(c.paragraphs)] for c in p.citations]
    place = [where.path, where.line, where.column, where.end_line, where.end_column]
    return [p.document, p.quote, p.start, p.end, p.text, citations, p.raw_start, p.raw_end, place,
            p.snippet, list(p.words) if words else None]  # fmt: skip


def from_record(stored: list[Any], words: tuple[str, ...] | None = None) -> Passage:
    """The passage of a :func:`record` (its words given, if they were not stored with it)."""
    document, quote, start, end, text, citations, raw_start, raw_end, place, snippet, kept = stored
    return Passage(
        document,
        quote,
        start,
        end,
        text,
        words if words is not None else tuple(kept),
        tuple(Citation(d, tuple(paragraphs)) for d, paragraphs in citations),
        raw_start,
        raw_end,
        Location(*place),
        snippet,
    )


def _gaps(doc: Document) -> list[tuple[int, int]]:
    """The stretches of ``doc``'s text outside its quotations (a quote may nest in another)."""
    gaps, pos = [], 0
    for start, end in sorted(doc.ledger.clean_span(q.raw_start, q.raw_end) for q in doc.quotes):
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    gaps.append((pos, len(doc.text)))
    return gaps


def body_word_spans(doc: Document, wanted: set[int]) -> dict[int, tuple[int, int]]:
    """The offsets of the body words numbered ``wanted`` (the words of the text outside its
    quotations, where unquoted reuse is looked for, numbered in order over :func:`_gaps`,
    and of the last word if a number is past it), looking closely only at the stretches
    between quotations that hold them."""
    found: dict[int, tuple[int, int]] = {}
    base, last = 0, None
    for gap in _gaps(doc):
        count = len(QUOTE_TOKEN.findall(doc.text, *gap))
        if count and any(base <= n < base + count for n in wanted):
            for n, match in enumerate(QUOTE_TOKEN.finditer(doc.text, *gap), start=base):
                if n in wanted:
                    found[n] = match.span()
        if count:
            last = (base + count - 1, gap)
        base += count
    if last is not None and last[0] not in found and any(n > last[0] for n in wanted):
        *_, match = QUOTE_TOKEN.finditer(doc.text, *last[1])
        found[last[0]] = match.span()
    return found


@dataclass(frozen=True, slots=True)
class QuoteDigest:
    """What the quote check needs of one document, made where the document is cleaned: its
    quotations (those whose ``source`` is the source id ``source``, if one is given) and the
    shingle keys of its body text. Small: the document itself can be written out and dropped."""

    document: str
    passages: tuple[Passage, ...]
    body: bytes  # :func:`~.tokens.text_keys` of the text outside the quotations, machine integers
    # By passage (only those holding some): the passages nested in it, by number in ``passages``.
    nested: tuple[tuple[int, tuple[int, ...]], ...] = ()


def digest(doc: Document, options: ConsistencyConfig, source: str | None = None) -> QuoteDigest:
    """The :class:`QuoteDigest` of a cleaned document."""
    notes = {note.label: note.citations for note in doc.footnotes}
    passages = []
    for quote in doc.quotes:
        if quote.kind != "quotation":
            continue
        if source and quote.source != source:
            continue
        citations = notes.get(quote.footnote or "", ())
        start, end = doc.ledger.clean_span(quote.raw_start, quote.raw_end)
        words = words_of(doc.text, start, end)
        if len(words) >= options.min_words:
            passages.append(passage(doc, quote.id, start, end, citations, words))
    body = text_keys(doc.text, _gaps(doc), options.shingle_size).tobytes()
    return QuoteDigest(doc.id, tuple(passages), body, nested_passages(passages))


def nested_passages(passages: list[Passage]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """For each passage holding others (a quotation in a quotation), their numbers. Passages
    come in order of their starts, and nest or are disjoint: what a passage holds follows it."""
    found = []
    for k, outer in enumerate(passages):
        inside = []
        for m in range(k + 1, len(passages)):
            if passages[m].start >= outer.end:
                break
            if passages[m].end <= outer.end:
                inside.append(m)
        if inside:
            found.append((k, tuple(inside)))
    return tuple(found)
