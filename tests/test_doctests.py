"""The examples in the docstrings run, against whichever ``pipeline`` is installed."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pipeline

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(pipeline.__path__, "pipeline.")
    if m.name != "pipeline.__main__"  # importing it runs the command
)


@pytest.mark.parametrize("name", ["pipeline", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
