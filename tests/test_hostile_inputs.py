"""Hostile config and hostile files through every command, in a subprocess with a timeout.

The bad-input catalogue (docs/bad-input.md), second part: a config or a file made to hang,
exhaust memory or crash a run — numbers beyond every C integer, nan, tables nested 1,000 deep,
regexes that backtrack exponentially, codecs that are not text encodings, FIFOs, devices and
sparse giants in place of files, JSON nested 10,000 deep or with 5,000-digit integers, in the
inputs or in an earlier OUT. Each must end at once (a hang fails the timeout, not the suite)
with exit code 2, one line on stderr naming the file, no traceback, and no OUT written or
changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LETTER = "Dear Chair,\n\nThe Commission wrote that the findings were “without parallel”.\n"
TIMEOUT = 60  # seconds: each case ends in about one; a hang is a failure, not a stuck suite


def coi(*args: str | Path, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=cwd,
        env=env,
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        encoding="latin-1",
        timeout=TIMEOUT,
        check=False,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_fifo()
    }


def assert_one_line(result: subprocess.CompletedProcess[str], names: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"coi-pipeline: error: {names}"), lines[0]
    assert result.stdout == ""
    return lines[0]


@pytest.fixture(scope="module")
def earlier_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete OUT of an earlier run, copied by each test that spoils one."""
    root = tmp_path_factory.mktemp("earlier")
    (root / "letter.txt").write_text(LETTER, "utf-8")
    result = coi("run", "letter.txt", "-o", "out", "--no-progress", "--jobs", "1", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "out"


# --- config: one line naming the key (or the file), whatever the value ---------------------------
# (the file's text, what the message says after "config.toml: ")

CONFIGS = {
    "huge-max-bytes": (
        "[input]\nmax_bytes = 100_000_000_000_000_000_000_000\n",
        "'input.max_bytes' must be at most 1,099,511,627,776, not 100,000,000,000,000,000,000,000",
    ),
    "huge-label-length": (
        "[footnotes]\nmax_label_digits = 9_999_999_999_999\n",
        "'footnotes.max_label_digits' must be between 1 and 100",
    ),
    "label-length-zero": (
        "[footnotes]\nmax_label_digits = 0\n",
        "'footnotes.max_label_digits' must be between 1 and 100",
    ),
    "negative-count": (
        "[report]\nmax_documents = -1\n",
        "'report.max_documents' must be at least 0, not -1",
    ),
    "nan": (
        "[line-wrap]\nshort_line = nan\n",
        "'line-wrap.short_line' must be a number, not nan (at line 2)",
    ),
    "inf": (
        "[boilerplate]\nweak_gap_weight = inf\n",
        "'boilerplate.weak_gap_weight' must be between 0 and 1, not inf",
    ),
    "minus-inf-budget": (
        "[stages]\ntime_budget_seconds = -inf\n",
        "'stages.time_budget_seconds' must be between 0 and 86400.0, not -inf",
    ),
    "5000-digit-int": (
        "[input]\nmax_bytes = 1" + "0" * 5000 + "\n",
        "not valid TOML: an integer too long (at line 2)",
    ),
    "tables-1000-deep": (
        "[" + ".".join(["t"] * 1000) + "]\nx = 1\n",
        "config key 't.t.t.t.t' nests tables or arrays more than 4 deep",
    ),
    "inline-tables-1000-deep": (
        "x = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n",
        "not valid TOML: nests tables or arrays more than 4 deep",
    ),
    "arrays-1000-deep": (
        "x = " + "[" * 1000 + "]" * 1000 + "\n",
        "not valid TOML: nests tables or arrays more than 4 deep",
    ),
    "arrays-8-deep": (
        "[input]\nmax_bytes = " + "[" * 8 + "]" * 8 + "\n",
        "config key 'input.max_bytes' nests tables or arrays",
    ),
    "regex-nested-plus": (
        "[boilerplate]\nrules = ['x: (a+)+$']\n",
        "boilerplate.rules: regex 'x: (a+)+$' can backtrack exponentially",
    ),
    "regex-same-alternatives": (
        "[boilerplate]\nlink_lists = ['(a|a)*']\n",
        "boilerplate.link_lists: regex '(a|a)*' can backtrack exponentially",
    ),
    "regex-spaces-and-words": (
        "[page-break]\nsentence_end = '(\\s*\\w+)*'\n",
        "page-break.sentence_end: regex '(\\\\s*\\\\w+)*' can backtrack",
    ),
    "regex-source-symbols": (
        "[sources.x]\naliases = ['X']\nsymbol_patterns = ['(\\d+)*/']\n",
        "sources.x.symbol_patterns: regex",
    ),
    "regex-with-agencies": (
        "[boilerplate]\nagencies = ['AFP', 'AFP']\ncredits = ['(({agency}) ?)+']\n",
        "boilerplate.credits: regex '(({agency}) ?)+' with boilerplate.agencies can backtrack",
    ),
    "regex-groups-1000-deep": (
        "[quotes]\naddressee = '" + "(" * 1000 + "a" + ")" * 1000 + "'\n",
        "quotes.addressee: regex '((((",
    ),
    "regex-huge-repeat": ("[quotes]\naddressee = 'a{99999999999}'\n", "quotes.addressee: "),
    "encoding-rot13": (
        "[input]\npreferred_encodings = ['rot13']\n",
        "input.preferred_encodings: 'rot13' is not a text encoding",
    ),
    "encoding-hex": (
        "[input]\npreferred_encodings = ['utf-8', 'hex']\n",
        "input.preferred_encodings: 'hex' is not a text encoding",
    ),
    "encoding-base64": (
        "[input]\npreferred_encodings = ['base64']\n",
        "input.preferred_encodings: 'base64' is not a text encoding",
    ),
}


# Every case through `clean`; a few through `run` too (the same Config.load, more start-up).
RUN_TOO = ("huge-max-bytes", "nan", "tables-1000-deep", "regex-nested-plus", "encoding-rot13")


@pytest.mark.parametrize(
    ("case", "command"),
    [*((case, "clean") for case in CONFIGS), *((case, "run") for case in RUN_TOO)],
    ids=lambda value: str(value),
)
def test_a_hostile_config_is_one_line_naming_the_key(
    tmp_path: Path, earlier_out: Path, case: str, command: str
) -> None:
    text, message = CONFIGS[case]
    (tmp_path / "config.toml").write_text(text, "utf-8")
    (tmp_path / "letter.txt").write_text(LETTER, "utf-8")
    shutil.copytree(earlier_out, tmp_path / "out")
    before = snapshot(tmp_path)
    args = ["letter.txt", "-o", "out", "--no-progress"] if command == "run" else ["letter.txt"]
    line = assert_one_line(coi(command, *args, "--config", "config.toml", cwd=tmp_path), "")
    assert line.startswith("coi-pipeline: error: config.toml: ")
    assert message in line
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "letter.txt", "out"]


