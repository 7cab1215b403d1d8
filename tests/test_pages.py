"""Stage ``page-break``: form feeds, page numbers and running headers out, split sentences whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_FILES, clean_upto
from hypothesis import given
from hypothesis import strategies as st

from pipeline import Config, ConfigError, replay
from pipeline.corpus import build_index
from pipeline.document import Document
from pipeline.stages import Context
from pipeline.stages.pages import remove_page_furniture

FIXTURES = Path(__file__).parent / "fixtures" / "artefacts"
SEEDS = {path.name[:3]: path.read_text("utf-8") for path in SEED_FILES}


def removed(doc: Document) -> list[tuple[str, str]]:
    """``(rule, raw)`` of this stage's edits."""
    return [(e.rule, e.raw) for e in doc.edits if e.kind == "page-break"]


def proposals_again(doc: Document) -> tuple[object, ...]:
    return remove_page_furniture(doc, Context(Config.load(), build_index((doc.raw,)))).proposals


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seeds_have_no_pages(seed: str) -> None:
    # No form feed and no "Page N of M": the bare "1", "ii" lines of 001/004 are footnote markers,
    # 000's "December 8, 2016" and "New York, NY 10017" are letter furniture.
    doc = clean_upto(SEEDS[seed], "page-break", corpus=tuple(SEEDS.values()))
    assert removed(doc) == []


def test_form_feed_running_headers_fixture() -> None:
    raw = (FIXTURES / "form-feed-running-headers.txt").read_text("utf-8")
    expected = json.loads((FIXTURES / "form-feed-running-headers.expected.json").read_text("utf-8"))
    doc = clean_upto(raw, "page-break")
    for text in expected["text_excludes"]:
        assert text not in doc.text
    for text in expected["text_contains"]:
        if text in raw:  # not across a line wrap: the line-wrap stage joins those
            assert text in doc.text
    # The sentence split by the first page break: its halves one line end apart, for line-wrap.
    assert "ensure accountability, including\nthrough referral of the situation" in doc.text
    # A page that ended a sentence keeps its paragraph break.
    assert "to a vote this year.\n\nSincerely,\n" in doc.text
    assert doc.text.startswith("One Year On: The Security Council Must Act")  # header above title
    assert doc.text.endswith("Global Campaign Against Prison Camps\n")
    assert [rule for rule, _ in removed(doc)] == [
        "running-header",
        "page-number",
        "form-feed",
        "running-header",
        "page-number",
        "form-feed",
        "running-header",
        "page-number",
        "form-feed",
    ]
    assert proposals_again(doc) == ()


CASES = [
    # name, input, output
    ("form-feed-at-a-line-start", "one line\n\fnext line\n", "one line\nnext line\n"),
    ("form-feed-between-words", "end of page\fnext page", "end of page\nnext page"),
    (
        "page-n-of-m-proves-a-boundary-without-form-feeds",
        "A sentence that runs\n\nPage 1 of 2\n\non to the next page.\n",
        "A sentence that runs\non to the next page.\n",
    ),
    (
        "dash-page-number-and-header",
        "Header Line\n\nText that runs\n\n- 1 -\n\fHeader Line\n\non here.\n",
        "Text that runs\non here.\n",
    ),
    (
        "em-dash-page-number-after-a-full-stop-keeps-the-paragraph",
        "First page ends.\n\n— 1 —\n\fSecond page starts.\n",
        "First page ends.\n\nSecond page starts.\n",
    ),
    (
        "slash-page-numbers",
        "Text that runs\n\n1/2\n\fon and ends.\n\n2/2\n\f",
        "Text that runs\non and ends.\n",
    ),
    (
        "running-footer",
        "One runs\n\nDraft for discussion\n\ftwo.\n\nDraft for discussion\n\f",
        "One runs\ntwo.\n",
    ),
    (
        "bare-numbers-fitting-the-sequence",
        "Page one runs\n\n1\n\fon to page two.\n\n2\n\f",
        "Page one runs\non to page two.\n",
    ),
    (
        "bare-numbers-with-an-offset",
        "Page runs\n\n7\n\fon and\n\n8\n\fends.\n\n9\n",
        "Page runs\non and\nends.\n",
    ),
    (
        "lowercase-continuation-rejoins-after-a-full-stop",
        "See UN Doc.\n\nPage 1 of 2\n\na/hrc/25/63 for details.\n",
        "See UN Doc.\na/hrc/25/63 for details.\n",
    ),
]

