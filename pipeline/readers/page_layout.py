"""Page layout from positioned characters: visual lines, the page's bands, and the raw text
with its :class:`~pipeline.hints.Hints` (for :mod:`pipeline.readers.pdf`, which gets the
characters from PDFium; this module needs no PDF library).

* ``superscripts``: runs of characters set smaller than their line and raised above its
  baseline (note markers in the text, labels in front of note bodies);
* ``furniture``: a page's first or last one or two lines, set off by a gap, that are a page
  number or that recur (digits aside) at the same height on another page — a running header or
  footer;
* ``notes``: the footnote band at a page's bottom: the lines below a short horizontal rule, or
  else below a gap, set smaller than the body text, down to the page's foot;
* ``room``: line ends after which the next line's first word would have fit (the typesetter did
  not wrap there: a paragraph's last line, a heading, an address line), and ``indented``: line
  starts indented from the block's left edge (a paragraph's first line), for the wrap decisions;
* ``pages`` and ``title``.

False positives it risks: a display formula's raised characters read as superscripts; a page's
first line of body text taken for a running header when it recurs on another page at the same
height (a heading repeated on every page *is* furniture to a reader); a block of small print at a
page's foot that is not a note (a legal notice) read as a footnote band — the ``footnotes``
stage still needs a label at the start of each body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ..hints import Hints, Span

GAP = 1.6  # a vertical gap of more than this many line pitches is a blank line
SUPERSCRIPT_SIZE = 0.85  # a superscript is set at most this share of its line's size ...
SUPERSCRIPT_RISE = 0.2  # ... with its baseline raised at least this share of it
NOTE_SIZE = 0.93  # a footnote band's lines are set at most this share of the body size
ROOM_SPACE = 0.33  # ems: a word space, for "the next word would have fit on this line"
INDENT_MIN, INDENT_MAX = 0.8, 4.0  # ems: a paragraph's indent (more: a centred or ragged line)
EDGE_LINES = 2  # a page's head or foot block has at most this many lines ...
EDGE_GAP = 1.3  # ... set off from the body by a gap of more than this many line pitches
SAME_HEIGHT = 3.0  # points: two pages' lines this close in height are at the same height
CLOSING = frozenset(".,;:!?)]")  # punctuation that never follows a word space
PAGE_NUMBER = re.compile(
    r"(?i)^[\s\-–—]*(?:page\s+)?(?:\d+|[ivxlc]+)(?:\s*(?:/|of)\s*\d+)?[\s\-–—]*$"
)


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    size: float  # font size in points (0 for PDFium's generated spaces)
    x: float  # origin: left end of the baseline
    y: float  # baseline height (from the page's bottom)
    right: float


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line of a page: its characters and what they measure."""

    chars: tuple[Char, ...]
    size: float  # the line's body size: the size most of its characters have
    baseline: float

    @property
    def left(self) -> float:
        return min(c.x for c in self.chars if c.size)

    @property
    def right(self) -> float:
        return max(c.right for c in self.chars if c.size)

    def raised(self, c: Char) -> bool:
        """Whether ``c`` is set as a superscript on this line."""
        return bool(
            c.size
            and c.text.strip()
            and c.size <= SUPERSCRIPT_SIZE * self.size
            and c.y - self.baseline >= SUPERSCRIPT_RISE * self.size
        )

    def superscripts(self) -> list[tuple[int, int]]:
        """Runs of raised, smaller characters, as offsets into :attr:`text`'s unstripped
        form (the stripped text starts at the first non-blank character)."""
        runs: list[tuple[int, int]] = []
        offset = 0
        for c in self.chars:
            if self.raised(c):
                if runs and runs[-1][1] == offset:
                    runs[-1] = (runs[-1][0], offset + len(c.text))
                else:
                    runs.append((offset, offset + len(c.text)))
            offset += len(c.text)
        return runs

    def row(self) -> Row:
        """What the page's layout needs of this line, without its characters (a long PDF has
        millions of them: they are let go page by page)."""
        unstripped = "".join(c.text for c in self.chars)
        lead = len(unstripped) - len(unstripped.lstrip())
        text = unstripped.strip()
        sups = tuple(
            (a - lead, b - lead)
            for a, b in self.superscripts()
            if a >= lead and b - lead <= len(text)
        )
        word: list[Char] = []  # the first word's characters (up to its first space)
        for c in self.chars:
            if not c.text.strip():
                if word:
                    break
                continue
            if c.size:
                word.append(c)
        first_word = (word[-1].right - word[0].x) if word else 0.0
        return Row(
            text, self.size, self.baseline, self.left, self.right, len(self.chars), sups, first_word
        )


