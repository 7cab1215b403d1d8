"""Stage ``hyphenation``: a line-end hyphen is dropped only with evidence."""

from __future__ import annotations

import pytest
from conftest import clean_upto
from hypothesis import given
from hypothesis import strategies as st

from pipeline.document import Severity

LINE = "The report of the commission of inquiry found again that these "  # a full-width line


@pytest.mark.parametrize(
    ("wrapped", "expected", "rule"),
    [
        ("gross hu-\nman rights and human dignity", "gross human rights", "word-seen"),
        ("a long-\nstanding and long-standing", "a long-standing and", "compound-seen"),
        ("leader Kim Jong-\nun said", "leader Kim Jong-un said", "compound-shape"),
        ("a 400-\npage report", "a 400-page report", "compound-shape"),
        ("a well-\nknown case", "a well-known case", "compound-shape"),
        ("inter-\nnational law", "international law", "no-evidence"),
    ],
    ids=["word-seen", "compound-seen", "proper-name", "number", "prefix", "guess"],
)
def test_line_end_hyphens(wrapped: str, expected: str, rule: str) -> None:
    doc = clean_upto(LINE + wrapped, "hyphenation")
    assert expected in doc.text
    dropped = [e.rule for e in doc.edits if e.kind == "hyphenation"]
    assert dropped == ([rule] if rule in ("word-seen", "no-evidence") else [])


def test_corpus_evidence_decides_a_join() -> None:
    doc = clean_upto(LINE + "the account-\nability of", "hyphenation", corpus=("accountability",))
    assert "accountability of" in doc.text and not doc.findings


def test_a_guess_is_a_note_finding_and_a_hyphen_mid_line_is_untouched() -> None:
    doc = clean_upto(LINE + "inter-\nnational and self-evident", "hyphenation")
    assert [(f.code, f.severity) for f in doc.findings] == [
        ("hyphenation.uncertain-join", Severity.NOTE)
    ]
    assert doc.text.endswith("international and self-evident\n")


def test_a_hyphen_before_a_paragraph_break_is_not_a_wrap() -> None:
    doc = clean_upto(LINE + "hu-\n\n\nman rights and human dignity", "hyphenation")
    assert "hu-\n\nman" in doc.text


def test_double_spaced_text_is_dehyphenated_across_its_blank_line() -> None:
    raw = (
        f"{LINE}the commis-\n\nsion of inquiry and the commission of inquiry, which was \n\n"
        "created by the Human Rights Council in the year of 2013, found the \n\nfacts.\n \n\n"
        "Next paragraph.\n"
    )
    doc = clean_upto(raw, "hyphenation")
    assert "these the commission of inquiry and the commission" in doc.text
    assert [e.rule for e in doc.edits if e.kind == "hyphenation"] == ["word-seen"]


@pytest.mark.parametrize(
    ("wrapped", "expected"),
    [
        ("the so-\ncalled camps", "the so-called camps"),
        ("its re-\neducation camps", "its re-education camps"),
        ("a follow-\nup mechanism", "a follow-up mechanism"),
        ("their co-\noperation with", "their co-operation with"),
        ("the anti-\nimpunity agenda", "the anti-impunity agenda"),
        ("a self-\nperpetuating cycle", "a self-perpetuating cycle"),
        ("a UN-\nled structure", "a UN-led structure"),
        ("a field-\nbased office", "a field-based office"),
        ("the North-\nSouth talks", "the North-South talks"),
        ("the 21st-\ncentury tools", "the 21st-century tools"),
        ("leader Kim Il-\nsung ruled", "leader Kim Il-sung ruled"),
    ],
    ids=[
        "listed", "listed-prefix", "listed-particle", "doubled-vowel", "anti-vowel", "self",
        "capital-acronym", "second-part", "capitals", "ordinal", "name-syllables",
    ],
)  # fmt: skip
def test_the_word_rule_keeps_compounds_the_corpus_is_silent_about(
    wrapped: str, expected: str
) -> None:
    doc = clean_upto(LINE + wrapped, "hyphenation")
    assert expected in doc.text
    assert not [e for e in doc.edits if e.kind == "hyphenation"]


@pytest.mark.parametrize(
    ("wrapped", "expected"),
    [
        ("the pre-\nserve order", "the preserve order"),
        ("the so-\ncial order", "the social order"),
        ("the Crimi-\nnal Court", "the Criminal Court"),
        ("the Forthcom-\ning Review", "the Forthcoming Review"),
        ("the Re-\nview of", "the Review of"),
    ],
    ids=["prefix-before-a-word", "first-part-before-a-fragment", "capital-suffix", "ing", "re"],
)
def test_typesetting_breaks_that_look_like_compounds_are_joined(
    wrapped: str, expected: str
) -> None:
    assert expected in clean_upto(LINE + wrapped, "hyphenation").text


def test_a_spaced_line_end_hyphen_joins_a_broken_word_and_keeps_a_dash() -> None:
    raw = f"{LINE}we re -\nspond to the {LINE}report -\nwhich came late and"
    doc = clean_upto(raw, "hyphenation")
    assert "we respond to the" in doc.text and "report - which came late" in doc.text
    assert [e.rule for e in doc.edits if e.kind == "hyphenation"] == ["word-shape"]


def test_another_line_end_break_is_not_evidence_for_a_compound() -> None:
    raw = f"{LINE}the re-\nport of the team, {LINE}and the re-\nport of the panel found"
    doc = clean_upto(raw, "hyphenation")
    assert doc.text.count("the report of the") == 2


