"""Footnote markers in the running text: candidates, and the ones that fit the label sequence.

Candidates: a label alone on a line (``2``, ``ii``), a superscript (``humanity¹⁰``), a bracketed
number (``State.”[1]``), a parenthesised one glued to the word before (``puppets.”(3)``), a
number or roman numeral glued after a stop or quote (``world.”2``, ``deny.iv``) or set off from
it by a space (``world.” 5 We``, ``December, 3 which``), a number glued to a lower-case word
(``violations3 are``, pdftotext's flattened superscript) and, when the text has roman notes, a
roman numeral glued to a word (``policiesiv``; see :func:`roman_glued_to_words`).

How much else a candidate needs depends on how marker-like it looks (its ``evidence``):
superscripts and ``[n]`` need nothing more (a repeated one cites its note again); a label alone
on a line, or glued after a stop, needs a note body with that label or a higher one later in
the text; ``(n)``, a spaced number and a number glued to a word need a body with their own
label; a roman numeral glued to a word must be the very next label. The candidates kept count up
from the first (which may be above 1: an excerpt), skipping at most ``max_label_gap`` labels and
only to a label that has a body. One that needed its own body and has none is kept anyway (a
lost note, reported) when it stands exactly between the markers before and after it.

Refused: a glued number after a number that is not a year (``3.5``, ``1,200``), after an
abbreviation (``No.5``) and inside a document symbol (``A/HRC/25/CRP.1``); a superscript after a
digit (``10⁶``) or ``²``/``³`` after a unit after a number (``560 km²``); markers whose removal
would leave a bare label alone on its line. Risk: a stray number that fits the sequence
(``in 2014.2 We`` between markers 1 and 3, ``G7`` with a note 7) is removed from the text.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter

from ...config import FootnotesConfig
from ...text import Line, letters_before
from .bodies import Body
from .labels import Label, Patterns, label_lines, label_of, patterns

_START = attrgetter("start")  # a marker's start: the order of the text
NUMBER_BEFORE_STOP = re.compile(r"(?<![\d.,])(\d+)[.,;:]$")  # a number, then a stop: ``2014.``


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker candidate: its label, its characters and what goes with it."""

    label: Label
    start: int  # the marker's characters
    end: int
    cut: tuple[int, int]  # what is removed from the text
    rule: str  # alone-on-line | glued | glued-to-word | superscript | bracketed | parenthesised
    evidence: str  # what it needs besides the sequence: none | later-body | own-body | next

    def __hash__(self) -> int:
        # Its start alone (equal markers start at the same offset): sets of markers are asked
        # about thousands of times, and the generated hash hashes every field, the label too.
        return self.start


def candidates(
    text: str,
    lines: Sequence[Line],
    options: FootnotesConfig,
    roman: bool = False,
    labelled: Sequence[int] | None = None,
) -> list[Marker]:
    """Every marker candidate, in text order: lines that are only a label, and the inline
    markers of the other lines (one search over the whole text: no inline marker spans a
    line end, and the pattern's look-arounds read the same at a line's edges). Inline roman
    markers (``deny.iv``) only with ``roman``: a search of their own, for texts with roman
    notes (it would stop at every stop of every other text). ``labelled``: the lines'
    :func:`~.labels.label_lines`, if known."""
    pattern = patterns(options)
    found: list[Marker] = []
    # A marker alone on a line annotates text above it: there must be a line with a letter.
    lettered = next((k for k, line in enumerate(lines) if any(map(str.isalpha, line.text))), None)
    alone_lines: set[int] = set()
    first = len(lines) if lettered is None else lettered + 1
    # Only lines that begin as a label can (most lines do not).
    for k in label_lines(text) if labelled is None else labelled:
        if k < first:
            continue
        line = lines[k]
        match = pattern.alone.fullmatch(line.text)
        label = label_of(match) if match else None
        if match and label:
            start = line.start + len(line.text) - len(line.text.lstrip())
            end = line.start + len(line.text.rstrip())
            evidence = "none" if match.group("sup") or match.group("bracket") else "later-body"
            found.append(
                Marker(label, start, end, (line.start, line.stop), "alone-on-line", evidence)
            )
            alone_lines.add(line.start)
    inline_found: Iterator[re.Match[str]] = inline_matches(text, pattern)
    if roman:
        romans = _matches_from(text, pattern.inline_roman_start, pattern.inline_roman)
        inline_found = itertools.chain(inline_found, romans)
    for match in inline_found:
        # The start of the match's line (a marker holds no "\n"): found back from it, not
        # from a list of every line's start.
        if alone_lines and text.rfind("\n", 0, match.start()) + 1 in alone_lines:
            continue
        marker = inline(text, match.start(), match, options)
        if marker is not None:
            found.append(marker)
    return sorted(found, key=lambda m: m.start)


