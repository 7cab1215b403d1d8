"""``--reference`` texts: where a cluster's passage stands in them, and in which numbered
paragraph."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import ConsistencyConfig
from .align import align
from .results import ReferenceSpan
from .reuse import densest_run
from .tokens import Tokens, shingles, tokens

# A paragraph number: "80. The commission…" at a line's start, or after a sentence where the
# text has lost its line breaks ("… world. 81. The commission…"); "para. 80" does not count.
PARAGRAPH = re.compile(r"(?m)(?:^[ \t]*|(?<=[.;:!?”\"’)] ))(\d{1,4})\.[ \t]+(?=[A-Z“\"‘(])")


@dataclass(frozen=True, slots=True)
class Reference:
    """An authoritative source text given with ``--reference``."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class Located:
    """A passage found in a reference: where, and the reference's own words there."""

    span: ReferenceSpan
    text: str


@dataclass(frozen=True, slots=True)
class Tokenised:
    """A reference with its words and where its numbered paragraphs start, found once for
    every cluster."""

    ref: Reference
    words: Tokens
    starts: tuple[int, ...]  # of its numbered paragraphs, in order
    numbers: tuple[str, ...]


def tokenised(references: Sequence[Reference]) -> tuple[Tokenised, ...]:
    """Each reference with its words and numbered paragraphs."""
    found = []
    for ref in references:
        numbered = [(m.start(), m.group(1)) for m in PARAGRAPH.finditer(ref.text)]
        starts, numbers = zip(*numbered, strict=True) if numbered else ((), ())
        found.append(Tokenised(ref, tokens(ref.text), tuple(starts), tuple(numbers)))
    return tuple(found)


def locate(
    wordings: Sequence[tuple[str, ...]], refs: Sequence[Tokenised], options: ConsistencyConfig
) -> Located | None:
    """Where a cluster's passage stands in a reference text, with the reference's words for
    the whole span the passage covers: looked for by each of ``wordings`` in turn (the
    reconstructed passage first, then its quotations' wordings), the first found wins."""
    for words in wordings:
        found = _locate(words, refs, options)
        if found is not None:
            return found
    return None


def _locate(
    passage: tuple[str, ...], refs: Sequence[Tokenised], options: ConsistencyConfig
) -> Located | None:
    size = options.shingle_size
    wanted = set(shingles(passage, size))
    for tokenised_ref in refs:
        ref, words = tokenised_ref.ref, tokenised_ref.words
        cut = shingles(words.words, size)
        positions = [i for i, s in enumerate(cut) if s in wanted]
        first, last, count = densest_run(positions, gap=size)
        if count and count >= options.containment * len(wanted):
            covered = _covered(passage, words.words, first, last + size)
            first, last = covered.start, covered.stop
            start, end = words.spans[first][0], words.spans[last - 1][1]
            span = ReferenceSpan(ref.path, start, end, paragraph_number(tokenised_ref, start))
            return Located(span, ref.text[start:end])
    return None


def _covered(passage: tuple[str, ...], ref: tuple[str, ...], first: int, last: int) -> range:
    """The reference words ``first:last`` (a run of shared shingles) widened to the whole span
    the passage covers: its words before the first or after the last shared one stand for as
    many reference words (a changed first word of a quotation is still part of the span)."""
    low, high = max(0, first - len(passage)), min(len(ref), last + len(passage))
    matched = [run for run in align(passage, ref[low:high]) if run.equal]
    if not matched:
        return range(first, min(last, len(ref)))
    start = low + matched[0].right_start - matched[0].left_start
    end = low + matched[-1].right_end + len(passage) - matched[-1].left_end
    return range(max(0, start), min(len(ref), end))


def paragraph_number(ref: Tokenised, offset: int) -> str | None:
    """The number of the numbered paragraph (``80. The commission…``) holding ``offset``."""
    at = bisect_right(ref.starts, offset)
    return ref.numbers[at - 1] if at else None
