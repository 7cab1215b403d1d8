"""Stage ``quotes``: quotation marks paired, footnotes linked, attributions and kinds, on cases,
seeds and fixtures; properties on random text of marks, words and line breaks."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FILES, TESTS
from hypothesis import given
from hypothesis import strategies as st

from pipeline import Config, ConfigError, clean_text
from pipeline.document import Citation, Document, Footnote, Severity, Source
from pipeline.ledger import Ledger, Proposal
from pipeline.stages import Context
from pipeline.stages.quotes import extract_quotes

CONTEXT = Context(Config.load())
FIXTURES = sorted((TESTS / "fixtures" / "artefacts").glob("*.txt"))
OPENING, CLOSING = '“«‘"', '”»’"'


def quotes_of(raw: str) -> list[dict[str, Any]]:
    """The quotes of ``raw`` cleaned by the whole pipeline, as in the document JSON."""
    return list(clean_text(raw).to_json()["quotes"])


def unbalanced(raw: str) -> list[str]:
    """The marks ``quote.unbalanced`` findings point at (in the raw text)."""
    doc = clean_text(raw)
    return [doc.raw[f.raw_start : f.raw_end] for f in doc.findings if f.code == "quote.unbalanced"]


def seed(prefix: str) -> Document:
    [path] = [p for p in SEED_FILES if p.name.startswith(prefix)]
    return clean_text(path.read_text(encoding="utf-8"))


# -- marks: (raw, quote texts, marks left unbalanced) ----------------------------------------------

MARKS = [
    ("curly", "They said “we will act on it” today.\n", ["we will act on it"], []),
    ("guillemets", "Le rapport parle «d’une situation sans parallèle» ici.\n",
     ["d’une situation sans parallèle"], []),
    ("straight-pairs-in-order", 'They said "we will act" and "we will not" then.\n',
     ["we will act", "we will not"], []),
    ("straight-after-bracket", 'A note ("see the report") follows.\n', ["see the report"], []),
    ("inch-mark-is-not-an-opening", 'A 5" screen and nothing else.\n', [], ['"']),
    ("single-inside-double", "They said “the so-called ‘hostile forces’ act” then.\n",
     ["the so-called ‘hostile forces’ act", "hostile forces"], []),
    ("double-inside-double", "They said “the “two track” approach” then.\n",
     ["the “two track” approach", "two track"], []),
    ("single-at-top-level", "They called it ‘a grave mistake’ then.\n", ["a grave mistake"], []),
    ("apostrophes", "The People’s Republic and the countries’ leaders met.\n", [], []),
    ("apostrophe-inside-quote", "They said “the country’s leaders’ duty” then.\n",
     ["the country’s leaders’ duty"], []),
    ("apostrophe-inside-single", "They called it ‘the country’s shame’ then.\n",
     ["the country’s shame"], []),
    ("misplaced-opening-apostrophe", "The People‘s Republic met.\n", [], []),
    ("editorial-marks-kept", "It said “[t]he State … has [sic] failed . . . to act...” then.\n",
     ["[t]he State … has [sic] failed . . . to act..."], []),
    ("unclosed", "They said “we will act on it today.\n", [], ["“"]),
    ("stray-closing", "They said we will act on it” today.\n", [], ["”"]),
    ("unclosed-inner-single", "They said “the ‘hostile forces act” then.\n",
     ["the ‘hostile forces act"], ["‘"]),
    ("straight-single-inside-straight-double",
     "They said \"the so-called 'hostile forces' act\" then.\n",
     ["the so-called 'hostile forces' act", "hostile forces"], []),
    ("straight-single-inside-curly-double", "They said “the 'hostile forces' act” then.\n",
     ["the 'hostile forces' act", "hostile forces"], []),
    ("double-inside-single", "They called it ‘a “two track” approach’ then.\n",
     ["a “two track” approach", "two track"], []),
    ("straight-apostrophes-inside-double",
     "They said \"the DPRK's leaders' camps of the '90s\" then.\n",
     ["the DPRK's leaders' camps of the '90s"], []),
    ("straight-single-at-top-level-is-an-apostrophe", "The 'hostile forces' met.\n", [], []),
    ("unpaired-straight-single-is-no-stray", "They said “the 'worst of it all” then.\n",
     ["the 'worst of it all"], []),
    ("possessive-inside-single", "They said “the ‘Democratic Peoples’ Republic’ failed” then.\n",
     ["the ‘Democratic Peoples’ Republic’ failed", "Democratic Peoples’ Republic"], []),
    ("elided-year-inside-single", "They said “the ‘crisis of the ’90s’ and after” then.\n",
     ["the ‘crisis of the ’90s’ and after", "crisis of the ’90s"], []),
    ("single-closes-before-a-function-word",
     "They said “the ‘gross violations’ in the countries’ camps” then.\n",
     ["the ‘gross violations’ in the countries’ camps", "gross violations"], []),
    ("single-after-a-non-plural-closes",
     "They said “the ‘water rose’ before the villagers’ boats came” then.\n",
     ["the ‘water rose’ before the villagers’ boats came", "water rose"], []),
    ("three-levels", "They said “a ‘b “c d” e’ f” then.\n", ["a ‘b “c d” e’ f", "b “c d” e", "c d"],
     []),
    ("paragraph-break-is-not-crossed", "They said “we will act\n\non it” today.\n", [],
     ["“", "”"]),
    ("empty-marks", "An empty “” pair.\n", [], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "texts", "strays"), [c[1:] for c in MARKS], ids=[c[0] for c in MARKS]
)
def test_marks(raw: str, texts: list[str], strays: list[str]) -> None:
    assert [q["text"] for q in quotes_of(raw)] == texts
    assert unbalanced(raw) == strays


def test_unbalanced_marks_are_notes() -> None:
    doc = clean_text("They said “we will act on it today.\n")
    [finding] = doc.findings
    assert (finding.code, finding.severity) == ("quote.unbalanced", Severity.NOTE)
    assert (finding.raw_start, finding.raw_end) == (10, 11)


def test_a_quote_across_a_former_line_break() -> None:
    raw = (
        "The Special Rapporteur on the situation of human rights in the country told the\n"
        "General Assembly that the situation “remains dire, and the people of the country\n"
        "continue to suffer” and asked all Member States to act together without delay.\n"
        "He repeated the call in March and again in September, and the Council agreed to it.\n"
    )
    [quote] = quotes_of(raw)
    assert quote["text"] == "remains dire, and the people of the country continue to suffer"
    assert raw[quote["raw_start"] : quote["raw_end"]] == quote["text"].replace(
        "country ", "country\n"
    )
    assert (quote["attribution"], quote["kind"]) == ("Special Rapporteur", "quotation")


# -- nested quotations: a quotation of its own, attributed from its own sentence ------------------

NESTED = [
    ("source-named-inside-the-holder",
     "The union wrote that “our members, like the Commission of Inquiry, hold the state "
     "responsible for ‘systematic and gross violations of the rights of workers’ for decades”.",
     [(None, "quotation"), ("Commission of Inquiry", "quotation")]),
    ("else-as-the-holder",
     "The Special Rapporteur said that “the state is responsible for ‘systematic and gross "
     "violations of the rights of workers’ for decades”.",
     [("Special Rapporteur", "quotation"), ("Special Rapporteur", "quotation")]),
    ("only-the-inner-sentence-counts",
     "The union wrote “the Security Council met. Members agree on ‘systematic and gross "
     "violations of the rights of workers’ here”.",
     [(None, "quotation"), (None, "quotation")]),
    ("short-inner-is-scare",
     "The Special Rapporteur said “the so-called ‘hostile forces’ were blamed again”.",
     [("Special Rapporteur", "quotation"), ("Special Rapporteur", "scare")]),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in NESTED], ids=[c[0] for c in NESTED])
def test_nested_attribution_and_kind(raw: str, expected: list[tuple[str | None, str]]) -> None:
    quotes = quotes_of(raw + "\n")
    assert [(q["attribution"], q["kind"]) for q in quotes] == expected


def test_a_nested_quotation_has_its_own_id_span_and_selector() -> None:
    raw = (
        "A press release said: “The letter found that the regime was responsible for "
        "‘systematic, widespread and gross violations of the right to food’ in the north.” "
        "Later “a second one” came.\n"
    )
    outer, inner, later = quotes_of(raw)
    assert [q["id"] for q in (outer, inner, later)] == ["q1", "q2", "q3"]
    assert inner["text"] == "systematic, widespread and gross violations of the right to food"
    assert outer["start"] < inner["start"] < inner["end"] < outer["end"]
    assert inner["selector"]["exact"] == inner["text"]
    assert inner["selector"]["prefix"].endswith("responsible for ‘")
    assert raw[inner["raw_start"] : inner["raw_end"]] == inner["text"]


def test_a_note_inside_the_holder_is_the_nested_quotations_own() -> None:
    raw = "It said “the ‘five words of the report’[2] were read aloud”. Then."
    doc = with_note(raw, "[2]", "UN Doc. A/HRC/25/63, para. 80.", COI)
    outer, inner = extract_quotes(doc, CONTEXT).quotes or ()
    assert (outer.footnote, inner.footnote, inner.attribution) == (None, "2", "A/HRC/25/63")


def test_the_holders_note_is_not_the_nested_quotations() -> None:
    raw = "The union said “they are ‘five words of the report’”[2] then."
    doc = with_note(raw, "[2]", "UN Doc. A/HRC/25/63, para. 80.", COI)
    outer, inner = extract_quotes(doc, CONTEXT).quotes or ()
    assert (outer.footnote, outer.attribution) == ("2", "A/HRC/25/63")
    assert inner.footnote is None
    assert inner.attribution == "A/HRC/25/63"  # as the holder: its own sentence names none


# -- footnotes: a marker right after the closing mark ----------------------------------------------


def with_note(raw: str, marker: str, note: str, citations: tuple[Citation, ...]) -> Document:
    """``raw`` with its ``marker`` deleted as the footnotes stage would, and its note linked."""
    start = raw.index(marker)
    ledger = Ledger(raw).apply([Proposal(start, start + len(marker), "", "footnote-marker", "x")])
    anchor = (start, start + len(marker))
    footnote = Footnote("2", note, len(raw), len(raw), (anchor,), citations)
    return Document("case", Source("<case>", "0" * 64, "utf-8"), ledger, footnotes=(footnote,))


COI = (Citation("A/HRC/25/63", ("80",)),)
FOOTNOTES = [
    ("right-after", "It said “no parallel in the world.”[2] Then.", "2", "A/HRC/25/63"),
    ("after-punctuation", "It said “no parallel in the world”.[2] Then.", "2", "A/HRC/25/63"),
    ("after-comma-and-space", "It said “no parallel in the world”, [2] then.", "2", "A/HRC/25/63"),
    ("too-far", "It said “no parallel in the world” ... [2] then.", None, None),
    ("after-a-word", "It said “no parallel in the world” so[2] then.", None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "label", "attribution"), [c[1:] for c in FOOTNOTES], ids=[c[0] for c in FOOTNOTES]
)
def test_footnote_linking(raw: str, label: str | None, attribution: str | None) -> None:
    doc = with_note(raw, "[2]", "UN Doc. A/HRC/25/63, para. 80.", COI)
    [quote] = extract_quotes(doc, CONTEXT).quotes or ()
    assert (quote.footnote, quote.attribution) == (label, attribution)


def test_a_note_without_a_citation_attributes_to_the_source_it_names() -> None:
    doc = with_note(
        "The Special Rapporteur said “x”. Media called it “a fabrication”[2] then.",
        "[2]",
        "Korean Central News Agency, statement of 12 December 2015.",
        (),
    )
    quotes = extract_quotes(doc, CONTEXT).quotes or ()
    assert [(q.footnote, q.attribution, q.kind) for q in quotes] == [
        (None, "Special Rapporteur", "scare"),
        ("2", "KCNA", "quotation"),
    ]


def test_footnote_end_to_end() -> None:
    raw = "The Commission said “a b c d the world.”\n1\n The crimes.\n\n1 UN Doc. A/HRC/25/63.\n"
    [quote] = quotes_of(raw)
    assert (quote["footnote"], quote["attribution"]) == ("1", "A/HRC/25/63")


# -- attribution: (sentences, attribution of the last quote) ---------------------------------------

ATTRIBUTIONS = [
    ("in-the-sentence", "The Special Rapporteur noted “a b c d e”.", "Special Rapporteur"),
    ("case-insensitive", "The special rapporteur noted “a b c d e”.", "Special Rapporteur"),
    ("last-source-wins", "The Special Rapporteur cited the Commission of Inquiry’s finding that "
     "“a b c d e”.", "Commission of Inquiry"),
    ("acronym", "The COI found “a b c d e”.", "Commission of Inquiry"),
    ("the-commission", "The Commission further concluded that “a b c d e”.",
     "Commission of Inquiry"),
    ("not-another-commission", "The Commission on Human Rights said “a b c d e”.", None),
    ("addressee-is-not-the-speaker", "The Human Rights Council urged the UN Security Council "
     "“to act now on this matter”.", "Human Rights Council"),
    ("told-is-an-addressee", "The Special Rapporteur told the General Assembly that “a b c d e”.",
     "Special Rapporteur"),
    ("into-is-not-to", "It was read into the Security Council record: “a b c d e”.",
     "Security Council"),
    ("call-on", "The resolutions call on the Security Council “to act now on this”.", None),
    ("according-to-is-the-speaker", "According to the Special Rapporteur, “a b c d e”.",
     "Special Rapporteur"),
    ("no-source", "Observers agree that “a b c d e”.", None),
    ("previous-sentence-not-used", "The COI reported. Observers agree that “a b c d e”.", None),
    ("anaphor-points-back", "The COI published its findings. It found “a b c d e”.",
     "Commission of Inquiry"),
    ("anaphor-takes-the-subject", "The Special Rapporteur presented his report to the General "
     "Assembly. In that report, he noted “a b c d e”.", "Special Rapporteur"),
    ("anaphor-across-paragraphs", "The COI concluded “a b c d e”.\n\nThe report found "
     "“f g h i j”.", "Commission of Inquiry"),
    ("anaphor-back-to-a-paragraph-without-quotes", "The Special Rapporteur spoke first. The "
     "COI then concluded its work.\n\nThe report found “a b c d e”.", "Commission of Inquiry"),
    ("source-inside-a-quote-is-not-counted", "We read “the Security Council has failed” and "
     "“a b c d e”.", None),
    ("abbreviation-does-not-end-a-sentence", "The Special Rapporteur, Mr. Darusman, said "
     "“a b c d e”.", "Special Rapporteur"),
    ("quote-ends-a-sentence", "The COI found “a b c d.” Observers agree that “e f g h i”.", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "attribution"), [c[1:] for c in ATTRIBUTIONS], ids=[c[0] for c in ATTRIBUTIONS]
)
def test_attribution(raw: str, attribution: str | None) -> None:
    assert quotes_of(raw + "\n")[-1]["attribution"] == attribution


# -- kind: (raw, kind) -----------------------------------------------------------------------------

KINDS = [
    ("two-words", "It proposed a “two track” approach.", "scare"),
    ("one-word", "It called the vote “hostile” again.", "scare"),
    ("three-words", "It called it “a hostile act” again.", "scare"),
    ("four-words", "It called it “a very hostile act” again.", "quotation"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "kind"), [c[1:] for c in KINDS], ids=[c[0] for c in KINDS])
def test_kind(raw: str, kind: str) -> None:
    [quote] = quotes_of(raw + "\n")
    assert quote["kind"] == kind


def test_a_short_quote_with_a_footnote_is_a_quotation() -> None:
    doc = with_note("It said “impunity reigns.”[2] Then.", "[2]", "Ibid., para. 56.", COI)
    [quote] = extract_quotes(doc, CONTEXT).quotes or ()
    assert (quote.footnote, quote.kind) == ("2", "quotation")


# -- seeds -----------------------------------------------------------------------------------------

SEEDS = [
    ("000", [
        ("the gravity, scale and nature of [North Korea’s gross human rights] violations reveal a "
         "State that does not have any parallel in the contemporary world.", None,
         "Commission of Inquiry", "quotation"),
        ("systematic, widespread and gross human rights violations", None,
         "Commission of Inquiry", "quotation"),
        ("entailed crimes against humanity based on State policies.", None,
         "Commission of Inquiry", "quotation"),
        ("policies, institutions and patterns of impunity.", None, "Commission of Inquiry",
         "quotation"),
        ("the situation in the Democratic People’s Republic of Korea to the International "
         "Criminal Court.", None, "General Assembly", "quotation"),
    ]),
    ("001", [
        ("the long-standing and ongoing patterns of systematic and widespread violations", None,
         "Commission of Inquiry", "quotation"),
        ("meet the high threshold for proof of crimes against humanity", None,
         "Commission of Inquiry", "quotation"),
        ("reveal a state that does not have any parallel in the contemporary world.", "2",
         "A/HRC/25/CRP.1", "quotation"),
        ("extermination, murder, enslavement, torture, imprisonment, rape, forced abortions and "
         "other sexual violence, persecution on political, religious, racial and gender grounds, "
         "the forcible transfer of populations, the enforced disappearance of persons and the "
         "inhumane act of knowingly causing prolonged starvation.", "3", "A/HRC/25/63",
         "quotation"),
        ("the international community must accept", "4", "A/HRC/25/CRP.1", "quotation"),
        ("to consider the relevant conclusions", None, "General Assembly", "quotation"),
        ("the peaceful efforts taken so far", None, "Commission of Inquiry", "quotation"),
        ("open defiance of the United Nations", "6", "A/HRC/25/CRP.1", "quotation"),
        ("hostile", None, "General Assembly", "scare"),
        ("naturally compelling the army", None, "General Assembly", "quotation"),
    ]),
    ("002", [
        ("that for several decades egregious", None, "Special Rapporteur", "quotation"),
        ("called on States and the international community", None, "Special Rapporteur",
         "quotation"),
    ]),
    ("003", []),
    ("004", [
        ("without parallel in the contemporary world.", None, "Commission of Inquiry",
         "quotation"),
        ("deliberate starvation, forced labor", None, "Commission of Inquiry", "quotation"),
        ("an almost complete denial of the right", "ii", "A/HRC/25/63", "quotation"),
        ("the police and security forces", None, "Commission of Inquiry", "quotation"),
        ("[t]he institutions and officials involved are not held accountable", None,
         "Commission of Inquiry", "quotation"),
        ("impunity reigns.", "iii", "A/HRC/25/63", "quotation"),
        ("two track", None, "Special Rapporteur", "scare"),
        ("systematic, widespread and gross human rights violations", None, "Special Rapporteur",
         "quotation"),
        ("the highest levels of the State.", None, "Commission of Inquiry", "quotation"),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("prefix", "expected"), SEEDS, ids=[s[0] for s in SEEDS])
def test_seed(prefix: str, expected: list[tuple[str, str | None, str | None, str]]) -> None:
    quotes = seed(prefix).to_json()["quotes"]
    assert [q["id"] for q in quotes] == [f"q{k}" for k in range(1, len(quotes) + 1)]
    assert len(quotes) == len(expected)
    for quote, (start, footnote, attribution, kind) in zip(quotes, expected, strict=True):
        assert quote["text"].startswith(start)
        assert (quote["footnote"], quote["attribution"], quote["kind"]) == (
            footnote,
            attribution,
            kind,
        )


def test_seed_quote_texts_are_exactly_the_text_between_the_marks() -> None:
    doc = seed("000")
    text = doc.text
    for quote in doc.to_json()["quotes"]:
        assert text[quote["start"] - 1] == "“" and text[quote["end"]] == "”"
        assert quote["text"] == quote["selector"]["exact"] == text[quote["start"] : quote["end"]]
    assert "“the situation in the Democratic People’s Republic of Korea to the International " \
        "Criminal Court.”" in text  # fmt: skip


# -- fixtures: nothing crashes, spans are the text between the marks -------------------------------


@pytest.mark.parametrize("path", SEED_FILES + FIXTURES, ids=lambda p: Path(p).stem)
def test_spans_are_between_marks(path: Path) -> None:
    doc = clean_text(path.read_text(encoding="utf-8"))
    text = doc.text
    for quote in doc.to_json()["quotes"]:
        start, end = quote["start"], quote["end"]
        assert text[start - 1] in OPENING and text[end] in CLOSING
        assert quote["text"] == text[start:end] and "\n\n" not in quote["text"]
        assert doc.ledger.raw_span(start, end) == (quote["raw_start"], quote["raw_end"])


def test_fixture_editorial_marks_and_a_note_naming_its_source() -> None:
    path = TESTS / "fixtures" / "artefacts" / "bracketed-markers.txt"
    quotes = clean_text(path.read_text(encoding="utf-8")).to_json()["quotes"]
    texts = [q["text"] for q in quotes]
    assert any(t.startswith("[t]he United Nations must ensure") for t in texts)
    [kcna] = [q for q in quotes if "[sic]" in q["text"]]
    assert (kcna["footnote"], kcna["attribution"]) == ("3", "KCNA")


# -- properties ------------------------------------------------------------------------------------

TOKENS = ["“", "”", '"', "‘", "’", "«", "»", "'", " ", " ", "\n", "\n\n", "word", "the",
          "People’s", "COI", "Special Rapporteur", ".", ",", "(", "[sic]", "…", "A"]  # fmt: skip


@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_property_spans_in_bounds_and_deterministic(raw: str) -> None:
    doc = clean_text(raw)
    output = extract_quotes(doc, CONTEXT)
    assert extract_quotes(doc, CONTEXT) == output
    text = doc.text
    quotes = output.quotes or ()
    assert [q.id for q in quotes] == [f"q{k}" for k in range(1, len(quotes) + 1)]
    spans = [doc.ledger.clean_span(q.raw_start, q.raw_end) for q in quotes]
    assert spans == sorted(spans)
    for (_, a_end), (b_start, b_end) in itertools.pairwise(spans):
        assert b_start >= a_end or b_end <= a_end  # nested in the one before, or after it
    for (start, end), quote in zip(spans, quotes, strict=True):
        assert 0 < start <= end < len(text)
        assert 0 <= quote.raw_start <= quote.raw_end <= len(doc.raw)
        assert "\n\n" not in text[start:end]
        assert quote.kind in ("quotation", "scare")
    for finding in output.findings:
        assert finding.code == "quote.unbalanced"
        assert 0 <= finding.raw_start < finding.raw_end <= len(doc.raw)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[quotes]\naddressee = '('\n", "quotes.addressee: bad regex"),
        ("[quotes]\nscare_max_words = -1\n", "'quotes.scare_max_words' must be at least 0"),
    ],
    ids=["bad-regex", "negative"],
)  # (the sources table's errors: tests/test_sources.py)
def test_bad_quotes_config_names_the_key(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        Config.load(path)
