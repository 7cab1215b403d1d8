"""What the ``boilerplate`` stage reads of a document, read in one pass: its feature table.

Every judged line (not blank, no form feed) is measured (:func:`~.shape.measure`), its words
counted for the document's language, then given its :class:`~.shape.Shape`, whether a rule names
it, the credit it ends in, whether it names who is pictured, whether it is a real paragraph and
which strong chrome shape it has. The other modules (position, captions, the stage's decisions)
read this table instead of measuring lines again. What depends on a line's text alone is read
once per run: the run's memo (``Context.memo``) keeps it, by line, for the next document that
has the line (a site's menu on each of its pages, a letter through several extractors); what
depends on the document's language too is kept by language; whether a line is a paragraph, which
depends on the document's own share of function words, is decided per document. A value is
computed the same way whether or not it was kept, so the table never depends on the memo.

It repairs nothing itself; what it risks is the stage's (see the package docstring): a line's
shape is read as a reader sees it, after a converter's markup, and a letter's short lines are
exactly chrome-shaped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple, cast

from ...config import BoilerplateConfig
from ...text import Line, split_lines
from ..base import Memo
from .captions import Credit, credit, pictured
from .literals import Joined, Needs
from .position import is_paragraph, stop_threshold
from .rules import Rules, gated_lines, link_list_heading, rule_name
from .shape import (
    CJK,
    Measure,
    Shape,
    document_language,
    is_label,
    is_navigation,
    measure,
    sentences,
    shaped,
    stoplist_of,
    words_language,
    words_of,
)


@dataclass(frozen=True, slots=True)
class Features:
    """The lines of one text and what each judged line looks like."""

    lines: tuple[Line, ...]
    order: tuple[int, ...]  # the judged lines' indices, in order
    shapes: Mapping[int, Shape]  # line index -> its shape
    hits: Mapping[int, str]  # line index -> "rule:<name>" of the rule that names it
    paragraphs: frozenset[int]  # the real paragraphs (see :func:`~.position.is_paragraph`)
    strong: Mapping[int, str]  # line index -> its strong chrome shape (see :func:`strong_shape`)
    threshold: float  # the share of function words asked of a paragraph (the document's language)
    stoplist: frozenset[str]  # the function words of the document's language
    credits: Mapping[int, Credit]  # line index -> the credit it ends in (a caption's length)
    pictured: frozenset[int]  # the lines of a caption's length naming who is pictured
    headings: frozenset[int]  # the headings of a list of links (``Related articles``)


def strong_shape(shape: Shape, paragraph: bool, rules: Rules, options: BoilerplateConfig) -> str:
    """The chrome shape a line has beyond being short (its name in the rule), or ``""``."""
    if shape.button:
        return "button"
    if paragraph or shape.numbered:
        return ""
    short = shape.words <= options.max_chrome_words
    if shape.image and short:
        return "image"
    if shape.link_share >= options.min_link_share:
        return "links"
    if shape.separators and not shape.ends_sentence and shape.words <= 2 * options.max_chrome_words:
        return "separators"
    if shape.arrow and short:
        return "arrow"
    if short and is_navigation(shape, rules):
        return "navigation"
    if short and is_label(shape, rules):
        return "label"
    return ""


def _raw_words(text: str, measured: Measure) -> tuple[str, ...]:
    """The words of a line as read (markup and all), for the language: its shape's own where
    it has no markup (most lines), else counted again."""
    return measured[1] if measured[0] == text.strip() else tuple(words_of(text))


class _Reading(NamedTuple):
    """What a line is whatever its document: the run's memo keeps one per distinct line."""

    measured: Measure
    words: tuple[str, ...] | None  # a longer line's words as read, for the language
    rule: str | None  # the rule that names it
    credit: Credit | None  # the credit it ends in (a caption's length at most)
    pictured: bool  # a caption's wording naming who is pictured, in one sentence
    heading: bool  # the heading of a list of links (see rules.link_list_heading)


def _holding(texts: Joined, required: Needs | None) -> Collection[int]:
    """The lines of ``texts`` that may hold what ``required`` needs (a superset of the lines
    :func:`~.literals.may_match` passes, so the tests run on them alone find the same)."""
    holding = texts.holding(required)
    return frozenset(texts.indices) if holding is None else holding


