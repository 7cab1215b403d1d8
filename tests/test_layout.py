"""Stage ``line-wrap``: paragraphs from hard-wrapped, double-spaced and page-broken lines."""

from __future__ import annotations

import pytest
from conftest import clean_upto

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
