"""Reading inputs: encodings, directories, JSONL, and every kind of bad input (one line, exit 2)."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import Config, InputError, run
from pipeline.ingest import decode, read_inputs
from pipeline.output.emit import validate_dir

OPTIONS = Config.load().input
LETTER = "The Democratic People’s Republic of Korea — “without parallel”, café.\nSecond line.\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (LETTER.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + LETTER.encode("utf-8"), "utf-8-sig"),
        (LETTER.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + LETTER.encode("utf-16-be"), "utf-16"),
        (LETTER.encode("utf-32"), "utf-32"),
        (LETTER.encode("cp1252"), "cp1252"),
        (LETTER.encode("utf-16-le"), "utf-16-le"),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16-bom",
        "utf-16-be-bom",
        "utf-32-bom",
        "cp1252",
        "utf-16-no-bom",
    ],
)
def test_text_decodes_exactly_and_names_its_encoding(data: bytes, encoding: str) -> None:
    assert decode(data, "x.txt", OPTIONS) == (LETTER, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (PNG + bytes(range(256)) * 4, "binary data"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "binary data"),
    ],
    ids=["empty", "png", "pdf"],
)
def test_non_text_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as error:
        decode(data, "bad.txt", OPTIONS)
    assert str(error.value).startswith("bad.txt: ")


def test_directories_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/9.txt", "a/1.txt", "c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"text of {name}\n")
    inputs = read_inputs([tmp_path], OPTIONS)
    assert [i.id for i in inputs] == ["1", "9", "2"]
    expected = hashlib.sha256(b"text of a/1.txt\n").hexdigest()
    assert (inputs[0].source.sha256, inputs[0].source.encoding) == (expected, "utf-8")


def test_jsonl_records_keep_their_ids_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": "a", "text": "One.\n"}), "", json.dumps({"id": "b", "text": "Two."})]
    path.write_text("\n".join(lines) + "\n")
    inputs = read_inputs([path], OPTIONS)
    assert [(i.id, i.text, i.source.line) for i in inputs] == [("a", "One.\n", 1), ("b", "Two.", 3)]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": "a", "text": "ok"}', "{not json"], r"corpus.jsonl:2: not valid JSON"),
        (['["a", "b"]'], r"corpus.jsonl:1: a JSONL record must be an object"),
        (['{"id": "a"}'], r"corpus.jsonl:1: .*'text'"),
        (['{"id": "../../x", "text": "t"}'], r"corpus.jsonl:1: .*document id '\.\./\.\./x'"),
        (['{"id": ".hidden", "text": "t"}'], r"corpus.jsonl:1: unusable document id"),
        (['{"id": "a", "text": "\\ud800"}'], r"corpus.jsonl:1: .*lone surrogate"),
        (['{"id": "a", "text": "t"}', '{"id": "a", "text": "u"}'], r"corpus.jsonl:2: duplicate"),
    ],
    ids=["not-json", "not-object", "no-text", "path-id", "hidden-id", "surrogate", "duplicate"],
)
def test_bad_jsonl_names_the_line(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=message):
        read_inputs([path], OPTIONS)


def test_missing_paths_and_empty_directories_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        read_inputs([tmp_path / "nope.txt"], OPTIONS)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not a txt")
    with pytest.raises(InputError, match=r"directory holds no \.txt, \.pdf, \.html or \.htm files"):
        read_inputs([tmp_path / "empty"], OPTIONS)


def test_duplicate_ids_across_files_are_errors(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "letter.txt").write_text("Text.\n")
    with pytest.raises(InputError, match="duplicate document id 'letter'"):
        read_inputs([tmp_path], OPTIONS)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Letter", "letter"), ("caf\u00e9", "cafe\u0301"), ("stra\u00dfe", "STRASSE")],
    ids=["case", "nfc-nfd", "sharp-s"],
)
def test_ids_that_are_one_file_name_on_macos_and_windows_collide(
    tmp_path: Path, first: str, second: str
) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": i, "text": "Text."}) for i in (first, second)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_inputs([corpus], OPTIONS)
    assert str(raised.value) == (
        f"{corpus}:2: duplicate document id {second!r} (also {corpus}:1, as {first!r}: one file "
        "name on macOS and Windows)"
    )


def test_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    small = Config.load().input.__class__(max_bytes=1024, preferred_encodings=("utf-8",))
    with pytest.raises(InputError, match=r"larger than input\.max_bytes"):
        read_inputs([path], small)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blank.txt", " \n\t\n", "no text (only whitespace)"),
        ("blank.jsonl", "\n\n", "no records"),
        ("spaces.jsonl", '{"id": "a", "text": "  \\n"}\n', "empty 'text'"),
        ("outer.jsonl", '{"id": " a", "text": "t"}\n', "outer spaces or is too long"),
        ("long.jsonl", json.dumps({"id": "x" * 300, "text": "t"}) + "\n", "too long"),
    ],
    ids=["whitespace-file", "blank-jsonl", "whitespace-record", "spaced-id", "long-id"],
)
def test_inputs_without_text_or_with_unusable_ids_are_refused(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_inputs([path], OPTIONS)


@pytest.fixture
def linked_tree(tmp_path: Path) -> Path:
    """``letters/`` with a letter, a link to a file outside it (what a pull request can add: a
    link to a secret of the CI runner) and a link to a letter inside it."""
    letters = tmp_path / "letters"
    (letters / "sub").mkdir(parents=True)
    (letters / "sub" / "a.txt").write_text("Dear Sir,\nA letter.\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("runner-token-0123456789\n")
    (letters / "extra.txt").symlink_to(secret)
    (letters / "again.txt").symlink_to(letters / "sub" / "a.txt")
    return letters


def test_a_link_out_of_an_input_directory_is_skipped_with_a_finding(
    linked_tree: Path, tmp_path: Path
) -> None:
    assert [i.id for i in read_inputs([linked_tree], OPTIONS)] == ["again", "a"]
    result = run([linked_tree], out=tmp_path / "out", jobs=1)
    published = b"".join(p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert b"runner-token" not in published
    (skipped,) = [p for p in result.findings if p.finding.code == "input.link-outside"]
    assert skipped.where.path == str(linked_tree / "extra.txt")
    assert str(tmp_path / "secret.txt") in skipped.finding.message
    assert validate_dir(tmp_path / "out") == []


def test_links_out_are_read_when_the_config_says_so(linked_tree: Path) -> None:
    options = replace(OPTIONS, follow_links_out=True)
    texts = {i.id: i.text for i in read_inputs([linked_tree], options)}
    assert texts["extra"] == "runner-token-0123456789\n"


def test_a_directory_of_links_out_only_says_so(linked_tree: Path, tmp_path: Path) -> None:
    only = tmp_path / "only"
    only.mkdir()
    (only / "x.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(InputError, match=r"holds no \.txt, \.pdf, .* files \(only links to files"):
        read_inputs([only], OPTIONS)
