"""The bad-input catalogue (docs/bad-input.md): every case through the command line.

Each refused input is one line on stderr naming the file (and line) and the reason, exit code 2,
nothing written: no OUT created, a previous OUT byte for byte as it was, nothing left beside it.
Each recoverable input is processed, and what was repaired in reading it is a finding. Cases
already pinned down at the function level live in test_ingest.py and test_config.py; here they
are run end to end. The security cases (ids that name paths, ids Windows refuses, no network)
close the file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FILES, SEEDS

from pipeline import Config, ConfigError, InputError
from pipeline import run as run_pipeline
from pipeline.ingest import read_inputs

OPTIONS = Config.load().input
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
LETTER = "The Democratic People’s Republic of Korea — “without parallel”, he said.\n\nCafé.\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (its path relative to ``root``) and its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def previous_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete OUT of an earlier run, copied into each test that needs one."""
    out = tmp_path_factory.mktemp("previous") / "out"
    run_pipeline([SEED_FILES[0]], out)
    return out


def jsonl(path: Path, *records: dict[str, Any] | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return path


# --- refused: one line, exit 2, nothing written -------------------------------------------------
# Each maker builds the input in a directory and returns (the command-line arguments, what the
# error line must contain after "coi-pipeline: error: "): the file (and line), then the reason.


def png(d: Path) -> tuple[list[str], str]:
    (d / "scan.txt").write_bytes(PNG + bytes(range(256)) * 4)
    return [str(d / "scan.txt")], f"{d / 'scan.txt'}: binary data, not text"


def empty(d: Path) -> tuple[list[str], str]:
    (d / "empty.txt").write_bytes(b"")
    return [str(d / "empty.txt")], f"{d / 'empty.txt'}: empty file"


def huge(d: Path) -> tuple[list[str], str]:
    path = d / "huge.txt"
    with path.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk, instant
        handle.truncate(200 * 1024 * 1024)
    reason = "file is 209,715,200 bytes, larger than input.max_bytes=67,108,864"
    return [str(path)], f"{path}: {reason}"


def fifo_named(d: Path) -> tuple[list[str], str]:
    os.mkfifo(d / "pipe.txt")
    return [str(d / "pipe.txt")], f"{d / 'pipe.txt'}: not a regular file"


def device(d: Path) -> tuple[list[str], str]:
    return ["/dev/zero"], "/dev/zero: not a regular file"  # would never end


def duplicate_stems(d: Path) -> tuple[list[str], str]:
    for sub in ("2014", "2015"):
        (d / sub).mkdir()
        (d / sub / "letter.txt").write_text(LETTER, "utf-8")
    second, first = d / "2015" / "letter.txt", d / "2014" / "letter.txt"
    return [str(d)], f"{second}: duplicate document id 'letter' (also {first})"


def duplicate_records(d: Path) -> tuple[list[str], str]:
    path = jsonl(d / "c.jsonl", {"id": "a", "text": "One."}, {"id": "a", "text": "Two."})
    return [str(path)], f"{path}:2: duplicate document id 'a' (also {path}:1)"


def malformed_line(d: Path) -> tuple[list[str], str]:
    path = jsonl(d / "c.jsonl", {"id": "a", "text": "One."}, "", '{"id": "b", "text": ')
    return [str(path)], f"{path}:3: not valid JSON"


def oversized_record(d: Path) -> tuple[list[str], str]:
    config = d / "small.toml"
    config.write_text("[input]\nmax_bytes = 200\n", "utf-8")
    path = jsonl(d / "c.jsonl", {"id": "a", "text": "x" * 100}, {"id": "b", "text": "x" * 300})
    return [str(path), "--config", str(config)], f"{path}:2: record is at least 201 bytes"


def unknown_key(d: Path) -> tuple[list[str], str]:
    config = d / "config.toml"
    config.write_text("# mine\n[unicode]\nnormalization = 'NFC'\nuncurl_quotes = true\n", "utf-8")
    return ["--config", str(config)], (
        f"{config}: unknown config key 'unicode.uncurl_quotes' (at line 4)"
    )


def bad_toml(d: Path) -> tuple[list[str], str]:
    config = d / "config.toml"
    config.write_text("[input]\nmax_bytes = 1_000 000\n", "utf-8")
    return ["--config", str(config)], f"{config}: not valid TOML: "


def bad_toml_line(d: Path) -> tuple[list[str], str]:
    args, _ = bad_toml(d)
    return args, "(at line 2, column 19)"  # tomllib's position, kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[unicode]\nuncurl_quotes = true\n", "'unicode.uncurl_quotes' (at line 2)"),
        ("# c\r\n\r\n[colour] # mine\r\nred = 1\r\n", "'colour' (at line 3)"),
        ('[ "unicode" ]\n"uncurl_quotes" = 1\n', "'unicode.uncurl_quotes' (at line 2)"),
        ("[input]\nmax_bytes = 9\n\nunicode.uncurl_quotes = 1\n", "(at line 4)"),
        ("unicode.uncurl_quotes = 1\n", "'unicode.uncurl_quotes' (at line 1)"),
        ("[input]\n# max_bytes = 1\nmax_bytes = 'big'\n", "must be an integer (at line 3)"),
        ("[consistency]\nx = '[input]'\ncontainment = 5\n", "unknown config key 'consistency.x'"),
        (
            "[report]\nmax_members = 0\n",
            "'report.max_members' must be at least 1, not 0 (at line 2)",
        ),
        ("[unicode]\nnormalization = 'NFX'\n", "NFKD or empty (at line 2)"),
        ("unicode = { uncurl_quotes = true }\n", "'unicode.uncurl_quotes' (at line 1)"),
    ],
    ids=[
        "in-table",
        "table-crlf-comment",
        "quoted",
        "dotted-in-table",
        "dotted",
        "type-after-comment",
        "not-a-header",
        "range",
        "value",
        "inline-table",
    ],
)
def test_config_errors_name_the_key_and_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(ConfigError) as error:
        Config.load(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def unsafe_id(d: Path) -> tuple[list[str], str]:
    path = jsonl(d / "c.jsonl", {"id": "a", "text": "One."}, {"id": "../../x", "text": "Two."})
    return [str(path)], f"{path}:2: unusable document id '../../x'"


def windows_file_name(d: Path) -> tuple[list[str], str]:
    (d / "con.txt").write_text(LETTER, "utf-8")
    return [str(d / "con.txt")], f"{d / 'con.txt'}: document id 'con' is a device name reserved"


REFUSED: dict[str, Callable[[Path], tuple[list[str], str]]] = {
    "binary-png": png,
    "zero-bytes": empty,
    "200-mb-file": huge,
    "fifo": fifo_named,
    "device": device,
    "duplicate-file-stems": duplicate_stems,
    "duplicate-jsonl-ids": duplicate_records,
    "malformed-jsonl-line": malformed_line,
    "oversized-jsonl-record": oversized_record,
    "config-unknown-key": unknown_key,
    "config-bad-toml": bad_toml,
    "config-bad-toml-line": bad_toml_line,
    "id-outside-out": unsafe_id,
    "id-windows-device": windows_file_name,
}


def assert_refused(cli, tmp_path: Path, args: list[str], expected: str, previous: Path) -> None:  # type: ignore[no-untyped-def]
    """``run ARGS`` fails cleanly twice: into a new OUT (not created) and into a copy of a
    previous OUT (unchanged); nothing is left beside either."""
    outs = tmp_path / "outs"
    outs.mkdir()
    shutil.copytree(previous, outs / "old")
    before = snapshot(outs)
    for out in (outs / "new", outs / "old"):
        result = cli("run", *args, "-o", out, "--no-progress")
        assert result.code == 2, result.err
        lines = result.err.strip().splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith("coi-pipeline: error: ")
        assert expected in lines[0]
        assert result.out == ""
        assert sorted(p.name for p in outs.iterdir()) == ["old"]  # no new OUT, no litter
        assert snapshot(outs) == before


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_bad_input_is_refused_in_one_line_and_nothing_is_written(
    cli, tmp_path: Path, previous_out: Path, case: str
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    args, expected = REFUSED[case](inputs)
    assert_refused(cli, tmp_path, args, expected, previous_out)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a file whatever its mode (see the monkeypatched test below)",
)
def test_an_unreadable_file_is_refused(cli, tmp_path: Path, previous_out: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(LETTER, "utf-8")
    path.chmod(0)
    try:
        assert_refused(cli, tmp_path, [str(path)], f"{path}: cannot read: Permission denied",
                       previous_out)  # fmt: skip
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("kind", ["txt", "jsonl"])
def test_a_read_that_the_system_refuses_is_named(
    cli, tmp_path: Path, previous_out: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # Whoever runs the tests (root ignores a file's mode), opening the file fails as it does
    # for a user without permission (every command opens its files with os.open: reading.py).
    path = tmp_path / f"secret.{kind}"
    path.write_text(LETTER if kind == "txt" else '{"id": "a", "text": "t"}\n', "utf-8")
    real_open = os.open

    def deny(name: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(name, int) and Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    expected = f"{path}: cannot read: Permission denied"
    assert_refused(cli, tmp_path, [str(path)], expected, previous_out)


def test_an_unlistable_subdirectory_is_refused_not_skipped(
    cli, tmp_path: Path, previous_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    (inputs / "locked").mkdir(parents=True)
    (inputs / "a.txt").write_text(LETTER, "utf-8")
    real_scandir = os.scandir

    def deny(path: Any) -> Any:
        if not isinstance(path, int) and Path(path) == inputs / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    expected = f"{inputs / 'locked'}: cannot list: Permission denied"
    assert_refused(cli, tmp_path, [str(inputs)], expected, previous_out)


# --- recoverable: processed, with a finding where reading repaired something ----------------------


def run_one(cli, tmp_path: Path, *args: str | Path) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = cli("run", *args, "-o", out, "--no-progress")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert cli("validate", out).code == 0
    return [json.loads(p.read_text("utf-8")) for p in sorted((out / "documents").glob("*.json"))]


def test_truncated_utf8_is_utf8_with_the_cut_character_replaced(tmp_path: Path) -> None:
    # The last character, an em dash (3 bytes), lost its last byte: a careful reader sees UTF-8
    # cut short, not a legacy codec (charset detection read it as mac-iceland: "‚Äô" mojibake).
    path = tmp_path / "cut.txt"
    path.write_bytes((LETTER + "—").encode("utf-8")[:-1])
    (item,) = read_inputs([path], OPTIONS)
    assert item.text == LETTER + "\ufffd"
    assert item.source.encoding == "utf-8"
    (finding,) = item.findings
    assert finding.code == "input.truncated-character"
    assert (finding.raw_start, finding.raw_end) == (len(LETTER), len(LETTER) + 1)
    assert "0xE2 0x80" in finding.message and "cut short" in finding.message


def test_ascii_then_one_high_byte_is_a_legacy_codec_not_a_cut_character(tmp_path: Path) -> None:
    path = tmp_path / "lettre.txt"
    path.write_bytes("Plain ASCII text, and then a cp1252 café".encode("cp1252"))
    (item,) = read_inputs([path], OPTIONS)
    assert item.text.endswith("café") and item.source.encoding == "cp1252" and not item.findings


def test_mixed_encodings_keep_the_utf8_and_read_stray_bytes_as_cp1252(tmp_path: Path) -> None:
    # UTF-8 with a cp1252 line pasted in: no mojibake of the UTF-8 part (charset detection read
    # the whole file as mac-iceland), each stray byte read as cp1252 and reported.
    path = tmp_path / "mixed.txt"
    pasted = "Naïve résumé.\n"
    path.write_bytes(LETTER.encode() + pasted.encode("cp1252") + LETTER.encode())
    (item,) = read_inputs([path], OPTIONS)
    assert item.text == LETTER + pasted + LETTER
    assert item.source.encoding == "utf-8"
    assert [(f.code, item.text[f.raw_start : f.raw_end]) for f in item.findings] == [
        ("input.mixed-encoding", "ï"),
        ("input.mixed-encoding", "é"),
        ("input.mixed-encoding", "é"),
    ]
    assert "(0xEF): read as cp1252 'ï'" in item.findings[0].message


def test_legacy_files_are_not_taken_for_mixed_utf8(tmp_path: Path) -> None:
    # "Ãœ" in cp1252 happens to be valid UTF-8 (Ü): one coincidence does not outweigh the rest.
    text = "Une position très claire, Señor Peña — « Ãœber » ©.\n" * 3
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    (item,) = read_inputs([path], OPTIONS)
    assert (item.text, item.source.encoding, item.findings) == (text, "cp1252", ())


@pytest.mark.parametrize("case", ["truncated", "mixed"])
def test_reading_findings_reach_the_document(cli, tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.txt"
    if case == "truncated":
        path.write_bytes((LETTER + "—").encode("utf-8")[:-1])
    else:
        path.write_bytes(LETTER.encode() + "Café.\n".encode("cp1252"))
    (doc,) = run_one(cli, tmp_path, path)
    code = {"truncated": "input.truncated-character", "mixed": "input.mixed-encoding"}[case]
    assert code in [f["code"] for f in doc["findings"]]
    assert "Ã" not in doc["text"] and "â€" not in doc["text"]


def test_utf16_without_a_bom_is_decoded(cli, tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(LETTER.encode("utf-16-le"))
    (doc,) = run_one(cli, tmp_path, path)
    assert doc["source"]["encoding"] == "utf-16-le"
    assert "“without parallel”" in doc["text"]


def test_a_jsonl_larger_than_max_bytes_is_accepted_record_by_record(cli, tmp_path: Path) -> None:
    # 200 MB of small records, scaled down: max_bytes applies to each record, not to the file.
    config = tmp_path / "small.toml"
    config.write_text("[input]\nmax_bytes = 200\n", "utf-8")
    records = [{"id": f"r{i:02}", "text": f"Record {i}. " * 8} for i in range(40)]
    path = jsonl(tmp_path / "big.jsonl", *records)
    assert path.stat().st_size > 10 * 200
    docs = run_one(cli, tmp_path, path, "--config", config)
    assert [d["id"] for d in docs] == [r["id"] for r in records]


def test_a_200_level_deep_directory_is_read(cli, tmp_path: Path) -> None:
    deep = tmp_path / "in"
    bottom = deep.joinpath(*["d"] * 200)
    bottom.mkdir(parents=True)
    (bottom / "deep.txt").write_text(LETTER, "utf-8")
    (doc,) = run_one(cli, tmp_path, deep)
    assert doc["id"] == "deep" and doc["source"]["path"] == str(bottom / "deep.txt")


def test_a_symlink_loop_is_not_followed(cli, tmp_path: Path) -> None:
    # in/a/loop -> in/a: following it would list a/loop/loop/... until the path is too long.
    a = tmp_path / "in" / "a"
    a.mkdir(parents=True)
    (a / "letter.txt").write_text(LETTER, "utf-8")
    (a / "loop").symlink_to(a, target_is_directory=True)
    (a / "up").symlink_to(tmp_path / "in", target_is_directory=True)
    (doc,) = run_one(cli, tmp_path, tmp_path / "in")
    assert doc["source"]["path"] == str(a / "letter.txt")


def test_a_symlink_to_a_file_is_followed_and_dangling_links_and_fifos_skipped(
    cli, tmp_path: Path
) -> None:
    # (a link to a file outside the input directory is not read: see tests/test_ingest.py)
    inputs = tmp_path / "in"
    elsewhere = inputs / "elsewhere"
    elsewhere.mkdir(parents=True)
    (elsewhere / "original.md").write_text(LETTER, "utf-8")  # not .txt: read through the link
    (inputs / "linked.txt").symlink_to(elsewhere / "original.md")
    (inputs / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(inputs / "pipe.txt")  # not a regular file: skipped, never opened
    (doc,) = run_one(cli, tmp_path, inputs)
    assert (doc["id"], doc["source"]["path"]) == ("linked", str(inputs / "linked.txt"))
    assert "“without parallel”" in doc["text"]
    # named on the command line, the link is followed too
    (doc,) = run_one(cli, tmp_path, inputs / "linked.txt")
    assert doc["id"] == "linked"


# --- security -------------------------------------------------------------------------------------
# Ids name files in OUT/documents: none may reach outside OUT, hide there, or make OUT a tree
# Windows cannot hold. ("../../x" and ".hidden" are in test_ingest.py; HTML escaping of document
# text in report.html is tested in test_report_html.py.)

UNSAFE_IDS = {
    "/abs": "path separator",
    "a/b": "path separator",
    "..": "unusable document id",
    ".": "unusable document id",
    "C:\\x": "path separator",
    "a\\b": "path separator",
    "a\nb": "path separator or control",
    "a:b": "contains :, not allowed in Windows file names",
    "a*b": "contains *, not allowed",
    "a?b": "contains ?, not allowed",
    "a<b>": "contains < >, not allowed",
    "a|b": "contains |, not allowed",
    'a"b': 'contains ", not allowed',
    "con": "device name reserved by Windows",
    "CON": "device name reserved by Windows",
    "nul.txt": "device name reserved by Windows",
    "Com1": "device name reserved by Windows",
    "lpt9.x.y": "device name reserved by Windows",
    "a.": "ends with a dot",
    "a ": "outer spaces",
}


@pytest.mark.parametrize(("doc_id", "reason"), UNSAFE_IDS.items(), ids=repr)
def test_ids_that_name_paths_or_that_windows_refuses_are_refused(
    tmp_path: Path, doc_id: str, reason: str
) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"id": doc_id, "text": "Text."})
    with pytest.raises(InputError, match="document id") as error:
        read_inputs([path], OPTIONS)
    assert str(error.value).startswith(f"{path}:1: ")
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("doc_id", ["console", "nul_2", "com10", "a.b", "Kim Jong-un (2014)"])
def test_ids_that_merely_look_reserved_are_accepted(tmp_path: Path, doc_id: str) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"id": doc_id, "text": "Text."})
    assert [i.id for i in read_inputs([path], OPTIONS)] == [doc_id]


def test_no_network_is_used(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Schemas resolve from the package, nothing is fetched: a run and validate without sockets.
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = run_pipeline([SEEDS], tmp_path / "out", jobs=1)
    assert len(result.summaries) == len(SEED_FILES)
    checked = cli("validate", tmp_path / "out")
    assert checked.code == 0, checked.out + checked.err