def config_fifo(d: Path) -> tuple[str, str]:
    os.mkfifo(d / "config.toml")  # opening it for reading would wait for a writer forever
    return "config.toml", "config.toml: cannot read config: not a regular file (a FIFO)"


def config_device(d: Path) -> tuple[str, str]:
    return "/dev/zero", "/dev/zero: cannot read config: not a regular file (a device)"


def config_too_large(d: Path) -> tuple[str, str]:
    (d / "config.toml").write_bytes(b"# a comment\n" * 100_000)  # 1.2 MB of valid TOML
    return "config.toml", "config.toml: cannot read config: file is 1,200,000 bytes, larger than"


def config_sparse(d: Path) -> tuple[str, str]:
    with (d / "config.toml").open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB on paper, nothing on disk
    return "config.toml", "config.toml: cannot read config: file is 1,073,741,824 bytes"


CONFIG_FILES: dict[str, Callable[[Path], tuple[str, str]]] = {
    "fifo": config_fifo,
    "dev-zero": config_device,
    "over-1-mib": config_too_large,
    "sparse-1-gib": config_sparse,
}


@pytest.mark.parametrize("command", ["clean", "run", "check"])
@pytest.mark.parametrize("case", CONFIG_FILES, ids=str)
def test_a_config_that_is_not_a_small_regular_file_is_refused_at_once(
    tmp_path: Path, case: str, command: str
) -> None:
    config, message = CONFIG_FILES[case](tmp_path)
    (tmp_path / "letter.txt").write_text(LETTER, "utf-8")
    args = ["letter.txt", "-o", "out", "--no-progress"] if command != "clean" else ["letter.txt"]
    line = assert_one_line(coi(command, *args, "--config", config, cwd=tmp_path), "")
    assert line.startswith(f"coi-pipeline: error: {message}")
    assert not (tmp_path / "out").exists()


