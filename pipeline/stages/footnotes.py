"""Stage ``footnotes``: footnote markers out of the text, note bodies moved out and linked.

Artefacts: PDF extraction leaves the footnote apparatus inside the running text. Markers survive
as a number alone on a line after the sentence they annotate (``world.”`` / ``2``), glued to
punctuation (``world.”2``, ``2014.1 It``), as Unicode superscripts (``humanity¹⁰``) or in
brackets (``State.”[1]``, ``puppets.”(3)``). Bodies land at the page bottom, often in the middle
of a sentence (``…of the international`` / notes / ``community as embodied…``), at the end of the
letter, or under a ``Notes`` heading, hard-wrapped over several lines.

How the stage decides (rules and word lists are ``[footnotes]`` in defaults.toml):

* **Bodies.** A line opening with a label (``1``, ``ii``, ``[1]``, ``(3)``, ``¹``) followed by
  text starts a note. The note goes on over the next lines while its last line does not end a
  sentence (a full stop after an abbreviation such as ``UN Doc.`` or ``para.`` does not), with at
  most one empty line between them; a line opening with the next label (up to ``max_label_gap``
  labels ahead) starts the next note of the block. A block ends at a line that is neither: the
  interrupted sentence going on, or the next paragraph. Risk: a numbered list in the letter
  (``1 Refer the situation…``) after footnote markers with the same numbers reads as notes;
  a note wrapped exactly after a full stop loses its tail to the text.
* **Markers.** Candidates are found outside the note blocks, then kept only if they count up
  (``1, 2, 3…`` or ``i, ii, iii…`` from the first, skipping at most ``max_label_gap`` labels, and
  only to a label that has a body). How much else a candidate needs depends on how marker-like it
  looks: superscripts and ``[n]`` need nothing more (a repeated one cites its note again); a number
  or roman numeral alone on a line, or a number glued after punctuation, needs a note body with that
  label or a higher one later in the text; ``(n)`` glued to the word before needs a body with its
  own label. Glued numbers are refused after a number that is not a year (``3.5``, ``1,200``), after
  an abbreviation (``No.5``) and inside a document symbol (``A/HRC/25/CRP.1``); a superscript after
  a digit (``10⁶``) or ``²``/``³`` after a unit after a number (``560 km²``) is never a marker, nor
  are markers whose removal would leave a bare label alone on its line. Risk: a stray number that
  fits the sequence (``in 2014.2 We`` between markers 1 and 3) is removed from the text.
* **Linking.** A body is linked to the markers with its label that come before it. A block must
  open with a linked body: if its first body has no marker, that line is text after all (a
  numbered line, ``1 refer the situation…``) and the blocks and markers are read again without
  it. A later body without a marker is kept as a note and reported (``footnote.orphan-body``),
  as it sits among notes; a marker without a body is removed and reported
  (``footnote.missing-body``), never given an invented body.
* **What is removed.** A marker alone on a line goes with its line end, so the line structure
  around it stays as it was. A block at the end of the text goes with everything after the last
  text line before it (the separator rule, the ``Notes`` heading, trailing blank lines). A block
  that interrupts a sentence goes with the blank and separator lines around it, leaving one line
  break the ``line-wrap`` stage joins; a block between two sentences leaves the blank lines
  around it, so a paragraph break stays one.

Note texts are parsed for the UN documents they cite by :mod:`pipeline.citations`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..citations import parse_citations
from ..config import FootnotesConfig
from ..document import Document, Finding, Footnote, Severity
from ..ledger import Proposal
from ._lines import ENDS_SENTENCE
from .base import Context, StageOutput

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
ROMAN = r"(?=[ivxl])(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
RULE_LINE = re.compile(r"^\s*[_\-–—=*·]{3,}\s*$")  # a typeset rule above the notes
NOTE_START = re.compile(r"[“‘\"'(\[«]?\w")  # how a note's text begins: a word, maybe quoted
MAX_ROUNDS = 50  # rounds of "this line opens no note after all" before the rest go at once


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # offset of the line's first character
    end: int  # offset of its end, before the newline
    stop: int  # offset after its newline (``end`` on a last line without one)
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class _Label:
    bare: str  # as the output shows it: "1", "ii" ("[1]", "(1)" and "¹" give "1")
    family: str  # "arabic" | "roman": each counts up on its own
    value: int


@dataclass(frozen=True, slots=True)
class _Body:
    label: _Label
    first: int  # index of its first line
    last: int  # index of its last line
    start: int  # offset of the label
    end: int  # offset after the last character of the note
    text: str  # joined, without the label


@dataclass(frozen=True, slots=True)
class _Marker:
    label: _Label
    start: int  # the marker's characters
    end: int
    cut: tuple[int, int]  # what is removed from the text
    rule: str  # alone-on-line | glued | superscript | bracketed | parenthesised
    evidence: str  # what it needs besides the sequence: "none" | "later-body" | "own-body"


@dataclass(frozen=True, slots=True)
class _Patterns:
    body: re.Pattern[str]  # a line that opens a note
    alone: re.Pattern[str]  # a line that is only a label
    inline: re.Pattern[str]  # markers inside a line
    inline_start: re.Pattern[str]  # a character an inline marker can start with
    unit: re.Pattern[str]  # a number and a unit just before a ² or ³


def link_footnotes(doc: Document, ctx: Context) -> StageOutput:
    """Propose the removal of footnote markers and bodies; the linked notes and their findings."""
    options = ctx.config.footnotes
    text = doc.text
    lines = _lines(text)
    # What does not depend on the round: computed once (a round costs little, so many rounds
    # on a long text with many numbered lines stay cheap).
    openings = _openings(lines, options)
    candidates = _candidates(text, lines, options)
    not_notes: set[int] = set()  # lines that open a note but turned out to be text
    for rounds in itertools.count():  # ends: each round adds to not_notes, or stops
        blocks = _blocks(lines, openings, options, not_notes)
        markers = _markers(text, lines, blocks, candidates, options)
        anchored = _first_anchor_ends(markers)
        unlinked = [
            block[0].first
            for block in blocks
            if anchored.get(block[0].label, block[0].start + 1) > block[0].start
        ]
        if not unlinked:
            break
        # In text order, one at a time: a line that turns out to be text may hold the marker of
        # a later note. (All at once after many rounds, to bound the time on odd input: every
        # body up to the first linked one of each block, as rounds one at a time would go.)
        if rounds < MAX_ROUNDS:
            not_notes.add(unlinked[0])
        else:
            for block in blocks:
                for body in block:
                    if anchored.get(body.label, body.start + 1) <= body.start:
                        break
                    not_notes.add(body.first)
    if not markers and not blocks:
        return StageOutput()
    proposals = [Proposal(*m.cut, "", "footnote-marker", m.rule) for m in markers]
    cuts = sorted(m.cut for m in markers)
    for block in blocks:
        proposals += _block_proposals(block, lines, cuts, text, options)
    bodies = [body for block in blocks for body in block]
    notes, findings = _link(doc, bodies, markers, options)
    return StageOutput(tuple(_without_overlaps(proposals)), tuple(findings), tuple(notes))


# -- lines and labels ------------------------------------------------------------------------


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for piece in text.split("\n"):
        end = pos + len(piece)
        stop = min(end + 1, len(text))
        lines.append(_Line(pos, end, stop, piece))
        pos = end + 1
    return lines


@cache
def _patterns(options: FootnotesConfig) -> _Patterns:
    number = rf"[1-9]\d{{0,{options.max_label_digits - 1}}}"
    sup = rf"[¹²³⁴⁵⁶⁷⁸⁹][{SUPERSCRIPTS}]{{0,{options.max_label_digits - 1}}}"
    label = (
        rf"(?:(?P<num>{number})|(?P<roman>{ROMAN})|\[(?P<bracket>{number})\]"
        rf"|\((?P<paren>{number})\)|(?P<sup>{sup}))"
    )
    return _Patterns(
        body=re.compile(rf"[ \t]*{label}(?:[ \t]+|(?<=[{SUPERSCRIPTS}]))(?P<rest>\S.*)"),
        alone=re.compile(rf"[ \t]*{label}[ \t]*"),
        inline=re.compile(
            rf"(?:(?<=[^\s{SUPERSCRIPTS}])|(?<=[^\s{SUPERSCRIPTS}]\n))"  # or wrapped
            rf"(?P<sup>{sup})"  # humanity¹⁰, world.”², humanity / ¹⁰
            rf"|\[(?P<bracket>{number})\]"  # State.”[1]
            rf"|(?<=[^\s\d(])\((?P<paren>{number})\)(?![\w(])"  # puppets.”(3)
            rf"|(?<=[.,;:!?”’\")\]])(?P<num>{number})(?=\s|$)"  # world.”2 Nothing, 2014.1 It
        ),
        inline_start=re.compile(rf"[{SUPERSCRIPTS[1:]}\[(1-9]"),  # as each branch of `inline`
        unit=re.compile(rf"\d\s?(?:{'|'.join(map(re.escape, options.units))})\s*$"),
    )


def _label(match: re.Match[str]) -> _Label | None:
    groups = match.groupdict()
    if groups.get("roman"):
        roman = groups["roman"]
        values = [ROMAN_VALUES[c] for c in roman]
        value = sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))
        return _Label(roman, "roman", value)
    for name in ("num", "bracket", "paren", "sup"):
        if groups.get(name):
            bare = groups[name].translate(FROM_SUPERSCRIPT)
            return _Label(bare, "arabic", int(bare))
    return None


# -- note bodies -----------------------------------------------------------------------------


def _openings(lines: list[_Line], options: FootnotesConfig) -> dict[int, _Label]:
    """Index -> label of every line that opens a note (see :func:`_opening`)."""
    pattern = _patterns(options).body
    found = ((i, _opening(line, pattern)) for i, line in enumerate(lines) if line.text)
    return {i: label for i, label in found if label is not None}


def _blocks(
    lines: list[_Line],
    openings: dict[int, _Label],
    options: FootnotesConfig,
    not_notes: set[int],
) -> list[list[_Body]]:
    """Runs of note bodies, each body with its continuation lines; ``not_notes`` open none."""
    pattern = _patterns(options).body
    opening = {i: label for i, label in openings.items() if i not in not_notes}
    blocks: list[list[_Body]] = []
    i = 0
    for start in sorted(opening):  # from one opening line to the next: most lines open none
        if start < i:
            continue  # inside the block before
        label = opening[start]
        bodies: list[_Body] = []
        first = last = start
        while True:
            k = last + 1
            while k < len(lines) and lines[k].blank:
                k += 1
            if k == len(lines):
                break
            following = opening.get(k)
            if following is not None and _follows(label, following, options):
                bodies.append(_body(lines, first, last, label, pattern))
                first = last = k
                label = following
            elif _continues(lines[last].text, lines[last + 1 : k], options):
                last = k
            else:
                break
        bodies.append(_body(lines, first, last, label, pattern))
        blocks.append(bodies)
        i = last + 1
    return blocks


def _opening(line: _Line, pattern: re.Pattern[str]) -> _Label | None:
    """The label of a line that opens a note: a label, then text that starts like a note (a word,
    a quote mark or bracket; not punctuation, which would make "1 . Dear Sir," a note once lines
    are joined) and has a word in it."""
    match = pattern.fullmatch(line.text)
    rest = match.group("rest") if match else ""
    if match is None or not any(c.isalnum() for c in rest) or not NOTE_START.match(rest):
        return None
    return _label(match)


def _follows(label: _Label, following: _Label, options: FootnotesConfig) -> bool:
    return (
        following.family == label.family
        and label.value < following.value <= label.value + 1 + options.max_label_gap
    )


def _continues(line: str, gap: list[_Line], options: FootnotesConfig) -> bool:
    """Whether the note ending with ``line`` goes on after ``gap`` (the blank lines between)."""
    if len(gap) > 1 or any(g.text for g in gap):  # a paragraph break, not a wrap
        return False
    words = line.split()
    return not ENDS_SENTENCE.search(line) or words[-1] in options.abbreviations


def _body(
    lines: list[_Line], first: int, last: int, label: _Label, pattern: re.Pattern[str]
) -> _Body:
    match = pattern.fullmatch(lines[first].text)
    assert match is not None  # the line was chosen because it matched
    parts = [match.group("rest"), *(lines[k].text for k in range(first + 1, last + 1))]
    text = " ".join(part.strip() for part in parts if part.strip())
    end = lines[last].start + len(lines[last].text.rstrip())
    indent = len(lines[first].text) - len(lines[first].text.lstrip())
    return _Body(label, first, last, lines[first].start + indent, end, text)


# -- markers ---------------------------------------------------------------------------------


def _markers(
    text: str,
    lines: list[_Line],
    blocks: list[list[_Body]],
    candidates: list[_Marker],
    options: FootnotesConfig,
) -> list[_Marker]:
    """The marker ``candidates`` outside ``blocks`` that fit the label sequence."""
    starts = [lines[b[0].first].start for b in blocks]  # blocks are in text order, disjoint
    stops = [lines[b[-1].last].stop for b in blocks]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < stops[k]

    candidates = [m for m in candidates if not inside(m.start)]
    bodies = [body for block in blocks for body in block]
    while True:
        accepted = _in_sequence(candidates, bodies, options)
        bare = _leaving_bare_labels(text, lines, accepted, options)
        if not bare:
            return accepted
        candidates = [m for m in candidates if m not in bare]


def _leaving_bare_labels(
    text: str, lines: list[_Line], markers: list[_Marker], options: FootnotesConfig
) -> set[_Marker]:
    """Inline markers whose removal would leave a bare label alone on its line (``2¹``)."""
    alone = _patterns(options).alone
    starts = [line.start for line in lines]
    by_line: dict[int, list[_Marker]] = {}
    for marker in markers:
        if marker.rule != "alone-on-line":
            by_line.setdefault(bisect_right(starts, marker.start) - 1, []).append(marker)
    return {
        marker
        for k, group in by_line.items()
        if alone.fullmatch(_unmarked(text, lines[k], [m.cut for m in group]))
        for marker in group
    }


def _candidates(text: str, lines: list[_Line], options: FootnotesConfig) -> list[_Marker]:
    """Every marker candidate, in text order: lines that are only a label, and the inline
    markers of the other lines (one search over the whole text: no inline marker spans a
    line end, and the pattern's look-arounds read the same at a line's edges)."""
    patterns = _patterns(options)
    found: list[_Marker] = []
    # A marker alone on a line annotates text above it: there must be a line with a letter.
    lettered = next((k for k, line in enumerate(lines) if any(map(str.isalpha, line.text))), None)
    alone_lines: set[int] = set()
    for k in range(len(lines) if lettered is None else lettered + 1, len(lines)):
        line = lines[k]
        match = patterns.alone.fullmatch(line.text)
        label = _label(match) if match else None
        if match and label:
            start = line.start + len(line.text) - len(line.text.lstrip())
            end = line.start + len(line.text.rstrip())
            evidence = "none" if match.group("sup") or match.group("bracket") else "later-body"
            found.append(
                _Marker(label, start, end, (line.start, line.stop), "alone-on-line", evidence)
            )
            alone_lines.add(line.start)
    line_starts = [line.start for line in lines]
    for match in _inline_matches(text, patterns):
        if line_starts[bisect_right(line_starts, match.start()) - 1] in alone_lines:
            continue
        marker = _inline(text, match.start(), match, options)
        if marker is not None:
            found.append(marker)
    return sorted(found, key=lambda m: m.start)


def _inline_matches(text: str, patterns: _Patterns) -> Iterator[re.Match[str]]:
    """``patterns.inline.finditer(text)``, tried only where a marker can start: the pattern's
    look-behinds, tried first at every offset, make a plain scan slow."""
    end = 0
    for start in patterns.inline_start.finditer(text):
        if start.start() >= end and (match := patterns.inline.match(text, start.start())):
            end = match.end()
            yield match


def _inline(
    text: str, start: int, match: re.Match[str], options: FootnotesConfig
) -> _Marker | None:
    """An inline marker candidate at ``start``, unless what precedes it says it is not one."""
    label = _label(match)
    if label is None:
        return None
    end = start + len(match.group())
    before = text[max(0, start - 60) : start]  # enough for the word before it
    if match.group("sup"):
        if before.rstrip("\n")[-1:].isdigit() or (
            label.bare in ("2", "3") and _patterns(options).unit.search(before)
        ):
            return None  # 10⁶, 560 km²
        return _Marker(label, start, end, (start, end), "superscript", "none")
    if match.group("bracket"):
        cut_start = start
        if before.endswith(" ") and (end == len(text) or not text[end].isalnum()):
            cut_start = start - len(before) + len(before.rstrip(" \t"))  # "text [1] more"
        return _Marker(label, start, end, (cut_start, end), "bracketed", "none")
    if match.group("paren"):
        return _Marker(label, start, end, (start, end), "parenthesised", "own-body")
    word = before.split()[-1] if before.split() else ""
    if "/" in word or word in options.abbreviations:
        return None  # A/HRC/25/CRP.1, No.5
    digits = re.search(r"(?<![\d.,])(\d+)[.,;:]$", word)
    if word[-2:-1].isdigit() and (digits is None or len(digits.group(1)) != 4):
        return None  # 3.5, 1,200, 10:30; but a year: 2014.1
    return _Marker(label, start, end, (start, end), "glued", "later-body")


def _in_sequence(
    candidates: list[_Marker], bodies: list[_Body], options: FootnotesConfig
) -> list[_Marker]:
    """The candidates that count up, each with the body evidence its kind needs."""
    later = _LaterBodies(bodies)
    last = {"arabic": 0, "roman": 0}
    seen: set[tuple[str, int]] = set()
    accepted: list[_Marker] = []
    for marker in sorted(candidates, key=lambda m: m.start):
        family, value = marker.label.family, marker.label.value
        own = later.with_label(marker.label, marker.end)
        if marker.evidence == "own-body" and not own:
            continue
        if marker.evidence == "later-body" and later.highest(family, marker.end) < value:
            continue
        expected = last[family] + 1
        skips = own and last[family] and expected < value <= expected + options.max_label_gap
        if value == expected or skips:
            last[family] = value
        elif not (marker.evidence == "none" and (family, value) in seen):
            continue  # a strong marker may cite its note again ([1] … [1])
        seen.add((family, value))
        accepted.append(marker)
    return accepted


class _LaterBodies:
    """Which note bodies start after an offset: what a marker there may point to."""

    def __init__(self, bodies: list[_Body]) -> None:
        self._last_start: dict[tuple[str, int], int] = {}  # label -> start of its last body
        self._starts: dict[str, list[int]] = {}  # family -> body starts, in text order
        self._highest: dict[str, list[int]] = {}  # family -> highest value from that body on
        for body in sorted(bodies, key=lambda b: b.start):
            self._last_start[body.label.family, body.label.value] = body.start
            self._starts.setdefault(body.label.family, []).append(body.start)
            self._highest.setdefault(body.label.family, []).append(body.label.value)
        for values in self._highest.values():
            for k in range(len(values) - 2, -1, -1):
                values[k] = max(values[k], values[k + 1])

    def with_label(self, label: _Label, pos: int) -> bool:
        """Whether a body with ``label`` starts after ``pos``."""
        return self._last_start.get((label.family, label.value), pos) > pos

    def highest(self, family: str, pos: int) -> int:
        """The highest label value of ``family`` among the bodies after ``pos`` (0 if none)."""
        starts = self._starts.get(family, [])
        k = bisect_right(starts, pos)
        return self._highest[family][k] if k < len(starts) else 0


# -- linking and removal ---------------------------------------------------------------------


def _first_anchor_ends(markers: list[_Marker]) -> dict[_Label, int]:
    """Label -> where its first marker ends: a body with that label after it has an anchor."""
    ends: dict[_Label, int] = {}
    for marker in markers:
        ends[marker.label] = min(marker.end, ends.get(marker.label, marker.end))
    return ends


def _link(
    doc: Document, bodies: list[_Body], markers: list[_Marker], options: FootnotesConfig
) -> tuple[list[Footnote], list[Finding]]:
    ledger = doc.ledger
    citations = parse_citations([b.text for b in bodies], options)
    notes: list[Footnote] = []
    findings: list[Finding] = []
    used: set[_Marker] = set()
    waiting: dict[_Label, list[_Marker]] = {}  # label -> its markers not taken yet, last first
    for marker in reversed(markers):  # in text order, so the ones ending first come first
        waiting.setdefault(marker.label, []).append(marker)
    for body, cited in zip(bodies, citations, strict=True):  # bodies are in text order too
        queue = waiting.get(body.label, [])
        anchors: list[_Marker] = []
        while queue and queue[-1].end <= body.start:
            anchors.append(queue.pop())
        used.update(anchors)
        raw_start, raw_end = ledger.raw_span(body.start, body.end)
        if not anchors:
            findings.append(
                Finding(
                    "footnote.orphan-body",
                    Severity.WARNING,
                    f"note {body.label.bare!r} has no marker in the text",
                    raw_start,
                    raw_end,
                )
            )
        notes.append(
            Footnote(
                body.label.bare,
                body.text,
                raw_start,
                raw_end,
                tuple(ledger.raw_span(m.start, m.end) for m in anchors),
                cited,
            )
        )
    for marker in markers:
        if marker not in used:
            findings.append(
                Finding(
                    "footnote.missing-body",
                    Severity.WARNING,
                    f"footnote marker {marker.label.bare!r} has no note body in the document",
                    *ledger.raw_span(marker.start, marker.end),
                )
            )
    findings.sort(key=lambda f: f.raw_start)
    return notes, findings


def _block_proposals(
    block: list[_Body],
    lines: list[_Line],
    cuts: list[tuple[int, int]],
    text: str,
    options: FootnotesConfig,
) -> list[Proposal]:
    """The removal of ``block`` with its heading, separator and the blank lines around it."""
    first, last = block[0].first, block[-1].last
    above, heading = first - 1, False
    while above >= 0 and (
        lines[above].blank
        or RULE_LINE.fullmatch(lines[above].text)
        or (not heading and _is_heading(lines[above].text, options))
    ):
        heading = heading or _is_heading(lines[above].text, options)
        above -= 1
    below = last + 1
    while below < len(lines) and lines[below].blank:
        below += 1
    at_end = below == len(lines)
    start = lines[above].stop if above >= 0 else 0
    rule = "notes-section" if heading else "end-block" if at_end else "page-bottom-block"
    if at_end or _interrupts(text, lines, above, below, cuts):
        end = len(text) if at_end else lines[below].start
        lead = "notes-heading" if heading else "separator"
        return [
            Proposal(start, lines[first].start, "", "footnote-body", lead),
            *_body_proposals(block, lines, end, rule),
        ]
    # Between two sentences: keep the blank lines, so a paragraph break stays one.
    furniture = [
        Proposal(lines[k].start, lines[k].stop, "", "footnote-body", "notes-heading")
        for k in range(above + 1, first)
        if not lines[k].blank
    ]
    return furniture + _body_proposals(block, lines, lines[last].stop, rule)


def _body_proposals(block: list[_Body], lines: list[_Line], end: int, rule: str) -> list[Proposal]:
    starts = [lines[body.first].start for body in block]
    return [
        Proposal(a, b, "", "footnote-body", rule)
        for a, b in zip(starts, [*starts[1:], end], strict=True)
    ]


def _is_heading(line: str, options: FootnotesConfig) -> bool:
    name = line.strip().rstrip(":").strip().casefold()
    return any(name == h.casefold() for h in options.headings)


def _interrupts(
    text: str, lines: list[_Line], above: int, below: int, cuts: list[tuple[int, int]]
) -> bool:
    """Whether the block between lines ``above`` and ``below`` cuts a sentence in two.

    ``cuts``: the markers' removals, sorted; the sentence is read without its markers.
    """
    if lines[below].text.lstrip()[:1].islower():
        return True
    for k in range(above, -1, -1):
        line = _unmarked(text, lines[k], cuts).rstrip()
        if line.strip():
            return not ENDS_SENTENCE.search(line)
    return False


def _unmarked(text: str, line: _Line, cuts: list[tuple[int, int]]) -> str:
    """The text of ``line`` without the markers removed from it."""
    pieces: list[str] = []
    pos = line.start
    for start, end in cuts:
        if start < line.end and end > pos:
            pieces.append(text[pos : max(start, pos)])
            pos = min(end, line.end)
    pieces.append(text[pos : line.end])
    return "".join(pieces)


def _without_overlaps(proposals: list[Proposal]) -> list[Proposal]:
    """Empty proposals dropped and, defensively, any that would overlap an earlier one."""
    kept: list[Proposal] = []
    for p in sorted(proposals, key=lambda p: (p.start, p.end)):
        if p.start < p.end and (not kept or kept[-1].end <= p.start):
            kept.append(p)
    return kept
