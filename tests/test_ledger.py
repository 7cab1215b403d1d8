"""The edit ledger: composition, replay and offset maps, by example and by property."""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.document import Document, Source
from pipeline.ledger import Edit, Ledger, Proposal, _made, replay, unreplay
from pipeline.output.schemas import errors
from pipeline.stages import STAGE_IDS


def naive_apply(text: str, proposals: list[Proposal]) -> str:
    for p in sorted(proposals, key=lambda p: (p.start, p.end), reverse=True):
        text = text[: p.start] + p.text + text[p.end :]
    return text


def check_invariants(ledger: Ledger) -> None:
    assert replay(ledger.raw, ledger.edits) == ledger.text
    previous: Edit | None = None
    for edit in ledger.edits:
        assert ledger.raw[edit.raw_start : edit.raw_end] == edit.raw
        assert edit.raw != edit.clean, "an edit that changes nothing must not be kept"
        if previous is not None:
            assert previous.raw_end <= edit.raw_start
            assert (previous.raw_start, previous.raw_end) < (edit.raw_start, edit.raw_end)
            both_points = previous.raw_start == previous.raw_end == edit.raw_start == edit.raw_end
            assert not both_points
        previous = edit


def test_crlf_becomes_one_edit() -> None:
    ledger = Ledger("a\r\nb\r\n").apply(
        [Proposal(1, 3, "\n", "whitespace", "crlf"), Proposal(4, 6, "\n", "whitespace", "crlf")]
    )
    assert ledger.text == "a\nb\n"
    assert [(e.raw_start, e.raw_end, e.raw, e.clean) for e in ledger.edits] == [
        (1, 3, "\r\n", "\n"),
        (4, 6, "\r\n", "\n"),
    ]


def test_edit_over_earlier_output_merges_and_takes_the_newer_kind() -> None:
    first = Ledger("x \r\ny").apply([Proposal(2, 4, "\n", "whitespace", "crlf")], "whitespace")
    assert first.text == "x \ny"
    assert first.edits == (Edit(2, 4, "\r\n", "\n", "whitespace", "crlf", "whitespace"),)
    joined = first.apply([Proposal(1, 3, " ", "line-wrap", "join")], "line-wrap")
    assert joined.text == "x y"
    # The merged edit names the latest stage, whose proposal gave it its kind and rule.
    assert joined.edits == (Edit(1, 4, " \r\n", " ", "line-wrap", "join", "line-wrap"),)


def test_an_edit_a_later_stage_does_not_touch_keeps_its_stage() -> None:
    raw = "international \n[NOTE]\n community"
    moved = Ledger(raw).apply([Proposal(15, 22, "", "footnote-body", "page-bottom")], "footnotes")
    joined = moved.apply([Proposal(13, 16, " ", "line-wrap", "join")], "line-wrap")
    stages = [(e.kind, e.stage) for e in joined.edits]
    assert stages == [("line-wrap", "line-wrap"), ("footnote-body", "footnotes")]


def test_edit_touching_a_deletion_stays_separate() -> None:
    # "international \n[NOTE]\n community": the note block goes first, then the wrap is joined.
    raw = "international \n[NOTE]\n community"
    moved = Ledger(raw).apply([Proposal(15, 22, "", "footnote-body", "page-bottom")])
    assert moved.text == "international \n community"
    joined = moved.apply([Proposal(13, 16, " ", "line-wrap", "join")])
    assert joined.text == "international community"
    # The join is cut around the deletion; its text goes after the deletion (here: a no-op).
    kinds = [(e.kind, e.raw, e.clean) for e in joined.edits]
    assert kinds == [("line-wrap", " \n", ""), ("footnote-body", "[NOTE]\n", "")]


def test_restoring_the_raw_text_removes_the_edit() -> None:
    ledger = Ledger("abc").apply([Proposal(1, 2, "B", "unicode", "x")])
    assert ledger.apply([Proposal(1, 2, "b", "unicode", "y")]).edits == ()


def test_insertion_next_to_an_insertion_merges() -> None:
    ledger = Ledger("ab").apply([Proposal(1, 1, "X", "unicode", "x")])
    again = ledger.apply([Proposal(2, 2, "Y", "unicode", "y")])
    assert again.text == "aXYb"
    assert len(again.edits) == 1


