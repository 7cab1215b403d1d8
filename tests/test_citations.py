"""Citations in note text: UN document symbols, pinpoints, Ibid. and short forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.citations import SYMBOL, parse_citations
from pipeline.document import Citation

# (id, notes in order, expected citations per note as [(document, [paragraphs])])
# fmt: off
CASES = [
    (
        "symbol-without-pinpoint",
        ["Letter dated 5 December 2014 …, S/2014/872 (5 December 2014)."],
        [[("S/2014/872", [])]],
    ),
    (
        "paras-list-with-and",
        ["UN Doc. A/HRC/25/CRP.1 (7 February 2014) (Commission of Inquiry report), paras 1216 "
         "and 1211."],
        [[("A/HRC/25/CRP.1", ["1216", "1211"])]],
    ),
    (
        "range-as-written",
        ["UN Doc. A/HRC/25/63, paras. 59-61.", "UN Doc. A/HRC/25/63, paras 59 – 61."],
        [[("A/HRC/25/63", ["59-61"])], [("A/HRC/25/63", ["59–61"])]],
    ),
    (
        "paragraph-words",
        ["A/69/548, paragraph 5", "A/69/548, paragraphs 5, 7 and 9", "A/69/548, § 12", "A/69/548"],
        [
            [("A/69/548", ["5"])],
            [("A/69/548", ["5", "7", "9"])],
            [("A/69/548", ["12"])],
            [("A/69/548", [])],
        ],
    ),
    (
        "two-documents-in-one-note",
        ["UN Doc. A/RES/69/188, para. 8; UN Doc. A/RES/70/172, para. 10."],
        [[("A/RES/69/188", ["8"]), ("A/RES/70/172", ["10"])]],
    ),
    (
        "ibid-takes-the-previous-document",
        ["UN Doc. A/HRC/25/CRP.1, para. 751.", "Ibid., paras. 1034 and 1038."],
        [[("A/HRC/25/CRP.1", ["751"])], [("A/HRC/25/CRP.1", ["1034", "1038"])]],
    ),
    (
        "ibid-after-ibid",
        ["A/HRC/25/63 (7 February 2014).", "Ibid., para. 80.", "ibid. para 86"],
        [[("A/HRC/25/63", [])], [("A/HRC/25/63", ["80"])], [("A/HRC/25/63", ["86"])]],
    ),
    (
        "short-form-defined-after-a-date",
        [
            "UN Doc. A/HRC/25/63, 7 February 2014 (COI report), paras. 24–26.",
            "COI report, para. 80.",
        ],
        [[("A/HRC/25/63", ["24–26"])], [("A/HRC/25/63", ["80"])]],
    ),
    (
        "short-form-in-another-case-and-without-spaces",
        ["UN Doc. A/HRC/25/CRP.1 (detailed findings).", "Detailed findings, para. 5.",
         "COI report, para. 1.", "detailedfindings,para.6."],
        [[("A/HRC/25/CRP.1", [])], [("A/HRC/25/CRP.1", ["5"])], [],
         [("A/HRC/25/CRP.1", ["6"])]],
    ),
    (
        "pinpoints-with-topics-in-brackets",
        ["UN Doc. A/HRC/25/CRP.1, paras. 70–79 (camps) and 81–86 (executions)."],
        [[("A/HRC/25/CRP.1", ["70–79", "81–86"])]],
    ),
    (
        "bare-ibid-keeps-the-pinpoint",
        ["A/HRC/25/63, para. 80.", "Ibid."],
        [[("A/HRC/25/63", ["80"])], [("A/HRC/25/63", ["80"])]],
    ),
    (
        "ibid-after-a-note-without-symbol",
        ["Korean Central News Agency, statement of 12 December 2015.", "Ibid."],
        [[], []],
    ),
    (
        "short-form-after-the-symbol-skips-the-date",
        ["Report …, UN Doc. A/HRC/25/CRP.1 (7 February 2014) (Commission of Inquiry report), "
         "paras 1216 and 1211.",
         "Report …, UN Doc. A/HRC/25/63 (Commission of Inquiry main findings), para. 76.",
         "Commission of Inquiry report, para. 1217."],
        [[("A/HRC/25/CRP.1", ["1216", "1211"])], [("A/HRC/25/63", ["76"])],
         [("A/HRC/25/CRP.1", ["1217"])]],
    ),
    (
        "short-form-before-the-symbol",
        ["See, e.g., Report of the UN Commission … Korea (COI report), UN Doc. A/HRC/25/63 "
         "(7 February 2014) paras. 59-61. See also Situation …, UN Doc. A/69/548 (24 October "
         "2014) para. 51 (in which the Special Rapporteur notes North Korea’s continued denial).",
         "COI report, para 26.", "Ibid., para 56."],
        [[("A/HRC/25/63", ["59-61"]), ("A/69/548", ["51"])], [("A/HRC/25/63", ["26"])],
         [("A/HRC/25/63", ["56"])]],
    ),
    (
        "short-form-hereinafter-in-quotes",
        ["A/HRC/34/66 (hereinafter “GIE report”).", "GIE report, paras. 81-84."],
        [[("A/HRC/34/66", [])], [("A/HRC/34/66", ["81-84"])]],
    ),
    (
        "short-form-mentioned-without-pinpoint-is-not-a-citation",
        ["UN Doc. A/HRC/25/63 (COI report).", "The COI report was debated in March 2014."],
        [[("A/HRC/25/63", [])], []],
    ),
    (
        "long-remark-is-not-a-short-form",
        ["A/69/548 (in which the Special Rapporteur notes continued denial).",
         "in which the Special Rapporteur notes continued denial, para. 4"],
        [[("A/69/548", [])], []],
    ),
    (
        "no-symbol",
        ["Korean Central News Agency, statement of 12 December 2015, para. 3."],
        [[]],
    ),
]
# fmt: on


@pytest.mark.parametrize(("notes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_citations(notes: list[str], expected: list[list[tuple[str, list[str]]]]) -> None:
    got = parse_citations(notes)
    assert [[(c.document, list(c.paragraphs)) for c in note] for note in got] == expected


SYMBOLS = ["A/HRC/25/63", "A/HRC/25/CRP.1", "S/2014/872", "A/69/548", "E/CN.4/1998/45",
           "A/RES/69/188", "A/C.3/69/L.28", "A/HRC/34/66/Add.1", "S/RES/2270",
           "CCPR/C/PRK/CO/2", "A/HRC/WG.6/19/PRK/1", "E/CN.4/2005/L.10/Add.11"]  # fmt: skip


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_un_symbols_are_read_by_their_grammar(symbol: str) -> None:
    assert parse_citations([f"See UN Doc. {symbol}, para. 3."]) == [(Citation(symbol, ("3",)),)]


@pytest.mark.parametrize("text", ["and/or", "24/7", "HIV/AIDS", "N/A", "Rapporteurs/Envoys"])
def test_slashed_words_are_not_symbols(text: str) -> None:
    assert [m.group() for m in SYMBOL.finditer(text) if any(c.isdigit() for c in m.group())] == []


@given(st.lists(st.text(alphabet="A/HRC2563.,() paraIbid§-–andCOI report", max_size=40)))
def test_property_any_notes_parse_without_error(notes: list[str]) -> None:
    result = parse_citations(notes)
    assert len(result) == len(notes)
    assert all(c.document for note in result for c in note)
