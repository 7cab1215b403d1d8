"""What the ``boilerplate`` stage reads of a document, read in one pass: its feature table.

Every judged line (not blank, no form feed) is measured once (:func:`~.shape.measure`, a line
repeated in the document once), its words counted for the document's language, then given its
:class:`~.shape.Shape`, whether a rule names it, whether it is a real paragraph and which strong
chrome shape it has. The other modules (position, captions, the stage's decisions) read this
table instead of measuring lines again; nothing is kept from one document to the next.

It repairs nothing itself; what it risks is the stage's (see the package docstring): a line's
shape is read as a reader sees it, after a converter's markup, and a letter's short lines are
exactly chrome-shaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain

from ...config import BoilerplateConfig
from .._lines import Line, split_lines
from .literals import Joined
from .position import is_paragraph, stop_threshold
from .rules import Rules, gated_lines, rule_name
from .shape import (
    CJK,
    Measure,
    Shape,
    document_stoplist,
    is_label,
    is_navigation,
    measure,
    shaped,
    words_of,
    words_stoplist,
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


def read_features(text: str, rules: Rules, options: BoilerplateConfig) -> Features:
    """The feature table of ``text`` (``rules``: ``options`` compiled). What a line is depends on
    its text and the document's language only: each distinct line is read once."""
    lines = split_lines(text)
    order = tuple(i for i, line in enumerate(lines) if not line.blank and "\f" not in line.text)
    raw = [lines[i].text for i in order]
    first: dict[str, int] = {}  # each distinct line -> where it first occurs
    for i, line in zip(order, raw, strict=True):
        first.setdefault(line, i)
    cjk = CJK.search(text) is not None  # (markup set aside takes characters, adds none)
    measured = {line: measure(line, rules, cjk) for line in first}
    # The language is the one of the document's longer lines: a page's menus and footer are often
    # in English around an article that is not.
    longer = [line for line in raw if line.count(" ") >= options.min_paragraph_words]
    if longer:
        words = chain.from_iterable(_raw_words(line, measured[line]) for line in longer)
        stoplist, share = words_stoplist(words, options.languages)
    else:
        stoplist, share = document_stoplist(text, options.languages)
    threshold = stop_threshold(share, options)
    shape_of = {line: shaped(found, stoplist) for line, found in measured.items()}
    shapes = {i: shape_of[line] for i, line in zip(order, raw, strict=True)}
    gates = gated_lines(Joined.of([shape.text for shape in shapes.values()], order), rules)
    limit = options.max_line_length
    named = {
        line: rule_name(shape.text, rules, gates.get(first[line], ()))
        for line, shape in shape_of.items()
        if len(shape.text) <= limit
    }
    hits = {
        i: f"rule:{name}"
        for i, line in zip(order, raw, strict=True)
        if (name := named.get(line)) is not None
    }
    paragraph_of = {
        line: is_paragraph(shape, options, threshold) for line, shape in shape_of.items()
    }
    paragraphs = frozenset(i for i, line in zip(order, raw, strict=True) if paragraph_of[line])
    strong_of = {
        line: strong_shape(shape, paragraph_of[line], rules, options)
        for line, shape in shape_of.items()
    }
    strong = {i: strong_of[line] for i, line in zip(order, raw, strict=True)}
    return Features(lines, order, shapes, hits, paragraphs, strong, threshold)