@dataclass(frozen=True, slots=True)
class Row:
    """A visual line as the page's layout reads it (:meth:`Line.row`)."""

    text: str  # stripped
    size: float
    baseline: float
    left: float
    right: float
    chars: int  # how many characters it has
    superscripts: tuple[tuple[int, int], ...]  # offsets into ``text``
    first_word: float  # the width of its first word, in points


@dataclass(frozen=True, slots=True)
class Page:
    lines: tuple[Row, ...]
    rules: tuple[float, ...]  # heights of the page's horizontal rules


def new_line(last: Char, char: Char) -> bool:
    """Whether ``char`` starts a new visual line after ``last`` where PDFium gave no line break
    (it gives none after a line-end hyphen): back to the left and down (or up) by more than a
    superscript's rise."""
    return char.x < last.x - 1 and abs(char.y - last.y) > 0.6 * max(char.size, last.size)


def make_line(chars: Sequence[Char]) -> Line:
    sized = [c for c in chars if c.size and c.text.strip()] or [c for c in chars if c.size]
    size = Counter(c.size for c in sized).most_common(1)[0][0]
    body = [c.y for c in sized if c.size >= SUPERSCRIPT_SIZE * size] or [c.y for c in sized]
    line = Line(tuple(chars), size, median(body))
    # PDFium puts a word space after a superscript that the typesetter set off from a full stop
    # or comma (``votes)ⁱ .``); no text has one there.
    kept = [
        c
        for k, c in enumerate(chars)
        if not (
            c.size == 0
            and 0 < k < len(chars) - 1
            and chars[k + 1].text in CLOSING
            and line.raised(chars[k - 1])
        )
    ]
    return line if len(kept) == len(chars) else Line(tuple(kept), size, line.baseline)


def _same_line(a: Line, b: Line) -> bool:
    """Whether PDFium's line ``b`` continues ``a`` on the same visual line (a superscript lifted
    the baseline, and PDFium broke the line there)."""
    size = max(a.size, b.size)
    return abs(a.baseline - b.baseline) < 0.6 * size and b.left >= a.right - 0.5


def merge(lines: Iterable[Line]) -> list[Line]:
    merged: list[Line] = []
    for line in lines:
        if merged and _same_line(merged[-1], line):
            glue = (Char(" ", 0.0, 0.0, 0.0, 0.0),)
            joined = merged[-1].chars + (() if line.chars[0].text == " " else glue) + line.chars
            merged[-1] = make_line(joined)
        else:
            merged.append(line)
    return merged


def _pitch(lines: Sequence[Row]) -> float:
    gaps = [a.baseline - b.baseline for a, b in pairwise(lines)]
    gaps = [g for g in gaps if g > 0]
    return median(gaps) if gaps else 12.0


