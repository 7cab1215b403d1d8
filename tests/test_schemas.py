"""The schemas: offline registry, format checking, and a second, independent validator."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema_rs
import pytest
from referencing.exceptions import Unresolvable

from pipeline import clean_text, run
from pipeline.output.schemas import EXTERNAL, SCHEMAS, errors, load_all, registry

REPO = Path(__file__).parent.parent


def test_every_schema_is_draft_2020_12_with_no_id_and_refs_by_file_name() -> None:
    # (but the vendored SARIF schema, the official one: draft-04, tested in test_sarif.py)
    # no $id: a schema's base is where it is read from, so its neighbours resolve offline
    for name, schema in load_all().items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "$id" not in schema, name
        refs = re.findall(r'"\$ref": "([^"#]*)#', json.dumps(schema))
        assert set(refs) <= set(load_all()) | {""}, name
    assert set(SCHEMAS.values()) <= set(load_all()) | EXTERNAL


def test_the_registry_never_fetches_an_unknown_reference() -> None:
    resolver = registry().resolver()
    with pytest.raises(Unresolvable):
        resolver.lookup("https://coi-pipeline.invalid/schemas/v1/not-there.schema.json")
    with pytest.raises(Unresolvable):
        resolver.lookup("https://example.org/schema.json")


def document() -> dict:  # type: ignore[type-arg]
    return clean_text("People’s Republic\r\n").to_json()


def test_a_clean_document_is_valid() -> None:
    assert errors(document(), "document") == []


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("metadata", "date"), "2014-13-45", "is not a 'date'"),
        (("metadata", "date"), "December 8, 2016", "is not a 'date'"),
        (("metadata", "kind"), "memo", "is not one of"),
        (("source", "sha256"), "abc", "does not match"),
        (("schema_version",), "2.0", "was expected"),
    ],
    ids=["impossible-date", "prose-date", "unknown-kind", "short-sha", "version"],
)
def test_malformed_fields_fail(path: tuple[str, ...], value: str, message: str) -> None:
    doc = document()
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    problems = errors(doc, "document")
    assert len(problems) == 1 and message in problems[0]
    assert problems[0].startswith("$." + ".".join(path))


def test_an_edit_of_unknown_kind_fails() -> None:
    doc = document()
    doc["edits"][0]["kind"] = "magic"
    assert any("$.edits[0].kind" in p for p in errors(doc, "document"))


def _rust_validator(name: str) -> jsonschema_rs.Validator:
    schemas = load_all()
    resources = list(schemas.items())
    return jsonschema_rs.validator_for(
        schemas[SCHEMAS[name]],
        registry=jsonschema_rs.Registry(resources),
        validate_formats=True,
    )


def test_an_independent_validator_accepts_every_output_of_a_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([REPO / "seeds"], out)
    checked = 0
    for path in sorted((out / "documents").glob("*.json")):
        _rust_validator("document").validate(json.loads(path.read_text("utf-8")))
        checked += 1
    for line in (out / "corpus.jsonl").read_text("utf-8").splitlines():
        _rust_validator("corpus-record").validate(json.loads(line))
        checked += 1
    _rust_validator("manifest").validate(json.loads((out / "manifest.json").read_text("utf-8")))
    assert checked == 10


def test_the_independent_validator_rejects_what_ours_rejects() -> None:
    doc = document()
    doc["metadata"]["date"] = "2014-13-45"
    assert errors(doc, "document")
    assert not _rust_validator("document").is_valid(doc)


def test_an_output_of_ours_that_fails_its_schema_is_a_bug_not_a_user_error() -> None:
    """A user cannot fix it: no one-line exit 2 as for bad input, but a traceback to report."""
    from pipeline.errors import PipelineError
    from pipeline.output.emit import SchemaViolation, checked

    failing = r"manifest\.json fails the manifest schema"
    with pytest.raises(SchemaViolation, match=failing) as raised:
        checked({"tool": 1}, "manifest", "manifest.json")
    assert not isinstance(raised.value, PipelineError)
    assert checked({"a": 1}, None) == {"a": 1}
