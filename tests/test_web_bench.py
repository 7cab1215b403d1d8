"""The web-chrome benchmark's own logic (bench/web): line labels and the ledger's surviving spans.

No data set is needed: the page and its article body are made up here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench" / "web"))

from web_labels import key, label_lines, split_of, strip_markup, words
from web_survival import survival

from pipeline import Edit, clean_text, replay

BODY = (
    "The river committee met on Tuesday to discuss the new footbridge.\n\n"
    "Summary\n\n"
    "Members agreed that the old crossing will close in spring, and share the cost equally.\n"
)
PAGE = (
    "Home\n"
    "River\n"
    "* [Weather](/weather/)\n"
    "# Footbridge plan approved | Valley Gazette\n"
    "\n"
    "The river committee met on **Tuesday** to discuss the [new footbridge](/bridge).\n"
    "Summary\n"
    "Share\n"
    "Members agreed that the old crossing will close in spring,\n"
    "and share the cost equally.\n"
    "![](/pixel.gif)\n"
    "Read the committee's earlier report on flooding in the lower valley here\n"
)


def labels(page: str = PAGE, body: str = BODY) -> dict[str, tuple[str, str]]:
    found = label_lines(page, body, ["Footbridge plan approved | Valley Gazette"])
    return {page[line.start : line.end]: (line.label, line.why) for line in found}


def test_markdown_marks_and_links_do_not_decide_a_key() -> None:
    assert strip_markup("* [Weather](/weather/) and **more** \\- _now_") == "Weather and more - now"
    assert strip_markup("![logo](/a.png)").strip() == ""
    assert key("“Don’t” — it's  OK") == key("\"Don't\" - it's OK") == "don t it s ok"


def test_each_line_is_labelled_by_the_rule() -> None:
    got = labels()
    assert got["Home"] == ("chrome", "absent")
    assert got["* [Weather](/weather/)"] == ("chrome", "absent")
    assert got["# Footbridge plan approved | Valley Gazette"] == ("ignore", "title")
    assert got["River"] == ("chrome", "outside")  # a word of the body, but before the article
    assert got[PAGE.splitlines()[5]] == ("content", "paragraph")
    assert got["Summary"] == ("content", "paragraph")  # short, but a whole paragraph
    assert got["and share the cost equally."] == ("content", "substring")
    assert got["Share"] == ("ignore", "short-fragment")  # in the body and the article's lines
    assert got["![](/pixel.gif)"] == ("ignore", "no-words")
    assert got[PAGE.splitlines()[-1]] == ("chrome", "absent")


def test_a_line_seen_more_often_than_the_body_has_it_is_ambiguous() -> None:
    page = "Summary\n" + PAGE
    assert labels(page)["Summary"] == ("ignore", "repeated")


def test_a_long_line_close_to_the_body_is_content() -> None:
    body = "Members agreed that the old crossing will close in spring and share the cost equally."
    page = "Members agreed that the old crossing will close in spring and share the costs equally\n"
    assert labels(page, body)[page.strip()] == ("content", "fuzzy")


def test_list_numbers_may_be_missing_from_the_body() -> None:
    body = "Steps\n\nDefine the budget first, then the timetable\n\n2. Then the rest"
    got = labels("### 1\\. Define the budget first\n2. Then the rest\n", body)
    assert got["### 1\\. Define the budget first"] == ("content", "substring")
    assert got["2. Then the rest"] == ("content", "paragraph")


def test_split_is_fixed_by_the_id() -> None:
    splits = {split_of(f"page-{n}") for n in range(40)}
    assert splits == {"dev", "test"}
    assert split_of("page-1") == split_of("page-1")


def test_survival_counts_letters_deleted_by_edits() -> None:
    raw = "Menu\nA “quoted” line\nlast\n"
    edits = [
        Edit(0, 5, "Menu\n", "", "boilerplate", "menu"),
        Edit(7, 8, "“", '"', "quotes", "straight"),
        Edit(21, 25, "last", "la", "other", "cut"),
    ]
    alive = survival(raw, edits)
    assert alive.line_kept(0, 4) is False
    assert alive.kinds(0, 4) == ["boilerplate"]
    assert alive.line_kept(5, 20) is True
    assert alive.kept(5, 20) == (11, 11)
    assert alive.kept(21, 25) == (2, 4)
    assert alive.line_kept(21, 25) is True  # half its letters survive


def test_a_character_repair_is_not_a_removal() -> None:
    raw = "Ã©t\nx\x07y\n"
    edits = [Edit(0, 2, "Ã©", "é", "unicode", "mojibake"), Edit(5, 6, "\x07", "", "unicode", "c")]
    alive = survival(raw, edits)
    assert alive.kept(0, 4) == (2, 2)
    assert alive.deletions == ()


@pytest.mark.parametrize("text", ["Title\n\nA paragraph of text.\n", "a\r\nb\r\n\r\nc d\u00a0e\n"])
def test_survival_matches_the_clean_text(text: str) -> None:
    doc = clean_text(text)
    assert replay(doc.raw, doc.edits) == doc.text
    alive = survival(doc.raw, doc.edits)
    kept = "".join(c for n, c in enumerate(doc.raw) if c.isalnum() and not alive.deleted[n])
    assert kept == "".join(c for c in doc.text if c.isalnum())


def test_the_converters_on_a_tiny_page() -> None:
    pytest.importorskip("bs4")
    pytest.importorskip("html2text")
    from web_convert import bs4_text, html2text_text

    page = (
        "<!DOCTYPE html><html><head><title>T</title><style>p {}</style></head><body>"
        "<!-- a note --><nav><a href='/'>Home</a><a href='/x'>More</a></nav>"
        "<p>One <b>bold</b>\n   word</p><div>left<br>right</div>"
        "<table><tr><td>1</td><td>2</td></tr></table><script>var x;</script></body></html>"
    )
    assert bs4_text(page) == "HomeMore\n\nOne bold word\n\nleft\nright\n\n1 2\n"
    assert html2text_text(page) == (
        "[Home](/)[More](/x)\n\nOne **bold** word\n\nleft\nright\n\n1| 2\n---|---\n"
    )


def test_unspaced_scripts_count_two_characters_a_word() -> None:
    assert words(key("Share this")) == 2
    assert words(key("今日は晴れです")) == 1 + 7 // 2
