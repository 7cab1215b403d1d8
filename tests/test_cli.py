"""The command line end to end: run, validate, clean, exit codes, atomic and stable output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_FILES, SEEDS

from pipeline import RunResult, replay
from pipeline import run as run_pipeline
from pipeline.consistency import index
from pipeline.runtime.runner import MIN_PARALLEL, SHARD
from pipeline.stages import STAGE_IDS


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_run_on_the_embedded_seeds_writes_valid_output(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("run", "-o", out, "--no-progress")
    assert result.code == 0, result.err
    assert "5 documents" in result.err
    names = sorted(p.name for p in (out / "documents").iterdir())
    assert names == [f"{p.stem}.json" for p in SEED_FILES]
    assert len((out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 5
    assert manifest["stages"] == list(STAGE_IDS)
    assert {o["path"] for o in manifest["outputs"]} >= {"corpus.jsonl", f"documents/{names[0]}"}
    assert set(manifest["timings"]) >= {"read", "unicode", "whitespace", "consistency/reuse"}
    assert cli("validate", out).code == 0


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem[:3])
def test_edits_replay_the_raw_seed_into_the_text(cli, tmp_path: Path, seed: Path) -> None:
    assert cli("run", seed, "-o", tmp_path / "out").code == 0
    doc = json.loads((tmp_path / "out" / "documents" / f"{seed.stem}.json").read_text("utf-8"))
    raw = seed.read_bytes().decode(doc["source"]["encoding"])
    from pipeline.ledger import Edit

    edits = [Edit(**e) for e in doc["edits"]]
    assert replay(raw, edits) == doc["text"]


def test_validate_fails_naming_file_and_path_when_a_field_is_missing(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("run", "-o", out).code == 0
    victim = out / "documents" / f"{SEED_FILES[1].stem}.json"
    doc = json.loads(victim.read_text(encoding="utf-8"))
    del doc["text"]
    victim.write_text(json.dumps(doc), encoding="utf-8")
    result = cli("validate", out)
    assert result.code == 1
    assert f"{victim}: $: 'text' is a required property" in result.out


def test_two_runs_write_byte_identical_documents(cli, tmp_path: Path) -> None:
    assert cli("run", "-o", tmp_path / "a").code == 0
    assert cli("run", "-o", tmp_path / "b").code == 0
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    del first["manifest.json"], second["manifest.json"]  # holds timings
    assert first == second


def test_a_failed_run_leaves_the_previous_output_untouched(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("run", "-o", out).code == 0
    before = snapshot(out)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli("run", SEEDS, tmp_path / "empty.txt", "-o", out)
    assert result.code == 2
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out"]  # no litter


def test_a_second_run_replaces_the_previous_output(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("run", "-o", out).code == 0
    assert cli("run", SEED_FILES[0], "-o", out).code == 0
    assert [p.name for p in (out / "documents").iterdir()] == [f"{SEED_FILES[0].stem}.json"]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o755), (0o027, 0o750)], ids=["022", "027"])
def test_out_gets_the_mode_the_umask_gives_new_directories(
    cli, tmp_path: Path, umask: int, mode: int
) -> None:
    out = tmp_path / "out"
    previous = os.umask(umask)
    try:
        assert cli("run", SEED_FILES[0], "-o", out).code == 0
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == mode  # not mkdtemp's 0o700
    assert (out / "documents").stat().st_mode & 0o777 == mode


def test_a_directory_that_is_not_ours_is_never_replaced(cli, tmp_path: Path) -> None:
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    result = cli("run", "-o", precious)
    assert result.code == 2
    assert "not a coi-pipeline output" in result.err
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_an_earlier_output_with_a_file_added_to_it_is_never_replaced(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("run", "-o", out).code == 0
    (out / "notes.txt").write_text("what I noticed")
    result = cli("run", "-o", out)
    assert result.code == 2
    assert "holds notes.txt, which coi-pipeline did not write" in result.err
    assert (out / "notes.txt").read_text() == "what I noticed"
    (out / "notes.txt").unlink()
    assert cli("run", "-o", out).code == 0  # exactly an earlier output: replaced


def test_clean_refuses_a_jsonl_corpus(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "t"}\n')
    result = cli("clean", corpus)
    assert result.code == 2 and "clean takes one text file (use run)" in result.err


BAD_INPUTS = {
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data"),
    "empty": (b"", "empty file"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS), ids=str)
def test_bad_input_is_one_line_and_exit_2(cli, tmp_path: Path, case: str) -> None:
    data, reason = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    result = cli("run", path, "-o", tmp_path / "out")
    assert result.code == 2
    assert result.err == f"coi-pipeline: error: {path}: {reason}" + result.err.split(reason, 1)[1]
    assert result.err.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing.txt", "no such file or directory"),
        (lambda d: (d / "dir").mkdir() or d / "dir", "directory holds no .txt, .pdf"),
        (
            lambda d: (
                (d / "c.jsonl").write_text('{"id":"a","text":"t"}\n{oops\n') and d / "c.jsonl"
            ),
            "c.jsonl:2: not valid JSON",
        ),
    ],
    ids=["missing-path", "no-txt-in-directory", "jsonl-bad-line"],
)
def test_unusable_paths_are_one_line_and_exit_2(cli, tmp_path: Path, make, reason: str) -> None:
    result = cli("run", make(tmp_path), "-o", tmp_path / "out")
    assert (result.code, result.err.count("\n")) == (2, 1)
    assert reason in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_legacy_encodings_are_decoded_not_refused(cli, tmp_path: Path, encoding: str) -> None:
    text = "North Korea’s “gross human rights violations” — a report.\r\n\r\nSecond line.\r\n"
    path = tmp_path / "letter.txt"
    path.write_bytes(text.encode(encoding))
    assert cli("run", path, "-o", tmp_path / "out").code == 0
    doc = json.loads((tmp_path / "out" / "documents" / "letter.json").read_text("utf-8"))
    assert doc["source"]["encoding"] == encoding
    assert (
        doc["text"] == "North Korea’s “gross human rights violations” — a report.\n\nSecond line.\n"
    )


def test_clean_prints_the_clean_text_and_reads_stdin(cli, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("People\u00e2\u20ac\u2122s  \r\n".encode())
    result = cli("clean", path)
    assert (result.code, result.out) == (0, "People’s\n")
    piped = subprocess.run(
        [sys.executable, "-m", "pipeline", "clean", "-"],
        input="a\u00a0b \r\n".encode(),
        capture_output=True,
        check=True,
    )
    assert piped.stdout.decode() == "a b\n"


def test_clean_reads_its_file_as_run_does(cli, tmp_path: Path) -> None:
    # (one reading path: the checks of run's reading, not a copy of them)
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\t\n")
    result = cli("clean", blank)
    assert result.code == 2 and result.out == ""
    assert result.err == f"coi-pipeline: error: {blank}: no text (only whitespace)\n"
    hidden = tmp_path / ".notes.txt"  # an id run refuses: clean writes no file of it
    hidden.write_text("Text.\n", encoding="utf-8")
    assert (cli("clean", hidden).code, cli("clean", hidden).out) == (0, "Text.\n")


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("never", 0), ("note", 1), ("warning", 1), ("error", 0)],
)
def test_fail_on_compares_findings_with_the_threshold(fail_on: str, expected: int) -> None:
    warned = {("warning", "footnote.missing-body"): 1}
    assert RunResult(Path("out"), (), tally=warned).exit_code(fail_on) == expected
    assert RunResult(Path("out"), ()).exit_code(fail_on) == 0


def test_check_defaults_to_failing_on_warnings_and_bad_usage_is_exit_2(cli, tmp_path) -> None:
    # The seeds hold a lost footnote body (a warning) and a misquotation (004's “without
    # parallel…”, an error): `check` fails, and so does `--fail-on error`; `run` reports only.
    out = tmp_path / "out"
    checked = cli("check", "-o", out)
    assert checked.code == 1 and "1 error" in checked.err and "warning" in checked.err
    assert cli("check", "--fail-on", "error", "-o", out).code == 1
    assert cli("check", "--fail-on", "never", "-o", out).code == 0
    assert cli("run", "-o", out).code == 0
    result = cli("run", "--fail-on", "sometimes")
    assert result.code == 2 and "invalid choice: 'sometimes'" in result.err


def test_check_exit_zero_reports_without_failing_but_bad_input_still_fails(cli, tmp_path) -> None:
    out = tmp_path / "out"
    assert cli("check", "-o", out).code == 1  # the seeds hold an error
    reported = cli("check", "--exit-zero", "-o", out)
    assert reported.code == 0 and "1 error" in reported.err
    assert (out / "findings.sarif").is_file()
    assert cli("check", "--exit-zero", tmp_path / "missing.txt", "-o", out).code == 2
    assert cli("run", "--exit-zero").code == 2  # `run` reports only anyway


def test_the_installed_command_works_outside_the_checkout(tmp_path: Path) -> None:
    """Schemas and seeds ship inside the package: run and validate from an unrelated directory."""
    env = {**os.environ, "PYTHONPATH": ""}
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "-o", "o", "--quiet"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    check = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", "o"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("engine", "jobs"), [("local", 2), ("dask", 2)], ids=["local-2-processes", "dask-2-workers"]
)
def test_output_is_the_same_for_any_number_of_jobs_and_either_engine(
    tmp_path: Path, engine: str, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Against one process: a pool of two, and a dask LocalCluster of two worker processes.
    if engine == "dask":
        pytest.importorskip("distributed", reason="the dask extra is not installed")
    # Small units of the quote check's steps, so that each is spread over both workers too.
    monkeypatch.setattr(index, "BODY_SHARD_BYTES", 4096)
    monkeypatch.setattr(index, "RESOLVE_SHARD", 3)
    monkeypatch.setattr(index, "LABEL_BATCH", 5)
    texts = [p.read_text("utf-8") for p in SEED_FILES]
    texts += [
        p.read_text("utf-8") for p in sorted((SEEDS.parent / "tests/fixtures").rglob("*.txt"))
    ]
    corpus = tmp_path / "corpus.jsonl"
    records = [{"id": f"d{i:02}", "text": texts[i % len(texts)]} for i in range(80)]
    assert len(records) >= MIN_PARALLEL  # so that jobs=2 really uses a process pool
    assert len(records) > 2 * SHARD  # and every worker gets shards
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    # Every seed is in the corpus many times: count its reused passages as distinctive anyway,
    # so that the reuse steps have work to spread.
    config = tmp_path / "config.toml"
    config.write_text("[consistency]\nmax_shingle_documents = 80\n", "utf-8")
    outputs = []
    for name, n in (("local", 1), (engine, jobs)):
        out = tmp_path / f"{name}{n}"
        result = run_pipeline([corpus], out, jobs=n, engine=name, config=config)
        assert len(result.documents) == 80
        files = snapshot(out)
        del files["manifest.json"]  # timings
        outputs.append(files)
    assert outputs[0] == outputs[1]
    clusters = json.loads(outputs[0]["quotes.json"])["clusters"]
    assert len(clusters) > 2  # labelled in several batches
    assert sum(m["variant"] == "unquoted" for c in clusters for m in c["members"]) > 3


def test_a_killed_run_is_tidied_up_by_the_next(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("run", SEED_FILES[0], "-o", out).code == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    pid = int(dead.stdout)
    # Killed while building: a half-written working directory is left beside OUT.
    (tmp_path / f".out.tmp-{pid}-x1y2").mkdir()
    (tmp_path / f".out.tmp-{pid}-x1y2" / "half.json").write_text("{")
    # Killed in the middle of the swap: the previous OUT moved aside, the new one not in place.
    out.rename(tmp_path / f".out.old-{pid}")
    assert cli("validate", tmp_path / f".out.old-{pid}").code == 0
    assert cli("run", SEED_FILES[1], "-o", out).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert [p.name for p in (out / "documents").iterdir()] == [f"{SEED_FILES[1].stem}.json"]


def test_a_cp1252_letter_with_accents_is_not_read_as_cp1250(cli, tmp_path: Path) -> None:
    path = tmp_path / "lettre.txt"
    path.write_bytes("Une position très claire, Señor Peña, naïve “quoted”.\n".encode("cp1252"))
    result = cli("clean", path)
    assert result.out == "Une position très claire, Señor Peña, naïve “quoted”.\n"


def test_line_separators_inside_jsonl_records_are_text(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    record = {"id": "a", "text": "Para one\u2028still “quoted\u2029text”.\n"}
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert cli("run", corpus, "-o", tmp_path / "out").code == 0
    assert cli("validate", tmp_path / "out").code == 0


def test_a_stray_manifest_does_not_make_a_directory_ours(cli, tmp_path: Path) -> None:
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "manifest.json").write_text('{"tool": "x"}')
    result = cli("run", "-o", fake)
    assert result.code == 2 and "not a coi-pipeline output" in result.err


@pytest.mark.parametrize("jobs", ["0", "-3", "-99999999999999999999"])
def test_jobs_must_be_positive(cli, jobs: str) -> None:
    result = cli("run", "--jobs", jobs)
    assert result.code == 2 and "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if "error:" in line]  # (after the usage)
    assert errors == [f"coi-pipeline run: error: argument --jobs: must be 1 or more, not {jobs}"]


@pytest.mark.parametrize(
    "jobs",
    ["10000", str(2**31 - 1), str(2**31), str(2**64), "9" * 40],
    ids=["huge", "c-int-max", "beyond-c-int", "beyond-64-bits", "forty-digits"],
)
def test_too_many_jobs_is_one_line_before_any_work(cli, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    result = cli("run", *SEED_FILES[:1], "-o", out, "--jobs", jobs, "--no-progress")
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line.startswith(f"coi-pipeline: error: --jobs {jobs} is too many: at most ")
    assert not out.exists() and list(tmp_path.iterdir()) == []  # nothing started, no lock left


def test_findings_in_the_embedded_seeds_name_them_seeds_slash_name(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # away from the checkout, as an installed command would be
    result = cli("run", "-o", tmp_path / "out", "--no-progress")
    assert result.code == 0, result.err
    lines = result.err.splitlines()[1:]
    assert lines and all(line.startswith("  seeds/") for line in lines), result.err
    seed_names = {p.name for p in SEED_FILES}
    assert {line[len("  seeds/") :].split(":")[0] for line in lines} <= seed_names


def test_only_the_embedded_seeds_are_shown_as_seeds_slash_name(tmp_path: Path) -> None:
    from pipeline.positions import display_path

    copy = tmp_path / SEED_FILES[0].name
    copy.write_bytes(SEED_FILES[0].read_bytes())
    assert display_path(str(copy), root=tmp_path) == SEED_FILES[0].name
    assert display_path(str(copy), root=tmp_path / "elsewhere") == copy.resolve().as_posix()
    # the seeds the package embeds: the repository's own when run from a checkout, the
    # installed copy's (in site-packages) under tox
    from pipeline.resources import data_dir

    embedded = data_dir("seeds") / SEED_FILES[0].name
    assert display_path(str(embedded), root=tmp_path) == f"seeds/{SEED_FILES[0].name}"
