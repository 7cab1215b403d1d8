"""The literal a boundary label starts with, and the search it spares (``glued_heads``)."""

import re

from pipeline.stages._pagination import glued_heads, glued_labels
from pipeline.text import Lines

BOUNDARY = r"page (?P<n>\d{1,4}) (of|/) \d{1,4}"


def test_head_is_the_leading_literal_lower_cased() -> None:
    assert glued_heads((BOUNDARY, r"PAGE\s\d", r"(?x) p a g e \d")) == (b"page ", b"page", b"page")


def test_no_head_where_a_match_may_start_otherwise() -> None:
    # alternatives (their common start only), a quantified last letter, a named group, letters
    # that match non-ASCII characters case-insensitively (``ſ``, ``İ``, the Kelvin sign)
    heads = glued_heads(
        (r"page|folio", r"page|p\.", r"pages? \d", r"(?P<p>page)", r"seite", r"kap")
    )
    assert heads == (b"", b"p", b"page", b"", b"", b"")


def test_glued_label_found_in_any_case() -> None:
    boundaries = (re.compile(BOUNDARY, re.IGNORECASE),)
    text = "The humanitarian workers PaGe 1 of 2\nnext line\n"
    lines = Lines(text)
    found = glued_labels(lines, [0, 1], boundaries)
    assert [(g.line, text[g.start : g.end], g.after) for g in found] == [(0, " PaGe 1 of 2", True)]


def test_no_head_no_label() -> None:
    boundaries = (re.compile(BOUNDARY, re.IGNORECASE),)
    lines = Lines("The humanitarian workers pag 1 of 2\nnext line\n")
    assert glued_labels(lines, [0, 1], boundaries) == []
