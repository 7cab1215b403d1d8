"""JSON Schema validation of every output, entirely offline.

The schemas in ``schemas/`` (draft 2020-12, versioned ``$id`` under a reserved ``.invalid`` host,
relative ``$ref`` between files) are loaded into a local :mod:`referencing` registry whose
retriever refuses everything: a ``$ref`` that is not in the registry is an error, never a
download. Format checking is on, so ``"date": "2014-13-45"`` is invalid.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from .resources import data_dir

SCHEMAS = {  # output name -> schema file
    "document": "document.schema.json",
    "corpus-record": "corpus-record.schema.json",
    "quote-report": "quote-report.schema.json",
    "manifest": "manifest.schema.json",
}


def _refuse(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs class, untyped init


@lru_cache(maxsize=1)
def load_all() -> dict[str, dict[str, Any]]:
    """Every shipped schema by file name."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(data_dir("schemas").glob("*.schema.json"))
    }


@lru_cache(maxsize=1)
def registry() -> Registry[Any]:
    """A registry holding every shipped schema under its ``$id``; it never retrieves anything."""
    resources = [(s["$id"], Resource.from_contents(s)) for s in load_all().values()]
    return Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator of output ``name`` (a key of :data:`SCHEMAS`)."""
    schema = load_all()[SCHEMAS[name]]
    return Draft202012Validator(
        schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(instance: Any, name: str) -> list[str]:
    """Every way ``instance`` breaks schema ``name``, each as ``"<json path>: <message>"``."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(map(str, e.path)))
    return [f"{error.json_path}: {error.message}" for error in found]