def _readings(
    raw: Sequence[str],
    order: Sequence[int],
    text: str,
    rules: Rules,
    options: BoilerplateConfig,
    memo: dict[str, _Reading],
) -> dict[str, _Reading]:
    """The reading of each distinct line of ``raw`` (at ``order``): from ``memo``, or read
    now (and kept there). A rule's gates are a speed device of the document's (which lines
    may hold a gated rule's literal text); a line's rule is the same with or without them."""
    found = {line: memo.get(line) for line in raw}
    missing = [line for line, reading in found.items() if reading is None]
    if not missing:
        return cast(dict[str, _Reading], found)
    cjk = CJK.search(text) is not None  # (markup set aside takes characters, adds none)
    measured = [measure(line, rules, cjk) for line in missing]
    limit, captions = options.max_line_length, options.max_caption_length
    # Which lines may hold a gated rule's or a caption's literal text: a few
    # searches over the lines joined instead of a test of each (see literals.Joined); of the
    # lines short enough to be asked (a page's paragraphs are most of its text).
    reach = max(limit, captions)
    at = [n for n, read in enumerate(measured) if len(read[0]) <= reach]
    plain = Joined.of([measured[n][0] for n in at], at)
    gates = gated_lines(plain, rules)
    showing = _holding(plain, rules.pictured_needs)
    for n, line in enumerate(missing):
        shape = measured[n]
        judged = shape[0]
        words = None
        if line.count(" ") >= options.min_paragraph_words:  # a longer line: its language counts
            words = _raw_words(line, shape)
        stripped = line.strip()
        reading = tuple.__new__(  # (not _Reading(...): see text.Line)
            _Reading,
            (
                shape,
                words,
                rule_name(judged, rules, gates.get(n, ())) if len(judged) <= limit else None,
                credit(stripped, rules) if len(stripped) <= captions else None,
                n in showing
                and len(judged) <= captions
                and pictured(judged, rules)
                and sentences(judged) == 1,
                link_list_heading(judged, rules),
            ),
        )
        found[line] = memo[line] = reading
    return cast(dict[str, _Reading], found)


def read_features(
    text: str, rules: Rules, options: BoilerplateConfig, memo: Memo | None = None
) -> Features:
    """The feature table of ``text`` (``rules``: ``options`` compiled). What a line is depends on
    its text and the document's language only: each distinct line is read once, and once per
    run with the run's ``memo`` (the table is the same without it)."""
    memo = Memo() if memo is None else memo
    lines = split_lines(text)
    # (the line's text asked directly, not its ``blank``: this runs for every line)
    order = tuple(i for i, line in enumerate(lines) if line.text.strip() and "\f" not in line.text)
    raw = [lines[i].text for i in order]
    reading = _readings(raw, order, text, rules, options, memo.table(("boilerplate", options)))
    # The language is the one of the document's longer lines: a page's menus and footer are often
    # in English around an article that is not.
    longer = [words for line in raw if (words := reading[line].words) is not None]
    if longer:
        language, share = words_language(chain.from_iterable(longer), options.languages)
    else:
        language, share = document_language(text, options.languages)
    threshold = stop_threshold(share, options)
    stoplist = stoplist_of(language)
    # A line's shape, and the strong shape it has unless it is a paragraph, depend on its text
    # and the language: kept per language. Whether it is a paragraph depends on the document's
    # own threshold too (a share of function words): decided here, a few comparisons per line
    # (a table per threshold would be a table per document).
    judged: dict[str, tuple[Shape, str]] = memo.table(("boilerplate:judged", options, language))
    # The table, in one pass over the lines (a pass per column cost more than the columns).
    shapes: dict[int, Shape] = {}
    strong: dict[int, str] = {}
    hits: dict[int, str] = {}
    credits: dict[int, Credit] = {}
    paragraphs: set[int] = set()
    showing: list[int] = []
    headings: list[int] = []
    least = options.min_paragraph_words  # (no shorter line is a paragraph: not asked)
    for i, line in zip(order, raw, strict=True):
        row = judged.get(line)
        if row is None:
            shape = shaped(reading[line].measured, stoplist)
            row = judged[line] = (shape, strong_shape(shape, False, rules, options))
        shape = shapes[i] = row[0]
        if shape.words >= least and is_paragraph(shape, options, threshold):
            paragraphs.add(i)
            strong[i] = ""
        else:
            strong[i] = row[1]
        read = reading[line]
        if read.rule is not None:
            hits[i] = f"rule:{read.rule}"
        if read.credit is not None:
            credits[i] = read.credit
        if read.pictured:
            showing.append(i)
        if read.heading:
            headings.append(i)
    return Features(
        lines,
        order,
        shapes,
        hits,
        frozenset(paragraphs),
        strong,
        threshold,
        stoplist,
        credits,
        frozenset(showing),
        frozenset(headings),
    )
