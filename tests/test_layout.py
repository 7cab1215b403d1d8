"""Stage ``line-wrap``: paragraphs from hard-wrapped, double-spaced and page-broken lines."""

from __future__ import annotations

import pytest
from conftest import clean_upto

from pipeline import clean_text
from pipeline.stages._lines import typeset_width

# A letter's paragraph hard-wrapped at about 72 characters (a column: `typeset_width` measures it).
WRAPPED = (
    "We write on behalf of our organisations to ask that the council keep the\n"
    "situation of detainees on its agenda at the coming session. Our staff have\n"
    "spoken with more than forty people who left the country in the past year,\n"
    "and their accounts match what earlier inquiries described in great detail.\n"
    "Many of them were held for months without charge, moved between camps at\n"
    "night, and denied any contact with their families. Some were told that a\n"
    "relative had been punished for their departure. None of them was ever\n"
    "brought before a judge or allowed to speak with a lawyer of their choice.\n"
    "These practices are not isolated. They follow a pattern that has been\n"
    "recorded for more than a decade by researchers, journalists and former\n"
)
JOINED = " ".join(WRAPPED.splitlines())

CASES = {
    "single-spaced-wrap": (
        "The purpose of this letter is to urge you to refer the cases of gross\n"
        "human rights violations to the Court.\n \nSecond paragraph here.\n",
        "The purpose of this letter is to urge you to refer the cases of gross human rights "
        "violations to the Court.\n\nSecond paragraph here.\n",
    ),
    "double-spaced-with-whitespace-breaks": (
        "We are writing to you to express our support for the letter sent to the \n\n"
        "President on December 5, 2014 signed by ten Council members, urging formal \n\n"
        "discussion.\n \n\n \n\nAs you know, the Commission of Inquiry on the human rights \n\n"
        "situation concluded that the patterns of violations meet the high threshold.\n",
        "We are writing to you to express our support for the letter sent to the President on "
        "December 5, 2014 signed by ten Council members, urging formal discussion.\n\n"
        "As you know, the Commission of Inquiry on the human rights situation concluded that "
        "the patterns of violations meet the high threshold.\n",
    ),
    "page-break-lost-blank-line": (
        "It further encourages the Security Council to consider taking appropriate action, \n\n"
        "to ensure accountability for these crimes of the gravest kind there are, including \n"
        " through referral to the International Criminal Court. In our view it is essential\n\n"
        "given the gravity.\n \n\nNext paragraph of the letter follows here in full.\n",
        "It further encourages the Security Council to consider taking appropriate action, to "
        "ensure accountability for these crimes of the gravest kind there are, including through "
        "referral to the International Criminal Court. In our view it is essential given the "
        "gravity.\n\nNext paragraph of the letter follows here in full.\n",
    ),
    "address-block-keeps-its-lines": (
        "December 8, 2016\n \nMembers of the Security Council\nc/o Permanent Mission of Spain to"
        " the United Nations in New York\n245 East 47th Street\nNew York, NY 10017\n \n"
        "Dear Members,\n \nThe purpose of this letter is to urge you to refer the cases to the\n"
        "International Criminal Court without any further delay at all.\n",
        "December 8, 2016\n\nMembers of the Security Council\nc/o Permanent Mission of Spain to"
        " the United Nations in New York\n245 East 47th Street\nNew York, NY 10017\n\n"
        "Dear Members,\n\nThe purpose of this letter is to urge you to refer the cases to the "
        "International Criminal Court without any further delay at all.\n",
    ),
    "closed-em-dash-joins-without-space": (
        "the bellicose response to the latest vote in the General Assembly’s committee—\n"
        "characterizing it as hostile, and so on until the end of this line here.\n",
        "the bellicose response to the latest vote in the General Assembly’s "
        "committee—characterizing it as hostile, and so on until the end of this line here.\n",
    ),
    "web-paragraphs-stay-apart": (
        "Skip intro.\n\nA whole paragraph on one line, as web pages give it to us.\n\n"
        "Another paragraph.\n\n\nThe end.\n",
        "Skip intro.\n\nA whole paragraph on one line, as web pages give it to us.\n\n"
        "Another paragraph.\n\nThe end.\n",
    ),
    "leading-and-trailing-blank-lines": ("\n \n\nText.\n\n \n", "Text.\n"),
    # Justified text marks a paragraph's end only by room left on its last line.
    "a-sentence-end-with-room-for-the-next-word-ends-a-paragraph": (
        WRAPPED + "officials, who have shown that the pattern goes on.\nWe therefore urge your "
        "delegation to support language that renews\nthe mandate of the expert.\n",
        JOINED + " officials, who have shown that the pattern goes on.\n\nWe therefore urge your "
        "delegation to support language that renews the mandate of the expert.\n",
    ),
    "a-closing-after-a-full-line-keeps-its-line": (
        WRAPPED + "officials, and they continue because no one has been held to account.\n"
        "Yours faithfully,\nNorthern Rights Forum\nCentre for Testimony\n",
        JOINED + " officials, and they continue because no one has been held to account.\n\n"
        "Yours faithfully,\n\nNorthern Rights Forum\nCentre for Testimony\n",
    ),
    "a-date-line-is-a-paragraph-of-its-own": (
        "Joint Letter on the Follow-up to the Inquiry\nGeneva, 5 March 2015\n"
        "H.E. Ambassador Maria Example\nPresident of the Council\nExcellency,\n" + WRAPPED,
        "Joint Letter on the Follow-up to the Inquiry\n\nGeneva, 5 March 2015\n\n"
        "H.E. Ambassador Maria Example\nPresident of the Council\n\nExcellency,\n\n"
        + JOINED
        + "\n",
    ),
    "a-wrapped-dear-is-no-salutation": (
        "The principles that the members of the Council say they hold most\n"
        "dear, and the commitments they made, ask them to act on the findings,\n"
        "and to do so before the session closes at the end of the coming week.\n",
        "The principles that the members of the Council say they hold most dear, and the "
        "commitments they made, ask them to act on the findings, and to do so before the "
        "session closes at the end of the coming week.\n",
    ),
    # A short first line broken at a hyphen: the word runs on, and so does the paragraph.
    "short-line-broken-at-a-hyphen": (
        "Field-\nbased monitoring\ncontinued all year\nin every province.\n",
        "Field-based monitoring continued all year in every province.\n",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES), ids=str)
