"""``--output-format text|github|json|sarif``: what ``check`` and ``run`` print on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main


def test_text_prints_nothing_on_stdout_and_the_worst_findings_on_stderr(
    cli, tmp_path: Path
) -> None:
    result = cli("check", "--output-format", "text", "-o", tmp_path / "out")
    assert (result.code, result.out) == (1, "")
    assert ": warning footnote.missing-body " in result.err


def test_github_prints_workflow_commands_even_outside_actions(cli, tmp_path: Path) -> None:
    result = cli("check", "--output-format", "github", "-o", tmp_path / "out")
    lines = result.out.splitlines()
    assert result.code == 1
    assert lines[0].startswith("::error file=") and "title=quote.wording-mismatch" in lines[0]
    assert any(line.startswith("::notice ") for line in lines)
    assert "::" not in result.err and "footnote.missing-body" not in result.err


def test_text_overrides_the_github_default_under_actions(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli("check", "-o", tmp_path / "a").out.startswith("::error ")
    assert cli("check", "--output-format", "text", "-o", tmp_path / "b").out == ""


def test_json_lists_every_finding_with_its_place(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("check", "--output-format", "json", "-o", out)
    findings = json.loads(result.out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(findings) == sum(manifest["counts"]["findings"].values())
    first = findings[0]
    assert set(first) == {
        "code", "severity", "message", "path", "line", "column", "end_line", "end_column",
        "document",
    }  # fmt: skip
    assert (first["code"], first["severity"]) == ("quote.wording-mismatch", "error")
    assert first["path"].startswith("seeds/") and first["line"] >= 1
    severities = [f["severity"] for f in findings]
    rank = {"error": 0, "warning": 1, "note": 2}
    assert severities == sorted(severities, key=rank.__getitem__)


def test_json_of_a_clean_corpus_is_an_empty_list(cli, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("A short letter with nothing to find in it.\n", encoding="utf-8")
    result = cli("run", "--output-format", "json", "-o", tmp_path / "out", letter)
    assert (result.code, json.loads(result.out)) == (0, [])


def test_sarif_prints_the_log_written_to_out(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("run", "--output-format", "sarif", "-o", out)
    assert result.code == 0
    assert result.out == (out / "findings.sarif").read_text(encoding="utf-8")
    log = json.loads(result.out)
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]


def test_temp_out_leaves_nothing_behind_and_still_prints(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--temp-out", "--output-format", "sarif")
    assert result.code == 1 and json.loads(result.out)["runs"][0]["results"]
    assert list(tmp_path.iterdir()) == []
    assert "outputs not kept (--temp-out)" in result.err and "->" not in result.err


def test_an_explicit_out_wins_over_temp_out(cli, tmp_path: Path) -> None:
    result = cli("check", "--temp-out", "--exit-zero", "-o", tmp_path / "kept")
    assert result.code == 0 and (tmp_path / "kept" / "findings.sarif").is_file()


def test_an_unknown_format_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--output-format", "xml"]) == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