# --- one input path: clean, run and check refuse the same files the same way ---------------------


def fifo(d: Path) -> tuple[str, str]:
    os.mkfifo(d / "pipe.txt")
    return "pipe.txt", "pipe.txt: not a regular file (a FIFO)"


def device(d: Path) -> tuple[str, str]:
    return "/dev/zero", "/dev/zero: not a regular file (a device)"


def sparse(d: Path) -> tuple[str, str]:
    with (d / "sparse.txt").open("wb") as handle:
        handle.truncate(1 << 30)
    return "sparse.txt", (
        "sparse.txt: file is 1,073,741,824 bytes, larger than input.max_bytes=67,108,864"
    )


INPUTS: dict[str, Callable[[Path], tuple[str, str]]] = {
    "fifo": fifo,
    "dev-zero": device,
    "sparse-1-gib": sparse,
}


@pytest.mark.parametrize("command", ["clean", "run", "check"])
@pytest.mark.parametrize("case", INPUTS, ids=str)
def test_every_command_refuses_fifos_devices_and_sparse_giants_alike(
    tmp_path: Path, case: str, command: str
) -> None:
    name, message = INPUTS[case](tmp_path)
    args = [name, "-o", "out", "--no-progress"] if command != "clean" else [name]
    assert_one_line(coi(command, *args, cwd=tmp_path), message)
    assert not (tmp_path / "out").exists()


def test_clean_limits_stdin_to_max_bytes(tmp_path: Path) -> None:
    (tmp_path / "small.toml").write_text("[input]\nmax_bytes = 1000\n", "utf-8")
    result = coi("clean", "--config", "small.toml", "-", cwd=tmp_path, stdin=b"y\n" * 1000)
    assert_one_line(result, "<stdin>: more than input.max_bytes=1,000 of input")
    fits = coi("clean", "--config", "small.toml", "-", cwd=tmp_path, stdin=LETTER.encode())
    assert fits.returncode == 0, fits.stderr


# --- JSON: bounded depth and number size, NaN refused --------------------------------------------

RECORD = '{"id": "a", "text": "Some text.", "extra": %s}\n'
HOSTILE_JSON = {
    "10000-deep": ("[" * 10_000 + "]" * 10_000, "JSON nested more than 100 levels deep"),
    "101-deep": ("[" * 101 + "]" * 101, "JSON nested more than 100 levels deep"),
    "5000-digit-int": ("1" + "0" * 4999, "an integer of 5,000 digits (at most 40)"),
    "nan": ("NaN", "NaN is not a JSON number"),
    "infinity": ("-Infinity", "-Infinity is not a JSON number"),
    "float-overflow": ("1e400", "the number 1e400 overflows a float"),
}


@pytest.mark.parametrize(
    ("case", "command"),
    [*((case, "run") for case in HOSTILE_JSON), ("10000-deep", "check")],
    ids=lambda value: str(value),
)
def test_hostile_jsonl_records_are_one_line(
    tmp_path: Path, earlier_out: Path, case: str, command: str
) -> None:
    value, reason = HOSTILE_JSON[case]
    good = RECORD % "1"
    (tmp_path / "c.jsonl").write_text(good.replace('"a"', '"z"') + RECORD % value, "utf-8")
    shutil.copytree(earlier_out, tmp_path / "out")
    before = snapshot(tmp_path / "out")
    result = coi(command, "c.jsonl", "-o", "out", "--no-progress", cwd=tmp_path)
    line = assert_one_line(result, "c.jsonl:2: ")
    assert reason in line
    assert snapshot(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "out"]