@pytest.mark.parametrize(
    "proposals",
    [
        [Proposal(0, 2, "", "k", "r"), Proposal(1, 3, "", "k", "r")],
        [Proposal(1, 1, "x", "k", "r"), Proposal(1, 1, "y", "k", "r")],
        [Proposal(2, 9, "", "k", "r")],
        [Proposal(2, 1, "", "k", "r")],
    ],
    ids=["overlapping", "two-insertions-at-one-offset", "out-of-bounds", "reversed"],
)
def test_bad_proposals_are_refused(proposals: list[Proposal]) -> None:
    with pytest.raises(ValueError):
        Ledger("abcd").apply(proposals)


def test_an_edit_the_ledger_makes_quickly_is_the_edit_its_class_makes() -> None:
    values = (1, 3, "ab", "c", "kind", "rule", "stage")
    assert len(fields(Edit)) == len(values)  # (a new field must be set by `_made` too)
    assert _made(*values) == Edit(*values)
    assert repr(_made(*values)) == repr(Edit(*values))


def test_offset_maps_around_a_deletion_and_a_replacement() -> None:
    ledger = Ledger("ab--cdXYZe").apply(
        [Proposal(2, 4, "", "k", "del"), Proposal(6, 9, "Q", "k", "rep")]
    )
    assert ledger.text == "abcdQe"
    assert ledger.to_raw(2, "left") == 2 and ledger.to_raw(2, "right") == 4
    assert ledger.to_raw(4, "left") == 6 and ledger.to_raw(5, "right") == 9
    assert ledger.to_clean(3, "left") == 2 and ledger.to_clean(3, "right") == 2
    assert ledger.to_clean(7, "left") == 4 and ledger.to_clean(7, "right") == 5


# -- properties --------------------------------------------------------------------------------

ALPHABET = st.sampled_from("ab \n\r\t\u00a0’\u200b")


