"""``findings.sarif``: valid SARIF 2.1.0, one rule per code, results at the right raw text,
related locations for quote clusters, fingerprints stable across runs."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from conftest import SEED_FILES, SEEDS, TESTS
from jsonschema import Draft4Validator

from pipeline import run
from pipeline.codes import CODES
from pipeline.output.emit import validate_dir
from pipeline.output.schemas import errors

REPO = TESTS.parent
FIXTURES = TESTS / "fixtures" / "artefacts"
# The official OASIS schema, vendored: a CI clone cannot count on ../shared or the network.
SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FINGERPRINT = "coiPipeline/v1"


def sarif_of(paths: list[Path], out: Path) -> dict[str, Any]:
    run(paths, out)
    log: dict[str, Any] = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    return log


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, as CI does: inputs get repository-relative URIs."""
    monkeypatch.chdir(REPO)


def file_lines(path: Path, encoding: str) -> list[str]:
    """The lines of a file as SARIF counts them (LF, CRLF or CR), ends kept — by another means
    than the pipeline's."""
    text = path.read_bytes().decode(encoding)
    return io.StringIO(text, newline="").readlines()


def region_text(lines: list[str], region: dict[str, Any]) -> str:
    """The text a line/column region covers (columns in code points, end column exclusive)."""
    first, last = region["startLine"] - 1, region["endLine"] - 1
    if first == last:
        return lines[first][region["startColumn"] - 1 : region["endColumn"] - 1]
    middle = "".join(lines[first + 1 : last])
    return (
        lines[first][region["startColumn"] - 1 :] + middle + lines[last][: region["endColumn"] - 1]
    )


@pytest.mark.parametrize("paths", [[SEEDS], [FIXTURES]], ids=["seeds", "fixtures"])
def test_the_log_is_valid_sarif_2_1_0(tmp_path: Path, in_repo: None, paths: list[Path]) -> None:
    log = sarif_of(paths, tmp_path / "out")
    assert log["version"] == "2.1.0"
    problems = [e.message for e in Draft4Validator(SCHEMA).iter_errors(log)]
    assert problems == []
    assert jsonschema_rs.validator_for(SCHEMA).is_valid(log)  # a second, independent opinion
    assert log["runs"][0]["results"]


def test_the_shipped_schema_is_the_vendored_official_one() -> None:
    shipped = REPO / "schemas" / "sarif-2.1.0.schema.json"
    assert shipped.read_bytes() == (TESTS / "data" / "sarif-schema-2.1.0.json").read_bytes()


def test_invalid_sarif_is_caught_before_writing_and_by_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    log = sarif_of([SEED_FILES[1]], out)
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert any("level" in p for p in errors(log, "sarif"))
    (out / "findings.sarif").write_text(json.dumps(log), encoding="utf-8")
    assert any(p.startswith(f"{out / 'findings.sarif'}: ") for p in validate_dir(out))


def test_one_rule_per_code_with_descriptions_and_results_point_at_them(
    tmp_path: Path, in_repo: None
) -> None:
    log = sarif_of([SEEDS], tmp_path / "out")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    for rule in rules:
        code = CODES[rule["id"]]
        assert rule["shortDescription"]["text"] == code.short
        assert rule["fullDescription"]["text"] == code.full
        assert code.help in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == code.severity.value
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == CODES[result["ruleId"]].severity.value


def test_the_missing_body_of_seed_001_points_at_the_bare_marker(
    tmp_path: Path, in_repo: None
) -> None:
    log = sarif_of([SEEDS], tmp_path / "out")
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == REPO.resolve().as_uri() + "/"
    (found,) = [r for r in run_["results"] if r["ruleId"] == "footnote.missing-body"]
    location = found["locations"][0]["physicalLocation"]
    seed = next(p for p in SEED_FILES if p.name.startswith("001"))
    assert location["artifactLocation"] == {
        "uri": f"seeds/{seed.name}",
        "uriBaseId": "SRCROOT",
    }
    region = location["region"]
    line = file_lines(seed, "utf-8")[region["startLine"] - 1]
    assert line.strip() == "5"  # the marker alone on its line
    assert region_text(file_lines(seed, "utf-8"), region) == "5"


@pytest.mark.parametrize("paths", [[SEEDS], [FIXTURES]], ids=["seeds", "fixtures"])
def test_every_region_covers_the_finding_in_the_file(
    tmp_path: Path, in_repo: None, paths: list[Path]
) -> None:
    """Line and column, read back from the file itself (CRLF, BOM and all), give the raw text of
    the finding, as the document JSON records it — trailing line ends aside."""
    out = tmp_path / "out"
    log = sarif_of(paths, out)
    checked = 0
    for result in log["runs"][0]["results"]:
        doc = json.loads(
            (out / "documents" / f"{result['properties']['document']}.json").read_text()
        )
        raw = (REPO / doc["source"]["path"]).read_bytes().decode(doc["source"]["encoding"])
        expected = raw[result["properties"]["rawStart"] : result["properties"]["rawEnd"]]
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            path = REPO / physical["artifactLocation"]["uri"]
            encoding = "utf-8-sig" if path.read_bytes().startswith(b"\xef\xbb\xbf") else "utf-8"
            text = region_text(file_lines(path, encoding), physical["region"])
            if "snippet" in physical["region"]:
                assert text == physical["region"]["snippet"]["text"].rstrip("\r\n")
            else:  # a related location: the same passage in another document, no snippet
                assert location in result.get("relatedLocations", []) and text.strip()
            checked += 1
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["snippet"]["text"] == expected
    assert checked >= len(log["runs"][0]["results"])


