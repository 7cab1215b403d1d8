"""The variant label rules of the quote check, one data-driven case each
(``cases/labels/quote-labels.json``: a rule, the quotations of one passage, each in its own
letter, and the label and differences each gets), and the reference-or-majority scenarios."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import Config, clean_text
from pipeline.consistency import Reference, check_quotes

OPTIONS = Config.load().consistency
CASES = json.loads((Path(__file__).parent / "cases" / "labels" / "quote-labels.json").read_text())


def letter(quote: str) -> str:
    return f"Dear Editor,\n\nThe flood report said that “{quote}” and we agree with it.\n"


def labelled(quotations: list[str], references: list[Reference] | None = None) -> dict[str, Any]:
    docs = [clean_text(letter(q), id=f"d{i:04}") for i, q in enumerate(quotations)]
    report, _ = check_quotes(docs, OPTIONS, references or [])
    [cluster] = report["clusters"]
    return dict(cluster)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_label_rule(case: dict[str, Any]) -> None:
    cluster = labelled(case["quotations"])
    got = [[m["variant"], m["differences"]] for m in cluster["members"]]
    assert got == case["expect"], case["rule"]


TRUE = "the river carried the old bridge, the mill and the granary away in a single night"
MISQUOTE = TRUE.replace("in a single night", "over a whole week")
REFERENCE = Reference(
    "flood-report.txt",
    "Summary\n\n11. Rain fell for days. 12. The river carried the old bridge, the mill and the "
    "granary away in a single night. Nobody was ready.\n13. Later paragraphs.\n",
)


@pytest.mark.parametrize("documents", [10, 2000])
def test_the_majority_decides_without_a_reference(documents: int) -> None:
    # (no wall-clock bound: the labelling's speed at 2,000 members is bench/'s to measure)
    faithful = max(3, documents // 5)
    cluster = labelled([TRUE] * faithful + [MISQUOTE] * (documents - faithful))
    assert cluster["canonical"] == MISQUOTE
    assert cluster["reference"] is None
    assert cluster["status"] == "inconsistent"  # 1 against 4: a majority, not a dispute
    variants = [m["variant"] for m in cluster["members"]]
    assert variants.count("wording") == faithful


@pytest.mark.parametrize("documents", [10, 2000])
def test_the_reference_wins_whatever_the_majority(documents: int) -> None:
    faithful = max(3, documents // 5)
    cluster = labelled([TRUE] * faithful + [MISQUOTE] * (documents - faithful), [REFERENCE])
    assert cluster["canonical"] == TRUE.capitalize()
    assert cluster["reference"]["paragraph"] == "12"  # numbered mid-line, after a sentence
    assert cluster["status"] == "inconsistent"
    variants = [m["variant"] for m in cluster["members"]]
    # The quotations begin with a lower-case "the": a boundary effect, not a case change.
    assert variants.count("identical") == faithful
    assert variants.count("wording") == documents - faithful
    wording = next(m for m in cluster["members"] if m["variant"] == "wording")
    assert wording["differences"] == [
        {"op": "replace", "canonical": "in", "member": "over"},
        {"op": "replace", "canonical": "single night", "member": "whole week"},
    ]


def test_close_support_without_a_reference_is_a_dispute() -> None:
    cluster = labelled([TRUE] * 4 + [MISQUOTE] * 5)
    assert cluster["status"] == "disputed"
    assert cluster["disputes"][0]["wordings"] == [
        {"text": "over", "support": 5},
        {"text": "in", "support": 4},
    ]
    with_reference = labelled([TRUE] * 4 + [MISQUOTE] * 5, [REFERENCE])
    assert with_reference["status"] == "inconsistent"
    assert "disputes" not in with_reference


def test_one_letter_against_another_is_not_a_dispute() -> None:
    cluster = labelled([TRUE, TRUE.replace("old", "Old")])
    assert cluster["status"] == "inconsistent"
    assert [m["variant"] for m in cluster["members"]] == ["identical", "case"]


def test_the_report_lists_inconsistent_and_disputed_clusters_first() -> None:
    other = "the wind took every roof of the harbour town before the morning came at last"
    quotations = [other, other, TRUE, TRUE.replace("old", "new")]
    docs = [clean_text(letter(q), id=f"d{i}") for i, q in enumerate(quotations)]
    report, _ = check_quotes(docs, OPTIONS)
    assert [c["status"] for c in report["clusters"]] == ["inconsistent", "consistent"]
    assert report["clusters"][0]["variants"] == {"wording": 1, "identical": 1}
