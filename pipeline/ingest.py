"""Reading inputs: paths to :class:`RawInput` records (id, decoded text, source). I/O lives here.

A path is a text file, a directory (its ``*.txt`` files, recursively, in sorted order) or a
``.jsonl`` file of ``{"id", "text"}`` records. Bytes become text by the first rule that applies:

1. a byte-order mark says UTF-8, UTF-16 or UTF-32;
2. the bytes are valid UTF-8;
3. UTF-8 whose only fault is a multibyte character cut off at the very end (a truncated
   download, ``head -c``) is UTF-8: the cut character becomes U+FFFD, with an
   ``input.truncated-character`` finding;
4. UTF-8 with a few stray bytes that are not UTF-8 (a cp1252 ``é`` pasted into UTF-8 text) is
   UTF-8 too, each stray run read with the first single-byte codec of
   ``input.preferred_encodings`` (cp1252), with an ``input.mixed-encoding`` finding per run:
   the UTF-8 text is never turned into mojibake;
5. otherwise charset-normalizer detects the encoding; but the first of
   ``input.preferred_encodings`` that decodes the bytes and reads no worse (by
   charset-normalizer's own mess measure) is used instead: cp1250 and cp1252 both decode
   most Western text, and cp1252 is what it was written in.

Anything that is not text — empty, binary, undecodable, too large, unreadable, not a regular
file — is an :class:`~pipeline.errors.InputError` naming the file and the reason.

Directories are walked without following symbolic links to directories (a link loop cannot
recurse forever, and nothing is read twice); symbolic links to files are followed.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import unicodedata
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import charset_normalizer
from charset_normalizer.md import mess_ratio

from . import reading
from .codes import finding
from .config import Config, InputConfig
from .document import Finding, Source
from .errors import InputError
from .hints import Hints
from .readers import Reader, reader_for
from .readers import read as read_original

TRUNCATED = "input.truncated-character"  # finding codes of reading (see pipeline.codes)
MIXED = "input.mixed-encoding"
LINK_OUTSIDE = "input.link-outside"

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
    """One document as read: its id, decoded text and provenance, and what reading it found
    (``findings``, in raw coordinates: a cut final character, stray non-UTF-8 bytes)."""

    id: str
    text: str
    source: Source
    size: int  # bytes read (the record's UTF-8 text, for JSONL)
    findings: tuple[Finding, ...] = ()
    hints: Hints | None = None  # layout evidence of a PDF or HTML file (pipeline.readers)

    @property
    def where(self) -> str:
        """Where it was read, as messages name it: ``in/a.txt``, ``corpus.jsonl:7``."""
        line = self.source.line
        return f"{self.source.path}" + (f":{line}" if line else "")


def decode(data: bytes, path: object, options: InputConfig) -> tuple[str, str]:
    """``(text, encoding)`` of ``data``; :class:`InputError` if it is not text."""
    text, encoding, _ = decode_with_findings(data, path, options)
    return text, encoding


def _hex(data: bytes) -> str:
    return " ".join(f"0x{b:02X}" for b in data)


def _truncated_utf8(data: bytes) -> tuple[str, Finding] | None:
    """UTF-8 whose only fault is a character cut off at the end: the text, the cut character
    read as U+FFFD, and a finding. ``None`` if that is not the only fault, or if nothing says
    UTF-8 (ASCII then one byte is more likely a legacy codec's ``é`` than a cut character)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        start, tail = error.start, data[error.start :]
        if error.reason != "unexpected end of data" or error.end != len(data):
            return None
        if len(tail) < 2 and data[:start].isascii():
            return None
        text = data[:start].decode("utf-8") + "\ufffd"
        message = (
            f"the file ends inside a UTF-8 character ({_hex(tail)}): it was probably cut "
            "short; the cut character is read as U+FFFD"
        )
        return text, finding(TRUNCATED, message, len(text) - 1, len(text))
    return None


STRAY = re.compile("[\udc80-\udcff]+")  # bytes that are not UTF-8, as surrogateescape has them


def _mixed_utf8(data: bytes, options: InputConfig) -> tuple[str, str, list[Finding]] | None:
    """UTF-8 with a few stray bytes that are not: ``(text, codec, findings)``, every stray run
    read with the first single-byte codec of ``input.preferred_encodings``. ``None`` unless the
    valid UTF-8 outweighs the stray bytes (a legacy file can hold a few valid UTF-8 pairs by
    chance) and that codec decodes every run."""
    codec = next(
        (
            codecs.lookup(name).name
            for name in options.preferred_encodings
            if not codecs.lookup(name).name.startswith("utf")
        ),
        None,
    )
    if codec is None:
        return None
    escaped = data.decode("utf-8", "surrogateescape")
    runs = list(STRAY.finditer(escaped))
    stray = sum(len(run.group()) for run in runs)
    # every stray byte is one character; a valid n-byte character is one too: so the bytes
    # beyond one per character are the multibyte UTF-8 evidence
    evidence = len(data) - len(escaped)
    if not runs or stray > evidence:
        return None
    parts: list[str] = []
    findings: list[Finding] = []
    done = 0
    for run in runs:
        raw = bytes(ord(c) - 0xDC00 for c in run.group())
        try:
            read = raw.decode(codec)
        except UnicodeDecodeError:
            return None
        parts += [escaped[done : run.start()], read]
        done = run.end()
        what = "a byte that is" if len(raw) == 1 else f"{len(raw)} bytes that are"
        message = f"{what} not UTF-8 in UTF-8 text ({_hex(raw)}): read as {codec} {read!r}"
        findings.append(finding(MIXED, message, run.start(), run.end()))
    parts.append(escaped[done:])
    return "".join(parts), "utf-8", findings


def _binary(text: str) -> bool:
    return sum(text.count(chr(b)) for b in BINARY_BYTES) > len(text) // 100


def decode_with_findings(
    data: bytes, path: object, options: InputConfig
) -> tuple[str, str, tuple[Finding, ...]]:
    """``(text, encoding, findings)`` of ``data`` (see the module's rules); :class:`InputError`
    if it is not text. ``findings`` say where the bytes were not what the encoding says."""
    if not data:
        raise InputError(path, "empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, ()
            except UnicodeDecodeError as error:
                raise InputError(path, f"invalid {encoding} after its byte-order mark") from error
    if b"\x00" not in data:  # NUL is valid UTF-8 but no text file has it: UTF-16 without a BOM?
        try:
            return data.decode("utf-8"), "utf-8", ()
        except UnicodeDecodeError:
            pass
        truncated = _truncated_utf8(data)
        if truncated is not None:
            return truncated[0], "utf-8", (truncated[1],)
        mixed = _mixed_utf8(data, options)
        if mixed is not None and not _binary(mixed[0]):
            return mixed[0], mixed[1], tuple(mixed[2])
    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        raise InputError(path, "binary data, not text (no text encoding decodes it)")
    text = str(match)
    if _binary(text):
        raise InputError(path, f"binary data, not text (control characters as {match.encoding})")
    # Single-byte codecs often decode the same bytes equally plausibly (cp1250 reads cp1252's
    # "très" as "trčs"): a preferred codec that decodes the bytes and reads no worse wins.
    for preferred in options.preferred_encodings:
        try:
            candidate = data.decode(preferred)
        except UnicodeDecodeError:
            continue
        if candidate == text or mess_ratio(candidate) <= mess_ratio(text) + 0.01:
            return candidate, codecs.lookup(preferred).name, ()
    return text, codecs.lookup(match.encoding).name, ()


MAX_ID = 200  # bytes of UTF-8: an id names a file, and file names have limits (255 bytes)


# Names Windows reserves for devices, with any extension (``nul.txt``), in any case: an OUT holding
# ``documents/con.json`` cannot be copied to Windows.
WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10))]
)
WINDOWS_FORBIDDEN = '<>:"|?*'  # besides / and \, and control characters