def roman_glued_to_words(
    text: str, numerals: Collection[tuple[int, str]], options: FootnotesConfig
) -> list[Marker]:
    """Roman markers glued to the end of a word (``policiesiv decided``), for the ``numerals``
    (value, numeral) that notes of the text have or that lie between them, where the word with
    them occurs nowhere else. Such a marker is kept only as the very next label of the sequence
    (evidence ``next``). A search of its own, run only when the text has roman notes. Risk: a
    word ending like a numeral (``annex``, ``taxi``) right where that numeral's marker is due.
    """
    if not numerals:
        return []
    values = {numeral: value for value, numeral in numerals}
    found: list[Marker] = []
    for match in _glued_numerals(frozenset(values)).finditer(text):
        start, end = match.span()
        stem = letters_before(text, start, max(0, start - 40))
        if stem is None or len(stem.group()) < 3 or not stem.group().strip("ivxl"):
            continue  # no word of three letters before it, or a numeral itself (``viii``)
        if not stem.group()[-1].islower() or text.count(stem.group() + match.group()) > 1:
            continue  # the whole word occurs elsewhere: a word, not a word and a marker
        roman = match.group()
        label = Label(roman, "roman", values[roman])
        found.append(Marker(label, start, end, (start, end), "glued-to-word", "next"))
    return found


@cache
def _glued_numerals(numerals: frozenset[str]) -> re.Pattern[str]:
    """Where one of ``numerals`` ends a word."""
    tails = "|".join(sorted(numerals, key=len, reverse=True))
    # The numeral first (a scan for its first letters is fast), the word before it checked after;
    # the leftmost match in a word is its longest numeral ending ("iii", not "i").
    return re.compile(rf"(?:{tails})(?=[\s.,;:!?”’\")]|$)")


def inline_matches(text: str, pattern: Patterns) -> Iterator[re.Match[str]]:
    """``pattern.inline.finditer(text)``, tried only where a marker can start: the pattern's
    look-behinds, tried first at every offset, make a plain scan slow."""
    return _matches_from(text, pattern.inline_start, pattern.inline)


