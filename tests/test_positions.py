"""Line indexes of raw texts (pipeline.text.line_index): the right one for every text."""

from __future__ import annotations

from pipeline.text import line_index


def test_each_text_gets_its_own_index_whichever_was_asked_before() -> None:
    first, second = "ab\ncd\n", "a\nb\nc\n"
    assert line_index(first).position(3) == (2, 1)
    assert line_index(second).position(4) == (3, 1)
    assert line_index(first).position(4) == (2, 2)


def test_an_equal_text_of_another_object_has_the_same_positions() -> None:
    text = "one\r\ntwo\nthree"
    copy = "".join(list(text))  # equal, not the same object
    assert copy is not text
    assert line_index(text).position(10) == line_index(copy).position(10) == (3, 2)
