"""The ``whitespace`` stage's search for the spaces ending a line: found back from the line ends
they precede, they are what the plain search (``[ \\t…]+`` before a line end) finds, whatever
characters the config deletes or makes a space."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline import Config
from pipeline.config import WhitespaceConfig
from pipeline.stages.whitespace import _patterns, _trailing

DEFAULT = Config.load().whitespace
# The plain search is kept for a config whose odd characters hold a line end.
ODD = WhitespaceConfig(delete=("\u200b", "\n"), to_space=("\u00a0", "x"), strip_trailing=True)
PIECES = ["a", "x", " ", "  ", " " * 40, "\t", "\n", "\r", "\r\n", "\u00a0", "\u200b", "\u3000"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_trailing_spaces_are_what_the_plain_search_finds(text: str) -> None:
    for options in (DEFAULT, ODD):
        patterns = _patterns(options)
        plain = [match.span() for match in patterns.trailing.finditer(text)]
        assert _trailing(text, patterns) == plain


def test_a_long_run_of_spaces_is_taken_whole() -> None:
    text = "a" + " \t\u00a0" * 100 + "\nb" + " " * 1000
    assert _trailing(text, _patterns(DEFAULT)) == [(1, 301), (303, 1303)]
    assert _trailing(" " * 70, _patterns(DEFAULT)) == [(0, 70)]
    assert _trailing("", _patterns(DEFAULT)) == []