def _check_id(doc_id: str, where: object) -> str:
    # Ids name output files: they must not reach outside OUT or hide there, and OUT must be
    # portable (the file names Windows refuses are refused too).
    if not doc_id or doc_id in {".", ".."} or doc_id.startswith("."):
        raise InputError(where, f"unusable document id {doc_id!r}")
    if any(c in doc_id for c in "/\\") or not doc_id.isprintable():
        raise InputError(where, f"document id {doc_id!r} contains a path separator or control")
    if doc_id != doc_id.strip() or len(doc_id.encode("utf-8")) > MAX_ID:
        raise InputError(where, f"document id {doc_id[:40]!r} has outer spaces or is too long")
    forbidden = sorted({c for c in doc_id if c in WINDOWS_FORBIDDEN})
    if forbidden:
        shown = " ".join(forbidden)
        raise InputError(
            where, f"document id {doc_id!r} contains {shown}, not allowed in Windows file names"
        )
    if doc_id.split(".")[0].rstrip().upper() in WINDOWS_DEVICES:
        raise InputError(where, f"document id {doc_id!r} is a device name reserved by Windows")
    if doc_id.endswith("."):
        raise InputError(where, f"document id {doc_id!r} ends with a dot (Windows drops it)")
    return doc_id


def _read_bytes(path: Path, options: InputConfig) -> bytes:
    """The bytes of the regular file ``path``, at most ``input.max_bytes`` of them (see
    :mod:`pipeline.reading`: a FIFO or a device would block or never end)."""
    return reading.read_bytes(path, options.max_bytes, "input.max_bytes")