@st.composite
def batches(draw: st.DrawFn, text: str) -> list[Proposal]:
    """Non-overlapping proposals on ``text``."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    proposals: list[Proposal] = []
    last_end = -1
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start == end == last_end or (start == last_end and proposals and start == end):
            continue
        kind = draw(st.sampled_from(["unicode", "whitespace", "line-wrap"]))
        replacement = draw(st.text(ALPHABET, max_size=3))
        proposals.append(Proposal(start, end, replacement, kind, "rule"))
        last_end = end
    return proposals


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[Ledger, list[str]]:
    """A ledger after several rounds of proposals, and the text after each round, done naively."""
    ledger = Ledger(draw(st.text(ALPHABET, max_size=30)))
    texts = [ledger.text]
    for _ in range(draw(st.integers(1, 5))):
        proposals = draw(batches(ledger.text))
        expected = naive_apply(ledger.text, proposals)
        ledger = ledger.apply(proposals)
        assert ledger.text == expected
        texts.append(expected)
    return ledger, texts


@st.composite
def staged_ledgers(draw: st.DrawFn) -> Ledger:
    """A ledger after several rounds of proposals, round ``i`` made by stage ``STAGE_IDS[i]``,
    whose proposals all have the rule ``by-<stage>``."""
    ledger = Ledger(draw(st.text(ALPHABET, max_size=30)))
    for stage in STAGE_IDS[: draw(st.integers(1, 5))]:
        proposals = [
            Proposal(p.start, p.end, p.text, p.kind, f"by-{stage}")
            for p in draw(batches(ledger.text))
        ]
        ledger = ledger.apply(proposals, stage)
    return ledger


@settings(max_examples=300)
@given(staged_ledgers())
def test_every_edit_names_the_stage_of_its_rule_and_the_stage_survives_json(
    ledger: Ledger,
) -> None:
    check_invariants(ledger)
    # Merged or not, an edit names the stage whose proposal gave it its kind and rule: the
    # latest stage that touched its span.
    assert all(e.rule == f"by-{e.stage}" for e in ledger.edits)
    doc = Document("d", Source("<string>", "0" * 64, "utf-8"), ledger)
    data = doc.to_json()
    assert errors(data, "document") == []
    assert [e["stage"] for e in data["edits"]] == [e.stage for e in ledger.edits]
    back = Document.from_json(data)
    assert back.edits == ledger.edits and back.raw == ledger.raw  # stage included
    assert replay(ledger.raw, [Edit(**e) for e in data["edits"]]) == ledger.text


@settings(max_examples=400)
@given(ledgers())
def test_random_edit_sequences_replay_to_the_clean_text(case: tuple[Ledger, list[str]]) -> None:
    ledger, texts = case
    assert ledger.text == texts[-1]
    check_invariants(ledger)
    assert Ledger(ledger.raw, ledger.edits).text == ledger.text
    assert unreplay(ledger.text, ledger.edits) == ledger.raw  # the raw text comes back


@settings(max_examples=300)
@given(ledgers())
def test_offset_maps_are_monotonic_and_consistent(case: tuple[Ledger, list[str]]) -> None:
    ledger, _ = case
    for side in ("left", "right"):
        to_raw = [ledger.to_raw(i, side) for i in range(len(ledger.text) + 1)]
        to_clean = [ledger.to_clean(i, side) for i in range(len(ledger.raw) + 1)]
        assert to_raw == sorted(to_raw) and to_clean == sorted(to_clean)
    assert ledger.to_raw(0, "left") == 0 and ledger.to_clean(0, "left") == 0
    assert ledger.to_raw(len(ledger.text), "right") == len(ledger.raw)
    assert ledger.to_clean(len(ledger.raw), "right") == len(ledger.text)
    for i in range(len(ledger.text) + 1):
        assert ledger.to_raw(i, "left") <= ledger.to_raw(i, "right")
        # Going there and back lands on the same clean position, or brackets it.
        assert ledger.to_clean(ledger.to_raw(i, "left"), "left") <= i
        assert ledger.to_clean(ledger.to_raw(i, "right"), "right") >= i
    # Untouched characters map one to one, alone and as spans.
    for i in range(len(ledger.raw)):
        if not any(e.raw_start <= i < e.raw_end for e in ledger.edits):
            c = ledger.to_clean(i, "right")
            assert ledger.text[c] == ledger.raw[i]
            assert ledger.to_raw(c, "right") == i
            assert ledger.raw_span(c, c + 1) == (i, i + 1)
            assert ledger.clean_span(i, i + 1) == (c, c + 1)


@settings(max_examples=300)
@given(ledgers(), st.data())
def test_spans_cover_the_edits_they_touch(
    case: tuple[Ledger, list[str]], data: st.DataObject
) -> None:
    ledger, _ = case
    start = data.draw(st.integers(0, len(ledger.text)))
    end = data.draw(st.integers(start, len(ledger.text)))
    raw_start, raw_end = ledger.raw_span(start, end)
    assert 0 <= raw_start <= raw_end <= len(ledger.raw)
    # Text inserted at a raw offset belongs to either side of it: no unique way back there.
    points = {e.raw_start for e in ledger.edits if e.raw_start == e.raw_end}
    assume(raw_start < raw_end and not points & {raw_start, raw_end})
    sub = [e for e in ledger.edits if raw_start <= e.raw_start and e.raw_end <= raw_end]
    # The raw span replays to a clean text that contains the requested clean span.
    back_start, back_end = ledger.clean_span(raw_start, raw_end)
    assert back_start <= start and end <= back_end
    shifted = [
        Edit(e.raw_start - raw_start, e.raw_end - raw_start, e.raw, e.clean, e.kind, e.rule)
        for e in sub
    ]
    assert replay(ledger.raw[raw_start:raw_end], shifted) == ledger.text[back_start:back_end]


@settings(max_examples=300)
@given(ledgers(), st.data())
def test_spans_mapped_at_once_map_as_one_at_a_time(
    case: tuple[Ledger, list[str]], data: st.DataObject
) -> None:
    ledger, _ = case
    offsets = st.integers(0, len(ledger.text))
    spans = data.draw(st.lists(st.tuples(offsets, offsets).map(lambda s: (min(s), max(s)))))
    assert ledger.raw_spans(spans) == [ledger.raw_span(start, end) for start, end in spans]
