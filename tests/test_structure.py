"""Stage ``structure``: letter furniture into metadata and paragraph kinds."""

from __future__ import annotations

import pytest

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