class Extractions(Protocol):
    """Where a run keeps the PDF and HTML documents its first pass read, so that the second
    does not extract them again (:class:`pipeline.runtime.extractions.SpilledExtractions`)."""

    def keep(self, item: RawInput) -> None: ...

    def take(self, path: str) -> RawInput | None: ...


def _read_file(
    path: Path, options: InputConfig, extractions: Extractions | None = None
) -> RawInput:
    reader = reader_for(path.suffix)
    if reader is not None:
        kept = extractions.take(str(path)) if extractions is not None else None
        if kept is not None:
            return kept
        item = _original_input(_read_bytes(path, options), path, str(path), path.stem, reader)
        if extractions is not None:
            extractions.keep(item)
    else:
        item = _text_input(_read_bytes(path, options), path, str(path), path.stem, options)
    _check_id(item.id, path)  # (an id names OUT's files: clean, which writes none, asks not)
    return item


def _text_input(
    data: bytes, where: object, path: str, doc_id: str, options: InputConfig
) -> RawInput:
    """One text document of ``data``, read from ``path`` (as its source records it)."""
    text, encoding, findings = decode_with_findings(data, where, options)
    if not text.strip():
        raise InputError(where, "no text (only whitespace)")
    source = Source(path, hashlib.sha256(data).hexdigest(), encoding)
    return RawInput(doc_id, text, source, len(data), findings)


def _original_input(data: bytes, where: object, path: str, doc_id: str, reader: Reader) -> RawInput:
    """One PDF or HTML document of ``data``, read by ``reader`` (see :mod:`pipeline.readers`)."""
    got = read_original(data, where, reader)
    if not got.text.strip():
        raise InputError(where, "no text (only whitespace)")
    source = Source(path, hashlib.sha256(data).hexdigest(), got.encoding, extractor=got.extractor)
    return RawInput(doc_id, got.text, source, len(data), got.findings, got.hints)


