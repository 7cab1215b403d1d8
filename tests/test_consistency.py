"""Cross-document quote consistency: clusters, variant labels, findings, references."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Config, clean_text, run
from pipeline.consistency import Reference, check_quotes, index
from pipeline.consistency.clusters import clusters as _clusters

OPTIONS = Config.load().consistency
PASSAGE = (
    "the gravity, scale and nature of these violations reveal a State that does not have any "
    "parallel in the contemporary world"
)


def letter(quote: str) -> str:
    return f"Dear Sir,\n\nThe Commission of Inquiry concluded that “{quote}.” We agree.\n"


def variant_of(mutated: str, *, raw: str | None = None) -> tuple[str, list[str]]:
    docs = [clean_text(letter(PASSAGE), id="a"), clean_text(letter(PASSAGE), id="b")]
    docs.append(clean_text(raw if raw is not None else letter(mutated), id="m"))
    report, findings = check_quotes(docs, OPTIONS)
    [cluster] = report["clusters"]
    [member] = [m for m in cluster["members"] if m["document"] == "m"]
    return member["variant"], [f.message for doc, f in findings if doc == "m"]


@pytest.mark.parametrize(
    ("mutated", "variant"),
    [
        (PASSAGE, "identical"),
        (PASSAGE.replace("State", "state"), "case"),
        (PASSAGE.replace("gravity,", "gravity"), "punctuation"),
        (PASSAGE.replace("reveal a State that", "…"), "editorial"),
        (PASSAGE.replace("these violations", "[North Korea’s] violations"), "editorial"),
        (PASSAGE.replace("the gravity", "[t]he gravity").capitalize(), "editorial"),
        (PASSAGE.split(" reveal ")[1], "truncated"),
        (PASSAGE.replace("any parallel", "a parallel"), "wording"),
        (PASSAGE.replace("gravity, scale and nature", "nature, scale and gravity"), "wording"),
    ],
    ids=[
        "identical", "case", "dropped-comma", "ellipsis", "bracketed-insertion",
        "bracketed-case-change", "truncation", "one-word-changed", "reordered-list",
    ],
)  # fmt: skip
def test_each_mutation_gets_its_label(mutated: str, variant: str) -> None:
    assert variant_of(mutated)[0] == variant


def test_a_quote_split_over_a_page_break_is_still_identical() -> None:
    half = PASSAGE.split(" reveal ")
    raw = (
        "Dear Sir,\n\nThe Commission of Inquiry concluded in its report of that year, in words "
        f"that will be remembered, that “{half[0]} reveal\n\fHuman Rights Coalition — Letter\n"
        f"{half[1]}.” We agree and we urge you to act on it without delay.\n\fHuman Rights "
        "Coalition — Letter\nSincerely,\n\nHuman Rights Coalition\n"
    )
    assert variant_of("", raw=raw)[0] == "identical"


def test_changes_of_meaning_are_named() -> None:
    _, messages = variant_of(PASSAGE.replace("does not have any", "has a"))
    assert any("negation" in m and "quantifier" in m for m in messages)


def seeds_report(tmp_path: Path, order: list[Path]) -> str:
    out = tmp_path / "out"
    run(order, out)
    return (out / "quotes.json").read_text("utf-8")


def test_the_seeds_give_exactly_the_three_multi_document_clusters(tmp_path: Path) -> None:
    report = json.loads(seeds_report(tmp_path, sorted(SEEDS.glob("*.txt"))))
    clusters = {
        tuple((m["document"][:3], m["variant"]) for m in c["members"]): c["status"]
        for c in report["clusters"]
    }
    assert clusters == {
        (("000", "editorial"), ("001", "case"), ("004", "wording")): "inconsistent",
        (("000", "identical"), ("004", "identical")): "consistent",
        (("000", "unquoted"), ("001", "identical")): "consistent",
    }
    codes = sorted((f["document"][:3], f["code"]) for f in report["findings"])
    assert codes == [
        ("000", "quote.unquoted-reuse"),
        ("001", "quote.case-mismatch"),
        ("004", "quote.wording-mismatch"),
    ]


def test_shuffled_input_gives_an_identical_report(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    first = seeds_report(tmp_path / "a", seeds)
    shuffled = seeds[:]
    random.Random(7).shuffle(shuffled)
    assert seeds_report(tmp_path / "b", shuffled) == first


def test_a_reference_text_is_canonical_and_locates_the_passage() -> None:
    source = Reference(
        "A-HRC-25-63.txt",
        "79. Some other paragraph.\n80. The gravity, scale and nature of these violations reveal "
        "a State that does not have any parallel in the contemporary world.\n81. More.\n",
    )
    docs = [clean_text(letter(PASSAGE.replace("State", "state")), id="m")]
    report, _ = check_quotes(docs, OPTIONS, [source])
    [cluster] = report["clusters"]
    assert cluster["canonical"].startswith("The gravity, scale and nature")
    assert cluster["reference"]["paragraph"] == "80"
    assert [m["variant"] for m in cluster["members"]] == ["case"]


def test_a_passage_missing_from_the_references_is_an_error() -> None:
    docs = [
        clean_text(letter("the sky over Pyongyang was never once blue in all those years"), id="m")
    ]
    _, findings = check_quotes(docs, OPTIONS, [Reference("ref.txt", "Nothing alike here.")])
    assert [(f.code, f.severity.value) for _, f in findings] == [
        ("quote.not-in-reference", "error")
    ]


def test_the_same_passage_cited_to_different_places_is_a_citation_mismatch() -> None:
    def cited(para: str) -> str:
        return (
            f"Dear Sir,\n\nThe Commission of Inquiry concluded that “{PASSAGE}.”1 We agree.\n\n"
            f"1 UN Doc. A/HRC/25/63, para. {para}.\n"
        )

    docs = [clean_text(cited("80"), id="a"), clean_text(cited("1211"), id="b")]
    assert [n.citations[0].paragraphs for d in docs for n in d.footnotes] == [("80",), ("1211",)]
    report, findings = check_quotes(docs, OPTIONS)
    assert [m["variant"] for m in report["clusters"][0]["members"]] == ["identical", "identical"]
    [mismatch] = [f for _, f in findings if f.code == "quote.citation-mismatch"]
    assert "A/HRC/25/63 1211" in mismatch.message and "A/HRC/25/63 80" in mismatch.message


def clusters_by_definition(
    docs: list[str],
    words: list[tuple[str, ...]],
    size: int,
    containment: float,
    holds: dict[int, tuple[int, ...]],
) -> list[list[int]]:
    """Clustering as the module docstring defines it, quotation by quotation: the longest
    unplaced quotation (then by words, then by document) draws in every unplaced quotation of
    another document with at least ``containment`` of its shingles among the root's, unless it
    has that share among the shingles of a quotation nested in the root (``holds``)."""

    def shingles(w: tuple[str, ...]) -> set[tuple[str, ...]]:
        return {w[i : i + size] for i in range(len(w) - size + 1)} if len(w) >= size else {w}

    def contained(part: tuple[str, ...], whole: set[tuple[str, ...]]) -> bool:
        own = shingles(part)
        return len(own & whole) / len(own) >= containment

    order = sorted(range(len(words)), key=lambda i: (-len(words[i]), words[i], docs[i]))
    placed: set[int] = set()
    clusters = []
    for i in order:
        if i in placed:
            continue
        placed.add(i)
        root = shingles(words[i])
        nested = [shingles(words[k]) for k in holds.get(i, ())]
        members = [i]
        for j in range(len(words)):
            if j in placed or docs[j] == docs[i] or not contained(words[j], root):
                continue
            if not any(contained(words[j], inner) for inner in nested):
                members.append(j)
                placed.add(j)
        clusters.append(members)
    return clusters


def nesting(docs: list[str], words: list[tuple[str, ...]]) -> dict[int, tuple[int, ...]]:
    """Each quotation's shorter quotations of its own document that stand inside its words,
    taken for nested in it (as a quotation in a quotation is)."""

    def inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
        width = len(part)
        return any(whole[k : k + width] == part for k in range(len(whole) - width + 1))

    found = {
        i: tuple(
            j
            for j in range(len(words))
            if j != i and docs[j] == docs[i] and len(words[j]) < len(words[i])
            and inside(words[j], words[i])
        )
        for i in range(len(words))
    }  # fmt: skip
    return {i: held for i, held in found.items() if held}


@settings(max_examples=200, deadline=None)
@given(
    quotes=st.lists(
        st.tuples(
            st.sampled_from("abc"),  # few documents: a document often quotes twice
            st.lists(st.sampled_from("xyzw"), min_size=1, max_size=7).map(tuple),
        ),
        max_size=14,
    ).map(lambda quotes: sorted(quotes, key=lambda q: q[0])),  # by document, as the check does
    size=st.integers(1, 3),
    # (thresholds where k / m lands on or near a whole share: the index's prefix of rare
    # shingles must never leave out a wording that joins)
    containment=st.sampled_from((0.3, 0.5, 0.6, 2 / 3, 0.75, 1.0)),
)
def test_clusters_over_distinct_wordings_are_clusters_by_definition(
    quotes: list[tuple[str, tuple[str, ...]]], size: int, containment: float
) -> None:
    docs = [doc for doc, _ in quotes]
    words = [w for _, w in quotes]
    options = replace(OPTIONS, shingle_size=size, containment=containment)
    got = [list(c) for c in _clusters(docs, words, options)]
    assert got == clusters_by_definition(docs, words, size, containment, {})
    holds = nesting(docs, words)  # the same, with quotations nested in others
    got = [list(c) for c in _clusters(docs, words, options, holds)]
    assert got == clusters_by_definition(docs, words, size, containment, holds)


NESTED_PASSAGE = "systematic and gross violations of the right to food in every northern province"


def test_a_nested_quotation_clusters_with_the_documents_quoting_its_words() -> None:
    release = (
        "Dear Sir,\n\nThe union wrote that “the authorities were found responsible for "
        f"‘{NESTED_PASSAGE}’ over many years by the inquiry”.\n"
    )
    docs = [
        clean_text(release, id="release"),
        clean_text(letter(NESTED_PASSAGE), id="direct"),
        clean_text(letter(NESTED_PASSAGE.replace("every", "each")), id="misquote"),
        # A second release quoting the first one's words, the nested quotation with them.
        clean_text(release.replace("The union wrote", "A paper reported"), id="paper"),
    ]
    report, _ = check_quotes(docs, OPTIONS)
    clusters = {
        tuple((m["document"], m["quote"], m["variant"]) for m in c["members"])
        for c in report["clusters"]
    }
    assert clusters == {
        (("direct", "q1", "identical"), ("misquote", "q1", "wording"),
         ("paper", "q2", "identical"), ("release", "q2", "identical")),
        (("paper", "q1", "identical"), ("release", "q1", "identical")),
    }  # fmt: skip


def test_the_nested_quotations_clusters_do_not_depend_on_input_order() -> None:
    release = (
        "Dear Sir,\n\nThe union wrote that “the authorities were found responsible for "
        f"‘{NESTED_PASSAGE}’ over many years by the inquiry”.\n"
    )
    texts = [release, letter(NESTED_PASSAGE), letter(NESTED_PASSAGE.replace("food", "water"))]
    docs = [clean_text(t, id=f"d{i}") for i, t in enumerate(texts)]
    first, _ = check_quotes(docs, OPTIONS)
    assert check_quotes(docs[::-1], OPTIONS)[0] == first
    assert [len(c["members"]) for c in first["clusters"]] == [3]


def test_a_cluster_labelled_in_pieces_is_the_cluster_labelled_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Twelve letters quoting the passage (one with a change of wording), six reusing it without
    # quotation marks: clusters of 18 members, labelled whole, or one member to a piece.
    docs = [clean_text(letter(PASSAGE), id=f"q{i:02}") for i in range(11)]
    docs.append(clean_text(letter(PASSAGE.replace("any", "no")), id="q11"))
    docs += [clean_text(f"We note that {PASSAGE}.\n", id=f"u{i}") for i in range(6)]
    # Reused in a third of the letters: distinctive here, whatever the default share.
    options = replace(OPTIONS, max_shingle_documents=20)
    whole = check_quotes(docs, options, [Reference("ref.txt", f"80. {PASSAGE}.")])
    assert sum(len(c["members"]) for c in whole[0]["clusters"]) == 18
    assert {f.code for _, f in whole[1]} == {"quote.wording-mismatch", "quote.unquoted-reuse"}
    monkeypatch.setattr(index, "LABEL_BATCH", 1)
    assert check_quotes(docs, options, [Reference("ref.txt", f"80. {PASSAGE}.")]) == whole
