"""Stage ``footnotes``: markers removed, bodies moved out and linked, on cases, seeds, fixtures."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_FILES, TESTS, clean_upto
from hypothesis import given
from hypothesis import strategies as st

from pipeline import Config, replay
from pipeline.document import Document, Finding, Source
from pipeline.ledger import Ledger, Proposal
from pipeline.stages import Context, StageOutput, footnotes
from pipeline.stages.footnotes import link_footnotes

CONTEXT = Context(Config.load())
FIXTURES = TESTS / "fixtures" / "artefacts"


def run(text: str) -> tuple[StageOutput, Ledger]:
    """The stage alone on ``text``: its output and the ledger after it."""
    doc = Document("case", Source("<case>", "0" * 64, "utf-8"), Ledger(text))
    output = link_footnotes(doc, CONTEXT)
    return output, doc.ledger.apply(output.proposals)


def footnote_findings(doc: Document) -> list[Finding]:
    return [f for f in doc.findings if f.code.startswith("footnote.")]


# -- a catalogue of small cases: (id, input, clean text, linked labels, findings) ---------------

CASES = [
    ("alone-on-line-digit",
     "the world.”\n1\n The crimes.\n\n1 UN Doc. A/HRC/25/63.\n",
     "the world.”\n The crimes.\n", ["1"], []),
    ("alone-on-line-roman",
     "denial.\ni\n North Koreans.\nii\n\nEnd.\n\ni See A.\nii See B.\n",
     "denial.\n North Koreans.\n\nEnd.\n", ["i", "ii"], []),
    ("glued-after-quote-and-year",
     "in March 2014.1 It said “world.”2 Nothing.\n\n1 Note one.\n2 Note two.\n",
     "in March 2014. It said “world.” Nothing.\n", ["1", "2"], []),
    ("superscripts-and-a-unit",
     "a crime.¹ It covers 560 km² and more.² Humanity³ too.\n\nNotes\n1 One.\n2 Two.\n",
     "a crime. It covers 560 km² and more. Humanity too.\n", ["1", "2"],
     ["footnote.missing-body"]),
    ("bracketed-and-parenthesised",
     "the State.”[1] “[t]he [DPRK] [sic] (2014) Article 13(b) (A/HRC/31/70).”(2) End.\n\n"
     "Endnotes\n\n[1] First.\n(2) Second.\n",
     "the State.” “[t]he [DPRK] [sic] (2014) Article 13(b) (A/HRC/31/70).” End.\n", ["1", "2"],
     []),
    ("bracket-with-a-space-before-goes-with-it",
     "as reported [1] and again [1].\n\n[1] A report.\n",
     "as reported and again.\n", ["1"], []),
    ("page-bottom-block-mid-sentence-double-spaced",
     "Said “this.”\n1\n and “that.”\n2\n\n against the international\n\n       \n"
     "1 Letter dated 5 December\n\nto the Council.\n2 Ibid., para. 4.\n community as embodied.\n",
     "Said “this.”\n and “that.”\n\n against the international\n community as embodied.\n",
     ["1", "2"], []),
    ("page-bottom-block-single-spaced-with-blank-lines",
     "It said so.1 They remain in\n\n1 See UN Doc.\nA/HRC/25/63, para.\n80.\n\nplace. Next.\n",
     "It said so. They remain in\nplace. Next.\n", ["1"], []),
    ("block-between-sentences-keeps-the-paragraph-break",
     "A sentence.1\n\n1 A note.\n\nNext paragraph.\n",
     "A sentence.\n\n\nNext paragraph.\n", ["1"], []),
    ("lowercase-line-after-a-note-is-text",
     "It has.1 The Republic has\n1 Ibid., para. 94.\npersistently refused.\n",
     "It has. The Republic has\npersistently refused.\n", ["1"], []),
    ("a-note-without-marker-in-a-block-is-an-orphan",
     "It has.1 The Republic has\n1 Ibid., para. 94.\n2 Ibid., para. 95.\npersistently refused.\n",
     "It has. The Republic has\npersistently refused.\n", ["1"], ["footnote.orphan-body"]),
    ("a-block-without-any-marker-is-text",
     "The Republic has\n1 Ibid., para. 94.\npersistently refused.\n",
     "The Republic has\n1 Ibid., para. 94.\npersistently refused.\n", [], []),
    ("missing-body-is-reported-not-invented",
     "One.1 Two.2 Three.3\n\n1 A.\n3 C.\n",
     "One. Two. Three.\n", ["1", "3"], ["footnote.missing-body"]),
    ("label-glued-to-its-body",
     "Asked.1 Answered.2\n\n1Letter from the Council.\n2Ibid., para. 7.\n",
     "Asked. Answered.\n", ["1", "2"], []),
    ("label-alone-above-its-body",
     "Asked.1 Answered.2\n\nNotes\n1\nLetter from the Council.\n2\n\nIbid., para. 7.\n",
     "Asked. Answered.\n", ["1", "2"], []),
    ("roman-markers-glued-after-a-stop-and-a-quote",
     "They deny.i It is “closed.”ii\n\nEndnotes\ni A report.\nii Ibid., para. 2.\n",
     "They deny. It is “closed.”\n", ["i", "ii"], []),
    ("excerpt-numbered-from-twelve",
     "First.12 Second.13 Third.14\n\n12 A.\n13 B.\n14 C.\n",
     "First. Second. Third.\n", ["12", "13", "14"], []),
    ("number-glued-to-a-word",
     "The abuses3 go on.4 Still.\n\n3 One.\n4 Two.\n",
     "The abuses go on. Still.\n", ["3", "4"], []),
    ("lost-note-glued-to-a-word-between-two-markers",
     "First.1 The abuses2 go on.3\n\n1 One.\n3 Three.\n",
     "First. The abuses go on.\n", ["1", "3"], ["footnote.missing-body"]),
    ("roman-markers-glued-to-words-and-a-lost-one",
     "The camps.i Their policiesii go on, and protocolsiii matter.iv\n\ni A.\nii B.\niv D.\n",
     "The camps. Their policies go on, and protocols matter.\n", ["i", "ii", "iv"],
     ["footnote.missing-body"]),
    ("roman-ending-of-a-word-out-of-sequence-stays",
     "The camps.i A taxi came.\n\ni A.\nii B.\n",
     "The camps. A taxi came.\n", ["i"], ["footnote.orphan-body"]),
    ("marker-set-off-by-a-space",
     "It said “never.” 1 We agree, 2 and so do they.\n\n1 One.\n2 Two.\n",
     "It said “never.” We agree, and so do they.\n", ["1", "2"], []),
    ("roman-markers-set-off-by-a-space-and-at-a-line-end",
     "It took a year. i Its work, ii\nand more.\n\ni A.\nii B.\n",
     "It took a year. Its work,\nand more.\n", ["i", "ii"], []),
    ("page-number-after-its-note-is-no-second-note",
     "Asked.1 Done the\n1 The note.\n1\nHeader Line\nnext day.\n",
     "Asked. Done the\n1\nHeader Line\nnext day.\n", ["1"], []),
    ("note-wrapped-after-a-full-stop-keeps-its-tail",
     "One.1 Two.2\n\n1 COI report, para. 27.\nThe Commission said more.\n2 Ibid., para. 3.\n",
     "One. Two.\n", ["1", "2"], []),
    ("notes-glued-to-the-last-line-of-a-page",
     "Asked.1 And so.2 We wrote to the Repub1Letter to the Council.\n2 Ibid., para. 3.\n"
     "lic of Korea.\n",
     "Asked. And so. We wrote to the Republic of Korea.\n", ["1", "2"], []),
    ("note-glued-with-a-space-to-the-last-line-of-a-page",
     "Asked.1 And so.2 We wrote to the Repub1 Letter to the Council.\n2 Ibid., para. 3.\n"
     "lic of Korea.\n",
     "Asked. And so. We wrote to the Republic of Korea.\n", ["1", "2"], []),
    ("roman-notes-glued-to-the-last-line-of-a-page",
     "Asked.i And so.ii We wrote to the whole wide world, and the wori Letter to the Council.\n"
     "ii Ibid., para. 3.\nld listened.\n",
     "Asked. And so. We wrote to the whole wide world, and the world listened.\n",
     ["i", "ii"], []),
    ("a-note-stops-at-the-text-that-resumes-with-a-marker",
     "One.1 Two the\n1 A note that runs on to the\nthings we said,2 and more.\n\n2 B.\n",
     "One. Two the\nthings we said, and more.\n", ["1", "2"], []),
    ("column-of-labels-then-texts",
     "One.1 Two.2 Three.3\n\n1\n2\n3\n\nFirst, UN Doc.\nA/HRC/25/63.\nSecond.\nThird.\n",
     "One. Two. Three.\n", ["1", "2", "3"], []),
    ("page-number-above-a-new-page-is-no-note",
     "Asked.1 Done.\n1\n\fNext page starts.\n\n1 The note.\n",
     "Asked. Done.\n1\n\fNext page starts.\n", ["1"], []),
    ("rule-and-heading-go-with-the-notes",
     "A claim.1\nSincerely,\nAn Organisation\n\n_______________\n\nFootnotes:\n\n1 A.\n",
     "A claim.\nSincerely,\nAn Organisation\n", ["1"], []),
    # Numbered lines that are not notes, though one number fits: a results table after a date
    # (one marker for ten bodies), a lone number above a line opening with it, a repeated line.
    ("a-table-after-a-date-is-no-note-block",
     "Standings\n\nfriday, 9 de maio\n\n"
     + "".join(f"{n}  Runner Number{n}  {100 - n}\n" for n in range(1, 13)),
     "Standings\n\nfriday, 9 de maio\n\n"
     + "".join(f"{n}  Runner Number{n}  {100 - n}\n" for n in range(1, 13)), [], []),
    ("a-lone-late-number-is-no-note",
     "The picture.\n640\n480\nPictureDesk https://example.org/a.jpg\n\n480 Pixels high.\n",
     "The picture.\n640\n480\nPictureDesk https://example.org/a.jpg\n\n480 Pixels high.\n",
     [], []),
    ("a-repeated-label-without-its-marker-is-text",
     "PLAN MAX: 20\n" + "\nEvening\n\n20 minutes before bed\n\nA drink\n" * 3,
     "PLAN MAX: 20\n" + "\nEvening\n\n20 minutes before bed\n\nA drink\n" * 3, [], []),
    ("a-page-number-above-a-line-is-no-second-note",
     "It held.1 We ask.2\n1\nFinally, we close.\n\nNotes\n1 First.\n2 Second.\n",
     "It held. We ask.\n1\nFinally, we close.\n", ["1", "2"], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "clean", "linked", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_case(text: str, clean: str, linked: list[str], codes: list[str]) -> None:
    output, ledger = run(text)
    assert ledger.text == clean
    assert replay(text, ledger.edits) == clean
    assert {e.kind for e in ledger.edits} <= {"footnote-marker", "footnote-body"}
    assert [n.label for n in output.footnotes or () if n.anchors] == linked
    assert sorted(f.code for f in output.findings) == sorted(codes)


# Numbers and brackets that are not footnote markers, with notes in the text to tempt the stage.
NOT_MARKERS = [
    ("year-in-parentheses", "The Commission (2014) found (1) a pattern."),
    ("article-subparagraph", "Under Article 13(b) and Article 6(1) it may act."),
    ("editorial-brackets", "“[t]he [DPRK] is [sic] responsible.”"),
    ("symbol-in-parentheses", "See his report (A/HRC/31/70) and A/HRC/25/CRP.1 today."),
    ("decimal-and-thousands", "Some 3.5 million and 1,200 people, at 10:30."),
    ("abbreviation", "See No.1 and para.1 for details."),
    ("enumeration-with-space", "Two duties: (1) to protect and (2) to punish."),
    ("number-without-notes", "the world.”1 Nothing more\n1\nhappened."),
    ("lone-number-counting-down", "Text.\n3\nMore text.\n"),
]


@pytest.mark.parametrize("text", [c[1] for c in NOT_MARKERS], ids=[c[0] for c in NOT_MARKERS])
def test_not_a_marker(text: str) -> None:
    output, _ = run(text)
    assert output.proposals == ()
    assert output.findings == ()


def test_a_numbered_line_without_a_marker_stays_text() -> None:
    text = "We ask you to:\n1 refer the situation to the Court;\n2 adopt sanctions.\n"
    assert run(text)[0].proposals == ()


def test_a_roman_marker_glued_to_a_word_is_the_only_candidate() -> None:
    # No other marker candidate in the text: its roman note still makes it sought.
    text = "The Commission found that the policiesi decided the matter.\n\ni Report of it.\n"
    output, ledger = run(text)
    assert ledger.text == "The Commission found that the policies decided the matter.\n"
    assert [(n.label, n.text) for n in output.footnotes] == [("i", "Report of it.")]


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (
            ["the Democratic People’s Re-", "public of Korea."],
            "the Democratic People’s Republic of Korea.",
        ),
        (["UN Doc. A/", "HRC/25/63, para. 5."], "UN Doc. A/HRC/25/63, para. 5."),
        (["paras. 59-", "61."], "paras. 59-61."),
        (["a well-", "known case."], "a well-known case."),
        (["Kim Jong-", "Un said."], "Kim Jong-Un said."),
    ],
    ids=["hyphen-break", "slash-break", "range", "compound-word", "capital-after-the-break"],
)
def test_note_lines_are_joined_clean(lines: list[str], text: str) -> None:
    marker = "A claim.1\n\n1 " + "\n".join(lines) + "\n"
    output, ledger = run(marker)
    assert [n.text for n in output.footnotes or ()] == [text]
    assert ledger.text == "A claim.\n"


def test_a_compound_seen_hyphenated_in_the_letter_keeps_its_hyphen() -> None:
    text = "A long-standing claim.1\n\n1 The long-\nstanding practice.\n"
    output, _ = run(text)
    assert [n.text for n in output.footnotes or ()] == ["The long-standing practice."]


def test_roman_excerpt_citations_resolve_ibid_and_short_forms() -> None:
    text = (
        "First.iii Second.iv Third.v\n\nNotes\n"
        "iii Report of the inquiry, UN Doc. A/HRC/25/63, 7 February 2014 (COI report), para. 8.\n"
        "iv Ibid., para. 9.\n"
        "v COIreport, paras. 10 and 11.\n"
    )
    output, _ = run(text)
    cited = [
        (n.label, [(c.document, c.paragraphs) for c in n.citations]) for n in output.footnotes or ()
    ]
    assert cited == [
        ("iii", [("A/HRC/25/63", ("8",))]),
        ("iv", [("A/HRC/25/63", ("9",))]),
        ("v", [("A/HRC/25/63", ("10", "11"))]),
    ]


def test_anchors_and_bodies_are_raw_spans() -> None:
    text = "A claim.¹\r\n\r\nNotes\r\n¹ UN Doc. A/HRC/25/63, para. 80.\r\n"
    doc = clean_upto(text, "footnotes")
    (note,) = doc.footnotes
    assert [text[a:b] for a, b in note.anchors] == ["¹"]
    assert text[note.raw_start : note.raw_end] == "¹ UN Doc. A/HRC/25/63, para. 80."
    assert note.text == "UN Doc. A/HRC/25/63, para. 80."
    assert [(c.document, c.paragraphs) for c in note.citations] == [("A/HRC/25/63", ("80",))]
    assert doc.text == "A claim.\n"


# -- the seeds ------------------------------------------------------------------------------

SEED = {path.name[:3]: path for path in SEED_FILES}
SEED_CASES = [
    ("001", ["1", "2", "3", "4", "6"], ["5"],
     ["Letter dated 5 December 2014", "para. 1217", "para. 1208", "Commission of Inquiry main",
      "S/2014/872", "\n1\n", "\n5\n"],
     ["community as embodied in the General Assembly", "world.”\n The crimes entail",
      "Jacob Blaustein Institute for the Advancement of Human Rights\n"]),
    ("004", ["i", "ii", "iii", "iv"], [],
     ["COI report", "Ibid., para 56", "E/CN.4/1998/45", "Terms of Reference", "\nii\n", "\niv\n"],
     ["impunity reigns.”\n  \n", "Jacob Blaustein Institute for the Advancement of Human Rights\n",
      "including\n through referral"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("seed", "linked", "lost", "gone", "kept"), SEED_CASES, ids=[c[0] for c in SEED_CASES]
)
def test_seed(
    seed: str, linked: list[str], lost: list[str], gone: list[str], kept: list[str]
) -> None:
    doc = clean_upto(SEED[seed].read_text(encoding="utf-8"), "footnotes")
    assert [n.label for n in doc.footnotes] == linked
    assert all(len(n.anchors) == 1 for n in doc.footnotes)
    findings = footnote_findings(doc)
    assert [doc.raw[f.raw_start : f.raw_end] for f in findings] == lost
    assert [f.code for f in findings] == ["footnote.missing-body"] * len(lost)
    assert [s for s in gone if s in doc.text] == []
    assert [s for s in kept if s not in doc.text] == []


def test_seed_citations() -> None:
    cited = {}
    for seed in ("001", "004"):
        doc = clean_upto(SEED[seed].read_text(encoding="utf-8"), "footnotes")
        for note in doc.footnotes:
            cited[seed, note.label] = [(c.document, list(c.paragraphs)) for c in note.citations]
    assert cited == {
        ("001", "1"): [("S/2014/872", [])],
        ("001", "2"): [("A/HRC/25/CRP.1", ["1216", "1211"])],
        ("001", "3"): [("A/HRC/25/63", ["76"])],
        ("001", "4"): [("A/HRC/25/CRP.1", ["1217"])],
        ("001", "6"): [("A/HRC/25/CRP.1", ["1208"])],
        ("004", "i"): [("A/HRC/25/63", ["59-61"]), ("A/69/548", ["51"])],
        ("004", "ii"): [("A/HRC/25/63", ["26"])],
        ("004", "iii"): [("A/HRC/25/63", ["56"])],
        ("004", "iv"): [("E/CN.4/1998/45", [])],
    }


@pytest.mark.parametrize("seed", ["000", "002", "003"])
def test_seeds_without_notes_are_left_alone(seed: str) -> None:
    doc = clean_upto(SEED[seed].read_text(encoding="utf-8"), "footnotes")
    assert [e for e in doc.edits if e.kind.startswith("footnote")] == []
    assert doc.footnotes == ()
    assert footnote_findings(doc) == []


# -- the artefact fixtures ------------------------------------------------------------------

FIXTURE_CASES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.json"))


def fixture(name: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    raw = (FIXTURES / f"{name}.txt").read_bytes().decode("utf-8")
    return raw, json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))


@pytest.mark.parametrize("name", FIXTURE_CASES)
def test_fixture_footnotes(name: str) -> None:
    raw, expected = fixture(name)
    doc = clean_upto(raw, "footnotes")
    notes = [
        {
            "label": n.label,
            "text": n.text,
            "citations": [
                {"document": c.document, "paragraphs": list(c.paragraphs)} for c in n.citations
            ],
        }
        for n in doc.footnotes
    ]
    assert notes == expected.get("footnotes", [])
    findings = footnote_findings(doc)
    lost = [doc.raw[f.raw_start : f.raw_end] for f in findings if f.code.endswith("missing-body")]
    assert lost == expected.get("missing_footnote_labels", [])
    assert [f for f in findings if f.code == "footnote.orphan-body"] == []
    if "footnotes" in expected:  # then every excluded string is a marker or note text
        assert [s for s in expected.get("text_excludes", []) if s in doc.text] == []
    else:
        assert [e for e in doc.edits if e.kind.startswith("footnote")] == []


# -- the rounds always end ------------------------------------------------------------------

# The stage alone on stdin, in a child process: a loop fails the test at the timeout instead of
# hanging the run.
STAGE_SCRIPT = """
import json, sys
from pipeline import Config
from pipeline.document import Document, Source
from pipeline.ledger import Ledger
from pipeline.stages import Context
from pipeline.stages.footnotes import link_footnotes
text = sys.stdin.read()
doc = Document("case", Source("<case>", "0" * 64, "utf-8"), Ledger(text))
out = link_footnotes(doc, Context(Config.load()))
notes = [note.label for note in out.footnotes or ()]
print(json.dumps({"notes": notes, "text": doc.ledger.apply(out.proposals).text}))
"""


def catalogue_input(name: str) -> str:
    cases = json.loads((TESTS / "cases" / "footnotes.json").read_text("utf-8"))
    return next(str(case["input"]) for case in cases if case["name"] == name)


def test_code_listings_with_line_number_columns_end_and_stay_text() -> None:
    """Regression: a web page of code listings (a column of line numbers alone, with the code
    lost in extraction; a column above the code lines; numbers glued to the code) read as note
    blocks whose bodies repeat each other's labels; a body of a column cannot be taken back on
    its own, and the rounds looped for ever. They end, and the listings stay text."""
    text = catalogue_input("code-listings-with-line-number-columns-stay-text")
    path = os.pathsep.join(p for p in (str(TESTS.parent), os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", STAGE_SCRIPT],
        input=text,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONPATH": path},
        cwd=TESTS.parent,  # "-c" puts the working directory first on the path: this checkout
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"notes": [], "text": text}


def cycled_notes(pages: int) -> str:
    """Pages of three sentences with markers glued after their stop and a block of their three
    notes; the labels climb to 30 and start again, so the second round of notes repeats the
    first one's labels, and its markers do not fit the sequence."""
    out = []
    for page in range(pages):
        labels = range(page * 3 % 30 + 1, page * 3 % 30 + 4)
        out.append("".join(f"We met witnesses {page} times.{n} They spoke.\n" for n in labels))
        out.append("\n" + "".join(f"{n} See the report, para. {n * 7 + page}.\n" for n in labels))
        out.append("\n")
    return "".join(out)


