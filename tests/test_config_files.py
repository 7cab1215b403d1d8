"""Configuration discovery: coi-pipeline.toml and pyproject.toml's [tool.coi-pipeline], nearest
first, beaten by --config, switched off by --isolated, and recorded in the manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.config import MAX_CONFIG_BYTES, Config
from pipeline.config_files import TABLE, discover

LETTER = "Dear Minister,\n\nWe write about the report.\n\nYours sincerely,\nAn Organisation\n"
# A setting whose effect shows in the manifest's config: the SARIF cap.
CAP_10 = "[sarif]\nmax_results = 10\n"
CAP_20 = "[sarif]\nmax_results = 20\n"
PYPROJECT_20 = '[project]\nname = "letters"\n\n[tool.coi-pipeline.sarif]\nmax_results = 20\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one letter, two levels deep; the current directory is its deepest level."""
    deep = tmp_path / "project" / "letters"
    deep.mkdir(parents=True)
    (deep / "a.txt").write_text(LETTER, encoding="utf-8")
    monkeypatch.chdir(deep)
    return tmp_path / "project"


def manifest(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_pyproject_table_in_a_parent_directory_is_found_and_recorded(cli, project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT_20, encoding="utf-8")
    result = cli("run", "a.txt", "-o", project / "out", "--no-progress")
    assert result.code == 0, result.err
    assert "config from ../pyproject.toml [tool.coi-pipeline]" not in result.err  # shown whole
    assert f"config from {project / 'pyproject.toml'} [tool.coi-pipeline]" in result.err
    found = manifest(project / "out")
    assert found["config"]["sarif"]["max_results"] == 20
    assert found["config_file"] == {
        "path": str(project / "pyproject.toml"),
        "table": "tool.coi-pipeline",
        "found_by": "discovery",
        "sha256": hashlib.sha256(PYPROJECT_20.encode()).hexdigest(),
    }
    assert cli("validate", project / "out").code == 0


def test_the_nearest_directory_wins_and_in_one_directory_coi_pipeline_toml_wins(
    project: Path,
) -> None:
    deep = Path.cwd()
    (project / "coi-pipeline.toml").write_text(CAP_10, encoding="utf-8")
    assert discover(deep, MAX_CONFIG_BYTES) == (project / "coi-pipeline.toml", None)
    (deep / "pyproject.toml").write_text(PYPROJECT_20, encoding="utf-8")
    assert discover(deep, MAX_CONFIG_BYTES) == (Path("pyproject.toml"), TABLE)
    (deep / "coi-pipeline.toml").write_text(CAP_10, encoding="utf-8")
    assert discover(deep, MAX_CONFIG_BYTES) == (Path("coi-pipeline.toml"), None)


def test_a_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (Path.cwd() / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n", encoding="utf-8")
    (project / "coi-pipeline.toml").write_text(CAP_10, encoding="utf-8")
    assert discover(Path.cwd(), MAX_CONFIG_BYTES) == (project / "coi-pipeline.toml", None)


def test_another_projects_broken_pyproject_is_passed_over_but_a_broken_table_of_ours_is_not(
    cli, project: Path
) -> None:
    (project / "coi-pipeline.toml").write_text(CAP_10, encoding="utf-8")
    (Path.cwd() / "pyproject.toml").write_text("[project\nname = 1\n", encoding="utf-8")
    assert discover(Path.cwd(), MAX_CONFIG_BYTES) == (project / "coi-pipeline.toml", None)
    (Path.cwd() / "pyproject.toml").write_text(
        "[tool.coi-pipeline.sarif\nmax_results = 1\n", encoding="utf-8"
    )
    result = cli("run", "a.txt", "-o", project / "out", "--no-progress")
    assert result.code == 2
    assert result.err.startswith("coi-pipeline: error: pyproject.toml: not valid TOML")
    assert not (project / "out").exists()


def test_a_bad_key_is_named_as_the_pyproject_spells_it_with_its_line(cli, project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.coi-pipeline.footnotes]\nno_such_key = 1\n',
        encoding="utf-8",
    )
    result = cli("check", "a.txt", "-o", project / "out", "--no-progress")
    assert result.code == 2
    assert result.err.strip().endswith(
        "unknown config key 'tool.coi-pipeline.footnotes.no_such_key' (at line 5)"
    )
    assert result.err.count("\n") == 1


def test_a_tool_table_that_is_not_a_table_is_one_clear_line(project: Path) -> None:
    path = project / "pyproject.toml"
    path.write_text('[tool]\ncoi-pipeline = "yes"\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"'tool.coi-pipeline' must be a table \(at line 2\)"):
        Config.load(path, table=TABLE)


def test_config_wins_over_what_is_found_and_isolated_reads_nothing(cli, project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT_20, encoding="utf-8")
    given = project / "ci.toml"
    given.write_text(CAP_10, encoding="utf-8")
    assert cli("run", "a.txt", "-o", project / "o1", "--no-progress", "--config", given).code == 0
    found = manifest(project / "o1")
    assert found["config"]["sarif"]["max_results"] == 10
    assert found["config_file"]["found_by"] == "--config"
    assert found["config_file"]["table"] is None
    assert cli("run", "a.txt", "-o", project / "o2", "--no-progress", "--isolated").code == 0
    found = manifest(project / "o2")
    assert found["config_file"] is None
    assert found["config"]["sarif"]["max_results"] == Config.load().sarif.max_results


def test_clean_reads_the_discovered_configuration_too(cli, project: Path) -> None:
    (Path.cwd() / "b.txt").write_text("Caf\u0065\u0301 and r\u00e9sum\u00e9\n", encoding="utf-8")
    assert cli("clean", "b.txt").out == "Caf\u00e9 and r\u00e9sum\u00e9\n"  # NFC, the default
    (project / "coi-pipeline.toml").write_text('[unicode]\nnormalization = "NFD"\n', "utf-8")
    cleaned = cli("clean", "b.txt")
    assert cleaned.code == 0, cleaned.err
    assert cleaned.out == "Cafe\u0301 and re\u0301sume\u0301\n"
    assert cli("clean", "b.txt", "--isolated").out == "Caf\u00e9 and r\u00e9sum\u00e9\n"


def test_the_library_never_looks_around(project: Path) -> None:
    """``pipeline.run`` and ``Config.load()`` take what they are given: a program's result does
    not depend on its working directory."""
    (Path.cwd() / "coi-pipeline.toml").write_text(CAP_10, encoding="utf-8")
    assert Config.load().origin is None
    assert Config.load().sarif.max_results != 10
