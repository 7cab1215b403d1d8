"""Golden outputs for the five seeds, and the artefact fixtures' expectations.

The golden files (``golden/<seed id>.json``) are a readable digest of each seed's document: its
metadata, every paragraph (kind and text), footnotes with citations, quotations, findings, the
number of edits of each kind, and of each kind by the stage that made them. They were checked by
reading them against the raw seeds. To accept a change on purpose:
``UPDATE_GOLDEN=1 pytest tests/test_golden.py``, then READ ``git diff tests/golden`` before
committing it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FILES, TESTS

from pipeline import replay, run
from pipeline.stages import STAGE_IDS

GOLDEN = TESTS / "golden"
FIXTURES = TESTS / "fixtures" / "artefacts"
FIXTURE_CASES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.json"))


def digest(doc: dict[str, Any]) -> dict[str, Any]:
    text = doc["text"]
    return {
        "metadata": doc["metadata"],
        "paragraphs": [[p["kind"], text[p["start"] : p["end"]]] for p in doc["paragraphs"]],
        "footnotes": [
            {
                "label": f["label"],
                "text": f["text"],
                "anchored_after": [
                    text[max(0, a["start"] - 30) : a["start"]] for a in f["anchors"]
                ],
                "citations": f["citations"],
            }
            for f in doc["footnotes"]
        ],
        "quotes": [
            [q["id"], q["kind"], q["footnote"], q["attribution"], q["source"], q["text"]]
            for q in doc["quotes"]
        ],
        "findings": [[f["code"], f["severity"], f["message"]] for f in doc["findings"]],
        "edits": dict(sorted(Counter(e["kind"] for e in doc["edits"]).items())),
        "edit_stages": {
            stage: dict(
                sorted(Counter(e["kind"] for e in doc["edits"] if e["stage"] == stage).items())
            )
            for stage in sorted({e["stage"] for e in doc["edits"]}, key=STAGE_IDS.index)
        },
    }


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "out"
    run(out=out)  # the embedded seeds, as `coi-pipeline run` does
    return out


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem[:3])
def test_seed_matches_its_golden_digest(seed_run: Path, seed: Path) -> None:
    doc = json.loads((seed_run / "documents" / f"{seed.stem}.json").read_text("utf-8"))
    assert replay(seed.read_text("utf-8"), _edits(doc)) == doc["text"]
    got = digest(doc)
    golden = GOLDEN / f"{seed.stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert got == json.loads(golden.read_text("utf-8"))


def _edits(doc: dict[str, Any]) -> list[Any]:
    from pipeline import Edit

    return [Edit(**e) for e in doc["edits"]]


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures") / "out"
    run([FIXTURES], out)
    return out


@pytest.mark.parametrize("case", FIXTURE_CASES, ids=str)
def test_artefact_fixture(fixture_run: Path, case: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text("utf-8"))
    doc = json.loads((fixture_run / "documents" / f"{case}.json").read_text("utf-8"))
    text = doc["text"]
    for needle in expected["text_contains"]:
        assert needle in text
    for needle in expected.get("text_excludes", []):
        assert needle not in text
    if "paragraph_count" in expected:
        assert len(doc["paragraphs"]) == expected["paragraph_count"]
    if "footnotes" in expected:
        got = [{k: f[k] for k in ("label", "text", "citations")} for f in doc["footnotes"]]
        assert got == expected["footnotes"]
    if "missing_footnote_labels" in expected:
        missing = [f for f in doc["findings"] if f["code"] == "footnote.missing-body"]
        assert len(missing) == len(expected["missing_footnote_labels"])
    for key, value in expected.get("metadata", {}).items():
        assert doc["metadata"][key] == value, key
