"""Stage ``structure``: letter furniture into metadata and paragraph kinds."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import clean_text
from pipeline.stages._dates import date_line

LETTER = """Open Letter on Accountability

Geneva, 26 February 2015

H.E. Ambassador Jane Roe
Permanent Mission of Norway

Excellencies,

We write to urge you to act on the report.

It is time.

Yours sincerely,

Daniel Okafor
Executive Director, Korea Accountability Project
"""


def test_a_letter_is_read_into_metadata_and_paragraph_kinds() -> None:
    doc = clean_text(LETTER)
    meta = doc.metadata
    assert (meta.kind, meta.title, meta.date, meta.place) == (
        "letter", "Open Letter on Accountability", "2015-02-26", "Geneva"
    )  # fmt: skip
    assert meta.addressees == ("H.E. Ambassador Jane Roe",)
    assert (meta.salutation, meta.closing) == ("Excellencies,", "Yours sincerely,")
    assert meta.signatories == ("Daniel Okafor",)
    kinds = [p["kind"] for p in doc.to_json()["paragraphs"]]
    assert kinds == [
        "title",
        "date",
        "address",
        "salutation",
        "body",
        "body",
        "closing",
        "signature",
    ]


def test_paragraph_spans_cover_the_text() -> None:
    out = clean_text(LETTER).to_json()
    spans = [(p["start"], p["end"]) for p in out["paragraphs"]]
    assert "\n\n".join(out["text"][s:e] for s, e in spans) + "\n" == out["text"]


def test_an_article_has_a_title_and_a_dated_byline() -> None:
    doc = clean_text("North Korea: Rights Council Acts\n\nBy Jane Doe | March 23, 2016\n\nText.\n")
    assert doc.metadata.kind == "article"
    assert (doc.metadata.title, doc.metadata.date) == (
        "North Korea: Rights Council Acts",
        "2016-03-23",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December 8, 2016", (None, "2016-12-08")),
        ("New York, December 9, 2014", ("New York", "2014-12-09")),
        ("New York, 10 November 2014", ("New York", "2014-11-10")),
        ("Dec. 8th, 2016", (None, "2016-12-08")),
        ("2016-12-08", (None, "2016-12-08")),
        ("February 31, 2016", (None, None)),
        ("The report of 7 February 2014 found that abuses continue.", (None, None)),
    ],
    ids=["month-day-year", "place", "day-month-year", "abbreviated", "iso", "impossible", "prose"],
)
def test_dates(line: str, expected: tuple[str | None, str | None]) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Date: 5 March 2015", (None, "2015-03-05")),
        ("Date : 2015-03-05", (None, "2015-03-05")),
        ("19 February 2014 :", (None, "2014-02-19")),
        ("5th March 2015", (None, "2015-03-05")),
        ("March 5, 2015", (None, "2015-03-05")),
        ("                              Seoul, 5 March 2015", ("Seoul", "2015-03-05")),
        ("25.03.2015", (None, "2015-03-25")),
        ("05.05.2015", (None, "2015-05-05")),
        ("05.03.2015", (None, None)),
    ],
    ids=["label", "spaced-label", "colon-after", "ordinal", "us", "padded-place", "dotted",
         "dotted-same", "dotted-ambiguous"],
)  # fmt: skip
def test_date_line_forms(line: str, expected: tuple[str | None, str | None]) -> None:
    assert date_line(line) == expected


# A letter as a PDF extractor leaves it: no blank lines in the head, the notes of the last page
# after the signature, a page label at the bottom.
EXTRACTED = """Open Letter on the Protection of Witnesses
Date: 19 February 2014
The Secretary-General of the United Nations
New York, NY 10017
Dear Secretary-General,

We write to ask that the United Nations protect the witnesses who spoke to the commission.

Sincerely,
Nordic Lawyers for Human Dignity
Refugee Rescue Alliance
4COI report, para. 80.
5Ibid., para. 81.
Page 2 of 2
"""


def test_a_letter_with_no_blank_lines_in_its_head_and_notes_after_its_signature() -> None:
    doc = clean_text(EXTRACTED)
    meta = doc.metadata
    assert (meta.title, meta.date, meta.salutation) == (
        "Open Letter on the Protection of Witnesses", "2014-02-19", "Dear Secretary-General,"
    )  # fmt: skip
    assert meta.addressees == ("The Secretary-General of the United Nations",)
    assert meta.signatories == ("Nordic Lawyers for Human Dignity", "Refugee Rescue Alliance")
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds[:4] == ["title", "date", "address", "salutation"]


@pytest.mark.parametrize(
    ("tail", "signatories"),
    [
        ("Yours faithfully,\nMin-ji Aldana\nDirector\nCentre for Testimony\n", ("Min-ji Aldana",)),
        (
            "Sincerely,\nJae Park\nChair, Seoul Forum\nEun Lee\nCoordinator, Hanbit Network\n",
            ("Jae Park", "Eun Lee"),
        ),
        ("Sincerely,\nAsia Justice Project\n2\n", ("Asia Justice Project",)),
        ("Sincerely,\nAsia Justice Project\nviUN Doc. A/HRC/25/63, para. 9.\n", None),
        ("Sincerely,\nAsia Justice Project\nNotes\n1 COI report, para. 9.\n", None),
        ("Sincerely,\nAsia Justice Project\n12-14; and,\n", None),
    ],
    ids=[
        "person-title-organisation",
        "two-people",
        "page-number",
        "roman-note",
        "notes-heading",
        "note-fragment",
    ],
)
def test_signatories_stop_at_furniture(tail: str, signatories: tuple[str, ...] | None) -> None:
    letter = "Dear Minister,\n\nWe write to you about the findings of the commission.\n\n" + tail
    assert clean_text(letter).metadata.signatories == (signatories or ("Asia Justice Project",))


def test_a_closing_and_a_date_glued_to_the_line_before_are_read() -> None:
    letter = (
        "Letter on the Review of the Commission Report Date: 2016-03-10\n\nExcellencies,\n\n"
        "We thank you for your attention to this matter.8 Sincerely,\n\nAsia Justice Project\n"
    )
    meta = clean_text(letter).metadata
    assert (meta.date, meta.closing, meta.signatories) == (
        "2016-03-10", "Sincerely,", ("Asia Justice Project",)
    )  # fmt: skip
    assert meta.title == "Letter on the Review of the Commission Report"


def test_an_articles_markdown_top_heading_is_its_title_not_the_chrome_above_it() -> None:
    page = "[Home](/) | [News](/news)\n\nPress release\n\n# Council Renews the Mandate\n\nText.\n"
    assert clean_text(page).metadata.title == "Council Renews the Mandate"


@given(st.lists(st.sampled_from(["a", "b c", " ", "\t", "\n", "\n", "\r", "\f"])).map("".join))
def test_letter_lines_are_grouped_by_paragraph(text: str) -> None:
    """Each non-blank line, stripped, is in the paragraph ``PARAGRAPH`` finds around it: only an
    empty line starts a new one (a line of spaces does not)."""
    from pipeline.stages._letter_lines import LetterLine, letter_lines
    from pipeline.text import PARAGRAPH

    lines = letter_lines(text)
    assert [line.text for line in lines] == [t.strip() for t in text.split("\n") if t.strip()]
    assert all(text[line.start : line.end] == line.text for line in lines)
    paragraphs = [m.span() for m in PARAGRAPH.finditer(text)]

    def paragraph(line: LetterLine) -> int:
        return next(k for k, (a, b) in enumerate(paragraphs) if a <= line.start < b)

    for before, after in pairwise(lines):
        assert (before.block == after.block) == (paragraph(before) == paragraph(after))