def test_layout_case(case: str) -> None:
    raw, expected = CASES[case]
    doc = clean_upto(raw, "line-wrap")
    assert doc.text == expected
    assert clean_upto(doc.text, "line-wrap").edits == ()


def test_a_lost_blank_line_mid_sentence_is_a_page_break_edit() -> None:
    raw, _ = CASES["page-break-lost-blank-line"]
    kinds = {(e.kind, e.rule) for e in clean_upto(raw, "line-wrap").edits}
    assert ("page-break", "lost-blank-line") in kinds
    assert ("line-wrap", "double-spaced") in kinds


def test_a_fragment_after_a_removed_marker_continues_its_line() -> None:
    raw = (
        "the Commission found that they face a denial of the right to freedom of thought,”\n"
        "i\n and of \n\nexpression and association,”\nii\n and that the police \n\nemploy "
        "violence and punishments in order to create a climate of fear.\n \n\nNext paragraph "
        "starts here.\n \n\ni UN Doc. A/HRC/25/63, para. 1.\nii Ibid., para. 2.\n"
    )
    doc = clean_upto(raw, "line-wrap")
    assert "association,” and that the police employ violence" in doc.text
    assert doc.text.count("\n\n") == 1


def test_the_width_ignores_merged_lines_and_keeps_to_the_column() -> None:
    column = [88, 90, 91, 92, 89, 90, 93, 91, 90, 88]
    assert typeset_width(column) == 91
    assert typeset_width([*column, 181, 185]) <= max(column)  # two lines merged by the extractor
    # Whole notes printed as one line each: a third of the characters, but capped near the column.
    assert typeset_width([*column, 190, 230, 260]) <= 1.1 * max(column)
    assert min(column) <= typeset_width([30] * 20 + column) <= max(column)  # many signatories
    assert typeset_width([24, 27, 13, 42, 11, 48]) == 48  # no column: the longest line


def test_a_signatory_list_after_a_full_line_stays_a_list() -> None:
    raw = (
        "We thank you for your attention and remain at your disposal for any further\n"
        "information on the matters raised in this letter, and we look forward to it.\n"
        "Yours faithfully,\nNorthern Rights Forum\nCentre for Testimony and Memory\n"
    )
    doc = clean_upto(raw, "line-wrap")
    assert doc.text.endswith(
        "forward to it.\n\nYours faithfully,\n\nNorthern Rights Forum\n"
        "Centre for Testimony and Memory\n"
    )


def test_a_signatory_list_broken_by_a_page_keeps_its_lines() -> None:
    body = (
        "We recall that the inquiry documented a pattern of abductions over many decades and\n"
        "that the families of those taken have waited for answers for far too long already.\n"
    )
    raw = (
        body * 3 + "\nWith respect,\n\nNorthern Rights Forum\nCentre for Testimony and Memory\n"
        "Harbour Families Group\n\n1\n\f"
        "Island Legal Aid Office\nCoastal Watch on Detention\n\n2\n"
    )
    doc = clean_upto(raw, "line-wrap")
    assert doc.text.endswith(
        "With respect,\n\nNorthern Rights Forum\nCentre for Testimony and Memory\n"
        "Harbour Families Group\nIsland Legal Aid Office\nCoastal Watch on Detention\n"
    )


def test_a_hyphen_break_after_a_short_line_is_joined_on_the_first_run() -> None:
    """Found by the idempotence property: a short line ending in a hyphen kept its break, the
    hyphenation stage joined it, and the next run read the longer line as full and joined it
    to the line after — a second run changed the text."""
    once = clean_text("well-\n known\nhu\xadmanhu\xadman").text
    assert once == "well-known humanhuman\n"
    assert clean_text(once).text == once


def test_a_salutation_after_a_page_break_is_its_own_paragraph() -> None:
    """Found by the idempotence property: across the removed page furniture the salutation
    kept a line break only, and a second run, with no page break left, gave it its paragraph."""
    raw = (
        "Rights Watch Office\nVia email \n Indeed, the government’s \n\n1\f"
        "Rights Watch Office\nDear Ambassador, \n\n2"
    )
    once = clean_text(raw).text
    assert once.endswith("the government’s\n\nDear Ambassador,\n")
    assert clean_text(once).text == once


def test_a_line_kept_across_a_removed_marker_is_a_paragraph_where_it_would_be_one() -> None:
    """Found by the idempotence property: ``We saw crimes.`` / ``1`` / ``We saw crimes.`` kept
    the second sentence on a line of its own; a second run, with the marker gone, read the
    first line as ended by its author, and made a paragraph break."""
    raw = (
        "\n\n Indeed, the government of the country’s \n People who are not held also suffer "
        "serious abuses of rights \nWe saw crimes.\n1\n We saw crimes.\n2\n \n\n"
        "1 A report, para. 80.\n2 A report, para. 81.\n"
    )
    once = clean_text(raw).text
    assert once.endswith("We saw crimes.\n\nWe saw crimes.\n")
    assert clean_text(once).text == once
