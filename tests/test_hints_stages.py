"""The stages' use of layout hints (pipeline/hints.py), on texts of our own with hints as a PDF
reader would give them: each hint changes what its stage does, and no hint, no change."""

from __future__ import annotations

from conftest import clean_upto

from pipeline.config import Config
from pipeline.hints import Hints
from pipeline.stages.footnotes import hinted
from pipeline.stages.footnotes.markers import candidates
from pipeline.text import split_lines


def _span(text: str, piece: str, after: str = "") -> tuple[int, int]:
    start = text.index(piece, text.index(after) + len(after) if after else 0)
    return start, start + len(piece)


def test_only_raised_labels_are_markers() -> None:
    text = "The board met in 2014.1 It agreed.2 Then it went home.\n"
    found = candidates(text, split_lines(text), Config.load().footnotes)
    assert sorted(text[m.start : m.end] for m in found) == ["1", "2"]  # both guessed from text
    two = _span(text, "2", "agreed.")
    kept = hinted.markers(text, found, [two])
    assert [(m.start, m.rule) for m in kept] == [(two[0], "glued")]


def test_a_raised_label_the_text_did_not_guess_is_a_marker_with_its_space_cut() -> None:
    text = "The board met in December, 3 which was late.\n"
    three = _span(text, "3")
    (marker,) = hinted.markers(text, [], [three])
    assert (marker.rule, marker.label.bare, marker.cut) == (
        "superscript",
        "3",
        (three[0] - 1, three[1]),
    )


def test_hinted_furniture_goes_and_nothing_else() -> None:
    text = (
        "We met the members of the board on Monday and\n"
        "Budget Office\n"
        "\n"
        "1\n"
        "\fRiverside Friends\n"
        "\n"
        "asked them about the damp in the store.\n"
    )
    hints = Hints(
        pages=(text.index("\f") + 1,),
        furniture=(_span(text, "1"), _span(text, "Riverside Friends")),
    )
    doc = clean_upto(text, "page-break", hints=hints)
    assert "Riverside Friends" not in doc.text and "\f" not in doc.text
    assert "Budget Office" in doc.text  # a short line before a page number: the body's own
    assert [e.rule for e in doc.edits if e.kind == "page-break"].count("page-number") == 1


def test_an_indented_line_after_a_sentence_starts_a_paragraph() -> None:
    text = (
        "We write about the reading room and the hours it keeps on Saturdays for all\n"
        "the volunteers who sort the maps, and the students from the valley schools.\n"
        "We also write about the damp in the lower store, which the surveyor found\n"
        "rising last spring, and about the ledgers kept there on the lowest shelves.\n"
    )
    second = text.index("We also")
    without = clean_upto(text, "line-wrap")
    assert "schools. We also" in without.text  # full lines: nothing in the text shows a break
    doc = clean_upto(text, "line-wrap", hints=Hints(indented=(second,)))
    assert "schools.\n\nWe also" in doc.text
    assert "Saturdays for all the volunteers" in doc.text  # a full line still wraps


def test_a_note_continued_on_the_next_page_joins_its_note() -> None:
    page_one = (
        "The board kept its promise.1 It met again in spring and\n"
        "\n"
        "1 Minutes of the board, which recorded the vote and the names of\n"
    )
    page_two = "\fthe members present.\nagreed to open the room on Saturdays.\n"
    text = page_one + page_two
    note_start = text.index("1 Minutes")
    cont = _span(text, "the members present.")
    hints = Hints(
        pages=(len(page_one) + 1,),
        superscripts=(_span(text, "1"), (note_start, note_start + 1)),
        notes=((note_start, text.index("\n", note_start)), cont),
    )
    doc = clean_upto(text, "footnotes", hints=hints)
    (note,) = doc.footnotes
    assert note.text.endswith("the names of the members present.")
    assert "members present" not in doc.text


def test_a_web_page_has_no_page_furniture() -> None:
    # repeated short lines, as a recipe or a meal plan repeats them, at a page break's place
    text = (
        "Breakfast\nOats with apple.\n\nLunch\nBean soup.\n\fBreakfast\nEggs on toast.\n\n"
        "Lunch\nLentil salad.\n\fBreakfast\nRice porridge.\n\nLunch\nNoodles.\n"
    )
    doc = clean_upto(text, "page-break", hints=Hints(chrome=()))
    assert doc.text.count("Breakfast") == 3
    assert [e.rule for e in doc.edits if e.kind == "page-break"] == ["form-feed", "form-feed"]


def test_a_web_pages_numbered_list_is_no_footnotes() -> None:
    text = (
        "We list what the volunteers did1 this year. The steps were these:\n"
        "\n"
        "1 Sorting the maps by valley.\n"
        "2 Mending the ledgers.\n"
    )
    page = clean_upto(text, "footnotes", hints=Hints(web_page=True))
    assert page.footnotes == ()
    assert "1 Sorting the maps" in page.text
    assert clean_upto(text, "footnotes").footnotes  # as text, did1 links the first line