def _body_size(pages: Sequence[Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += line.chars
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _edge_blocks(lines: Sequence[Row], pitch: float) -> list[int]:
    """The indices of a page's head and foot blocks: its first (last) one or two lines, when a
    gap of more than :data:`EDGE_GAP` pitches sets them off from the rest of the page."""
    found: list[int] = []
    n = len(lines)
    if n == 1:
        return [0]
    for k in range(1, min(EDGE_LINES, n - 1) + 1):  # the head: lines[:k]
        if lines[k - 1].baseline - lines[k].baseline > EDGE_GAP * pitch:
            found += range(k)
            break
    for k in range(1, min(EDGE_LINES, n - 1) + 1):  # the foot: lines[n - k:]
        if lines[n - k - 1].baseline - lines[n - k].baseline > EDGE_GAP * pitch:
            found += (i for i in range(n - k, n) if i not in found)
            break
    return found


def _furniture(pages: Sequence[Page], pitch: float) -> list[set[int]]:
    """Per page, the indices of its lines that are furniture: in a head or foot block
    (:func:`_edge_blocks`), a page number or a line that recurs at the same height on another
    page (digits aside)."""
    edges = [_edge_blocks(page.lines, pitch) for page in pages]
    seen: Counter[tuple[str, int]] = Counter()
    for page, found in zip(pages, edges, strict=True):
        for i in found:
            seen[_shape(page.lines[i].text), round(page.lines[i].baseline / SAME_HEIGHT)] += 1
    out = []
    for page, found in zip(pages, edges, strict=True):
        kept = set()
        for i in found:
            line = page.lines[i]
            key = (_shape(line.text), round(line.baseline / SAME_HEIGHT))
            if PAGE_NUMBER.match(line.text) or seen[key] > 1:
                kept.add(i)
        out.append(kept)
    return out


def _note_band(page: Page, furniture: set[int], body: float) -> set[int]:
    """The indices of the page's footnote band: from the first line under the lowest rule that
    has body text above it (or, with no rule, under a gap) down to the foot, every line set
    smaller than the body; nothing when the band's first line is not smaller."""
    lines = [(i, line) for i, line in enumerate(page.lines) if i not in furniture]
    if not lines or not body:
        return set()
    start = None
    for rule in page.rules:
        below = [k for k, (_, line) in enumerate(lines) if line.baseline < rule]
        if below and below[0] > 0:
            start = below[0]
            break
    if start is None:
        pitch = _pitch([line for _, line in lines])
        for k in range(len(lines) - 1, 0, -1):
            if lines[k - 1][1].baseline - lines[k][1].baseline > GAP * pitch:
                start = k
                break
    if start is None:
        return set()
    band = lines[start:]
    if not all(line.size <= NOTE_SIZE * body for _, line in band):
        return set()
    return {i for i, _ in band}


def _geometry(page: Page, body: float) -> tuple[set[int], set[int]]:
    """``(room, indented)``: the indices of the page's lines after which the next line's first
    word would have fit (so the typesetter did not wrap there), and of the lines that start
    indented from the text block's left edge (a paragraph's first line), among body lines."""
    lines = [line for line in page.lines if line.size >= NOTE_SIZE * body]
    if len(lines) < 3:
        return set(), set()
    rights = sorted(line.right for line in lines)
    lefts = sorted(line.left for line in lines)
    edge = rights[int(0.9 * (len(rights) - 1))]
    margin = lefts[int(0.1 * (len(lefts) - 1))]
    room, indented = set(), set()
    for i, (a, b) in enumerate(pairwise(page.lines)):
        em = a.size or body
        if a.right + ROOM_SPACE * em + b.first_word < edge - 1:
            room.add(i)
        if INDENT_MIN * em < b.left - margin < INDENT_MAX * em:
            indented.add(i + 1)
    return room, indented


def assemble(pages: Sequence[Page], title: str | None) -> tuple[str, Hints]:
    body = _body_size(pages)
    pitch = _pitch([line for page in pages for line in page.lines if line.size == body])
    furniture = _furniture(pages, pitch)
    parts: list[str] = []
    offset = 0
    starts: list[int] = []
    sups: list[Span] = []
    furn: list[Span] = []
    notes: list[Span] = []
    room: list[int] = []
    indented: list[int] = []

    def put(piece: str) -> int:
        nonlocal offset
        parts.append(piece)
        offset += len(piece)
        return offset

    for number, page in enumerate(pages):
        if number:
            put("\f")
            starts.append(offset)
        band = _note_band(page, furniture[number], body)
        roomy, indents = _geometry(page, body)
        for i, line in enumerate(page.lines):
            if i and page.lines[i - 1].baseline - line.baseline > GAP * pitch:
                put("\n")
            text = line.text
            start = offset
            sups += [(start + a, start + b) for a, b in line.superscripts]
            if i in indents:
                indented.append(start)
            end = put(text)
            if i in furniture[number]:
                furn.append((start, end))
            if i in band:
                notes.append((start, end))
            if i in roomy:
                room.append(end)
            put("\n")
    hints = Hints(
        pages=tuple(starts),
        superscripts=tuple(sups),
        furniture=tuple(furn),
        notes=tuple(notes),
        room=tuple(room),
        indented=tuple(indented),
        title=title,
    )
    return "".join(parts), hints
