"""Where a line stands: inside the article, or in the runs of chrome around it.

A web page's article is its main run of *real paragraphs* — lines that read as prose: enough
words, function words of the document's language, sentence punctuation, not made of links. Chrome
comes in runs before the first and after the last of them (menus, bylines, share bars, footers,
link lists) and between the article and the footer (a second, smaller run of prose: teasers,
comments). :func:`article_span` finds the main run: real paragraphs grouped while the lines
between two of them are few, the group with the most prose wins.

A letter protects its own furniture: everything from the top to its salutation (date, place,
addressees) and the block right after its closing or last paragraph (signatories, short title
lines), which is exactly chrome-shaped: short title-case lines without function words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...compiled import compiled
from ...config import BoilerplateConfig
from .literals import first_characters
from .shape import Shape


@dataclass(frozen=True, slots=True)
class Span:
    """Line indices of the article's first and last real paragraph (inclusive)."""

    first: int
    last: int

    def holds(self, index: int) -> bool:
        """``index`` lies between the first and the last real paragraph."""
        return self.first <= index <= self.last


def is_paragraph(shape: Shape, options: BoilerplateConfig, min_stop_share: float) -> bool:
    """A real paragraph (or a wrapped line of one): prose, not links; ``min_stop_share``: the
    share of function words asked of the document's paragraphs (see :func:`stop_threshold`)."""
    if shape.link_share > options.max_link_share or shape.button:
        return False
    if shape.words < options.min_paragraph_words:
        return False
    if shape.stop_share < min_stop_share:
        return False
    return shape.ends_sentence or shape.words >= options.long_line_words


def stop_threshold(document_share: float, options: BoilerplateConfig) -> float:
    """The share of function words a paragraph must have: ``min_stop_share``, or less in a
    language whose stoplist covers less of its text (``relative_stop_share`` of the share the
    document's longer lines have), so Korean or Italian prose still reads as prose."""
    return min(options.min_stop_share, options.relative_stop_share * document_share)


def article_span(
    order: Sequence[int],
    shapes: Mapping[int, Shape],
    paragraphs: frozenset[int],
    strong: Mapping[int, str],
    options: BoilerplateConfig,
) -> Span | None:
    """The main run of real paragraphs; ``order`` are the judged line indices, in order.

    Two real paragraphs belong to one run unless the lines between them weigh at least
    ``max_article_gap``: a line of strong chrome shape weighs 1 (``lone_strong_weight`` when
    neither neighbour is strong), any other ``weak_gap_weight`` (an article's own lists and
    tables between its paragraphs are not chrome). The article reaches from the first to the
    last run with at least ``main_run_share`` of the prose of the largest: an article split by
    a box of links, or followed by a long comment thread, is not cut in two."""
    runs: list[tuple[int, int, int]] = []  # first, last, prose characters
    gap = 0.0
    # Whether each judged line has a strong shape but a picture's (an article has pictures
    # between its paragraphs), in order, with a weak line at either end for the neighbours.
    marked = [False, *(strong[i] not in ("", "image") for i in order), False]
    for at, i in enumerate(order):
        if i not in paragraphs:
            # chrome comes in runs: a strong line alone (a link in a list of points) weighs less
            if not marked[at + 1]:
                gap += options.weak_gap_weight
            elif marked[at] or marked[at + 2]:
                gap += 1.0
            else:
                gap += options.lone_strong_weight
            continue
        weight = len(shapes[i].text)
        if runs and gap < options.max_article_gap:
            first, _, total = runs[-1]
            runs[-1] = (first, i, total + weight)
        else:
            runs.append((i, i, weight))
        gap = 0.0
    if not runs:
        return None
    most = max(weight for _, _, weight in runs)
    main = [run for run in runs if run[2] >= options.main_run_share * most]
    return Span(main[0][0], main[-1][1])


@compiled
def furniture(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern of the salutations or the closings ``patterns`` (None: there are none)."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@compiled
def openings(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """The lowered characters an ASCII line that :func:`furniture` of ``patterns`` matches can
    open with (see :func:`~.literals.first_characters`; None: any line may match)."""
    pattern = furniture(patterns)
    return None if pattern is None else first_characters(pattern)


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter's salutation and closing lines (indices), where it has them."""

    salutation: int | None
    closing: int | None


def find_letter(
    order: Sequence[int],
    shapes: Mapping[int, Shape],
    salutations: tuple[str, ...],
    closings: tuple[str, ...],
    max_words: int,
) -> Letter:
    """The first salutation and the last closing (patterns from ``[structure]``) among short
    lines: one definition of letter furniture for the stages that ask."""
    hello, bye = furniture(salutations), furniture(closings)
    # An ASCII line opening with none of a pattern's first characters is not matched: most
    # short lines are rejected by a set lookup, not a match attempt of each pattern.
    hellos, byes = openings(salutations), openings(closings)
    salutation = closing = None
    for i in order:
        shape = shapes[i]
        if shape.words > max_words:
            continue
        text = shape.text.strip()
        first = text[:1].lower()
        plain = first.isascii()  # (a non-ASCII first letter may fold to any)
        if (
            salutation is None
            and hello is not None
            and (hellos is None or first in hellos or not plain)
            and hello.fullmatch(text)
        ):
            salutation = i
        elif (
            bye is not None and (byes is None or first in byes or not plain) and bye.fullmatch(text)
        ):
            closing = i
    return Letter(salutation, closing)
