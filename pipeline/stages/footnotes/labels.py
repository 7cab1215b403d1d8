"""Note labels (``1``, ``ii``, ``[1]``, ``(3)``, ``¹``) and the patterns that find them.

One place for what a label looks like, so that note bodies and markers agree on it. A label
belongs to a family (arabic or roman); each family counts up on its own. Also here: the lines
that begin as a label can (:func:`label_lines`, found once per text and shared by the sub-steps)
and whether the text has roman notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ...compiled import compiled
from ...config import FootnotesConfig
from ...text import Line

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
ROMAN = r"(?=[ivxl])(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
# What a marker glued after a stop or quote follows (``world.”2``, ``deny.iv``).
AFTER_STOP = r"[.,;:!?”’\")\]]"
# How the text of a note glued to its label begins (``2Ibid.``, ``iiCOI report``): a capital or
# an opening quote or bracket, never a lower-case letter or a digit (``3rd``, ``10``).
GLUED_TEXT = r"[A-Z“‘\"«(\[]"
LABEL_FIRST = frozenset("123456789ivxl[(¹²³⁴⁵⁶⁷⁸⁹")  # how a line that opens a note can begin
# A line beginning so (after spaces and tabs): the first line, and the others after their "\n"
# (a pattern starting with a literal is scanned for fast, unlike "^" in multi-line mode).
_LABEL_CHARACTER = "[" + "".join(map(re.escape, sorted(LABEL_FIRST))) + "]"
FIRST_LABEL_LINE = re.compile(r"[ \t]*" + _LABEL_CHARACTER)
LABEL_LINE = re.compile(r"\n[ \t]*" + _LABEL_CHARACTER)


@dataclass(frozen=True, slots=True)
class Label:
    """A note label as the output shows it: ``"1"``, ``"ii"`` (``[1]``, ``(1)``, ``¹`` give
    ``"1"``)."""

    bare: str
    family: str  # "arabic" | "roman"
    value: int

    def __hash__(self) -> int:
        # Its value alone (equal labels have equal values): labels key the dicts of every
        # round, and the generated hash builds a tuple of all three fields each time.
        return self.value


@dataclass(frozen=True, slots=True)
class Patterns:
    """The label patterns for one configuration."""

    body: re.Pattern[str]  # a line that opens a note: label, then its text
    alone: re.Pattern[str]  # a line that is only a label
    inline: re.Pattern[str]  # markers inside a line
    inline_start: re.Pattern[str]  # where an inline marker can start (a superset, to scan fast)
    inline_roman: re.Pattern[str]  # roman markers inside a line, sought in texts with roman notes
    inline_roman_start: re.Pattern[str]  # where one can start (a superset, to scan fast)
    unit: re.Pattern[str]  # a number and a unit just before a ² or ³
    mid_line: re.Pattern[str]  # a note label glued to the end of a text line, before its note


@compiled
def patterns(options: FootnotesConfig) -> Patterns:
    """The compiled label patterns of ``options``."""
    number = rf"[1-9]\d{{0,{options.max_label_digits - 1}}}"
    sup = rf"[¹²³⁴⁵⁶⁷⁸⁹][{SUPERSCRIPTS}]{{0,{options.max_label_digits - 1}}}"
    label = (
        rf"(?:(?P<num>{number})|(?P<roman>{ROMAN})|\[(?P<bracket>{number})\]"
        rf"|\((?P<paren>{number})\)|(?P<sup>{sup}))"
    )
    return Patterns(
        body=re.compile(
            rf"[ \t]*{label}(?:[ \t]+|(?<=[{SUPERSCRIPTS}])|(?={GLUED_TEXT}))(?P<rest>\S.*)"
        ),
        alone=re.compile(rf"[ \t]*{label}[ \t]*"),
        inline=re.compile(
            rf"(?:(?<=[^\s{SUPERSCRIPTS}])|(?<=[^\s{SUPERSCRIPTS}]\n))"  # or wrapped
            rf"(?P<sup>{sup})"  # humanity¹⁰, world.”², humanity / ¹⁰
            rf"|\[(?P<bracket>{number})\]"  # State.”[1]
            rf"|(?<=[^\s\d(])\((?P<paren>{number})\)(?![\w(])"  # puppets.”(3)
            rf"|(?<={AFTER_STOP})(?P<num>{number})(?=\s|$)"  # world.”2 Nothing, 2014.1 It
            rf"|(?<=[a-z])(?P<word>{number})(?=[\s.,;:!?”’\")]|$)"  # violations3 are
            rf"|(?<={AFTER_STOP} )(?P<spaced>{number})(?=[ \n][\w“‘])"  # world.” 5 We
        ),
        # The first character of each branch of `inline`, then what that branch needs before
        # it (a class first: the scan for it is fast; the look-behinds run only where it is).
        inline_start=re.compile(
            rf"[{SUPERSCRIPTS[1:]}\[(1-9](?:(?<=[{SUPERSCRIPTS[1:]}\[])|(?<=[^\s\d(]\()"
            rf"|(?<=[a-z{AFTER_STOP[1:]}[1-9])|(?<={AFTER_STOP} [1-9]))"
        ),
        inline_roman=re.compile(
            rf"(?<={AFTER_STOP})(?P<roman>{ROMAN})(?=\s|$)"  # deny.iv North
            rf"|(?<={AFTER_STOP} )(?P<spaced_roman>{ROMAN})(?=[ \n][\w“‘])"  # work. i Its
        ),
        # A numeral's first letter (the scan for it is fast), then what comes before it.
        inline_roman_start=re.compile(rf"[ivxl](?:(?<={AFTER_STOP}.)|(?<={AFTER_STOP} .))"),
        unit=re.compile(rf"\d\s?(?:{'|'.join(map(re.escape, options.units))})\s*$"),
        # The label first (a scan for its first character is fast); the letter before it is
        # checked by the caller.
        mid_line=re.compile(rf"(?P<num>{number}) ?(?=[A-Z“(])|(?P<roman>[ivxl]+) (?=[A-Z“(])"),
    )


def label_of(match: re.Match[str]) -> Label | None:
    """The label a match of one of the :class:`Patterns` found, if any."""
    name = match.lastgroup  # the label's group, in a match that has no group after it
    if name is not None and name in LABEL_GROUPS and (found := match.group(name)):
        return _label(found, LABEL_GROUPS[name])
    for name, family in _label_groups(match.re):
        found = match.group(name)
        if found:
            return _label(found, family)
    return None


@lru_cache(maxsize=4096)
def _label(found: str, family: str) -> Label:
    """The label of the characters ``found`` of a label group of ``family`` (cached: a text
    holds the same few labels as thousands of candidates, and a frozen label costs more to
    build than to look up; labels are values, compared by equality)."""
    if family == "roman":
        return Label(found, "roman", roman_value(found))
    bare = found if found.isascii() else found.translate(FROM_SUPERSCRIPT)
    return Label(bare, "arabic", int(bare))


@cache
def roman_value(numeral: str) -> int:
    """The value of a lower-case roman numeral (``"iv"`` -> 4)."""
    values = [ROMAN_VALUES[c] for c in numeral]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


LABEL_GROUPS = {
    "num": "arabic",
    "bracket": "arabic",
    "paren": "arabic",
    "sup": "arabic",
    "word": "arabic",
    "spaced": "arabic",
    "roman": "roman",
    "spaced_roman": "roman",
}


def _label_groups(pattern: re.Pattern[str]) -> tuple[tuple[str, str], ...]:
    """The label groups ``pattern`` has, with their families (read once per pattern: a match's
    ``groupdict`` is built anew at every call, and a pattern's hash reads its whole code)."""
    known = _GROUPS.get(id(pattern))
    if known is None or known[0] is not pattern:
        groups = tuple((n, f) for n, f in LABEL_GROUPS.items() if n in pattern.groupindex)
        known = _GROUPS[id(pattern)] = (pattern, groups)
    return known[1]


_GROUPS: dict[int, tuple[re.Pattern[str], tuple[tuple[str, str], ...]]] = {}


def label_lines(text: str) -> tuple[int, ...]:
    """The indices of the lines of ``text`` (as :func:`split_lines` cuts them) that begin with a
    character of ``LABEL_FIRST`` after spaces and tabs: the only lines that can open a note or
    be a label alone. Found by one scan of the text, not a test per line (most lines)."""
    found = [0] if FIRST_LABEL_LINE.match(text) else []
    index, pos = 0, 0
    for match in LABEL_LINE.finditer(text):
        line_start = match.start() + 1
        index += text.count("\n", pos, line_start)
        pos = line_start
        found.append(index)
    return tuple(found)


def has_roman_notes(
    lines: Sequence[Line], options: FootnotesConfig, labelled: Sequence[int] | None = None
) -> bool:
    """Whether a line opens a roman note or is a roman label alone (``ii COI report``, ``iv``).
    ``labelled``: the lines' :func:`label_lines`, if known (a roman label begins such a line)."""
    pattern = patterns(options)
    for i in label_lines_of(lines) if labelled is None else labelled:
        line = lines[i]
        if line.text.lstrip(" \t")[:1] in "ivxl" and line.text.strip():
            match = pattern.body.fullmatch(line.text) or pattern.alone.fullmatch(line.text)
            label = label_of(match) if match else None
            if label is not None and label.family == "roman":
                return True
    return False


def label_lines_of(lines: Sequence[Line]) -> list[int]:
    """:func:`label_lines` tested line by line, for a caller that has only the lines."""
    return [i for i, line in enumerate(lines) if line.text.lstrip(" \t")[:1] in LABEL_FIRST]
