"""Stage ``hyphenation``: a line-end hyphen is dropped only with evidence."""

from __future__ import annotations

import pytest
from conftest import clean_upto

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