# Thirteen lines of a letter's page, in a sentence that runs on: page labels that count up stand
# a page apart (`pages.min_page_lines`).
PAGE = "".join(
    f"We write about the {n}th case we have recorded in the camps and the people held\n"
    for n in range(1, 14)
)

OTHER = "".join(f"The {n}th witness told us how the guards treated those held\n" for n in range(13))

KEPT = [
    # name, input, the lines that must stay
    ("bare-number-out-of-sequence", "Text.\n\n7\n\fMore text.\n", ["7"]),
    ("footnote-marker-at-a-page-end", "the contemporary world.”\n1\n\fNext page.\n", ["1"]),
    ("page-n-alone-proves-nothing", "Text\n\nPage 2\n\nmore text\n", ["Page 2"]),
    ("bare-numbers-without-pages", "the world.”\n1\n \nii\nNext.\n", ["1", "ii"]),
    ("date-and-zip-code", "December 8, 2016\nNew York, NY 10017\n", ["December 8, 2016"]),
    ("a-line-opening-one-page-only", "Intro line\n\nText.\n\fOther opening\n\nMore.\n", ["Intro"]),
    ("dash-label-once-proves-nothing", PAGE + "\n- 2 -\n\n" + PAGE, ["- 2 -"]),
    # (Words no boilerplate rule knows: a lone "send" line reads as a share bar.)
    ("list-numbers-counting-up-close-together", "Steps:\n1\ndraft\n2\nsign\n", ["1", "2"]),
    (
        "footnote-labels-a-page-apart",
        PAGE + "1\n\nReport of the inquiry, para. 4.\n" + PAGE + "2\n\nIbid., para. 9.\n",
        ["1\n\nReport", "2\n\nIbid."],
    ),
    (
        "letterhead-repeated-in-the-signature",
        "Northern Rights Forum\n" + PAGE + PAGE + "Sincerely,\nNorthern Rights Forum\n",
        ["Northern Rights Forum\nWe write", "Sincerely,\nNorthern Rights Forum"],
    ),
    (
        "note-texts-closing-two-pages",
        PAGE + "2 Inquiry report, para. 80.\n\fHeader\n" + OTHER + "5 Inquiry report, para. 91.\n",
        ["2 Inquiry report, para. 80.", "5 Inquiry report, para. 91."],
    ),
    (
        "footnote-texts-recurring-a-page-apart",
        PAGE + "4 Inquiry report, para. 12.\n" + PAGE + "6 Inquiry report, para. 30.\n",
        ["4 Inquiry", "6 Inquiry"],
    ),
    (
        "dash-number-mid-page",
        "Top.\n\nSecond.\n\n- 1 -\n\nMiddle.\n\nBottom.\n\fNext.\n",
        ["- 1 -"],
    ),
]


