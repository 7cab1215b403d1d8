"""The text units of :mod:`pipeline.text`: lines, offsets as line and column, sentence ends,
words and paragraphs, each tested where it is defined."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import (
    A_LETTER,
    APOSTROPHES,
    ASCII_LETTER_WORD,
    ASCII_LETTERS_ONLY,
    CR_LINE_END,
    ENDS_SENTENCE,
    ENDS_SENTENCE_ANY_SCRIPT,
    ENDS_UNIT,
    HYPHEN_WORD,
    HYPHENATED_WORD,
    INITIAL,
    INNER_SENTENCE,
    LETTER_WORD,
    LETTERS,
    LETTERS_AFTER_SPACE,
    LETTERS_AT_END,
    LINE_END,
    LINE_END_CHARACTER,
    PARAGRAPH,
    PARAGRAPH_BREAK,
    QUOTE_TOKEN,
    SENTENCE_BREAK,
    SENTENCE_LAST_ANY_SCRIPT,
    TEXT_LINE,
    WORD_CHARACTERS,
    WORD_OR_MARK,
    Line,
    LineIndex,
    Lines,
    ends_with,
    line_index,
    line_pieces,
    paragraph_texts,
    split_lines,
)

# Texts made of the characters every line unit has to tell apart.
LINE_TEXTS = st.lists(st.sampled_from(["a", "é", " ", "\t", "\f", "\n", "\r", "\r\n"])).map("".join)

# -- lines --------------------------------------------------------------------------------------


def test_lines_are_split_at_lf_only() -> None:
    """A CR stays inside its line (the whitespace stage has turned CRLF and CR into LF before any
    stage splits lines), and so does a form feed."""
    text = "one\r\ntwo\rthree\fpage\n\nlast"
    assert [line.text for line in split_lines(text)] == ["one\r", "two\rthree\fpage", "", "last"]


def test_a_line_knows_its_span_and_where_the_next_begins() -> None:
    lines = split_lines("ab\n\ncd")
    assert lines == (Line(0, 2, 3, "ab"), Line(3, 3, 4, ""), Line(4, 6, 6, "cd"))
    assert [line.blank for line in lines] == [False, True, False]
    # made with tuple.__new__ for speed: still Lines, fields by name
    assert all(type(line) is Line for line in lines)
    assert (lines[2].start, lines[2].end, lines[2].stop, lines[2].text) == (4, 6, 6, "cd")


def test_a_final_line_end_opens_no_line() -> None:
    assert [line.text for line in split_lines("a\n")] == ["a"]
    assert split_lines("a\n")[-1].stop == 2
    assert split_lines("") == ()
    assert [line.text for line in split_lines("\n")] == [""]


def test_a_blank_line_is_one_of_whitespace_only() -> None:
    assert [line.blank for line in split_lines(" \t\n\f\nx \n")] == [True, True, False]


@given(LINE_TEXTS)
def test_the_lines_cover_the_text_and_every_form_agrees(text: str) -> None:
    """Each line's text is the text at its span, the line ends between them are all ``"\\n"``,
    and :class:`Lines` and :func:`line_pieces` give the lines :func:`split_lines` gives."""
    lines = split_lines(text)
    pos = 0
    for line in lines:
        assert line.start == pos and text[line.start : line.end] == line.text
        assert "\n" not in line.text
        assert text[line.end : line.stop] in ("\n", "")
        pos = line.stop
    assert pos == len(text)
    assert list(Lines(text)) == list(lines) == list(Lines(text)[:])
    assert list(line_pieces(text)) == [(line.start, line.text) for line in lines]


# -- offsets -> line and column -----------------------------------------------------------------


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_and_column_are_the_same_whatever_the_line_ends(end: str) -> None:
    """A file's tenth line is line 10 with LF, CRLF or lone CR line ends (SARIF's terminators)."""
    text = end.join(f"line {n}" for n in range(1, 13))
    index = LineIndex(text)
    tenth = text.index("line 10")
    assert index.position(tenth) == (10, 1)
    assert index.position(tenth + 5) == (10, 6)
    assert index.line(tenth + len("line 10")) == 10  # the line end is on the line it ends
    assert index.line(len(text)) == 12


def test_a_crlf_is_one_line_end_and_a_cr_then_lf_apart_are_two() -> None:
    assert [LineIndex("a\r\nb").line(o) for o in range(4)] == [1, 1, 1, 2]
    assert [LineIndex("a\rb\nc").line(o) for o in range(5)] == [1, 1, 2, 2, 3]
    assert LineIndex("a\n\rb").position(3) == (3, 1)
    assert LineIndex("a\r\rb").position(3) == (3, 1)


def test_columns_count_code_points() -> None:
    assert LineIndex("x\n€😀b").position(4) == (2, 3)


@given(LINE_TEXTS)
def test_every_offset_maps_to_a_line_and_column_that_map_back(text: str) -> None:
    """(line, column) of every offset names that offset again, from the line starts; the lines
    counted are the line ends before the offset, plus one."""
    index = line_index(text)
    starts = [0, *(m.end() for m in LINE_END.finditer(text))]
    for offset in range(len(text) + 1):
        line, column = index.position(offset)
        assert starts[line - 1] + column - 1 == offset
        assert line == 1 + sum(1 for m in LINE_END.finditer(text) if m.end() <= offset)


def test_the_text_of_a_line_is_what_strip_leaves() -> None:
    text = "  a b \n\t\n\fc\n"
    assert [m.group() for m in TEXT_LINE.finditer(text)] == [
        t.strip() for t in text.split("\n") if t.strip()
    ]


@given(LINE_TEXTS)
def test_the_line_ends_not_yet_lf_are_those_of_line_end_but_lf(text: str) -> None:
    """What the whitespace stage turns into ``"\\n"`` is every line end SARIF counts but a lone
    LF; the unicode stage's line-end characters are those the line ends are made of."""
    ends = [m.group() for m in LINE_END.finditer(text)]
    assert [m.group() for m in CR_LINE_END.finditer(text)] == [e for e in ends if e != "\n"]
    assert "".join(m.group() for m in LINE_END_CHARACTER.finditer(text)) == "".join(ends)


