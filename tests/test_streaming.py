"""A run streams: documents are written as they are cleaned, read back when asked for, and the
outputs look as they did when everything was held in memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FILES
from hypothesis import given
from hypothesis import strategies as st

from pipeline import Config, Document, InputError, clean_text, run
from pipeline.ingest import read_inputs
from pipeline.output.emit import dumps, dumps_line

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON.filter(lambda v: "\ud800" not in json.dumps(v)))
def test_our_json_is_the_standard_librarys_byte_for_byte(value: Any) -> None:
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    except ValueError:
        return
    try:
        ours = dumps(value)
    except TypeError:  # orjson refuses lone surrogates: no input text can hold one
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in expected)
        return
    assert ours == expected
    assert dumps_line(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_a_document_comes_back_from_its_json(path: Path) -> None:
    doc = clean_text(path.read_text("utf-8"))
    back = Document.from_json(json.loads(json.dumps(doc.to_json())))
    assert back.raw == doc.raw and back.edits == doc.edits and back.text == doc.text
    assert (back.quotes, back.findings, back.metadata) == (doc.quotes, doc.findings, doc.metadata)
    assert back.to_json() == doc.to_json()


def test_run_result_reads_documents_from_out(tmp_path: Path) -> None:
    result = run(out=tmp_path / "out")
    assert len(result.documents) == len(SEED_FILES) == len(result.summaries)
    first = result.documents[0]
    assert first.id == result.summaries[0].id
    written = json.loads((tmp_path / "out/documents" / f"{first.id}.json").read_text())
    assert written.pop("$schema") == "../schemas/document.schema.json"  # the file's, not the doc's
    assert first.to_json() == written
    assert [d.id for d in result.documents[1:3]] == [s.id for s in result.summaries[1:3]]


def test_jsonl_is_read_line_by_line_and_the_size_limit_is_per_record(tmp_path: Path) -> None:
    config = tmp_path / "small.toml"
    config.write_text("[input]\nmax_bytes = 200\n", "utf-8")
    options = Config.load(config).input
    corpus = tmp_path / "big.jsonl"
    records = [json.dumps({"id": f"d{i}", "text": "x" * 100}) for i in range(50)]
    corpus.write_text("\n".join(records) + "\n", "utf-8")
    assert corpus.stat().st_size > 25 * 200  # the file is far larger than max_bytes
    assert len(read_inputs([corpus], options)) == 50
    corpus.write_text(records[0] + "\n" + json.dumps({"id": "big", "text": "x" * 300}) + "\n")
    with pytest.raises(InputError, match=r"big\.jsonl:2: record is .* larger than"):
        read_inputs([corpus], options)


def test_a_jsonl_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"c\.jsonl:2: not UTF-8"):
        read_inputs([corpus], Config.load().input)


def test_the_report_shows_a_large_corpus_in_part_and_says_so(tmp_path: Path) -> None:
    config = tmp_path / "report.toml"
    config.write_text("[report]\nmax_documents = 2\nmax_findings = 1\nmax_members = 1\n", "utf-8")
    run(out=tmp_path / "out", config=config)
    page = (tmp_path / "out/report.html").read_text("utf-8")
    assert page.count('<section class="document"') == 2
    assert f"{len(SEED_FILES) - 2} more documents not shown here" in page
    assert "more findings not shown here" in page and "more members not shown here" in page
    full = run(out=tmp_path / "full")
    page = (tmp_path / "full/report.html").read_text("utf-8")
    assert page.count('<section class="document"') == len(SEED_FILES) == len(full.summaries)
    assert "not shown here" not in page