def test_json_within_the_bounds_is_read(tmp_path: Path) -> None:
    deep = "[" * 99 + "]" * 99  # with the record's own object: 100 levels
    (tmp_path / "c.jsonl").write_text(RECORD % deep + RECORD.replace('"a"', '"b"') % "-1.5e300")
    result = coi("run", "c.jsonl", "-o", "out", "--no-progress", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# --- a hostile OUT: validate, and a run over it ---------------------------------------------------


def nested_document(out: Path) -> str:
    (out / "documents" / "letter.json").write_text("[" * 10_000 + "]" * 10_000, "utf-8")
    return f"{out / 'documents' / 'letter.json'}: JSON nested more than 100 levels deep"


def invalid_utf8(out: Path) -> str:
    (out / "manifest.json").write_bytes(b'{"tool": "caf\xe9"}')
    return f"{out / 'manifest.json'}: not UTF-8 text"


def fifo_document(out: Path) -> str:
    (out / "documents" / "letter.json").unlink()
    os.mkfifo(out / "documents" / "letter.json")
    return f"{out / 'documents' / 'letter.json'}: not a regular file (a FIFO)"


def fifo_corpus(out: Path) -> str:
    (out / "corpus.jsonl").unlink()
    os.mkfifo(out / "corpus.jsonl")
    return f"{out / 'corpus.jsonl'}: not a regular file (a FIFO)"


def huge_number_corpus(out: Path) -> str:
    (out / "corpus.jsonl").write_text('{"id": 1' + "0" * 5000 + "}\n", "utf-8")
    return f"{out / 'corpus.jsonl'}:1: not usable JSON: an integer of 5,001 digits"


def sparse_quotes(out: Path) -> str:
    with (out / "quotes.json").open("wb") as handle:
        handle.truncate(2 << 30)
    return f"{out / 'quotes.json'}: file is 2,147,483,648 bytes, larger than 1,073,741,824 bytes"


HOSTILE_OUT: dict[str, Callable[[Path], str]] = {
    "document-10000-deep": nested_document,
    "manifest-not-utf8": invalid_utf8,
    "document-is-a-fifo": fifo_document,
    "corpus-is-a-fifo": fifo_corpus,
    "corpus-5000-digit-int": huge_number_corpus,
    "quotes-sparse-2-gib": sparse_quotes,
}


@pytest.mark.parametrize("case", HOSTILE_OUT, ids=str)
def test_validate_on_a_hostile_out_is_one_line(
    tmp_path: Path, earlier_out: Path, case: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(earlier_out, out)
    message = HOSTILE_OUT[case](out)
    assert_one_line(coi("validate", out, cwd=tmp_path), message)


def manifest_nested(out: Path) -> None:
    (out / "manifest.json").write_text('{"tool": ' + "[" * 10_000 + "]" * 10_000 + "}", "utf-8")


def manifest_fifo(out: Path) -> None:
    (out / "manifest.json").unlink()
    os.mkfifo(out / "manifest.json")


def manifest_huge_number(out: Path) -> None:
    (out / "manifest.json").write_text('{"tool": {"name": 1' + "0" * 5000 + "}}", "utf-8")


def manifest_paths_not_strings(out: Path) -> None:
    (out / "manifest.json").write_text(
        '{"tool": {"name": "coi-pipeline"}, "outputs": [{"path": [1]}]}', "utf-8"
    )


HOSTILE_MANIFESTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "10000-deep": (manifest_nested, "(manifest.json: JSON nested more than 100 levels deep)"),
    "fifo": (manifest_fifo, "(manifest.json: not a regular file (a FIFO))"),
    "5000-digit-int": (manifest_huge_number, "(manifest.json: not usable JSON: an integer of"),
    "unhashable-path": (manifest_paths_not_strings, "not empty and not a coi-pipeline output"),
}


@pytest.mark.parametrize("case", HOSTILE_MANIFESTS, ids=str)
def test_a_run_over_an_out_with_a_hostile_manifest_is_one_line(
    tmp_path: Path, earlier_out: Path, case: str
) -> None:
    spoil, reason = HOSTILE_MANIFESTS[case]
    out = tmp_path / "out"
    shutil.copytree(earlier_out, out)
    spoil(out)
    (tmp_path / "letter.txt").write_text(LETTER, "utf-8")
    before = snapshot(out)
    result = coi("run", "letter.txt", "-o", "out", "--no-progress", cwd=tmp_path)
    line = assert_one_line(result, "out: not empty and not a coi-pipeline output")
    assert reason in line
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.txt", "out"]
