"""Which characters of a document's raw text survive into its clean text, read from the ledger.

Every edit says that ``raw[raw_start:raw_end]`` became ``clean``. An edit whose ``clean`` has
no letter or digit deleted the letters and digits of its raw span (a removed menu line, a page
number, a footnote body moved out of the text); one whose letters and digits are those of its
raw span, case-folded after NFKC, deleted none (a repaired quote, a re-joined line); for any
other edit the characters of the raw span that :class:`difflib.SequenceMatcher` cannot match in
``clean`` are the deleted ones. Only letters and digits are counted, so that the spacing,
bullets and punctuation a stage rewrites never make a line look removed. Edits of the
:data:`REPAIRS` kinds never delete: they mend characters (mojibake ``â€™`` becomes ``’``, a
stray control character goes), they do not remove text.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Protocol

REPAIRS = frozenset(("unicode", "whitespace"))  # edit kinds that mend characters, never remove
KEEP_SHARE = 0.5  # a line is kept if at least this share of its letters and digits survive


class EditLike(Protocol):
    """What is read of a ledger edit (:class:`pipeline.ledger.Edit`)."""

    @property
    def raw_start(self) -> int: ...
    @property
    def raw_end(self) -> int: ...
    @property
    def raw(self) -> str: ...
    @property
    def clean(self) -> str: ...
    @property
    def kind(self) -> str: ...


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


@dataclass(frozen=True, slots=True)
class Survival:
    """Per raw character: deleted or not, and which kinds of edit deleted what."""

    raw: str
    deleted: bytes  # 1 where the raw character is deleted
    deletions: tuple[tuple[int, int, str], ...]  # (raw_start, raw_end, kind) of deleting edits
    starts: tuple[int, ...]  # their raw_start, to search

    def kept(self, start: int, end: int) -> tuple[int, int]:
        """The letters and digits of ``raw[start:end]``: (surviving, all)."""
        total = alive = 0
        for pos in range(start, end):
            if self.raw[pos].isalnum():
                total += 1
                alive += not self.deleted[pos]
        return alive, total

    def line_kept(self, start: int, end: int) -> bool:
        """Whether the line ``raw[start:end]`` survives (see :data:`KEEP_SHARE`); a line with
        no letter or digit survives unless every character of it is deleted."""
        alive, total = self.kept(start, end)
        if total == 0:
            return not all(self.deleted[start:end])
        return alive >= KEEP_SHARE * total

    def kinds(self, start: int, end: int) -> list[str]:
        """The kinds of the deleting edits that touch ``raw[start:end]``, in order."""
        first = max(bisect_left(self.starts, start) - 1, 0)
        found: list[str] = []
        for d_start, d_end, kind in self.deletions[first:]:
            if d_start >= end:
                break
            if d_end > start and kind not in found:
                found.append(kind)
        return found


def survival(raw: str, edits: Sequence[EditLike]) -> Survival:
    """Which characters of ``raw`` the ``edits`` (sorted, in raw coordinates) delete."""
    deleted = bytearray(len(raw))
    deletions: list[tuple[int, int, str]] = []
    for edit in edits:
        raw_letters = _letters(edit.raw)
        if not raw_letters or edit.kind in REPAIRS:
            continue
        clean_letters = _letters(edit.clean)
        if clean_letters == raw_letters:
            continue
        if not clean_letters:
            deleted[edit.raw_start : edit.raw_end] = b"\x01" * (edit.raw_end - edit.raw_start)
        else:
            gone = bytearray(b"\x01" * len(edit.raw))
            matcher = SequenceMatcher(None, edit.raw, edit.clean, autojunk=False)
            for block in matcher.get_matching_blocks():
                gone[block.a : block.a + block.size] = bytes(block.size)
            deleted[edit.raw_start : edit.raw_end] = gone
        deletions.append((edit.raw_start, edit.raw_end, edit.kind))
    return Survival(raw, bytes(deleted), tuple(deletions), tuple(d[0] for d in deletions))
