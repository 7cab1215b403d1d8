"""JSON Schema validation of every output, entirely offline.

Our schemas in ``schemas/`` (draft 2020-12) have no ``$id`` and refer to each other by file name
(``"$ref": "common.schema.json#/$defs/sha256"``): a schema's base URI is where it is read from,
so any validator given a schema file finds its neighbours beside it, offline
(``check-jsonschema --schemafile schemas/document.schema.json x.json``), wherever the schemas
were copied to — every OUT holds a copy in ``OUT/schemas/``, which the outputs' ``$schema``
names. (An absolute ``$id`` would send validators to its host; a relative one is resolved
against the working directory by some.) The version is in each output's ``schema_version``.

Here they are loaded into a local :mod:`referencing` registry, each under its file name, whose
retriever refuses everything: a ``$ref`` that is not in the registry is an error, never a
download. Format checking is on, so ``"date": "2014-13-45"`` is invalid.

``schemas/`` also ships the official SARIF 2.1.0 schema (OASIS errata 01), unchanged; it is
draft-04 and self-contained, so it is validated with the validator its ``$schema`` names.

Two validators, one set of schemas: every output is checked before it is written with
jsonschema-rs (:func:`is_valid`, hundreds of times faster: it runs once per document of every
run), and described with python-jsonschema (:func:`errors`, clear paths and messages: for
``validate`` and for the rare output that fails). Both resolve only the registry's schemas.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from ..resources import data_dir

SCHEMAS = {  # output name -> schema file
    "document": "document.schema.json",
    "corpus-record": "corpus-record.schema.json",
    "quote-report": "quote-report.schema.json",
    "manifest": "manifest.schema.json",
    "sarif": "sarif-2.1.0.schema.json",
}
EXTERNAL = {"sarif-2.1.0.schema.json"}  # vendored verbatim, not ours: other draft, other $id
# Parts of an output checked one at a time (a large file is written piece by piece): name ->
# (the output's schema, where the part is defined in it).
PARTS = {
    "sarif-result": ("sarif", "#/definitions/result"),
    "quote-cluster": ("quote-report", "#/properties/clusters/items"),
    "quote-finding": ("quote-report", "#/properties/findings/items"),
}


def _refuse(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs class, untyped init


@lru_cache(maxsize=1)
def load_all() -> dict[str, dict[str, Any]]:
    """Every schema of ours by file name (not the vendored :data:`EXTERNAL` ones)."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(data_dir("schemas").glob("*.schema.json"))
        if path.name not in EXTERNAL
    }


def load(file: str) -> dict[str, Any]:
    """One shipped schema, ours or vendored."""
    if file in EXTERNAL:
        loaded: dict[str, Any] = json.loads((data_dir("schemas") / file).read_text("utf-8"))
        return loaded
    return load_all()[file]


@lru_cache(maxsize=1)
def registry() -> Registry[Any]:
    """A registry holding every shipped schema under its file name (the schemas have no
    ``$id``: see the module's docstring); it never retrieves anything."""
    resources = [(name, Resource.from_contents(s)) for name, s in load_all().items()]
    return Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]


def _schema(name: str) -> dict[str, Any]:
    if name not in PARTS:
        return load(SCHEMAS[name])
    file, pointer = SCHEMAS[PARTS[name][0]], PARTS[name][1]
    whole = load(file)
    if file in EXTERNAL:  # draft-04, not in the registry: the whole schema, where $ref wins
        return {**whole, "$ref": pointer}
    return {"$schema": whole["$schema"], "$ref": file + pointer}


@cache
def validator(name: str) -> Validator:
    """The validator of output ``name`` (a key of :data:`SCHEMAS` or :data:`PARTS`), of the
    draft its schema names (2020-12 for ours)."""
    schema = _schema(name)
    cls = validator_for(schema, default=Draft202012Validator)
    return cls(schema, registry=registry(), format_checker=cls.FORMAT_CHECKER)


def _refuse_rs(uri: str) -> Any:
    raise ValueError(f"{uri}: not a shipped schema; coi-pipeline never fetches schemas")


@cache
def _fast(name: str) -> Any:
    schema = _schema(name)
    resources = [(name, s) for name, s in load_all().items()]
    return jsonschema_rs.validator_for(
        schema,
        registry=jsonschema_rs.Registry(resources, retriever=_refuse_rs),
        retriever=_refuse_rs,
        validate_formats=True,
    )


def is_valid(instance: Any, name: str) -> bool:
    """Whether ``instance`` satisfies schema ``name`` (fast; :func:`errors` says why not)."""
    return bool(_fast(name).is_valid(instance))


def errors(instance: Any, name: str) -> list[str]:
    """Every way ``instance`` breaks schema ``name``, each as ``"<json path>: <message>"``."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(map(str, e.path)))
    return [f"{error.json_path}: {error.message}" for error in found]