@pytest.mark.parametrize(
    ("closed", "expected"),
    [
        ("the socalled camps", "the so-called camps"),
        ("a Followup letter", "a Follow-up letter"),
        ("a fieldbased office", "a field-based office"),
        ("the 21stcentury tools", "the 21st-century tools"),
        ("a 400page report", "a 400-page report"),
        ("their longstanding and cancelled, disowned or overrun plans", None),
    ],
    ids=["listed", "case-kept", "second-part", "ordinal", "number", "closed-words-untouched"],
)
def test_a_hyphen_pdftotext_dropped_at_a_line_end_is_put_back_in_its_long_line(
    closed: str, expected: str | None
) -> None:
    # pdftotext: the line it closed a word up in runs on with the next line
    raw = f"{LINE}\n" * 5 + f"{LINE}{closed} {LINE}\n" + f"{LINE}\n" * 3 + f"{closed}.\n"
    doc = clean_upto(raw, "hyphenation")
    assert doc.text.count(closed) == (2 if expected is None else 1)  # put back in the long line
    assert expected is None or doc.text.count(expected) == 1
    assert all(e.rule == "closed-compound" for e in doc.edits if e.kind == "hyphenation")


def test_a_closed_compound_is_left_alone_where_nothing_says_the_text_was_typeset() -> None:
    # A web page: paragraphs written each on one line, of any length, among short menu lines.
    # No column of lines shares a width, so a long line is a paragraph, not two typeset lines
    # that pdftotext ran together; the same closed word in a typeset text gets its hyphen.
    paragraph = "Our volunteers ran a standalone clinic for the families waiting at the border"
    page = "\n".join(
        ["Home", "About us", "Donate", f"{paragraph}.", "Short news of the week", LINE * 2]
        + [f"{LINE * k} {paragraph} again." for k in range(1, 4)]
    )
    web = clean_upto(page, "hyphenation")
    assert "standalone" in web.text
    assert not [e for e in web.edits if e.kind == "hyphenation"]
    typeset = f"{LINE}\n" * 8 + f"{LINE}a standalone clinic {LINE}\n" + f"{LINE}\n" * 3
    assert "a stand-alone clinic" in clean_upto(typeset, "hyphenation").text


def test_a_line_break_kept_after_a_hyphen_before_a_lowercase_word_is_a_wrap() -> None:
    raw = f"{LINE}\nIt endorsed a field-\nbased team and the Fami-\nlies of the re-\nport.\n"
    doc = clean_upto(raw, "hyphenation")
    assert "field-based team" in doc.text and "-\n" not in doc.text


def test_closed_compounds_are_cut_in_the_tokens_of_the_long_lines() -> None:
    from pipeline import Config
    from pipeline.stages._compounds import lost_hyphens, word_rule

    rule = word_rule(Config.load().hyphenation)
    line = "a fieldbased study, (stateowned) today 21stcentury the Committee\u2019s 400PAGE"
    text = f"{line}\nfieldbased again, outside the spans\n{line}"
    spans = [(0, len(line)), (len(text) - len(line), len(text))]
    cut = [line.index(word) + len(word) for word in ("field", "(state", "21st", "400")]
    expected = cut + [spans[1][0] + at for at in cut]
    assert lost_hyphens(text, spans, rule, bool) == expected
    assert lost_hyphens(text, [], rule, bool) == []


PIECES = ["field", "based", "so", "called", "Day", "1st", " ", ".", "(", "ß", "İ", "-", "socalled",
          "\t", "ſ", "FIELDBAſED", "\u212a", "²", "21ST", "page", "\u00a0", "cochair"]  # fmt: skip


@given(st.lists(st.lists(st.sampled_from([*PIECES, "\n", "İ"])).map("".join), max_size=5))
def test_closed_compounds_are_cut_in_each_token_of_each_line(lines: list[str]) -> None:
    """Each distinct token asked once gives what asking every token of every line gives."""
    from pipeline import Config
    from pipeline.stages._compounds import STRIP, _whole_words, lost_hyphens, word_rule

    rule = word_rule(Config.load().hyphenation)
    text = "\n".join(lines)
    starts = [sum(len(line) + 1 for line in lines[:k]) for k in range(len(lines))]
    spans = [(start, start + len(line)) for start, line in zip(starts, lines, strict=True)]
    expected: set[int] = set()
    for start, end in spans:
        for token in text[start:end].split():
            word = token.strip(STRIP)
            if len(word) >= 5 and word.isalnum():
                for cut in rule.cuts(word, bool):
                    expected.update(at + cut for at in _whole_words(text, word, start, end))
    assert lost_hyphens(text, spans, rule, bool) == sorted(expected)


def test_join_ends_are_where_the_ledger_maps_the_joins() -> None:
    from pipeline.stages.hyphenation import JOINS, _join_ends

    text = "Dear all,\n\nThe hu-\nman cost of the inter-\nnational\nsilence.\n"
    doc = clean_upto(text, "line-wrap")
    expected = [
        doc.ledger.clean_span(e.raw_start, e.raw_end)[1] for e in doc.edits if e.kind in JOINS
    ]
    assert list(_join_ends(doc)) == expected and expected


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_raw_lines_are_read_at_any_line_end(line_end: str) -> None:
    """The extraction's lines (their widths, a break kept after a hyphen) are read from the raw
    text at any line end: a CRLF or CR-only file is cleaned as its LF twin is."""
    closed_up = f"{LINE}\n" * 5 + f"{LINE}the socalled camps {LINE}\n" + f"{LINE}\n" * 3 + "end.\n"
    kept = f"{LINE}\nIt endorsed a field-\nbased team and the Fami-\nlies of the re-\nport.\n"
    for raw in (closed_up, kept):
        twin = clean_upto(raw.replace("\n", line_end), "hyphenation")
        assert twin.text == clean_upto(raw, "hyphenation").text
    assert "so-called" in clean_upto(closed_up.replace("\n", line_end), "hyphenation").text
