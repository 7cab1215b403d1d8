"""Where a finding is in its input file: raw offsets → 1-based line and column, and the file's URI.

Findings carry offsets into :attr:`Document.raw`, the decoded input. SARIF viewers and GitHub
annotations want lines and columns of the file instead. Columns count Unicode code points (SARIF
``columnKind: unicodeCodePoints``), as Python offsets do; lines end at LF, CRLF or a lone CR (the
SARIF line terminators), as the one line index of :mod:`pipeline.text` counts them (report.html
and the terminal count with it too). A byte-order mark is not part of the decoded text, so it
takes no column.

A JSONL record is one line of its file and its ``text`` is a JSON string literal in that line,
whose escapes (``\\n``, ``\\u00e9``) make the decoded offsets useless as columns. A finding in a
record is therefore located at the record's whole line (``source.line``) with no columns; the
offsets within the record's text are kept beside it (SARIF result ``properties``, and the message
of annotations and summaries).

>>> locate(Source("a.txt", "0" * 64, "utf-8"), "ab\\ncd\\n", 3, 5)
Location(path='a.txt', line=2, column=1, end_line=2, end_column=3)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from .document import Finding, Source
from .resources import data_dir
from .text import line_index


@dataclass(frozen=True, slots=True)
class Location:
    """A span of an input file. ``end_column`` is exclusive (one past the last character), as in
    SARIF; the columns are None for a JSONL record (its whole line)."""

    path: str  # the input path as given
    line: int
    column: int | None
    end_line: int
    end_column: int | None


def locate(source: Source, raw: str, raw_start: int, raw_end: int) -> Location:
    """The file location of raw span ``[raw_start, raw_end)`` of a document read from ``source``.

    A span that ends with a line end stops at the end of its last line, not at the next line's
    start.
    """
    if source.line is not None:  # a JSONL record: its whole line
        return Location(source.path, source.line, None, source.line, None)
    index = line_index(raw)
    line, column = index.position(raw_start)
    end = raw_end
    while end > raw_start and raw[end - 1] in "\r\n":
        end -= 1
    end_line, end_column = index.position(end)
    return Location(source.path, line, column, end_line, end_column)


@dataclass(frozen=True, slots=True)
class Placed:
    """A finding with its document id, its place in the input file and the raw text it covers.

    Worked out where the document is at hand (in the worker that cleaned it), so that reports
    about the whole corpus never need a document's text again.
    """

    document: str
    finding: Finding
    where: Location
    snippet: str  # the raw text of the finding's span

    def sort_key(self) -> tuple[str, int, str]:
        """Document, then raw offset, then code: the order findings are reported in."""
        return (self.document, self.finding.raw_start, self.finding.code)


def place(doc_id: str, source: Source, raw: str, finding: Finding) -> Placed:
    """``finding`` of the document ``doc_id`` (read from ``source``, decoded as ``raw``), placed."""
    where = locate(source, raw, finding.raw_start, finding.raw_end)
    return Placed(doc_id, finding, where, raw[finding.raw_start : finding.raw_end])


@lru_cache(maxsize=1)
def _embedded_seeds() -> Path | None:
    try:
        return data_dir("seeds").resolve()
    except FileNotFoundError:
        return None


def display_path(path: str, root: Path | None = None) -> str:
    """``path`` for messages, with ``/`` separators: ``seeds/NAME`` for a file of the embedded
    seed corpus (installed, it is deep in site-packages, which says nothing to the reader), else
    relative to ``root`` (default: the working directory) when it is under it, else absolute."""
    given = Path(path)
    resolved = given.parent.resolve() / given.name  # a link is named as itself, not its target
    seeds = _embedded_seeds()
    if seeds is not None and resolved.is_relative_to(seeds):
        return f"seeds/{resolved.relative_to(seeds).as_posix()}"
    try:
        return resolved.relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def relative_uri(path: str, root: Path) -> str | None:
    """The URI reference of ``path`` relative to ``root``, or None if it is outside ``root``."""
    try:
        relative = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return quote(relative.as_posix())
