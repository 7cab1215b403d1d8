"""Progress bars cover every phase of a run, and only when asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_FILES

from pipeline import run
from pipeline.runtime.progress import Phase, Progress

PHASES = ("reading", "cleaning", "quote check", "reports")


def test_a_run_shows_a_bar_for_each_phase_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(SEED_FILES, tmp_path / "out", progress=True, jobs=1)
    err = capsys.readouterr().err
    starts = [err.find(f"{name}:") for name in PHASES]
    assert all(at >= 0 for at in starts), err
    assert starts == sorted(starts)
    assert "reading: 5doc" in err  # no total: the documents are counted as they are read
    assert "5/5" in err  # cleaning knows its total from the reading
    assert "4/4" in err  # the reports: quotes.json, findings.sarif, report.html, manifest.json


def test_without_progress_a_run_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(SEED_FILES, tmp_path / "out", jobs=1)
    assert capsys.readouterr().err == ""


def test_a_hidden_phase_does_nothing_and_counts_through() -> None:
    phase = Progress(False).phase("reading", "doc")
    assert list(phase.counted(iter("abc"))) == ["a", "b", "c"]
    phase.step("anything")
    phase.close()
    assert isinstance(phase, Phase)


def test_the_quote_check_names_its_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(SEED_FILES, tmp_path / "out", progress=True, jobs=1)
    err = capsys.readouterr().err
    assert "labelling" in err  # the last step's name shows as the bar's postfix
