"""GitHub Actions annotations, the step summary and the terminal summary; `check` in CI."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED_FILES

from pipeline import Document, Finding, Severity, Source, clean_text
from pipeline.consistency import Cluster, ClusterMember
from pipeline.output.annotations import (
    command,
    escape_data,
    escape_property,
    locate_all,
    step_summary,
    summary_lines,
    workflow_commands,
)
from pipeline.positions import Placed, place


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain text", "plain text", "plain text"),
        ("50% of 2", "50%25 of 2", "50%25 of 2"),
        ("%0A is not a newline", "%250A is not a newline", "%250A is not a newline"),
        ("one\ntwo", "one%0Atwo", "one%0Atwo"),
        ("one\r\ntwo", "one%0D%0Atwo", "one%0D%0Atwo"),
        ("a/b: c, d", "a/b: c, d", "a/b%3A c%2C d"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
        ("“quotes” — kept", "“quotes” — kept", "“quotes” — kept"),
    ],
    ids=["plain", "percent", "escaped-looking", "lf", "crlf", "colon-comma", "command", "unicode"],
)
def test_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


RAW = "".join(f"line {n} with some words\n" for n in range(1, 41))


def document(findings: list[tuple[Severity, int]], path: str = "letters/a.txt") -> Document:
    """A document whose findings sit on the given lines (1-based), covering ``some``."""
    found = []
    for severity, line in findings:
        start = RAW.index(f"line {line} with ") + len(f"line {line} with ")
        found.append(Finding(f"test.{severity.value}", severity, "m", start, start + 4))
    doc = clean_text(RAW)
    return replace(doc, source=Source(path, "0" * 64, "utf-8"), findings=tuple(found))


def placed(doc: Document) -> list[Placed]:
    """Every finding of ``doc``, placed in its input file (as the worker that cleaned it does)."""
    return [place(doc.id, doc.source, doc.raw, f) for f in doc.findings]


def test_an_annotation_names_file_line_columns_and_code() -> None:
    doc = document([(Severity.WARNING, 3)])
    (item,) = locate_all(placed(doc)[:1])
    assert command(item) == (
        "::warning file=letters/a.txt,line=3,col=13,endLine=3,endColumn=16,title=test.warning::m"
    )


def test_a_finding_over_several_lines_has_no_columns_and_a_note_is_a_notice() -> None:
    doc = clean_text(RAW)
    finding = Finding("x.y", Severity.NOTE, "over\nlines, 100%", 5, RAW.index("line 3"))
    doc = replace(doc, source=Source("a,b.txt", "0" * 64, "utf-8"), findings=(finding,))
    (item,) = locate_all(placed(doc))
    assert (
        command(item) == "::notice file=a%2Cb.txt,line=1,endLine=2,title=x.y::over%0Alines, 100%25"
    )


def test_at_most_ten_per_level_the_rest_counted() -> None:
    lines = [*(range(40, 27, -1))]  # 13 warnings, from the bottom of the file up
    doc = document(
        [(Severity.WARNING, n) for n in lines] + [(Severity.ERROR, 7), (Severity.ERROR, 2)]
    )
    located = locate_all(placed(doc))
    commands = workflow_commands(located)
    assert [c.split(" ", 1)[0] for c in commands] == ["::error"] * 2 + ["::warning"] * 10 + ["3"]
    assert commands[-1] == "3 more warnings not shown"
    assert [c.split("line=")[1].split(",")[0] for c in commands[:12]] == [
        "2", "7", *map(str, range(28, 38)),
    ]  # fmt: skip
    assert workflow_commands(located, limit=1)[-1] == "12 more warnings not shown"
    assert "1 more error not shown" in workflow_commands(located, limit=1)


def test_the_terminal_summary_lists_the_worst_findings_first() -> None:
    doc = document([(Severity.NOTE, 1), (Severity.ERROR, 9), (Severity.WARNING, 4)])
    located = locate_all(placed(doc))
    assert summary_lines(located, worst=2) == [
        "  letters/a.txt:9:13: error test.error m",
        "  letters/a.txt:4:13: warning test.warning m",
        "  … and 1 more",
    ]


def test_a_jsonl_record_is_annotated_on_its_line_with_its_offsets(tmp_path: Path) -> None:
    doc = document([(Severity.WARNING, 2)])
    doc = replace(doc, id="r7", source=Source("c.jsonl", "0" * 64, "utf-8", 7))
    (item,) = locate_all(placed(doc)[:1])
    start = doc.findings[0].raw_start
    assert command(item) == (
        f"::warning file=c.jsonl,line=7,endLine=7,title=test.warning::"
        f"m (record r7, characters {start}-{start + 4})"
    )


def test_the_step_summary_counts_and_shows_inconsistent_clusters() -> None:
    doc = document([(Severity.ERROR, 1), (Severity.NOTE, 2), (Severity.NOTE, 3)])

    def member(document: str, variant: str, text: str) -> ClusterMember:
        return ClusterMember(document, "q1", text, 0, len(text), variant, ())

    members = (
        member("a", "identical", "a State | without\nparallel"),
        member("b", "case", "a state"),
    )
    clusters = [
        Cluster("c1", "a State | without parallel", "inconsistent", members, None),
        Cluster("c2", "fine", "consistent", (), None),
    ]
    tally = {(p.finding.severity.value, p.finding.code): 1 for p in placed(doc)}
    tally["note", "test.note"] = 2
    text = step_summary(1, placed(doc), tally, clusters)
    assert text.startswith("### coi-pipeline: 1 document, 1 error, 2 notes\n")
    assert "| note | `test.note` | 2 |" in text
    assert "| error | `test.error` | letters/a.txt:1 | m |" in text
    assert "Cluster `c1`, canonical: “a State \\| without parallel”" in text
    assert "| a | identical | a State \\| without parallel |" in text
    assert "| b | case | a state |" in text
    assert "c2" not in text


def test_check_under_github_actions_annotates_and_writes_the_step_summary(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("check", "-o", tmp_path / "out")
    assert result.code == 1
    commands = result.out.splitlines()
    assert (
        commands[0].startswith("::error file=") and "title=quote.wording-mismatch::" in commands[0]
    )
    assert any("title=footnote.missing-body" in c and "line=89" in c for c in commands)
    assert any(c.startswith("::notice ") for c in commands)
    assert "1 error" in result.err and "::" not in result.err
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# earlier step\n### coi-pipeline: 5 documents, 1 error")
    assert "#### Inconsistent quotations (1)" in written


def test_check_outside_ci_prints_a_compact_summary_and_no_annotations(cli, tmp_path: Path) -> None:
    result = cli("check", "-o", tmp_path / "out")
    assert result.out == ""
    seed = next(p for p in SEED_FILES if p.name.startswith("001"))
    assert f"{seed.name}:89:1: warning footnote.missing-body " in result.err


def test_run_writes_no_step_summary_and_quiet_prints_nothing(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("run", "-o", tmp_path / "out")
    assert (result.code, result.out, summary.exists()) == (0, "", False)
    quiet = cli("check", "--quiet", "--exit-zero", "-o", tmp_path / "out")
    assert (quiet.code, quiet.err) == (0, "")
    assert quiet.out.startswith("::error ")  # annotations are the point of `check` in CI


def test_an_unwritable_step_summary_is_a_warning_not_a_failure(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "dir" / "s.md"))
    result = cli("check", "--exit-zero", "-o", tmp_path / "out")
    assert result.code == 0
    assert "cannot write the step summary" in result.err
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["counts"]["documents"] == 5


FORGED = "a\n::error file=README.md,line=1::forged\u202etxt"  # a name anyone can commit


def test_a_file_name_cannot_forge_a_line_of_output(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line break in a name would start a line of the attacker's choosing — under GitHub
    Actions, a workflow command; a bidi control shows the name reversed. Every printed line
    shows them escaped: the compact summary, the annotations and the step summary."""
    seed = next(p for p in SEED_FILES if p.name.startswith("001"))  # it has findings
    letters = tmp_path / f"{FORGED}.jsonl"  # its records' ids are plain: the name is the carrier
    record = {"id": "letter", "text": seed.read_text(encoding="utf-8")}
    letters.write_text(json.dumps(record) + "\n", encoding="utf-8")
    outside = cli("check", letters, "-o", tmp_path / "out1", "--exit-zero")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    inside = cli("check", letters, "-o", tmp_path / "out2", "--exit-zero")
    printed = outside.err + outside.out + inside.err + inside.out
    assert "footnote.missing-body" in outside.err and "::warning file=" in inside.out
    lines = printed.splitlines()
    assert not any(line.startswith("::error file=README.md") for line in lines)
    # The file= property of an annotation keeps the real name (escaped as GitHub defines it:
    # no line break), so that the annotation lands on the file; its message is text.
    shown = [line.split("::", 2)[2] if line.startswith("::") else line for line in lines]
    assert not any("\u202e" in line for line in shown)
    assert "a\\n::error file=README.md,line=1::forged\\u202etxt.jsonl:" in outside.err
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "\u202e" not in summary and "\n::error" not in summary


def test_an_error_naming_such_a_file_is_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / f"{FORGED}.txt"
    bad.write_bytes(b"\x00\x01binary\x00" * 100)
    result = cli("run", bad, "-o", tmp_path / "out")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "\u202e" not in result.err
    assert result.err.startswith("coi-pipeline: error: ") and "a\\n::error" in result.err


def test_document_text_reaches_the_step_summary_as_text_not_markup() -> None:
    text = "see ![x](https://e.org/p.png) and <img src=x> or www.e.org, **now**"
    members = (ClusterMember("a", "q1", text, 0, len(text), "identical", ()),)
    summary = step_summary(1, [], {}, [Cluster("c1", text, "inconsistent", members, None)])
    assert re.search(r"(?<!\\)(!|\[|<|\*|https://|www\.)", summary.split("####")[1]) is None
    assert "see \\!\\[x\\](https\\://e.org/p.png) and \\<img src=x\\> or www\\.e.org" in summary
