"""Adoption controls of ``check``: ``--select``/``--ignore`` by code or area, a baseline of
accepted findings (``--baseline``/``--write-baseline``) and ``[findings] per_path_ignores``
decide the exit code; OUT keeps every finding."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS, TESTS
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from pipeline.cli import main
from pipeline.codes import CODES
from pipeline.document import Finding, Severity
from pipeline.output import baseline
from pipeline.output.emit import validate_dir
from pipeline.output.sarif import FINGERPRINT, fingerprints
from pipeline.positions import Location, Placed
from pipeline.selection import ALL, PathIgnores, Selection, SelectorError

SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))

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


# --- the baseline (--baseline / --write-baseline) ---------------------------------------------


def _sarif(out: Path) -> dict[str, Any]:
    log: dict[str, Any] = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    return log


def _corpus_without(tmp_path: Path, stem: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        if not seed.name.startswith(stem):
            shutil.copy(seed, corpus / seed.name)
    return corpus


def test_a_baseline_written_then_checked_exits_0_and_marks_sarif_suppressions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = tmp_path / "baseline.json"
    assert check(tmp_path, "--write-baseline", str(written)) == 0  # even with an error found
    text = written.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and len(data["findings"]) == 4
    keys = [(e["document"], e["code"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys)  # sorted: a diff shows what changed
    assert text.count("\n") == 6  # one line per finding, for diffs
    assert check(tmp_path, "--baseline", str(written)) == 0
    sarif = _sarif(tmp_path / "out")
    results = sarif["runs"][0]["results"]
    assert len(results) == 4  # OUT keeps the baselined findings
    assert all(
        r["suppressions"]
        == [{"kind": "external", "status": "accepted", "justification": f"in baseline {written}"}]
        for r in results
    )
    assert {r["partialFingerprints"][FINGERPRINT] for r in results} == {k[2] for k in keys}
    assert not [e.message for e in Draft4Validator(SARIF_SCHEMA).iter_errors(sarif)]
    assert validate_dir(tmp_path / "out") == []  # the manifest's hash follows the rewrite
    capsys.readouterr()
    main(["check", str(SEEDS), "-o", str(tmp_path / "again"), "--baseline", str(written)])
    assert "4 baselined" in capsys.readouterr().err


def test_a_new_finding_fails_a_baselined_check_and_a_gone_one_is_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus_without(tmp_path, "004_")  # the seed with the error
    old = tmp_path / "old.json"
    assert (
        main(["check", str(corpus), "-o", str(tmp_path / "o1"), "--write-baseline", str(old)]) == 0
    )
    capsys.readouterr()
    code = main(["check", str(SEEDS), "-o", str(tmp_path / "o3"), "--baseline", str(old)])
    assert code == 1  # 004's error is new
    err = capsys.readouterr().err
    assert "3 baselined" in err and "0 fixed" in err
    new = re.search(r"(\d+) new findings?", err)
    assert new is not None and int(new.group(1)) == 1
    # the new finding is the only one counted: ignoring its code passes the check
    assert check(tmp_path, "--baseline", str(old), "--ignore", "quote.wording-mismatch") == 0
    full = tmp_path / "full.json"
    assert check(tmp_path, "--write-baseline", str(full)) == 0
    main(["check", str(corpus), "-o", str(tmp_path / "o2"), "--baseline", str(full)])
    fixed = re.search(r"(\d+) fixed", capsys.readouterr().err)
    assert fixed is not None and int(fixed.group(1)) >= 1  # 004's findings are gone


def test_fingerprints_ignore_the_line_a_finding_moved_to(tmp_path: Path) -> None:
    corpus = _corpus_without(tmp_path, "none")
    accepted = tmp_path / "b.json"
    assert main(["check", str(corpus), "-o", str(tmp_path / "o1"), "--write-baseline",
                 str(accepted)]) == 0  # fmt: skip
    for seed in corpus.glob("*.txt"):  # lines added above every finding
        seed.write_bytes(b"\n\n\n" + seed.read_bytes())
    code = main(["check", str(corpus), "-o", str(tmp_path / "o2"), "--baseline", str(accepted)])
    assert code == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read the baseline"),
        (b"{", "not a baseline: not JSON"),
        (b'{"findings": []}', 'no "version": 1'),
        (b'{"version": 1, "findings": [{"code": "x"}]}', "not a list of"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_a_missing_or_corrupt_baseline_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, reason: str
) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_bytes(content)
    assert check(tmp_path, "--baseline", str(path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and reason in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()  # refused before running


def test_the_baseline_fingerprints_are_those_of_the_whole_list_not_the_capped_log(
    tmp_path: Path,
) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[sarif]\nmax_results = 1\n", encoding="utf-8")
    written = tmp_path / "b.json"
    assert check(tmp_path, "--config", str(config), "--write-baseline", str(written)) == 0
    assert len(json.loads(written.read_text(encoding="utf-8"))["findings"]) == 4
    assert check(tmp_path, "--config", str(config), "--baseline", str(written)) == 0
    results = _sarif(tmp_path / "out")["runs"][0]["results"]
    assert len(results) == 1 and "suppressions" in results[0]


@given(st.lists(st.sampled_from(["a", "b", "a b"]), max_size=6))
def test_fingerprints_are_unique_within_a_document(snippets: list[str]) -> None:
    findings = [
        Placed("d", Finding("quote.case-mismatch", Severity.WARNING, "m", i, i + 1),
               Location("d.txt", 1, 1, 1, 2), s)
        for i, s in enumerate(snippets)
    ]  # fmt: skip
    prints = list(fingerprints(findings))
    assert len(set(prints)) == len(prints)
    assert {e.fingerprint for e in baseline.entries(findings)} == set(prints)


# --- per-path ignores ([findings] per_path_ignores) -------------------------------------------


def _config(tmp_path: Path, table: str) -> str:
    path = tmp_path / "coi.toml"
    path.write_text(f"[findings]\nper_path_ignores = {table}\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("table", "flags", "code"),
    [
        ('{"*/004_*" = ["quote"]}', (), 1),  # 001's warnings still count
        ('{"*/004_*" = ["quote"], "*/001_*" = ["quote", "footnote"]}', (), 0),
        ('{"*/004_*" = ["quote"], "*/001_*" = ["quote", "footnote"]}', ("--fail-on", "note"), 1),
        ('{"*" = ["ALL"]}', ("--fail-on", "note"), 0),
        ('{"*/nothing-here/*" = ["ALL"]}', (), 1),
        ('{"*/001_*" = ["quote.case-mismatch"]}', ("--ignore", "quote,footnote"), 0),
    ],
)
def test_per_path_ignores_decide_the_exit_code_for_their_paths(
    tmp_path: Path, table: str, flags: tuple[str, ...], code: int
) -> None:
    assert check(tmp_path, "--config", _config(tmp_path, table), *flags) == code
    assert len(_sarif(tmp_path / "out")["runs"][0]["results"]) == 4  # OUT keeps every finding


def test_per_path_ignores_match_the_path_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus_without(tmp_path, "none")
    monkeypatch.chdir(tmp_path)
    config = _config(tmp_path, '{"corpus/*" = ["ALL"]}')
    assert main(["check", str(corpus.resolve()), "-o", "out", "--quiet", "--config", config]) == 0
    config = _config(tmp_path, '{"elsewhere/*" = ["ALL"]}')
    assert main(["check", "corpus", "-o", "out2", "--quiet", "--config", config]) == 1


def test_path_ignores_cover_by_selector() -> None:
    ignores = PathIgnores((("old/*", ("quote",)), ("drafts/x.txt", ("footnote.missing-body",))))
    assert ignores.covers("old/a/b.txt", "quote.case-mismatch")
    assert ignores.covers("./old/b.txt", "quote.case-mismatch")
    assert not ignores.covers("old/b.txt", "footnote.missing-body")
    assert ignores.covers("drafts/x.txt", "footnote.missing-body")
    assert not ignores.covers("drafts/y.txt", "footnote.missing-body")
    assert not PathIgnores().covers("old/b.txt", "quote.case-mismatch")


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ('["quote"]', "must be a table"),
        ('{"old/*" = "quote"}', "'old/*' must be a list of selectors"),
        ('{"old/*" = ["quot"]}', "'quot' matches no finding code"),
        ('{"old/*" = [1]}', "must be a list of selectors"),
    ],
)
def test_a_bad_per_path_ignores_table_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, reason: str
) -> None:
    assert check(tmp_path, "--config", _config(tmp_path, table)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "findings.per_path_ignores" in err and reason in err
    assert "(at line 2)" in err
    assert not (tmp_path / "out").exists()


def test_the_manifest_records_the_per_path_ignores(tmp_path: Path) -> None:
    assert check(tmp_path, "--config", _config(tmp_path, '{"old/*" = ["quote"]}')) == 1
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["findings"] == {"per_path_ignores": {"old/*": ["quote"]}}


def test_a_baseline_that_cannot_be_written_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-dir" / "b.json"
    assert check(tmp_path, "--write-baseline", str(target)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(target) in err and "cannot write" in err
    assert not target.parent.exists()
