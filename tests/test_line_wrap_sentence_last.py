"""``ENDS_SENTENCE_LAST`` is exactly the set of last characters of a stripped line that
``ENDS_SENTENCE`` matches, so line-wrap's look at the last character never skips a sentence end."""

import sys

from pipeline.stages.layout import _ends_sentence
from pipeline.text import ENDS_SENTENCE, ENDS_SENTENCE_LAST


def test_every_character_as_the_last_of_a_line() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isspace():
            continue  # a stripped line does not end in whitespace
        for line in (f"word{char}", f"word.{char}", char):
            matched = ENDS_SENTENCE.search(line) is not None
            if matched:
                assert char in ENDS_SENTENCE_LAST, repr(line)
            assert _ends_sentence(line) == matched, repr(line)


def test_every_member_can_end_a_sentence() -> None:
    for char in ENDS_SENTENCE_LAST:
        assert ENDS_SENTENCE.search(f"word.{char}"), repr(char)