def read_one(name: str, options: InputConfig) -> RawInput:
    """The one text document ``clean`` reads: the file ``name`` or, for ``-``, stdin (id
    ``stdin``), with the checks and findings of a run's reading; a JSONL corpus is refused
    (it holds many documents: ``run`` them)."""
    if name == "-":
        data = reading.read_stdin(options.max_bytes, "input.max_bytes")
        return _text_input(data, "<stdin>", "<stdin>", "stdin", options)
    if Path(name).suffix == ".jsonl":
        raise InputError(name, "a JSONL corpus: clean takes one text file (use run)")
    path = Path(name)
    data, reader = _read_bytes(path, options), reader_for(path.suffix)
    if reader is not None:
        return _original_input(data, path, name, path.stem, reader)
    return _text_input(data, path, name, path.stem, options)


def _jsonl_lines(path: Path, options: InputConfig) -> Generator[tuple[int, str], None, None]:
    """``(line number, text)`` of every line of a JSONL file, read one line at a time: a corpus
    file can be larger than memory. JSON Lines are UTF-8 (a UTF-8 BOM is skipped); a file with
    a UTF-16 or UTF-32 byte-order mark is decoded whole, within ``input.max_bytes``."""
    try:
        with reading.open_regular(path, None) as (handle, _):
            head = handle.read(4)
            if any(head.startswith(bom) for bom, name in BOMS if name != "utf-8-sig"):
                text, _ = decode(_read_bytes(path, options), path, options)
                yield from enumerate(text.split("\n"), start=1)  # not splitlines(): U+2028
                return
            handle.seek(0)
            # split at b"\n" only; never more than max_bytes in memory, even with no newline
            lines = iter(lambda: handle.readline(options.max_bytes + 1), b"")
            for number, data in enumerate(lines, start=1):
                if number == 1 and data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8) :]
                if len(data) > options.max_bytes:
                    raise InputError(
                        f"{path}:{number}",
                        f"record is at least {len(data):,} bytes, larger than "
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
    name = str(path)  # one string for every record's source: a run keeps each source
    for number, line in _jsonl_lines(path, options):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record = reading.load_json(line, where)
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
        source = Source(name, hashlib.sha256(data).hexdigest(), "utf-8", number)
        records += 1
        yield RawInput(_check_id(doc_id, where), doc_text, source, len(data))
    if not records:
        raise InputError(path, "no records (only blank lines)")


def _walk(top: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[Path, bool]]:
    """The files under the directory ``top`` whose names end in one of ``suffixes``
    (``input.suffixes``: ``.txt``, ``.pdf``, ...), at any depth, in no particular order,
    each with whether it is in the tree: a symbolic link to a file outside ``top`` is not.

    Iterative (no recursion limit on deep trees), and symbolic links to directories are not
    followed (``a/loop -> a`` cannot recurse forever; ``find`` does the same). A subdirectory
    that cannot be listed is an error, not silently skipped."""
    pending = [top]
    root: Path | None = None  # `top` resolved, when a link asks
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError as error:
            raise InputError(directory, f"cannot list: {error.strerror or error}") from error
        for entry in listed:
            path = directory / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.name.lower().endswith(suffixes) and entry.is_file():  # follows links
                    inside = True
                    if entry.is_symlink():
                        root = root or top.resolve()
                        inside = path.resolve().is_relative_to(root)
                    yield path, inside
            except OSError:  # vanished while listed, or a dangling link: nothing to read
                continue


def _expand(
    path: Path, options: InputConfig, skipped: list[tuple[Path, Path]] | None = None
) -> list[Path]:
    """The files ``path`` names; in a directory, a link out of it is left out (and put in
    ``skipped`` with its target) unless ``input.follow_links_out``."""
    if path.is_dir():
        walked = list(_walk(path, options.suffixes))
        found = sorted(p for p, inside in walked if inside or options.follow_links_out)
        if skipped is not None and not options.follow_links_out:
            skipped += sorted((p, p.resolve()) for p, inside in walked if not inside)
        if not found:
            out = f" (only links to files outside it: {LINK_OUTSIDE})" if walked else ""
            *first, last = options.suffixes
            named = f"{', '.join(first)} or {last}" if first else last
            raise InputError(path, f"directory holds no {named} files{out}")
        return found
    if not path.exists():
        raise InputError(path, "no such file or directory")
    return [path]


def iter_inputs(
    paths: Sequence[str | Path],
    options: InputConfig,
    skipped: list[tuple[Path, Path]] | None = None,
    extractions: Extractions | None = None,
) -> Iterator[RawInput]:
    """Every document named by ``paths``, in order, read as it is asked for; duplicate ids are
    an error — ids the same once case-folded and in NFC too (``Letter`` and ``letter``, ``é``
    composed and not, ``straße`` and ``STRASSE``): their files in OUT would be one file on macOS
    and Windows, whose file systems compare names so. ``skipped`` (if given) gets ``(link,
    target)`` of each link out of an input directory that is not read; ``extractions`` (if
    given) keeps the PDF and HTML documents read, or gives them back when read before."""
    seen: dict[str, tuple[str, str]] = {}  # folded id -> (id, where)
    for given in paths:
        for path in _expand(Path(given), options, skipped):
            found = (
                _read_jsonl(path, options)
                if path.suffix == ".jsonl"
                else iter([_read_file(path, options, extractions)])
            )
            for item in found:
                where = item.where
                key = _id_key(item.id)
                if key in seen:
                    other, also = seen[key]
                    if other != item.id:
                        also += f", as {other!r}: one file name on macOS and Windows"
                    raise InputError(where, f"duplicate document id {item.id!r} (also {also})")
                seen[key] = (item.id, where)
                yield item


def _id_key(doc_id: str) -> str:
    """The form in which two ids name one file on a case-insensitive file system."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", doc_id).casefold())


def read_inputs(paths: Sequence[str | Path], options: InputConfig) -> list[RawInput]:
    """Every document named by ``paths``, in order (see :func:`iter_inputs`)."""
    return list(iter_inputs(paths, options))


def raw_text(
    source: Source | Mapping[str, Any], options: InputConfig | None = None, root: Path | None = None
) -> str:
    """The raw text a run decoded from ``source`` (a :class:`Source`, or the ``source`` object of
    a document's JSON): its file read again and decoded as the run decoded it (line ends kept,
    whatever the encoding), or its JSONL record's ``text``. The text that a document's edits
    apply to (:func:`pipeline.replay`). A relative path is taken from ``root`` (default: the
    working directory, so run from where the run was run).

    :class:`InputError` if the file cannot be read or is no longer what the run read (its sha256
    differs)."""
    given = source if isinstance(source, Source) else Source(**source)
    options = options or Config.load().input
    path = Path(root or ".") / given.path
    reader = reader_for(path.suffix) if given.extractor else None
    if reader is not None:  # a PDF or HTML file: extracted again, by the same extractor
        data = _read_bytes(path, options)
        got = read_original(data, path, reader)
        if got.extractor != given.extractor:
            raise InputError(
                path,
                f"read by {given.extractor} in the run, now by {got.extractor}: "
                "its raw text may differ (install the run's version)",
            )
        text = got.text
    elif given.line is None:
        data = _read_bytes(path, options)
        try:  # the recorded codec; failing that (stray bytes, a cut character), the run's rules
            text = data.decode(given.encoding)
        except (UnicodeDecodeError, LookupError):
            text, _ = decode(data, path, options)
    else:
        where = f"{path}:{given.line}"
        with contextlib.closing(_jsonl_lines(path, options)) as lines:
            line = next((t for n, t in lines if n == given.line), None)
        record = reading.load_json(line, where) if line is not None else None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(where, "no JSONL record with a 'text' at this line any more")
        text = record["text"]
        data = text.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != given.sha256:
        raise InputError(path, "changed since the run (its sha256 differs from the document's)")
    return text