def _matches_from(
    text: str, starts: re.Pattern[str], pattern: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where ``starts`` (one character wide, at every
    offset where a match of ``pattern`` can start) matches."""
    end = 0
    for start in starts.finditer(text):
        if start.start() >= end and (match := pattern.match(text, start.start())):
            end = match.end()
            yield match


def inline(text: str, start: int, match: re.Match[str], options: FootnotesConfig) -> Marker | None:
    """An inline marker candidate at ``start``, unless what precedes it says it is not one."""
    label = label_of(match)
    if label is None:
        return None
    end = start + len(match.group())
    kind = match.lastgroup  # each branch of the inline patterns has one group, its label
    before = text[max(0, start - 60) : start]  # enough for the word before it
    if kind == "sup":
        if before.rstrip("\n")[-1:].isdigit() or (
            label.bare in ("2", "3") and patterns(options).unit.search(before)
        ):
            return None  # 10⁶, 560 km²
        return Marker(label, start, end, (start, end), "superscript", "none")
    if kind == "bracket":
        cut_start = start
        if before.endswith(" ") and (end == len(text) or not text[end].isalnum()):
            cut_start = start - len(before) + len(before.rstrip(" \t"))  # "text [1] more"
        return Marker(label, start, end, (cut_start, end), "bracketed", "none")
    if kind == "paren":
        return Marker(label, start, end, (start, end), "parenthesised", "own-body")
    words = before.rsplit(None, 1)
    word = words[-1] if words else ""
    if kind in ("spaced", "spaced_roman"):
        # A superscript set off by a space: after a comma only between words ("December, 3
        # which", not "paras 5, 7 and"), after a stop only before a new sentence.
        after = text[end + 1 : end + 2]
        stop = before[-2:-1]
        if (stop == "," and (not after.islower() or not before[-3:-2].isalpha())) or (
            stop != "," and not after.isupper()
        ):
            return None
        return Marker(label, start, end, (start - 1, end), "spaced", "own-body")
    if kind == "word":
        if "/" in word or not word.isalpha():
            return None  # A/HRC/res3, x2y4
        return Marker(label, start, end, (start, end), "glued-to-word", "own-body")
    if "/" in word or word in options.abbreviations:
        return None  # A/HRC/25/CRP.1, No.5
    if word[-2:-1].isdigit() and (
        (digits := NUMBER_BEFORE_STOP.search(word)) is None or len(digits.group(1)) != 4
    ):
        return None  # 3.5, 1,200, 10:30; but a year: 2014.1
    return Marker(label, start, end, (start, end), "glued", "later-body")


def fitting(
    text: str,
    lines: Sequence[Line],
    noted: Sequence[Sequence[Body]],
    found: Sequence[Marker],
    options: FootnotesConfig,
) -> list[Marker]:
    """The candidates ``found`` outside the note blocks ``noted`` that fit the label sequence."""
    left = outside(lines, noted, found)
    bodies = [body for block in noted for body in block]
    while True:
        accepted = in_sequence(left, bodies, options)
        bare = leaving_bare_labels(text, lines, accepted, options)
        if not bare:
            return accepted
        left = [m for m in left if m not in bare]


def outside(
    lines: Sequence[Line], noted: Sequence[Sequence[Body]], found: Sequence[Marker]
) -> list[Marker]:
    """The candidates ``found`` outside the note blocks ``noted``."""
    starts = [b[0].cut for b in noted]  # blocks are in text order, disjoint
    stops = [lines[b[-1].last].stop for b in noted]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < stops[k]

    return [m for m in found if not inside(m.start)]


class Evidence:
    """The body evidence :func:`in_sequence` asks of ``bodies`` (in text order) for a marker:
    whether one with its label comes after it, and the highest label after it."""

    def __init__(self, bodies: Sequence[Body]) -> None:
        self._bodies = bodies
        self._later = _LaterBodies(bodies)

    def same_without(self, markers: Sequence[Marker], taken: Sequence[Body]) -> bool:
        """Whether every one of ``markers`` has the same evidence without the bodies ``taken``:
        then they fit the sequence the same. Only a marker before one of them can lose any;
        the bodies after the last taken are summed up by the evidence at its start."""
        if not taken:
            return True
        limit = max(body.start for body in taken)
        gone = {id(body) for body in taken}  # (the same objects as in ``bodies``)
        fewer = _LaterBodies([b for b in self._bodies if b.start <= limit and id(b) not in gone])
        more = self._later
        for marker in markers:
            label, end = marker.label, marker.end
            if end >= limit:
                continue  # no body taken comes after it
            kept = fewer.with_label(label, end) or more.with_label(label, limit)
            if more.with_label(label, end) != kept:
                return False
            if marker.evidence == "later-body":
                family = label.family
                highest = max(fewer.highest(family, end), more.highest(family, limit))
                if more.highest(family, end) != highest:
                    return False
        return True


def in_sequence(
    found: Sequence[Marker], bodies: Sequence[Body], options: FootnotesConfig
) -> list[Marker]:
    """The candidates that count up, each with the body evidence its kind needs."""
    later = _LaterBodies(bodies)
    last = {"arabic": 0, "roman": 0}
    seen: set[tuple[str, int]] = set()
    accepted: list[Marker] = []
    for marker in sorted(found, key=_START):
        family, value = marker.label.family, marker.label.value
        own = later.with_label(marker.label, marker.end)
        if marker.evidence == "own-body" and not own:
            continue
        if marker.evidence == "later-body" and later.highest(family, marker.end) < value:
            continue
        expected = last[family] + 1
        if marker.evidence == "next" and value != expected:
            continue
        # A label ahead of the next one needs its own body: one after a lost marker, or the
        # first of an excerpt (notes that start at 5), which may start anywhere.
        ahead = expected < value <= expected + options.max_label_gap
        skips = own and (ahead or (not last[family] and value > expected))
        if value == expected or skips:
            last[family] = value
        elif not (marker.evidence == "none" and (family, value) in seen):
            continue  # a strong marker may cite its note again ([1] … [1])
        seen.add((family, value))
        accepted.append(marker)
    return _with_lost_notes(found, accepted)


def _with_lost_notes(found: Sequence[Marker], accepted: list[Marker]) -> list[Marker]:
    """``accepted`` and the candidates that needed a body of their own and have none, but stand
    exactly between the markers before and after them (``…6 … commitments7 … 8``): a lost note,
    to be reported rather than left in the text."""
    kept = set(accepted)
    by_family: dict[str, list[Marker]] = {}
    for marker in accepted:
        by_family.setdefault(marker.label.family, []).append(marker)
    lost: list[Marker] = []
    for marker in found:
        if marker.evidence not in ("own-body", "next") or marker in kept:
            continue
        family = by_family.get(marker.label.family, [])
        k = bisect_right([m.start for m in family], marker.start)
        value = marker.label.value
        between = 0 < k < len(family) and family[k - 1].label.value == value - 1
        if between and family[k].label.value == value + 1:
            lost.append(marker)
    return sorted([*accepted, *lost], key=lambda m: m.start) if lost else accepted


def leaving_bare_labels(
    text: str, lines: Sequence[Line], markers: Sequence[Marker], options: FootnotesConfig
) -> set[Marker]:
    """Inline markers whose removal would leave a bare label alone on its line (``2¹``)."""
    alone = patterns(options).alone
    # The most characters besides spaces and tabs a line that is a label alone holds (``lxxxviii``,
    # ``[999]``): a line keeping more once its markers are out is not one (most lines).
    longest = max(len("lxxxviii"), options.max_label_digits + 2)
    by_line: dict[int, list[Marker]] = {}  # the start of a line -> its inline markers
    for marker in markers:
        if marker.rule != "alone-on-line":  # its line found back from it (it holds no "\n")
            by_line.setdefault(text.rfind("\n", 0, marker.start) + 1, []).append(marker)
    bare: set[Marker] = set()
    for start, group in by_line.items():
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        shown = end - start - text.count(" ", start, end) - text.count("\t", start, end)
        for marker in group:  # removing the markers takes out at most their characters
            shown -= marker.cut[1] - marker.cut[0]
        if shown > longest:
            continue
        if alone.fullmatch(unmarked(text, _line_at(text, start), [m.cut for m in group])):
            bare.update(group)
    return bare


def _line_at(text: str, start: int) -> Line:
    """The line of ``text`` starting at ``start`` (as ``split_lines`` gives it)."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return Line(start, end, min(end + 1, len(text)), text[start:end])


def unmarked(text: str, line: Line, cuts: Sequence[tuple[int, int]]) -> str:
    """The text of ``line`` without the markers removed from it."""
    pieces: list[str] = []
    pos = line.start
    for start, end in cuts:
        if start < line.end and end > pos:
            pieces.append(text[pos : max(start, pos)])
            pos = min(end, line.end)
    pieces.append(text[pos : line.end])
    return "".join(pieces)


class _LaterBodies:
    """Which note bodies start after an offset: what a marker there may point to."""

    def __init__(self, bodies: Sequence[Body]) -> None:
        self._last_start: dict[tuple[str, int], int] = {}  # label -> start of its last body
        self._starts: dict[str, list[int]] = {}  # family -> body starts, in text order
        self._highest: dict[str, list[int]] = {}  # family -> highest value from that body on
        last, starts, highest = self._last_start, self._starts, self._highest
        for body in sorted(bodies, key=attrgetter("start")):  # (built once a round: kept lean)
            label = body.label
            last[label.family, label.value] = body.start
            if label.family not in starts:
                starts[label.family], highest[label.family] = [], []
            starts[label.family].append(body.start)
            highest[label.family].append(label.value)
        for values in highest.values():
            top = 0
            for k in range(len(values) - 1, -1, -1):
                top = values[k] = max(values[k], top)

    def with_label(self, label: Label, pos: int) -> bool:
        """Whether a body with ``label`` starts after ``pos``."""
        return self._last_start.get((label.family, label.value), pos) > pos

    def highest(self, family: str, pos: int) -> int:
        """The highest label value of ``family`` among the bodies after ``pos`` (0 if none)."""
        starts = self._starts.get(family, [])
        k = bisect_right(starts, pos)
        return self._highest[family][k] if k < len(starts) else 0