def test_quote_findings_list_the_other_members_of_their_cluster(
    tmp_path: Path, in_repo: None
) -> None:
    log = sarif_of([SEEDS], tmp_path / "out")
    (case,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "quote.case-mismatch"]
    assert case["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "seeds/001"
    )
    related = case["relatedLocations"]
    uris = [r["physicalLocation"]["artifactLocation"]["uri"][:9] for r in related]
    assert uris == ["seeds/000", "seeds/004"]
    assert [r["id"] for r in related] == [1, 2]
    assert "wording" in related[1]["message"]["text"]
    physical = related[1]["physicalLocation"]
    lines = file_lines(REPO / physical["artifactLocation"]["uri"], "utf-8")
    assert "without parallel" in region_text(lines, physical["region"])


def fingerprints(log: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT] for r in log["runs"][0]["results"]]


def test_fingerprints_are_stable_across_runs_and_distinct(tmp_path: Path) -> None:
    first = fingerprints(sarif_of([SEEDS], tmp_path / "a"))
    assert first == fingerprints(sarif_of([SEEDS], tmp_path / "b"))
    assert len(set(first)) == len(first)


def test_a_finding_keeps_its_fingerprint_when_its_line_moves(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    before = sarif_of([corpus], tmp_path / "a")
    seed = next(corpus.glob("001*.txt"))
    seed.write_text("An added first line.\n\n" + seed.read_text(encoding="utf-8"), "utf-8")
    after = sarif_of([corpus], tmp_path / "b")

    def by_rule(log: dict[str, Any]) -> dict[str, tuple[str, int]]:
        return {
            r["ruleId"]: (
                r["partialFingerprints"][FINGERPRINT],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        }

    old, new = by_rule(before), by_rule(after)
    assert new["footnote.missing-body"][1] == old["footnote.missing-body"][1] + 2
    assert {k: v[0] for k, v in new.items()} == {k: v[0] for k, v in old.items()}


def test_inputs_outside_the_working_directory_get_absolute_file_uris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = sarif_of([SEEDS], tmp_path / "out")
    run_ = log["runs"][0]
    assert "originalUriBaseIds" not in run_
    location = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (SEEDS.resolve() / location["uri"].rsplit("/", 1)[1]).as_uri()}


def test_a_jsonl_record_is_located_at_its_line_with_offsets_in_properties(
    tmp_path: Path, in_repo: None
) -> None:
    records = tmp_path / "letters.jsonl"
    lines = ['{"id": "blank", "text": "Nothing to report here.\\n"}']
    lines += [
        json.dumps({"id": p.stem[:3], "text": p.read_text(encoding="utf-8")}) for p in SEED_FILES
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = sarif_of([records], tmp_path / "out")
    assert not [e.message for e in Draft4Validator(SCHEMA).iter_errors(log)]
    (found,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "footnote.missing-body"]
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": records.resolve().as_uri()}
    assert location["region"] == {"startLine": 3}  # 001 is the third record: its whole line
    raw = SEED_FILES[1].read_text(encoding="utf-8")
    assert raw[found["properties"]["rawStart"] : found["properties"]["rawEnd"]] == "5"


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ("\ufeffPeople\u00e2\u20ac\u2122s\r\nthe “gravity, scale”\r\nend\r\n".encode(), 2),
        (b"first\rthe \xe2\x80\x9cgravity, scale\xe2\x80\x9d\rlast\r", 2),
        ("𝐮𝐧𝐢 form\f feed\n\n𝐮𝐧𝐢 the “gravity, scale” code\n".encode(), 3),
    ],
    ids=["bom-crlf-mojibake", "cr-only", "form-feed-astral"],
)
def test_columns_count_code_points_on_sarif_lines(tmp_path: Path, data: bytes, line: int) -> None:
    """A BOM takes no column, CR and CRLF end lines, a form feed does not, an astral character
    is one column."""
    from dataclasses import replace

    from pipeline import Config, Finding, Severity, clean_text
    from pipeline.ingest import read_inputs
    from pipeline.output.sarif import build_sarif
    from pipeline.positions import place

    path = tmp_path / "letter.txt"
    path.write_bytes(data)
    (item,) = read_inputs([path], Config.load().input)
    start = item.text.index("gravity")
    finding = Finding("quote.unbalanced", Severity.NOTE, "m", start, start + len("gravity, scale"))
    doc = replace(clean_text(item.text), source=item.source, findings=(finding,))
    placed = [place(doc.id, doc.source, doc.raw, finding)]
    log = build_sarif(placed, {}, "0", root=tmp_path)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == line
    assert region_text(file_lines(path, item.source.encoding), region) == "gravity, scale"


@pytest.mark.parametrize("with_findings", [True, False], ids=["seeds", "no-findings"])
def test_the_log_written_piece_by_piece_is_the_log_as_one_object(
    tmp_path: Path, with_findings: bool
) -> None:
    # A run writes findings.sarif with sarif_text, result by result; it must be exactly the
    # one-object log in the one JSON style, and every piece is validated on the way.
    from pipeline import run
    from pipeline.output.emit import checked, dumps
    from pipeline.output.sarif import build_sarif, sarif_text

    result = run(out=tmp_path / "out")
    findings = list(result.findings) if with_findings else []
    parts: list[str] = []

    def check(part: dict[str, Any], schema: str) -> dict[str, Any]:
        parts.append(schema)
        return checked(part, schema)

    items = [(p, None) for p in findings]
    text = "".join(sarif_text(items, "1.0", check, root=tmp_path))
    assert text == dumps(build_sarif(findings, {}, "1.0", root=tmp_path))
    assert parts == ["sarif"] + ["sarif-result"] * len(findings)
    if with_findings:
        written = (tmp_path / "out" / "findings.sarif").read_text("utf-8")
        assert json.loads(written)["runs"][0]["results"]
