"""The trailing spaces found from the line ends after a space are those ``patterns.trailing``
finds by searching every space (any mix of spaces, odd spaces, CR and LF line ends)."""

import random

from pipeline.config import WhitespaceConfig
from pipeline.stages.whitespace import _patterns, _trailing

DEFAULT = WhitespaceConfig(
    delete=("\u200b", "\u00ad"), to_space=("\u00a0", "\u2009", "\u3000"), strip_trailing=True
)
# A plain space among the odd ones too: each is still looked for once.
WITH_SPACE = WhitespaceConfig(delete=("\u200b",), to_space=(" ", "\u00a0"), strip_trailing=True)
ALPHABET = ["a", "b", " ", "\t", "\n", "\r", "\r\n", "\u200b", "\u00ad", "\u00a0", "\u2009", "é"]


def _reference(text: str, config: WhitespaceConfig) -> list[tuple[int, int]]:
    return [match.span() for match in _patterns(config).trailing.finditer(text)]


def test_random_texts_agree_with_the_full_search() -> None:
    rng = random.Random(7)
    for config in (DEFAULT, WITH_SPACE):
        for _ in range(3000):
            text = "".join(rng.choices(ALPHABET, k=rng.randrange(0, 40)))
            assert _trailing(text, _patterns(config)) == _reference(text, config), repr(text)


def test_long_runs_and_the_text_end() -> None:
    for text in (" " * 100 + "\n", "a" + " \t" * 50 + "\r\nb  ", "x\u3000\u00a0\r", "  "):
        assert _trailing(text, _patterns(DEFAULT)) == _reference(text, DEFAULT), repr(text)


def test_a_line_end_among_the_odd_characters() -> None:
    config = WhitespaceConfig(delete=("\n",), to_space=(), strip_trailing=True)
    assert not _patterns(config).from_line_ends
    text = "a \n b\t\n"
    assert _trailing(text, _patterns(config)) == _reference(text, config)
