"""Which lines of a text go to ftfy (stage ``unicode``): found without running ftfy, which is
costly, so that clean text with curly quotes and accents never goes to it.

ftfy changes a line only through its mojibake test (``ftfy.badness.is_bad``), an HTML entity, a
character one of its character fixers maps, or normalisation; the ``unicode`` stage also shows
it each line as the ``whitespace`` stage will leave it. :func:`suspect_offsets` finds an offset
on every line where one of these can happen — more lines than ftfy changes only costs time, a
line missed would be repaired by a second run — and :func:`lines_at` the lines (or, of a very
long line, the pieces) holding them. Pure data and pure functions; the stage itself is
:mod:`pipeline.stages.unicode`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, cast

from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES, WIDTH_MAP

from ..compiled import compiled
from ..text import LINE_END_CHARACTER

NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]
Spaces = tuple[frozenset[str], frozenset[str]]  # (deleted, made a space) by `whitespace`

# Characters one of ftfy's character fixers changes, whatever the options (a superset only
# sends more text to ftfy): C0 and C1 controls (the terminal escape among them), surrogates,
# ligatures, fullwidth and halfwidth forms, and the other control characters ftfy removes.
FIXABLE = frozenset(
    [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0xD800, 0xE000))]
    + [chr(c) for c in (*LIGATURES, *WIDTH_MAP, *CONTROL_CHARS)]
) - frozenset("\t\n\f\r")
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# ftfy's mojibake test (BADNESS_RE) matches sequences of at most 7 characters, each holding a
# non-ASCII character: beyond this reach of the non-ASCII characters it sees nothing.
BADNESS_REACH = 6
# What each of those sequences holds: two non-ASCII characters side by side, the second of them
# one of SEED_SECOND, or one of SEED_ALONE alone among ASCII (a C1 control, Â, Ã, Œ, œ) —
# tests/test_unicode.py reads ftfy's regex to check it. A non-ASCII character with neither within
# reach (a curly quote, a dash, an accented letter in a word) is never tested: it is most of them.
# SEED_SECOND is what ftfy's sequences are made of (its MOJIBAKE_CATEGORIES) but its Greek and
# Cyrillic letters: those come second only as the few letters its Windows-1251, Windows-1253 and
# MacRoman sequences spell. So a word in lower-case Cyrillic or Greek, Chinese or Korean holds no
# seed, and such a text is not tested word by word.
# (Written to start with a character class, which ``re`` skips ahead to; an alternation it tries
# at every offset.)
COMMON_LETTERS = ("lower_common", "upper_common")  # ftfy's names for its Greek and Cyrillic
SEED_SECOND = (
    "".join(chars for name, chars in MOJIBAKE_CATEGORIES.items() if name not in COMMON_LETTERS)
    + "\u0386\u0392\u0393\u039e\u039f\u03c0\u0402\u0412\u0413\u0420\u0421\u045e"  # ΆΒΓΞΟπЂВГРСў
)
SEED_ALONE = "[\x80-\x9f\u00c2\u00c3\u0152\u0153]"
MOJIBAKE_SEED = re.compile(rf"[^\x00-\x7f](?:[{SEED_SECOND}]|(?<={SEED_ALONE}))")
# A line longer than this (characters: a paragraph is a few thousand at most) goes to ftfy in
# pieces, each reaching at least PIECE_REACH either side of what sent it there: ftfy and the
# alignment of its output grow faster than the length (one 8 MB line took minutes).
LONG_LINE = 1 << 14
PIECE_REACH = 1 << 12
# Where a long line is cut: a space between two ASCII letters or digits, which no mojibake
# sequence, entity or combining mark spans (ftfy's own fix_text cuts long texts too).
PIECE_CUT = re.compile(r"(?<=[0-9A-Za-z]) (?=[0-9A-Za-z])")


@compiled
def suspects(spaces: Spaces) -> re.Pattern[str]:
    """Characters that send a line to ftfy: those it fixes one by one, and those the whitespace
    stage deletes or makes a space (after which ftfy may read the line otherwise)."""
    chars = sorted(FIXABLE | spaces[0] | spaces[1])
    return re.compile("[" + "".join(re.escape(char) for char in chars) + "]")


def suspect_offsets(text: str, form: str, spaces: Spaces) -> tuple[list[int], list[int]]:
    """An offset on every line of ``text`` that ftfy might change (and maybe on others), and
    one on every other line that the whitespace stage changes so that ftfy might read it
    otherwise (a character it deletes or makes a space) — found without running ftfy, which is
    costly. The first are in text order.

    ftfy changes a line only through its mojibake test (:func:`is_bad`), an HTML entity, a
    character one of its character fixers maps, or normalisation. (What :func:`_fix_line` gives
    ftfy besides a line is that line as the whitespace stage leaves it: one of the second.)
    The mojibake test is run only around the non-ASCII characters, where it can match
    (see :data:`BADNESS_REACH`): its regex, tried at every offset of a text, is slow.
    """
    fixable: list[int] = []
    viewed: list[int] = []
    for match in suspects(spaces).finditer(text):
        (fixable if match.group() in FIXABLE else viewed).append(match.start())
    fixable += [match.start() for match in HTML_ENTITY_RE.finditer(text)]
    normal = not form or unicodedata.is_normalized(cast(NormalForm, form), text)
    if not normal:  # ASCII is in every normal form
        fixable += [run.start() for run in NON_ASCII.finditer(text)]
    else:
        fixable += mojibake_offsets(text)
    fixable.sort()
    return fixable, viewed


def mojibake_offsets(text: str) -> list[int]:
    """The start of every run of non-ASCII characters in ``text`` whose stretch (:func:`stretch`)
    ftfy's mojibake test flags: the runs tested are those within reach of a seed, found from the
    seeds (in most text there are few; there is a run in every word of a Cyrillic text)."""
    offsets: list[int] = []
    tested = 0  # where the last run tested ends
    for seed in MOJIBAKE_SEED.finditer(text):
        # A sequence in the stretch holds a seed, which starts at most one character before it
        # (a pair found from the left may start on the character before): the runs to test end
        # after seed - BADNESS_REACH and start at most BADNESS_REACH + 1 after it.
        at = seed.start()
        pos = max(at - BADNESS_REACH, tested)
        while pos > tested and not text[pos - 1].isascii():
            pos -= 1  # back to the start of the run holding pos
        for run in NON_ASCII.finditer(text, pos):
            start, end = run.span()
            if start > at + BADNESS_REACH + 1:
                break
            tested = end
            if is_bad(stretch(text, start, end)):
                offsets.append(start)
    return offsets


def stretch(text: str, start: int, end: int) -> str:
    """``text[start:end]`` and up to :data:`BADNESS_REACH` characters either side on its line
    (cut at the line's ends, so that ``^`` in ftfy's regex reads the same as on the line)."""
    first = max(0, start - BADNESS_REACH)
    stretch = text[first : end + BADNESS_REACH]
    if "\n" in stretch or "\r" in stretch:
        at = start - first
        line_start = max(stretch.rfind("\n", 0, at), stretch.rfind("\r", 0, at)) + 1
        ends = [i for i in (stretch.find("\n", at), stretch.find("\r", at)) if i >= 0]
        stretch = stretch[line_start : min(ends, default=len(stretch))]
    return stretch


def lines_at(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The spans of the lines holding ``offsets`` (none of them a line break), in text order;
    of a line longer than :data:`LONG_LINE`, the pieces of it holding them (:func:`piece`)."""
    spans: list[tuple[int, int]] = []
    end = -1  # where the last span found ends: the next one starts after it
    line_end = -1  # where the line holding it ends
    for pos in sorted(offsets):
        if pos < end:
            continue  # in the span just found
        # Searched from the offset, each way only as far as the line's ends (a text with no
        # "\r" is not scanned to its end for one), and each line's end once.
        start = max(text.rfind("\n", end + 1, pos), text.rfind("\r", end + 1, pos), end) + 1
        if pos >= line_end:
            after = LINE_END_CHARACTER.search(text, pos)
            line_end = len(text) if after is None else after.start()
        start, end = piece(text, start, line_end, pos)
        spans.append((start, end))
    return spans


def piece(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The span of the line ``text[start:end]`` that goes to ftfy for ``pos``: the whole line
    if it is at most :data:`LONG_LINE` long, else from the last :data:`PIECE_CUT` at least
    :data:`PIECE_REACH` before ``pos`` (its space opens the piece) to the first one as far after
    it. A line with no such cut (no spaces between words) goes whole."""
    if end - start <= LONG_LINE:
        return start, end
    first = start
    at = pos - PIECE_REACH
    while at > start:
        at = text.rfind(" ", start, at)
        if at <= start:
            break
        if PIECE_CUT.match(text, at):
            first = at
            break
    cut = PIECE_CUT.search(text, max(pos + PIECE_REACH, first + 1), end)
    return first, end if cut is None else cut.start()
