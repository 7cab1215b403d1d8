"""Adoption controls of ``check``: ``--select``/``--ignore`` by code or area decide the exit
code; OUT keeps every finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.codes import CODES
from pipeline.selection import ALL, Selection, SelectorError

AREAS = sorted({code.split(".")[0] for code in CODES})
SELECTORS = st.sampled_from([ALL, *AREAS, *CODES])


def check(tmp_path: Path, *flags: str) -> int:
    return main(["check", str(SEEDS), "-o", str(tmp_path / "out"), "--quiet", *flags])


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        ((), 1),  # the seeds: an error, two warnings (quote and footnote codes), a note
        (("--ignore", "quote"), 1),  # footnote.missing-body is still a warning
        (("--ignore", "quote,footnote"), 0),
        (("--ignore", "quote", "--ignore", "footnote"), 0),  # repeatable
        (("--select", "footnote", "--ignore", "footnote.missing-body"), 0),
        (("--ignore", "quote", "--ignore", "footnote", "--select", "quote.wording-mismatch"), 1),
        (("--select", "quote.unquoted-reuse"), 0),  # a note: under --fail-on warning
        (("--select", "quote.unquoted-reuse", "--fail-on", "note"), 1),
        (("--ignore", ALL), 0),
    ],
)
def test_the_exit_code_counts_only_the_selected_codes(
    tmp_path: Path, flags: tuple[str, ...], code: int
) -> None:
    assert check(tmp_path, *flags) == code
    sarif = json.loads((tmp_path / "out" / "findings.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 4  # OUT keeps every finding


def test_a_selector_matching_no_code_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(tmp_path, "--ignore", "quote.no-such-thing") == 2
    assert "'quote.no-such-thing' matches no finding code" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # refused before running
    with pytest.raises(SelectorError):
        Selection.of(["Q1"], [])


@given(st.sampled_from(sorted(CODES)), st.lists(SELECTORS), st.lists(SELECTORS))
def test_the_more_specific_selector_wins_and_a_tie_goes_to_ignore(
    code: str, select: list[str], ignore: list[str]
) -> None:
    def rank(selectors: list[str]) -> int:
        return max(
            (2 if s == code else 1 if s == code.split(".")[0] else 0 if s == ALL else -1
             for s in selectors),
            default=-1,
        )  # fmt: skip

    chosen = rank(select) if select else 0
    expected = chosen >= 0 and chosen > rank(ignore)
    assert Selection(tuple(select), tuple(ignore)).counts(code) is expected
    assert Selection().counts(code)
    assert not Selection((), (code,)).counts(code)