# -- sentence ends ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("We ask you to act.", True),
        ("as the report said.”", True),
        ("(see the annex.)", True),
        ("he asked: ‘why?’", True),
        ("The following:", True),
        ("« c’est fini. »", False),  # a space before the closing mark: not right after the stop
        ("Dear Sir,", False),
        ("the report of 2014", False),
        ("a quotation”", False),
    ],
)
def test_a_sentence_ends_in_a_stop_closing_marks_allowed_after(text: str, ends: bool) -> None:
    assert (ENDS_SENTENCE.search(text) is not None) is ends


def test_a_unit_of_a_letter_ends_a_sentence_or_a_clause() -> None:
    for text in ("Dear Sir,", "the camps; and;", "as follows:", "the camps”;", "We act."):
        assert ENDS_UNIT.search(text), text
    assert ENDS_UNIT.search("the camps; and") is None
    assert ENDS_SENTENCE.search("Dear Sir,") is None
    assert ends_with(",").search("Sir,)") and ends_with(",").search("Sir.") is None


def test_a_line_of_any_script_ends_a_sentence_in_its_stops_but_not_a_colon() -> None:
    for text in ("今日は晴れ。", "你好！", "Is it？", "and so on…", "it was.’"):
        assert ENDS_SENTENCE_ANY_SCRIPT.search(text), text
    assert ENDS_SENTENCE_ANY_SCRIPT.search("Related:") is None
    assert ENDS_SENTENCE.search("Related:")


@given(st.text(".!?…。！？\"'”’»)]\\:a "))
def test_a_line_of_any_script_ending_a_sentence_ends_in_one_of_its_last_characters(
    text: str,
) -> None:
    if ENDS_SENTENCE_ANY_SCRIPT.search(text):
        assert text[-1] in SENTENCE_LAST_ANY_SCRIPT


def test_sentences_inside_a_line_and_in_running_text() -> None:
    # (a closing mark may stand before the stop, not after it: ``?”`` hides the break)
    found = INNER_SENTENCE.findall("It rained. We left. “Why?” Nobody knew (see annex). Then")
    assert found == ["d. W", "t. “W", "). T"]
    assert INNER_SENTENCE.search("U.S. policy") is None
    text = "He spoke.” Then came 2014. 2015 was worse (sic.) [Others] followed? yes"
    assert [text[m.end() :][:4] for m in SENTENCE_BREAK.finditer(text)] == ["Then", "2015", "[Oth"]
    assert SENTENCE_BREAK.search("He said ‘go.’ Then")
    assert SENTENCE_BREAK.search("He said 'go.' Then") is None  # a straight ' is no closing mark
    assert INITIAL.fullmatch("J.") and INITIAL.fullmatch("Jr.") is None