def test_repeated_labels_taken_back_at_once_read_as_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bodies repeating a label go in one round (a round each made a long text with many
    repeated labels quadratic); the reading is the one rounds taking them back one at a time
    give, here forced by saying every line holds a marker candidate. The first 30 notes are
    linked; the second round of notes, whose markers do not count up, stays text."""
    text = cycled_notes(20)
    output, ledger = run(text)
    assert [n.label for n in output.footnotes if n.anchors] == [str(n) for n in range(1, 31)]
    second = text[text.index("We met witnesses 10 times") :]
    assert ledger.text.endswith(second)
    monkeypatch.setattr(
        footnotes, "_candidate_lines", lambda text, found: set(range(text.count("\n") + 1))
    )
    one_at_a_time, slow = run(text)
    assert (one_at_a_time, slow.text) == (output, ledger.text)


def headless_notes(pages: int, lost: int) -> str:
    """Pages of six sentences with markers glued after their stop, a block of their six notes
    and a paragraph; the first ``lost`` pages lost their sentences (as when another stage took
    a long head away), so their blocks have no markers."""
    out = []
    for page in range(pages):
        labels = range(page * 6 + 1, page * 6 + 7)
        if page >= lost:
            out.append("".join(f"We met witnesses {page} times.{n} They spoke.\n" for n in labels))
        out.append("\n" + "".join(f"{n} See the report, para. {n * 7}.\n" for n in labels))
        out.append("\nThe mission went on.\nIt met more people.\n" * 4 + "\n")
    return "".join(out)


@pytest.mark.parametrize("lost", [1, 3])
def test_bodies_without_markers_taken_back_at_once_read_as_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch, lost: int
) -> None:
    """The bodies of a block without its markers go in fewer rounds than one a body (a round
    each, reading the whole text again, made a long text with many of them slow); the reading
    is the one rounds taking them back one at a time give. The blocks without markers stay
    text, the others are linked."""
    text = headless_notes(8, lost)
    reads: list[int] = []
    read = footnotes._Reading.of.__func__  # type: ignore[attr-defined]

    def counted(cls: type, *args: object) -> object:
        reads.append(1)
        return read(cls, *args)

    monkeypatch.setattr(footnotes._Reading, "of", classmethod(counted))
    output, ledger = run(text)
    linked = [str(n) for n in range(lost * 6 + 1, 49)]
    assert [n.label for n in output.footnotes if n.anchors] == linked
    assert "1 See the report, para. 7." in ledger.text
    fast = len(reads)
    monkeypatch.setattr(footnotes.Peeler, "peelable", lambda *args: footnotes.peeling.Peel(1))
    reads.clear()
    one_at_a_time, slow = run(text)
    assert (one_at_a_time, slow.text) == (output, ledger.text)
    assert fast < len(reads) and len(reads) > lost * 6


NOTE_PIECES = st.lists(
    st.one_of(
        st.builds("{} See the report, para. {}.\n".format, st.integers(1, 14), st.integers(1, 9)),
        st.builds(  # a run of notes counting up
            lambda first, size: "".join(
                f"{n} See the report.\n" for n in range(first, first + size)
            ),
            st.integers(1, 12),
            st.integers(2, 6),
        ),
        st.builds("{} members met the\n".format, st.integers(1, 14)),  # a note going on
        st.builds("We met them.{} They spoke.\n".format, st.integers(1, 14)),
        st.builds("{}\n".format, st.integers(1, 14)),
        st.sampled_from(["\n", "The mission went on.\n", "Notes\n", "Title\n"]),
    ),
    max_size=60,
)


@given(NOTE_PIECES)
def test_property_bodies_taken_back_at_once_read_as_one_at_a_time(pieces: list[str]) -> None:
    """Whatever the mix of notes, markers and numbered lines, taking bodies back in one round
    (see ``footnotes.peeling``) gives the reading of rounds one at a time."""
    text = "".join(pieces)
    output, ledger = run(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(footnotes.Peeler, "peelable", lambda *args: footnotes.peeling.Peel(1))
        one_at_a_time, slow = run(text)
    assert (one_at_a_time, slow.text) == (output, ledger.text)


# -- properties -----------------------------------------------------------------------------

NOTED = [SEED["001"], SEED["004"], *(FIXTURES / f"{n}.txt" for n in FIXTURE_CASES)]


@pytest.mark.parametrize("path", NOTED, ids=[p.stem for p in NOTED])
def test_the_stage_on_its_own_output_proposes_nothing(path: Path) -> None:
    doc = clean_upto(path.read_bytes().decode("utf-8"), "footnotes")
    again = link_footnotes(doc, CONTEXT)
    assert again.proposals == ()
    assert again.findings == ()


PIECES = ["1", "2", "3", "ii", "i", "¹", "²", "[1]", "(2)", "(2014)", ".", ",", "”", "“", " ",
          "\n", "\n\n", " \n", "word", "Word", "1 Note text.", "2 Ibid., para. 3.", "Notes",
          "____", "km", "UN Doc.", "A/HRC/25/63"]  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@given(TEXT)
def test_property_replay_and_spans_in_bounds(text: str) -> None:
    output, ledger = run(text)
    assert replay(text, ledger.edits) == ledger.text
    for note in output.footnotes or ():
        assert 0 <= note.raw_start <= note.raw_end <= len(text)
        assert all(0 <= a <= b <= len(text) for a, b in note.anchors)
    for finding in output.findings:
        assert 0 <= finding.raw_start <= finding.raw_end <= len(text)


@given(st.text(max_size=120))
def test_property_any_text_never_raises(text: str) -> None:
    _, ledger = run(text)
    assert replay(text, ledger.edits) == ledger.text


ROMAN = ["i", "ii", "iii", "iv", "v", "vi"]
MARK = {
    "glued": lambda n: f"{n}",
    "superscript": lambda n: str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")),
    "bracketed": lambda n: f"[{n}]",
    "alone": lambda n: f"\n{n}\n",
    "alone-roman": lambda n: f"\n{ROMAN[n - 1]}\n",
}


@st.composite
def letters(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """A letter with notes in one marker style: its text, the text without notes, the labels."""
    style = draw(st.sampled_from(sorted(MARK)))
    count = draw(st.integers(1, 6))
    words = st.sampled_from(["the State", "crimes", "in 2014", "of “hostile” forces", "a (COI)"])
    sentences = [f"We saw {draw(words)}." for _ in range(count)]
    labels = [ROMAN[n - 1] if style == "alone-roman" else str(n) for n in range(1, count + 1)]
    body = " ".join(f"{s}{MARK[style](n)}" for n, s in enumerate(sentences, 1))
    end = "\n" if style.startswith("alone") else ""  # a marker line goes, its line end stays
    clean = " ".join(f"{s}{end}" for s in sentences)
    heading = draw(st.sampled_from(["", "Notes\n", "____\n", "  \n"]))
    notes = "".join(
        f"{label} UN Doc. A/HRC/25/{n}, para. {n}.\n" for n, label in enumerate(labels, 1)
    )
    text = f"Title\n\n{body}\n\nSincerely,\n\n{heading}{notes}"
    return text, clean, labels


@given(letters())
def test_property_letters_with_notes(letter: tuple[str, str, list[str]]) -> None:
    text, sentences, labels = letter
    output, ledger = run(text)
    assert [n.label for n in output.footnotes or ()] == labels
    assert all(len(n.anchors) == 1 for n in output.footnotes or ())
    assert output.findings == ()
    assert sentences in ledger.text
    assert "UN Doc." not in ledger.text
    after = Document("case", Source("<case>", "0" * 64, "utf-8"), ledger)
    assert link_footnotes(after, CONTEXT).proposals == ()


def test_a_body_not_opened_by_a_label_of_its_own_is_never_peeled_with_the_others() -> None:
    # A web page's numbered list can give a block a body with no opening line (``labelled``
    # false): the peeler cannot show the block reads the same from it, so it is not fresh (it
    # was a KeyError on such a page).
    from pipeline.stages.footnotes.bodies import Body
    from pipeline.stages.footnotes.labels import Label
    from pipeline.stages.footnotes.peeling import Peeler
    from pipeline.text import split_lines

    lines = split_lines("Some words of the page.\n\nMore words, with no label.\n")
    peeler = Peeler(lines, {}, [], [])
    body = Body(Label("18", "arabic", 18), 2, 2, 25, 52, 25, 2, labelled=False)
    assert not peeler._fresh(body, set())


# -- the web-page gate: loose markers do not count on a page the boilerplate stage read as one --

WEB_PAGE = (
    "Home\nAbout us\nShop\n"
    "Our kitchen team tried several versions of this soup before settling on the one below. 1 "
    "It keeps for a week in a cold room and tastes better on the second day. 2 It freezes well.\n"
    "\n"
    "1 Onion, chopped fine.\n"
    "2 Carrots, sliced thin.\n"
    "\n"
    "Contact\nPrivacy\nTerms\n"
)


def _after_chrome(text: str, lines: int) -> Document:
    """``text`` with its first ``lines`` lines removed as a head run of chrome, as the
    boilerplate stage removes them on a page it reads as a web page."""
    ends = [i for i, ch in enumerate(text) if ch == "\n"][:lines]
    proposals = [
        Proposal(start + 1 if k else 0, end + 1, "", "boilerplate", "menu+head-run")
        for k, (start, end) in enumerate(zip([-1, *ends], ends, strict=False))
    ]
    ledger = Ledger(text).apply(proposals)
    return Document("case", Source("<case>", "0" * 64, "utf-8"), ledger)


def test_web_page_numbered_list_is_not_read_as_notes() -> None:
    doc = _after_chrome(WEB_PAGE, 3)
    assert not link_footnotes(doc, CONTEXT).footnotes


def test_web_page_gate_off_reads_the_list_as_notes() -> None:
    # The same page with the gate off: the spaced numbers link the list, so the gate keeps it.
    config = Config.load()
    off = dataclasses.replace(
        config, footnotes=dataclasses.replace(config.footnotes, web_page_chrome_lines=0)
    )
    doc = _after_chrome(WEB_PAGE, 3)
    assert link_footnotes(doc, Context(off)).footnotes


def test_too_little_chrome_is_no_web_page() -> None:
    # Two lines of chrome are below web_page_chrome_lines (3): the loose markers still count.
    doc = _after_chrome(WEB_PAGE, 2)
    assert link_footnotes(doc, CONTEXT).footnotes
