"""corpus.jsonl as dataset tools load it: declared features, a `source` field, null-first corpora.

The load tests need `datasets`, pandas and DuckDB (the test extra installs them; they are
skipped where they are missing). The corpus they load is written by a real run on the seeds,
then grown to a few thousand records whose first 3,500 have no metadata at all (``null``, ``[]``)
— the shape that makes type inference from the first block fail or silently lose values.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from pipeline import run as run_pipeline
from pipeline.output import dataset_card, schemas

NULL_FIRST = 3_500


def _tool(name: str) -> Any:
    """The module ``name``; skipped without it, except in CI (CI=true), which must load."""
    try:
        return importlib.import_module(name)
    except ImportError:
        reason = f"{name} not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the load tests")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("datasets") / "out"
    run_pipeline(out=out, progress=False)
    return out


def _records(out: Path) -> list[dict[str, Any]]:
    lines = (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _null_first(out: Path, target: Path) -> Path:
    """``target``: a copy of OUT's card and features with a corpus of NULL_FIRST records
    without metadata, then the run's real records (each valid against the record schema)."""
    target.mkdir()
    real = _records(out)
    empty = {f: [] if isinstance(t, list) else None for f, t in dataset_card.METADATA.items()}
    records = [
        {**real[n % len(real)], "id": f"bare-{n}", "metadata": empty} for n in range(NULL_FIRST)
    ] + real
    for record in records:
        assert schemas.is_valid(record, "corpus-record")
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (target / "corpus.jsonl").write_text(lines, encoding="utf-8")
    for name in ("README.md", "features.json"):
        (target / name).write_bytes((out / name).read_bytes())
    return target


def _kind(schema: dict[str, Any]) -> str:
    if schema.get("format") == "date":
        return "date32"
    types = schema.get("type", "string")
    if schema.get("enum"):
        return "string" if all(isinstance(v, str) or v is None for v in schema["enum"]) else "?"
    types = [types] if isinstance(types, str) else types
    non_null = [t for t in types if t != "null"]
    return non_null[0] if len(non_null) == 1 else "?"


def test_every_record_field_of_the_schema_is_declared_with_its_type() -> None:
    record = schemas.load("corpus-record.schema.json")
    metadata = schemas.load("common.schema.json")["$defs"]["metadata"]
    assert list(record["properties"]) == list(dataset_card.FEATURES)
    assert list(metadata["properties"]) == list(dataset_card.METADATA)
    for field, spec in metadata["properties"].items():
        declared = dataset_card.METADATA[field]
        if _kind(spec) == "array":
            assert declared == [_kind(spec["items"])], field
        else:
            assert declared == _kind(spec), field


def test_the_run_writes_card_and_features_listed_in_the_manifest(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"] for entry in manifest["outputs"]}
    assert {"README.md", "features.json", "corpus.jsonl"} <= listed
    card = (out / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\ndataset_info:\n  features:\n")
    assert "path: corpus.jsonl" in card
    assert json.loads((out / "features.json").read_text(encoding="utf-8"))["id"] == {
        "dtype": "string",
        "_type": "Value",
    }


def test_records_carry_the_documents_source_path(out: Path) -> None:
    for record in _records(out):
        document = json.loads((out / "documents" / f"{record['id']}.json").read_text("utf-8"))
        assert record["source"] == document["source"]["path"]
        assert list(record) == ["id", "source", "text", "metadata"]


def test_a_record_without_source_is_invalid(out: Path) -> None:
    record = _records(out)[0]
    del record["source"]
    assert not schemas.is_valid(record, "corpus-record")
    assert any("source" in problem for problem in schemas.errors(record, "corpus-record"))


def test_card_yaml_and_features_json_declare_the_same_features(out: Path) -> None:
    datasets = _tool("datasets")
    yaml = _tool("yaml")
    front = (out / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    from_card = datasets.Features._from_yaml_list(yaml.safe_load(front)["dataset_info"]["features"])
    from_json = datasets.Features.from_dict(json.loads((out / "features.json").read_text("utf-8")))
    assert from_card == from_json
    assert from_json["metadata"]["date"] == datasets.Value("date32")
    assert from_json["metadata"]["addressees"] != datasets.Value("string")  # a list of them


def test_datasets_loads_a_null_first_corpus_with_the_declared_features(
    out: Path, tmp_path: Path
) -> None:
    datasets = _tool("datasets")
    corpus = _null_first(out, tmp_path / "corpus")
    cache = str(tmp_path / "cache")
    features = datasets.Features.from_dict(json.loads((corpus / "features.json").read_text()))
    loaded = datasets.load_dataset(
        "json", data_files=str(corpus / "corpus.jsonl"), features=features, split="train",
        cache_dir=cache,
    )  # fmt: skip
    by_card = datasets.load_dataset(str(corpus), split="train", cache_dir=cache)
    real = _records(out)
    for dataset in (loaded, by_card):
        assert len(dataset) == NULL_FIRST + len(real)
        assert dataset[0]["metadata"]["title"] is None
        assert dataset[0]["metadata"]["addressees"] == []
        metadata = dataset[NULL_FIRST:]["metadata"]
        assert [{**m, "date": m["date"] and m["date"].isoformat()} for m in metadata] == [
            r["metadata"] for r in real
        ]
        assert dataset[NULL_FIRST]["source"] == real[0]["source"]


def test_pandas_reads_the_null_first_corpus(out: Path, tmp_path: Path) -> None:
    pandas = _tool("pandas")
    corpus = _null_first(out, tmp_path / "corpus")
    frame = pandas.read_json(corpus / "corpus.jsonl", lines=True, dtype=False)
    real = _records(out)
    assert list(frame.columns) == list(dataset_card.FEATURES)
    assert len(frame) == NULL_FIRST + len(real)
    assert list(frame["metadata"].iloc[NULL_FIRST:]) == [r["metadata"] for r in real]


def test_duckdb_reads_the_null_first_corpus_with_the_cards_columns(
    out: Path, tmp_path: Path
) -> None:
    duckdb = _tool("duckdb")
    corpus = _null_first(out, tmp_path / "corpus")
    path = str(corpus / "corpus.jsonl")
    columns = dataset_card.duckdb_columns()
    assert columns in (corpus / "README.md").read_text(encoding="utf-8")
    query = (
        "SELECT source, metadata.title, metadata.signatories, CAST(metadata.date AS VARCHAR) "
        f"FROM read_json(?, columns = {columns})"
    )
    rows = duckdb.execute(query, [path]).fetchall()
    real = _records(out)
    assert len(rows) == NULL_FIRST + len(real)
    assert rows[0][1] is None and rows[0][2] == []
    assert [row[1:] for row in rows[NULL_FIRST:]] == [
        (r["metadata"]["title"], r["metadata"]["signatories"], r["metadata"]["date"]) for r in real
    ]
    auto = duckdb.execute("SELECT count(*) FROM read_json_auto(?)", [path]).fetchone()
    assert auto == (NULL_FIRST + len(real),)


def test_datasets_loads_a_runs_out_directory_by_its_card(out: Path, tmp_path: Path) -> None:
    # OUT holds other JSON files too (documents/, schemas/): the card's configs pick the corpus
    datasets = _tool("datasets")
    loaded = datasets.load_dataset(str(out), split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded["id"] == [r["id"] for r in _records(out)]
    assert loaded.features["metadata"]["date"] == datasets.Value("date32")
