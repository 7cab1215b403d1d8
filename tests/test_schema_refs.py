"""Outputs name their schema (``$schema``), and the schema files resolve offline.

Every document JSON, ``quotes.json`` and ``manifest.json`` carries a ``$schema`` relative to
the file, naming the copy of its schema that the run wrote into ``OUT/schemas/``; the schemas
have no ``$id`` and refer to each other by file name, so a validator given a schema file (with
no base URI and no network) finds its neighbours beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from pipeline import run
from pipeline.output.emit import OUT_SCHEMAS, validate_dir
from pipeline.resources import data_dir

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("refs") / "out"
    run(out=out, progress=False)
    return out


def _outputs(out: Path) -> list[Path]:
    return [*sorted((out / "documents").glob("*.json")), out / "quotes.json", out / "manifest.json"]


def _files_only(base: Path) -> Registry[Any]:
    """A registry that reads ``file:`` URIs under ``base`` and nothing else (never the network)."""

    def retrieve(uri: str) -> Resource[Any]:
        if not uri.startswith("file://"):
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
        path = Path(uri.removeprefix("file://"))
        if base not in path.parents:
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
        return Resource.from_contents(json.loads(path.read_text("utf-8")))

    return Registry(retrieve=retrieve)  # type: ignore[call-arg]


def test_each_output_names_a_schema_file_the_run_wrote_beside_it(out: Path) -> None:
    for path in _outputs(out):
        target = (path.parent / json.loads(path.read_text("utf-8"))["$schema"]).resolve()
        assert target.parent == (out / "schemas").resolve(), path
        assert target.is_file(), path


def test_the_copied_schemas_are_the_shipped_ones_and_in_the_manifest(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    listed = {entry["path"] for entry in manifest["outputs"]}
    for name in OUT_SCHEMAS:
        copied = out / "schemas" / name
        assert copied.read_bytes() == (data_dir("schemas") / name).read_bytes()
        assert f"schemas/{name}" in listed


def test_every_output_validates_against_its_own_schema_resolved_from_the_file(out: Path) -> None:
    # the way an editor or a generic validator would: $schema relative to the file, the
    # schema's $refs relative to the schema file; only files under OUT can be read
    for path in _outputs(out):
        instance = json.loads(path.read_text("utf-8"))
        schema_path = (path.parent / instance["$schema"]).resolve()
        schema = {"$ref": schema_path.as_uri()}
        validator = Draft202012Validator(
            schema,
            registry=_files_only(out.resolve()),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        assert list(validator.iter_errors(instance)) == [], path


def test_a_wrong_value_fails_through_a_cross_file_ref(out: Path) -> None:
    path = sorted((out / "documents").glob("*.json"))[0]
    instance = json.loads(path.read_text("utf-8"))
    instance["source"]["sha256"] = "abc"  # defined in common.schema.json
    schema = {"$ref": (out / "schemas" / "document.schema.json").resolve().as_uri()}
    validator = Draft202012Validator(schema, registry=_files_only(out.resolve()))
    assert any("does not match" in error.message for error in validator.iter_errors(instance))


def test_validate_accepts_the_outputs_with_their_schema_key(out: Path) -> None:
    assert validate_dir(out) == []


def test_validate_still_accepts_an_output_without_schema_keys(out: Path, tmp_path: Path) -> None:
    older = tmp_path / "older"
    shutil.copytree(out, older)
    for path in _outputs(older):
        data = json.loads(path.read_text("utf-8"))
        del data["$schema"]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert validate_dir(older) == []


def _check_jsonschema() -> str:
    found = shutil.which("check-jsonschema")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("check-jsonschema not installed (it is in the test extra)")
    pytest.skip("check-jsonschema not installed")


@pytest.mark.parametrize("schemas", ["repository", "out"])
def test_check_jsonschema_validates_offline_without_base_uri(out: Path, schemas: str) -> None:
    tool = _check_jsonschema()
    where = REPO / "schemas" if schemas == "repository" else out / "schemas"
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    env["NO_PROXY"] = ""  # any download attempt fails at once, so a pass means none was made
    for schema, files in [
        ("document", sorted(str(p) for p in (out / "documents").glob("*.json"))),
        ("manifest", [str(out / "manifest.json")]),
        ("quote-report", [str(out / "quotes.json")]),
    ]:
        done = subprocess.run(
            [tool, "--schemafile", str(where / f"{schema}.schema.json"), *files],
            capture_output=True, text=True, env=env, cwd=out.parent, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