# -- words --------------------------------------------------------------------------------------


def test_letters_are_word_characters_but_digits_and_underscore() -> None:
    assert A_LETTER.findall("a1_é ß") == ["a", "é", "ß"]
    assert LETTERS.match("rights2").group() == "rights"  # a glued note marker is no letter
    assert LETTERS_AT_END.search("the coun", 0, 8).group() == "coun"
    assert LETTERS_AT_END.search("page 12") is None
    assert LETTERS_AFTER_SPACE.match("  tries to").group(1) == "tries"


def test_the_words_of_a_lines_shape_are_letters_with_one_inner_apostrophe() -> None:
    text = "Don't l’État 2014 co-op rock'n'roll ñandú x_y"
    assert LETTER_WORD.findall(text) == [
        "Don't", "l’État", "co", "op", "rock'n", "roll", "ñandú", "x", "y"
    ]  # fmt: skip
    lowered = text.encode("ascii", "ignore").decode().lower()
    assert ASCII_LETTER_WORD.findall(lowered) == LETTER_WORD.findall(lowered)
    plain = "news, 2014: more_on it"
    assert plain.encode().translate(ASCII_LETTERS_ONLY).decode().split() == LETTER_WORD.findall(
        plain
    )


def test_the_other_readers_words() -> None:
    text = "co-operation in 1990s, the State’s [t]he follow-up"
    assert HYPHENATED_WORD.findall(text) == ["co-operation", "in", "s", "the", "State", "s", "t",
                                             "he", "follow-up"]  # fmt: skip
    assert WORD_CHARACTERS.findall("Peoples’ Republic 1990s") == ["Peoples", "Republic", "1990s"]
    assert HYPHEN_WORD.findall("a follow-up, -- x") == ["a", "follow-up", "--", "x"]
    assert QUOTE_TOKEN.findall(text) == ["co", "operation", "in", "1990s", "the", "State’s",
                                         "[t]he", "follow", "up"]  # fmt: skip
    assert WORD_OR_MARK.findall("the State's, “no”") == ["the", "State's", ",", "“", "no", "”"]


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_every_form_of_apostrophe_keeps_a_quoted_word_whole(apostrophe: str) -> None:
    word = f"State{apostrophe}s"
    assert QUOTE_TOKEN.fullmatch(word) and WORD_OR_MARK.fullmatch(word)


def test_non_ascii_letters_make_words() -> None:
    for word in ("Ελλάδα", "Україна", "مرحبا", "naïve", "Straße"):
        assert LETTER_WORD.fullmatch(word) and HYPHENATED_WORD.fullmatch(word), word
        assert QUOTE_TOKEN.fullmatch(word) and WORD_CHARACTERS.fullmatch(word), word


# -- paragraphs ---------------------------------------------------------------------------------


def test_paragraphs_are_separated_by_a_blank_line() -> None:
    text = "one\ntwo\n\nthree\n \t\nfour\n\n\nfive"
    assert PARAGRAPH_BREAK.split(text) == ["one\ntwo", "three", "four", "\nfive"]
    assert PARAGRAPH.findall(text) == ["one\ntwo", "three\n \t\nfour", "five"]


@given(st.lists(st.sampled_from(["a", "b c", "\n", "\n", "\n"])).map("".join))
def test_the_two_paragraph_units_agree_where_no_line_is_of_spaces(text: str) -> None:
    """On a text with no line of spaces only (where they differ), a paragraph of PARAGRAPH is a
    piece between PARAGRAPH_BREAKs, without its outer line ends."""
    pieces = [p.strip("\n") for p in PARAGRAPH_BREAK.split(text)]
    assert PARAGRAPH.findall(text) == [p for p in pieces if p]


def test_the_report_shows_the_pieces_between_two_line_ends() -> None:
    text = "one\ntwo\n\n\nthree\n \nfour\n\n \n\n"
    assert paragraph_texts(text) == ["one\ntwo", "\nthree\n \nfour"]
