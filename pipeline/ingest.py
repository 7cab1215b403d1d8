"""Reading inputs: paths to :class:`RawInput` records (id, decoded text, source). I/O lives here.

A path is a text file, a directory (its ``*.txt`` files, recursively, in sorted order) or a
``.jsonl`` file of ``{"id", "text"}`` records. Bytes become text by the first rule that applies:

1. a byte-order mark says UTF-8, UTF-16 or UTF-32;
2. the bytes are valid UTF-8;
3. otherwise charset-normalizer detects the encoding; but the first of
   ``input.preferred_encodings`` that decodes the bytes and reads no worse (by
   charset-normalizer's own mess measure) is used instead: cp1250 and cp1252 both decode
   most Western text, and cp1252 is what it was written in.

Anything that is not text — empty, binary, undecodable, too large, unreadable — is an
:class:`~pipeline.errors.InputError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from charset_normalizer.md import mess_ratio

from .config import InputConfig
from .document import Source
from .errors import InputError

BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do not occur in text files (tab, LF, VT, FF, CR and ESC excluded).
BINARY_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})


@dataclass(frozen=True, slots=True)
class RawInput:
    """One document as read: its id, decoded text and provenance."""

    id: str
    text: str
    source: Source
    size: int  # bytes read (the record's UTF-8 text, for JSONL)


def decode(data: bytes, path: object, options: InputConfig) -> tuple[str, str]:
    """``(text, encoding)`` of ``data``; :class:`InputError` if it is not text."""
    if not data:
        raise InputError(path, "empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise InputError(path, f"invalid {encoding} after its byte-order mark") from error
    if b"\x00" not in data:  # NUL is valid UTF-8 but no text file has it: UTF-16 without a BOM?
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        raise InputError(path, "binary data, not text (no text encoding decodes it)")
    text = str(match)
    if sum(text.count(chr(b)) for b in BINARY_BYTES) > len(text) // 100:
        raise InputError(path, f"binary data, not text (control characters as {match.encoding})")
    # Single-byte codecs often decode the same bytes equally plausibly (cp1250 reads cp1252's
    # "très" as "trčs"): a preferred codec that decodes the bytes and reads no worse wins.
    for preferred in options.preferred_encodings:
        try:
            candidate = data.decode(preferred)
        except UnicodeDecodeError:
            continue
        if candidate == text or mess_ratio(candidate) <= mess_ratio(text) + 0.01:
            return candidate, codecs.lookup(preferred).name
    return text, codecs.lookup(match.encoding).name


MAX_ID = 200  # characters: an id names a file, and file names have limits


def _check_id(doc_id: str, where: object) -> str:
    # Ids name output files: they must not reach outside OUT or hide there.
    if not doc_id or doc_id in {".", ".."} or doc_id.startswith("."):
        raise InputError(where, f"unusable document id {doc_id!r}")
    if any(c in doc_id for c in "/\\") or not doc_id.isprintable():
        raise InputError(where, f"document id {doc_id!r} contains a path separator or control")
    if doc_id != doc_id.strip() or len(doc_id) > MAX_ID:
        raise InputError(where, f"document id {doc_id[:40]!r} has outer spaces or is too long")
    return doc_id


def _read_bytes(path: Path, options: InputConfig) -> bytes:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputError(
                path, f"file is {size:,} bytes, larger than input.max_bytes={options.max_bytes:,}"
            )
        return path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from error


def _read_text_file(path: Path, options: InputConfig) -> RawInput:
    data = _read_bytes(path, options)
    text, encoding = decode(data, path, options)
    if not text.strip():
        raise InputError(path, "no text (only whitespace)")
    source = Source(str(path), hashlib.sha256(data).hexdigest(), encoding)
    return RawInput(_check_id(path.stem, path), text, source, len(data))


def _jsonl_lines(path: Path, options: InputConfig) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of every line of a JSONL file, read one line at a time: a corpus
    file can be larger than memory. JSON Lines are UTF-8 (a UTF-8 BOM is skipped); a file with
    a UTF-16 or UTF-32 byte-order mark is decoded whole, within ``input.max_bytes``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if any(head.startswith(bom) for bom, name in BOMS if name != "utf-8-sig"):
                text, _ = decode(_read_bytes(path, options), path, options)
                yield from enumerate(text.split("\n"), start=1)  # not splitlines(): U+2028
                return
            handle.seek(0)
            for number, data in enumerate(handle, start=1):  # split at b"\n" only
                if number == 1 and data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8) :]
                if len(data) > options.max_bytes:
                    raise InputError(
                        f"{path}:{number}",
                        f"record is {len(data):,} bytes, larger than "
                        f"input.max_bytes={options.max_bytes:,}",
                    )
                try:
                    yield number, data.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise InputError(
                        f"{path}:{number}", "not UTF-8 (JSON Lines are UTF-8 text)"
                    ) from error
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from error


def _read_jsonl(path: Path, options: InputConfig) -> Iterator[RawInput]:
    records = 0
    for number, line in _jsonl_lines(path, options):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(where, f"not valid JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise InputError(where, "a JSONL record must be an object with 'id' and 'text'")
        doc_id, doc_text = record.get("id"), record.get("text")
        if not isinstance(doc_id, str) or not isinstance(doc_text, str):
            raise InputError(where, "a JSONL record needs string fields 'id' and 'text'")
        try:
            data = doc_text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InputError(where, "'text' holds a lone surrogate (invalid Unicode)") from error
        if not doc_text.strip():
            raise InputError(where, "empty 'text'")
        source = Source(str(path), hashlib.sha256(data).hexdigest(), "utf-8", number)
        records += 1
        yield RawInput(_check_id(doc_id, where), doc_text, source, len(data))
    if not records:
        raise InputError(path, "no records (only blank lines)")


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not found:
            raise InputError(path, "directory holds no .txt files")
        return found
    if not path.exists():
        raise InputError(path, "no such file or directory")
    return [path]


def iter_inputs(paths: Sequence[str | Path], options: InputConfig) -> Iterator[RawInput]:
    """Every document named by ``paths``, in order, read as it is asked for; duplicate ids are
    an error."""
    seen: dict[str, str] = {}
    for given in paths:
        for path in _expand(Path(given)):
            found = (
                _read_jsonl(path, options)
                if path.suffix == ".jsonl"
                else iter([_read_text_file(path, options)])
            )
            for item in found:
                where = f"{item.source.path}" + (f":{item.source.line}" if item.source.line else "")
                if item.id in seen:
                    raise InputError(
                        where, f"duplicate document id {item.id!r} (also {seen[item.id]})"
                    )
                seen[item.id] = where
                yield item


def read_inputs(paths: Sequence[str | Path], options: InputConfig) -> list[RawInput]:
    """Every document named by ``paths``, in order (see :func:`iter_inputs`)."""
    return list(iter_inputs(paths, options))
