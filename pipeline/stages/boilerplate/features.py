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

from collections.abc import Iterator, Mapping
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
    # The lines that may hold a credit (read as is) or say who is pictured (read as the shape's
    # text): the others cannot (see literals.Joined); None: any line may.
    may_credit: frozenset[int] | None
    may_picture: frozenset[int] | None
    paragraphs: frozenset[int]  # the real paragraphs (see :func:`~.position.is_paragraph`)
    strong: Mapping[int, str]  # line index -> its strong chrome shape (see :func:`strong_shape`)


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
    """The feature table of ``text`` (``rules``: ``options`` compiled)."""
    lines = split_lines(text)
    order = tuple(i for i, line in enumerate(lines) if not line.blank and "\f" not in line.text)
    seen: dict[str, Measure] = {}  # a document's own repeated lines are measured once
    measured: dict[int, Measure] = {}
    cjk = CJK.search(text) is not None  # (markup set aside takes characters, adds none)
    for i in order:
        line = lines[i].text
        found = seen.get(line)
        if found is None:
            found = seen[line] = measure(line, rules, cjk)
        measured[i] = found
    # The language is the one of the document's longer lines: a page's menus and footer are often
    # in English around an article that is not.
    longer = [i for i in order if lines[i].text.count(" ") >= options.min_paragraph_words]
    if longer:
        words = chain.from_iterable(_raw_words(lines[i].text, measured[i]) for i in longer)
        stoplist, share = words_stoplist(words, options.languages)
    else:
        stoplist, share = document_stoplist(text, options.languages)
    threshold = stop_threshold(share, options)
    shapes = dict(_shapes(lines, order, measured, stoplist))
    judged = Joined.of([shapes[i].text for i in order], order)
    hits = dict(_hits(order, shapes, judged, rules, options))
    paragraphs = frozenset(i for i in order if is_paragraph(shapes[i], options, threshold))
    strong = {i: strong_shape(shapes[i], i in paragraphs, rules, options) for i in order}
    may_credit = Joined.of([lines[i].text for i in order], order).holding(rules.credit_needs)
    may_picture = judged.holding(rules.pictured_needs)
    return Features(lines, order, shapes, hits, may_credit, may_picture, paragraphs, strong)


def _shapes(
    lines: tuple[Line, ...],
    order: tuple[int, ...],
    measured: Mapping[int, Measure],
    stoplist: frozenset[str],
) -> Iterator[tuple[int, Shape]]:
    seen: dict[str, Shape] = {}
    for i in order:
        line = lines[i].text
        shape = seen.get(line)
        if shape is None:
            shape = seen[line] = shaped(measured[i], stoplist)
        yield i, shape


def _hits(
    order: tuple[int, ...],
    shapes: Mapping[int, Shape],
    texts: Joined,
    rules: Rules,
    options: BoilerplateConfig,
) -> Iterator[tuple[int, str]]:
    """The lines a rule names, read (as rules read them) without their converter's markup."""
    gates = gated_lines(texts, rules)
    for i in order:
        text = shapes[i].text
        if len(text) <= options.max_line_length:
            name = rule_name(text, rules, gates.get(i, ()))
            if name is not None:
                yield i, f"rule:{name}"