@pytest.mark.parametrize(("text", "output"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_page_furniture(text: str, output: str) -> None:
    doc = clean_upto(text, "page-break")
    assert doc.text == output
    assert replay(doc.raw, doc.edits) == doc.text
    assert proposals_again(doc) == ()


@pytest.mark.parametrize(("text", "kept"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_content_stays(text: str, kept: list[str]) -> None:
    doc = clean_upto(text, "page-break")
    assert all(rule == "form-feed" for rule, _ in removed(doc))
    assert all(f"{line}" in doc.text for line in kept)


def test_bad_page_number_pattern_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[page-break]\npage_numbers = ['page \\d+']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"page-break.page_numbers: .* must capture"):
        Config.load(path)


LINES = ["", " ", "\f", "- 1 -", "Page 2 of 3", "3", "2/4", "Header Line", "ii",
         "text that runs", "and ends.", "Sincerely,", "\fHeader Line", "tail\f"]  # fmt: skip
TEXTS = st.lists(st.sampled_from(LINES), max_size=30).map("\n".join)


@given(TEXTS, st.sampled_from(["", "\n", "\f"]))
def test_property_replay_and_idempotence(text: str, ending: str) -> None:
    doc = clean_upto(text + ending, "page-break")
    assert replay(doc.raw, doc.edits) == doc.text
    assert "\f" not in doc.text
    assert proposals_again(doc) == ()


def _pages_per_line(text: str) -> list[list[int]]:
    """The pages of a text with form feeds as they were found before: each line put on the page
    its first character is on, one search per line."""
    from bisect import bisect_right

    from pipeline.stages.pages import _glued_form_feeds
    from pipeline.text import split_lines

    lines = split_lines(_glued_form_feeds(text))
    feeds = [i for i, char in enumerate(text) if char == "\f"]
    pages: list[list[int]] = [[] for _ in range(len(feeds) + 1)]
    for i, line in enumerate(lines):
        if line.text.strip():
            first = line.start + len(line.text) - len(line.text.lstrip())
            pages[bisect_right(feeds, first)].append(i)
    return pages


PAGE_PIECES = ["a", "b c", " ", "\n", "\n\n", "\f", " \f ", "\f\n"]


@given(st.lists(st.sampled_from(PAGE_PIECES)).map("".join))
def test_pages_are_cut_at_each_form_feed_as_line_by_line(text: str) -> None:
    from pipeline.stages.pages import _compile, _glued_form_feeds, _pages
    from pipeline.text import Lines

    options = Config.load().page_break
    if "\f" in text:
        lines = Lines(_glued_form_feeds(text))
        assert _pages(text, lines, _compile(options), options)[0] == _pages_per_line(text)


def test_a_text_without_glued_form_feeds_is_split_once() -> None:
    from pipeline.stages.pages import _glued_form_feeds
    from pipeline.text import split_lines

    text = "Title\n\fBody line\n"
    assert _glued_form_feeds(text) is text  # the lines ``boilerplate`` split are reused
    assert split_lines(text) is split_lines(text)
    assert _glued_form_feeds("end\fstart") == "end\nstart"


LINE_PIECES = ["a", "Page", "B2", " ", "\t", "\f", "\u00a0", "12", "ß", "Σ", "\u0663", "-", "."]


@given(st.lists(st.lists(st.sampled_from(LINE_PIECES)).map("".join)))
def test_header_keys_are_the_header_key_of_each_line(texts: list[str]) -> None:
    """The keys found for many lines at once are those found line by line: the same collapsed
    whitespace, casefolding and digits as ``#`` (``line_key``), on ASCII and other text."""
    from pipeline.corpus import line_key
    from pipeline.stages._pagination import DIGITS, TWO_LETTERS, header_key, header_keys

    def by_regex(text: str) -> str | None:  # as `corpus.line_key` defines a line's key
        return DIGITS.sub("#", line_key(text)) if TWO_LETTERS.search(text) else None

    assert header_keys(texts) == [header_key(text) for text in texts]
    assert header_keys(texts) == [by_regex(text) for text in texts]


@given(
    st.lists(st.sampled_from(["", "  ", "\f", "Page 2", "a line of text", "12"]), max_size=12),
    st.data(),
)
def test_removal_proposals_read_lines_lazily_as_built(
    pieces: list[str], data: st.DataObject
) -> None:
    """The lazy :class:`Lines` (texts read, lines built only when blank) and the built lines give
    the same deletions, with a barrier on form-feed lines as ``boilerplate`` passes one."""
    from pipeline.stages._lines import removal_proposals
    from pipeline.text import Lines, split_lines

    text = "\n".join(pieces)
    built = split_lines(text)
    picked = data.draw(st.sets(st.integers(0, max(len(built) - 1, 0))))
    removed = {i: ("page-break", "page-number") for i in picked}

    def barrier(line: object) -> bool:
        return "\f" in getattr(line, "text", "")

    for kwargs in ({}, {"barrier": barrier}):
        lazy = removal_proposals(text, Lines(text), removed, **kwargs)  # type: ignore[arg-type]
        assert lazy == removal_proposals(text, built, removed, **kwargs)  # type: ignore[arg-type]
