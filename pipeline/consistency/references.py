"""``--reference`` texts: where a cluster's passage stands in them, and in which numbered
paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import ConsistencyConfig
from .digest import Passage
from .results import ReferenceSpan
from .reuse import densest_run
from .tokens import Tokens, shingles, tokens

PARAGRAPH = re.compile(r"(?m)^\s*(\d{1,4})\.\s")  # "80. The commission…" at a line's start


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


Tokenised = tuple[Reference, Tokens]


def tokenised(references: Sequence[Reference]) -> tuple[Tokenised, ...]:
    """Each reference with its words, tokenised once for every cluster."""
    return tuple((ref, tokens(ref.text)) for ref in references)


def locate(root: Passage, refs: Sequence[Tokenised], options: ConsistencyConfig) -> Located | None:
    """Where the root passage stands in a reference text, with the reference's wording."""
    size = options.shingle_size
    wanted = set(shingles(root.words, size))
    for ref, words in refs:
        cut = shingles(words.words, size)
        positions = [i for i, s in enumerate(cut) if s in wanted]
        first, last, count = densest_run(positions, gap=size)
        if count and count >= options.containment * len(wanted):
            start = words.spans[first][0]
            end = words.spans[min(last + size - 1, len(words.spans) - 1)][1]
            span = ReferenceSpan(ref.path, start, end, paragraph_number(ref.text, start))
            return Located(span, ref.text[start:end])
    return None


def paragraph_number(text: str, offset: int) -> str | None:
    """The number of the numbered paragraph (``80. The commission…``) holding ``offset``."""
    found = None
    for match in PARAGRAPH.finditer(text, 0, offset):
        found = match.group(1)
    return found
