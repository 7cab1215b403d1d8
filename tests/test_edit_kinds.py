"""The registry of edit kinds (:mod:`pipeline.edit_kinds`) is the one list: the document schema
allows exactly its kinds, the README's table names the kinds each stage makes from it, and the
stages make no other kind; every edit names its stage, and the registry allows that stage that
kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import SEED_FILES

from pipeline import clean_text
from pipeline.edit_kinds import BY_KIND, CUTS, JOINS, KINDS, REMOVALS, of_stage
from pipeline.stages import STAGE_IDS

ROOT = Path(__file__).resolve().parent.parent
MATRIX = ROOT / "bench" / "matrix" / "text"


def test_the_document_schema_allows_exactly_the_registered_kinds() -> None:
    schema = json.loads((ROOT / "schemas" / "document.schema.json").read_text("utf-8"))
    enum = schema["properties"]["edits"]["items"]["properties"]["kind"]["enum"]
    assert sorted(enum) == sorted(BY_KIND)
    assert len(KINDS) == len(BY_KIND)


def test_the_document_schema_allows_exactly_the_stage_ids() -> None:
    schema = json.loads((ROOT / "schemas" / "document.schema.json").read_text("utf-8"))
    edit = schema["properties"]["edits"]["items"]
    assert edit["properties"]["stage"]["enum"] == list(STAGE_IDS)
    assert "stage" in edit["required"]


def test_every_kind_is_made_by_known_stages_in_pipeline_order() -> None:
    for kind in KINDS:
        assert kind.stages and set(kind.stages) <= set(STAGE_IDS), kind
        assert list(kind.stages) == sorted(kind.stages, key=STAGE_IDS.index), kind
    assert REMOVALS | {"footnote-marker"} >= CUTS and {"line-wrap", "page-break"} == JOINS


def test_the_readme_table_names_the_kinds_of_each_stage() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## What it repairs", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \|", section, re.MULTILINE))
    for stage in STAGE_IDS:
        listed = tuple(re.findall(r"`([a-z-]+)`", rows[stage]))
        assert listed == of_stage(stage), stage


def test_the_stages_make_only_registered_kinds() -> None:
    texts = [p.read_text("utf-8") for p in [*SEED_FILES, *sorted(MATRIX.glob("m0[12]*.txt"))]]
    kinds = {e.kind for text in texts for e in clean_text(text).edits}
    assert kinds <= set(BY_KIND)
    assert {"whitespace", "page-break", "footnote-marker", "footnote-body", "line-wrap"} <= kinds


def test_every_edit_names_a_stage_the_registry_allows_its_kind() -> None:
    """Over the seeds and a sample of the extraction matrix (every extractor, both page-break
    styles): each edit's (kind, stage) is one the registry lists, so a composed edit, which names
    the latest stage that touched it and that stage's kind, is consistent too."""
    matrix = sorted(MATRIX.glob("*.txt"))
    assert len(matrix) > 100
    texts = [p.read_text("utf-8") for p in [*SEED_FILES, *matrix[::11]]]
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        for e in clean_text(text).edits:
            assert e.stage in STAGE_IDS, e
            assert e.stage in BY_KIND[e.kind].stages, e
            pairs.add((e.kind, e.stage))
    # Both stages that make whitespace and page-break edits are seen doing it.
    assert {("whitespace", "whitespace"), ("whitespace", "line-wrap")} <= pairs
    assert {("page-break", "page-break"), ("line-wrap", "line-wrap")} <= pairs
