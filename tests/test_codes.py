"""The finding-code registry: complete, consistent with what is emitted, and in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS, TESTS

from pipeline import run
from pipeline.codes import CODES, markdown_table

PACKAGE = TESTS.parent / "pipeline"
AREAS = "footnote|hyphenation|input|quote|stage"  # the part of a code before its dot
CODE_LITERAL = re.compile(rf"""["']((?:{AREAS})\.[a-z]+(?:-[a-z]+)*)["']""")


def codes_in_source() -> set[str]:
    return {
        match
        for path in PACKAGE.rglob("*.py")
        if path.name != "codes.py"
        for match in CODE_LITERAL.findall(path.read_text(encoding="utf-8"))
    }


def test_every_code_in_the_source_is_registered_and_every_registered_code_is_used() -> None:
    assert codes_in_source() == set(CODES)


@pytest.mark.parametrize(
    "paths", [[SEEDS], [TESTS / "fixtures" / "artefacts"]], ids=["seeds", "fixtures"]
)
def test_every_finding_of_a_run_has_a_registered_code_and_its_severity(
    tmp_path: Path, paths: list[Path]
) -> None:
    result = run(paths, tmp_path / "out")
    assert result.findings
    for placed in result.findings:
        finding = placed.finding
        assert finding.code in CODES
        assert finding.severity is CODES[finding.code].severity


def test_the_readme_table_is_the_registry() -> None:
    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Finding codes\n", 1)[1]
    table = "| code |" + section.split("\n| code |", 1)[1].split("\n\n", 1)[0] + "\n"
    regenerate = "python -c 'import pipeline.codes as c; print(c.markdown_table())'"
    assert table == markdown_table(), f"README table differs from the registry: {regenerate}"


def test_every_code_is_fully_described() -> None:
    for code in CODES.values():
        assert re.fullmatch(rf"({AREAS})\.[a-z]+(-[a-z]+)*", code.code)
        assert code.short and code.full and code.help and code.example
        assert code.full.endswith(".") and code.help.endswith(".")
