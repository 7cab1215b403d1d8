"""Document schema 1.1 (edits name their stage) and the 1.0 documents written before it: they
are still read, replayed and their edits compared, but not written again as 1.1."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from typing import Any

import pytest
from conftest import SEED_FILES

from pipeline import Document, Edit, clean_text, replay
from pipeline.document import SCHEMA_VERSION
from pipeline.output.schemas import errors
from pipeline.stages import STAGE_IDS


def as_1_0(data: dict[str, Any]) -> dict[str, Any]:
    """A document's JSON as schema 1.0 wrote it: no ``stage`` in its edits."""
    old = copy.deepcopy(data)
    old["schema_version"] = "1.0"
    for edit in old["edits"]:
        del edit["stage"]
    return old


@pytest.fixture(scope="module", params=SEED_FILES, ids=lambda p: p.stem[:3])
def seed(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    raw = request.param.read_text("utf-8")
    return raw, json.loads(json.dumps(clean_text(raw).to_json()))


def test_a_document_is_at_1_1_and_every_edit_names_a_stage(seed: tuple[str, Any]) -> None:
    _, data = seed
    assert data["schema_version"] == SCHEMA_VERSION == "1.1"
    assert data["edits"] and all(e["stage"] in STAGE_IDS for e in data["edits"])
    assert errors(data, "document") == []


def test_a_1_0_document_still_replays_and_reads_back(seed: tuple[str, Any]) -> None:
    raw, data = seed
    old = as_1_0(data)
    # The README's replay, as a user runs it on an old output.
    assert replay(raw, [Edit(**e) for e in old["edits"]]) == old["text"]
    back = Document.from_json(old)
    now = Document.from_json(data)
    assert back.raw == raw and back.text == data["text"]
    assert all(e.stage == "" for e in back.edits)
    assert back.edits == tuple(replace(e, stage="") for e in now.edits)
    assert (back.quotes, back.findings, back.metadata) == (now.quotes, now.findings, now.metadata)
    # Not written again as 1.1 with the stages missing.
    with pytest.raises(ValueError, match="names no stage"):
        back.to_json()
    # The old file is not valid under the new schema: it is a 1.0 file.
    assert errors(old, "document")


def test_a_1_1_document_without_stages_and_an_unknown_version_are_refused(
    seed: tuple[str, Any],
) -> None:
    _, data = seed
    missing = copy.deepcopy(data)
    del missing["edits"][0]["stage"]
    with pytest.raises(KeyError):
        Document.from_json(missing)
    assert errors(missing, "document")
    with pytest.raises(ValueError, match=r"schema_version '2\.0'"):
        Document.from_json({**data, "schema_version": "2.0"})
