"""The public API is exactly ``pipeline.__all__``; changing it is a deliberate act."""

from __future__ import annotations

import importlib.resources

import pipeline


def test_public_api_is_sorted_and_exactly_this() -> None:
    assert pipeline.__all__ == sorted(pipeline.__all__)
    assert set(pipeline.__all__) == {
        "Config", "ConfigError", "Document", "Edit", "Finding", "InputError", "Metadata",
        "OutputError", "PipelineError", "RunResult", "Severity", "Source", "__version__",
        "clean_text", "raw_text", "replay", "run",
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
