"""The corpus index: which short lines stand at the head or tail of how many documents."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.corpus import EDGE_LINES, MAX_LINE, SPACES, build_index, line_hash, line_key
from pipeline.text import LINE_END

LINES = st.sampled_from(["Home", "home ", "", "  ", "Share this", "x" * (MAX_LINE + 1), "A b"])
TEXTS = st.lists(st.lists(LINES, max_size=2 * EDGE_LINES + 6).map("\n".join), max_size=4)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_edge_lines_are_counted_as_from_every_line_keyed(texts: list[str]) -> None:
    """Keying only as far as the first and last EDGE_LINES indexed lines need counts what
    keying every line and taking both ends counts."""
    expected: dict[int, int] = {}
    for text in texts:
        keys = [k for k in map(line_key, LINE_END.split(text)) if k and len(k) <= MAX_LINE]
        for key in {line_hash(k) for k in keys[:EDGE_LINES] + keys[-EDGE_LINES:]}:
            expected[key] = expected.get(key, 0) + 1
    assert dict(build_index(texts).edge_lines) == expected


def test_a_line_counts_once_per_document_at_either_end() -> None:
    middle = "\n".join(f"line {n}" for n in range(3 * EDGE_LINES))
    index = build_index([f"Home\n{middle}\nHome", "Home", "Other"])
    assert index.documents == 3
    assert index.documents_with("  HOME ") == 2
    assert index.documents_with(f"line {EDGE_LINES + 5}") == 0  # in the middle: not indexed


def test_a_line_key_collapses_exactly_the_spaces_a_regex_would() -> None:
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if SPACES.fullmatch(c)]
    assert spaces == [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    line = "".join(f"{c}Home{c}{c}News" for c in spaces) + " \u00a0 "
    assert line_key(line) == SPACES.sub(" ", line).strip().casefold()
