"""The committed extraction matrix (``bench/matrix/``) is self-consistent, and its scorer runs.

No threshold on the pipeline's figures: the matrix is a development benchmark, not a gate.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import pipeline

MATRIX = Path(__file__).resolve().parent.parent / "bench" / "matrix"
EXTRACTORS = {"pdftotext", "pdftotext-layout", "pypdf", "pdfminer", "pymupdf", "pdfplumber"}


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"matrix_{name}", MATRIX / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score() -> ModuleType:
    return _module("score")


def test_every_text_has_its_truth_and_every_letter_its_texts() -> None:
    texts = sorted((MATRIX / "text").glob("*.txt"))
    assert texts
    letters = {p.stem for p in (MATRIX / "letters").glob("*.toml")}
    seen: dict[str, set[tuple[str, str, str]]] = {}
    for path in texts:
        letter, layout, extractor, join = path.name[: -len(".txt")].split(".")
        assert extractor in EXTRACTORS and join in {"ff", "nl"}, path.name
        truth = json.loads((MATRIX / "truth" / f"{letter}.json").read_text(encoding="utf-8"))
        assert layout in truth["layouts"], path.name
        seen.setdefault(letter, set()).add((layout, extractor, join))
    assert set(seen) == letters
    for letter, combos in seen.items():  # the full grid for every letter
        truth = json.loads((MATRIX / "truth" / f"{letter}.json").read_text(encoding="utf-8"))
        assert len(combos) == len(truth["layouts"]) * len(EXTRACTORS) * 2, letter


def _letters() -> ModuleType:
    """The matrix's ``letters`` module, as its build imports it (beside its neighbours)."""
    sys.path.insert(0, str(MATRIX))
    try:
        return _module("letters")
    finally:
        sys.path.remove(str(MATRIX))


def test_truth_matches_the_letter_sources() -> None:
    for source in _letters().all_letters():
        truth = json.loads((MATRIX / "truth" / f"{source.id}.json").read_text(encoding="utf-8"))
        assert truth["date"]["iso"] == source.date_iso
        assert truth["signatories"] == list(source.signatories)
        labels = [n["label"] for n in truth["notes"]] + [m["label"] for m in truth["missing_notes"]]
        assert sorted(labels) == sorted(n.label for n in source.notes)
        for note in truth["notes"]:  # the marker's sentence is a body sentence
            assert note["sentence"] in truth["body_sentences"]


def test_a_form_feed_twin_differs_only_in_its_page_separators() -> None:
    for ff in sorted((MATRIX / "text").glob("m01.*.ff.txt")):
        nl = ff.with_name(ff.name.replace(".ff.", ".nl."))
        a, b = ff.read_text(encoding="utf-8"), nl.read_text(encoding="utf-8")
        assert a.replace("\f", "\n").rstrip("\n") == b.rstrip("\n"), ff.name


def test_the_scorer_scores_one_case_with_fractions(score: ModuleType) -> None:
    case = next(c for c in score.cases(["pypdf"], ["latex-footnotes"]) if c.join == "ff")
    raw = case.path.read_text(encoding="utf-8")
    result = score.score_text(case, raw, pipeline.clean_text(raw), pipeline.replay)
    assert result.items["sentences"] > 0 and result.items["ledger"] == 1
    for column, n in result.items.items():
        assert 0 <= result.hits.get(column, 0) <= n
        assert 0.0 <= result.hits.get(column, 0) / n <= 1.0
    assert "| pypdf |" in score.table([(case, result)])


def test_the_scorer_gives_full_marks_to_the_truth_itself(score: ModuleType) -> None:
    """A document whose clean text is exactly the letter, notes linked, scores 1 on sentences
    and notes out: the scorer's normalising does not lose what it compares."""
    case = next(c for c in score.cases(["pdftotext"], ["endnotes"]) if c.join == "ff")
    truth = score.truth(case.letter)
    text = "\n\n".join(truth["body_sentences"])
    doc = pipeline.clean_text(text)
    result = score.score_text(case, text, doc, pipeline.replay)
    assert result.hits["sentences"] == result.items["sentences"] == len(truth["body_sentences"])


def test_a_perfect_document_scores_full_marks_on_every_letter(score: ModuleType) -> None:
    """A document that reads each letter exactly — markers out, each note linked right after
    its marker with the truth's citations, the truth's date and signatories — gets every
    sentence, note, citation and document right: the scorer's anchors and citations are fair
    for roman labels, excerpts numbered from above 1 and lost notes alike."""
    from types import SimpleNamespace

    letters = _letters()
    for source in letters.all_letters():
        truth = score.truth(source.id)
        text, anchors = "", {}
        for paragraph in source.paragraphs:
            pos = 0
            for m in letters.MARKER.finditer(paragraph):
                text += paragraph[pos : m.start()]
                anchors[m.group(1)] = len(text)
                pos = m.end()
            text += paragraph[pos:] + "\n\n"
        notes = [
            SimpleNamespace(
                label=n["label"],
                text=n["text"],
                raw_start=0,
                raw_end=0,
                anchors=((anchors[n["label"]], anchors[n["label"]]),),
                citations=[
                    SimpleNamespace(document=c["document"], paragraphs=tuple(c["paragraphs"]))
                    for c in n["citations"]
                ],
            )
            for n in truth["notes"]
        ]
        doc = SimpleNamespace(
            text=text,
            raw=text,
            edits=(),
            footnotes=notes,
            findings=(),
            ledger=SimpleNamespace(clean_span=lambda a, b: (a, b)),
            metadata=SimpleNamespace(date=source.date_iso, signatories=source.signatories),
        )
        case = next(c for c in score.cases(letters=[source.id]) if c.join == "ff")
        result = score.score_text(case, text, doc, pipeline.replay)
        for column in ("sentences", "linked", "citations", "date_sig", "ledger"):
            if result.items.get(column):
                assert result.hits[column] == result.items[column], (source.id, column)
        assert result.items["linked"] == len(truth["notes"])
