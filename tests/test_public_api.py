"""The public API is exactly ``pipeline.__all__``; changing it is a deliberate act."""

from __future__ import annotations

import dataclasses
import enum
import importlib.resources
import typing

import pipeline


def test_public_api_is_sorted_and_exactly_this() -> None:
    assert pipeline.__all__ == sorted(pipeline.__all__)
    assert set(pipeline.__all__) == {
        "Cluster", "ClusterMember", "Config", "ConfigError", "Difference", "Dispute",
        "Document", "Edit", "Finding", "Hints", "InputError", "Location", "Metadata",
        "OutputError", "PipelineError", "Placed", "ReferenceSpan", "RunResult", "Severity",
        "Source", "StoredDocuments", "Summary", "__version__", "clean_file", "clean_text",
        "raw_text", "replay", "run",
    }  # fmt: skip


def test_every_exported_name_exists_and_is_documented() -> None:
    for name in pipeline.__all__:
        member = getattr(pipeline, name)
        if callable(member):
            assert member.__doc__, f"{name} has no docstring"


def test_errors_share_one_base() -> None:
    for error in (pipeline.InputError, pipeline.ConfigError, pipeline.OutputError):
        assert issubclass(error, pipeline.PipelineError)


def test_the_package_is_marked_as_typed() -> None:
    """PEP 561: ``py.typed`` ships in the package, so type checkers read its annotations."""
    assert (importlib.resources.files("pipeline") / "py.typed").is_file()


def _classes(hint: object) -> set[type]:
    """The classes a type hint names, through ``tuple[...]``, ``X | None`` and the like."""
    args = typing.get_args(hint)
    if args:
        return set().union(*map(_classes, args)) | _classes(typing.get_origin(hint))
    return {hint} if isinstance(hint, type) else set()


def test_what_a_run_returns_is_made_only_of_exported_types() -> None:
    """Every class reachable from :class:`RunResult`'s fields and properties (and from those
    classes' own fields) is exported, or a builtin: a user can name every type they get."""
    exported = {getattr(pipeline, name) for name in pipeline.__all__}
    seen: set[type] = set()
    todo = [pipeline.RunResult]
    while todo:
        cls = todo.pop()
        if cls in seen or cls.__module__ in (
            "builtins",
            "collections.abc",
            "types",
            "typing",
            "pathlib",
        ):
            continue
        seen.add(cls)
        assert cls in exported or issubclass(cls, enum.Enum), cls
        hints = typing.get_type_hints(cls) if dataclasses.is_dataclass(cls) else {}
        for name, member in vars(cls).items():
            if isinstance(member, property) and not name.startswith("_") and member.fget:
                hints[name] = typing.get_type_hints(member.fget).get("return")
        for hint in hints.values():
            todo.extend(_classes(hint))
