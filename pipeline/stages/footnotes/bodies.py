"""Note bodies: which lines open a note, how far each note runs, and its text joined clean.

A note opens at a line that starts with a label and goes on with text (``1 Letter dated …``,
``2Ibid., para. 74.``, the label glued to its text as PyMuPDF and pypdf give it), or at a line
that is only a label when the note's text starts on the next line (``1`` / ``Report of …``) and a
marker with that label came before. A note goes on over the next lines while its last line does
not end a sentence (a full stop after an abbreviation such as ``UN Doc.`` or ``para.`` does
not), with at most one empty line between them; a line opening a later label of the same family
(up to ``max_label_gap`` ahead) starts the next note of the block.

A note line that ends a sentence is not the note's end when the next note of the block opens
within ``TAIL_LINES`` lines (``COI report, para. 27.`` / ``The Commission returned …`` / ``3 …``),
and a note never goes on over a line holding the marker of a later note (the text resumed). A
label alone on its line after its note has been read is a page number, not a second note.

A column of labels alone on their lines (``1`` / ``2`` / ``3``) followed by the note texts, as
pdftotext gives LibreOffice notes, is a block too when the texts after it split at sentence ends
into exactly as many notes as there are labels. A note glued to the end of a text line
(``…from neighbour1Report of …``, pdftotext joining a page's last line with its first note) is
read from its label on, if a marker with its label came before and the next note follows it.

The note text is its lines joined (see :mod:`.notetext`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Container, Sequence
from dataclasses import dataclass

from ...config import FootnotesConfig
from ...text import ENDS_SENTENCE, Line, letters_before
from .._compounds import WordRule
from .labels import ROMAN, Label, label_lines_of, label_of, patterns, roman_value
from .notetext import join_note_lines

NOTE_START = re.compile(r"[“‘\"'(\[«]?\w")  # how a note's text begins: a word, maybe quoted
ALNUM = re.compile(r"[^\W_]")  # a letter or a digit (``\w`` is those and ``_``)
ROMAN_NUMERAL = re.compile(ROMAN)
TAIL_LINES = 6  # how far ahead the next note may open for a line to be the tail of this one
# What a label glued to a text line needs after it (see ``Patterns.mid_line``): a digit or a
# numeral's letter, then a capital, a quote or a bracket. A line without it holds none: a
# search for a class first is fast, unlike the label pattern's alternation of groups.
MID_LINE_HINT = re.compile(r"[0-9ivxl] ?[A-Z“(]")


@dataclass(frozen=True, slots=True)
class Opening:
    """A line that opens a note: its label and the line its text starts on."""

    label: Label
    text_line: int  # the opening line itself, or the line after a label alone on its line
    column: bool = False  # the first label of a column of labels (the texts come after it)
    at: int = 0  # where in its line the label starts: > 0 for a note glued to a page's last line


@dataclass(frozen=True, slots=True)
class Body:
    """One note body: the lines it owns (its text is read once the notes are settled, by
    :func:`note_texts`: the rounds of the stage ask only where bodies are)."""

    label: Label
    first: int  # index of its first line (the label's)
    last: int  # index of its last line
    start: int  # offset of the label (of the text, for a note of a label column)
    end: int  # offset after the last character of the note
    cut: int  # where its removal starts: its first line's start, or the label's mid-line
    text_line: int  # the line its text starts on
    labelled: bool  # whether that line begins with the label (from ``at``), to be left out
    at: int = 0  # where in its first line the label starts (> 0: a note glued to a text line)


def openings(
    lines: Sequence[Line],
    options: FootnotesConfig,
    earlier_labels: dict[Label, int],
    labelled: Sequence[int] | None = None,
) -> dict[int, Opening]:
    """Index -> opening of every line that opens a note.

    ``earlier_labels``: label -> the end of its first marker candidate; a label alone on its line
    opens the note below it only after such a marker (else it is a marker itself).
    ``labelled``: the lines' :func:`~.labels.label_lines`, if known (else they are found here).
    """
    pattern = patterns(options)
    found: dict[int, Opening] = {}
    if labelled is None:
        labelled = label_lines_of(lines)
    # Lines that open no note as they stand: the filled lines that begin with no label's first
    # character (tested only where needed, below), and these, that begin so but hold no label.
    unlabelled: set[int] = set()
    for i in labelled:
        line = lines[i]
        match = pattern.body.fullmatch(line.text)
        rest = match.group("rest") if match else ""
        if match and ALNUM.search(rest) and NOTE_START.match(rest):
            label = label_of(match)
            if label is not None:
                found[i] = Opening(label, i)
            continue
        alone = pattern.alone.fullmatch(line.text)
        label = label_of(alone) if alone else None
        if label is None:
            unlabelled.add(i)
            continue
        if earlier_labels.get(label, line.start) >= line.start:
            continue
        k = _next_filled(lines, i + 1, 1)
        if k is None:
            continue
        if _starts_note(lines[k].text, options):
            found[i] = Opening(label, k)
        elif (below := pattern.alone.fullmatch(lines[k].text)) and _next_label(label, below):
            found[i] = Opening(label, k, column=True)
    # A note glued to a text line is believed only with the next note right after it: only the
    # lines a few lines above another opening are searched for one.
    near = {i for o in found for i in range(max(0, o - TAIL_LINES), o)}
    starting = set(labelled)
    plain = {i for i in near if i in unlabelled or (i not in starting and lines[i].text.strip())}
    for i in sorted(plain):
        if not MID_LINE_HINT.search(lines[i].text):
            continue  # (most lines: tested here, without a call)
        mid = _mid_line(lines[i], pattern.mid_line, earlier_labels)
        if mid is not None:
            found[i] = mid
    return found


def _mid_line(
    line: Line, pattern: re.Pattern[str], earlier_labels: dict[Label, int]
) -> Opening | None:
    """A note glued to the end of a page's last text line (``…from neighbour1Report of …``,
    ``…one reli Report of …``): a label right after a letter, then a capital, after a marker
    with that label. Kept only if the next note of its block follows (see :func:`blocks`)."""
    text = line.text
    if not MID_LINE_HINT.search(text):
        return None
    for found in pattern.finditer(text):
        start = found.start()
        if not text[start - 1 : start].isalpha():
            continue  # no word glued before it
        if found.group("num"):
            options = [(start, found.group("num"), "arabic")]
        else:  # "reli R": the numeral is "i", not "li"; the word before it has letters too
            numeral = found.group("roman")
            options = [(start + k, numeral[k:], "roman") for k in range(len(numeral))]
        for pos, bare, family in options:
            if family == "roman":
                word = letters_before(text, pos)
                if word is None or not word.group().strip("ivxl") or not text[pos - 1].islower():
                    continue  # a numeral split in two (``so.ii We``), not a word and a label
                if not ROMAN_NUMERAL.fullmatch(bare):
                    continue
            label = Label(bare, family, _value(bare, family))
            if earlier_labels.get(label, line.end) < line.start + pos:
                return Opening(label, -1, at=pos)
    return None


def _value(bare: str, family: str) -> int:
    return int(bare) if family == "arabic" else roman_value(bare)


def _next_label(label: Label, match: re.Match[str]) -> bool:
    following = label_of(match)
    return following is not None and (following.family, following.value) == (
        label.family,
        label.value + 1,
    )


def _next_filled(lines: Sequence[Line], k: int, blanks: int) -> int | None:
    """The next line from ``k`` that is not blank, if at most ``blanks`` blank lines come first."""
    for j in range(k, min(k + blanks + 1, len(lines))):
        if not lines[j].blank:
            return j
    return None


def _starts_note(text: str, options: FootnotesConfig) -> bool:
    """Whether ``text`` can be a note's first line: it starts with a capital, a quote or a
    bracket (a note starts a sentence), opens no note of its own and does not open a page (a
    form feed: the label above it is the last page's number)."""
    if "\f" in text:
        return False
    stripped = text.strip()
    pattern = patterns(options)
    return (
        bool(stripped)
        and (stripped[0].isupper() or stripped[0] in "“‘\"'([«")
        and not pattern.body.fullmatch(text)
        and not pattern.alone.fullmatch(text)
    )


def blocks(
    lines: Sequence[Line],
    opening: dict[int, Opening],
    not_notes: Collection[int],
    options: FootnotesConfig,
    marked: Collection[int] = (),
) -> list[list[Body]]:
    """Runs of note bodies, each body with its continuation lines; ``not_notes`` open none.

    ``marked``: lines holding the marker of a note that opens further on; a note never goes on
    over one (``…conducted by the`` / ``… these proposals,11 and we …``: the text resumed)."""
    kept = {i: o for i, o in opening.items() if i not in not_notes}
    alone = patterns(options).alone
    found: list[list[Body]] = []
    i = 0
    noted: set[Label] = set()  # the labels of the bodies so far
    for start in sorted(kept):  # from one opening line to the next: most lines open none
        if start < i:
            continue  # inside the block before
        if kept[start].text_line != start and kept[start].label in noted:
            continue  # a label alone on its line after its note: a page number, not a note
        if kept[start].column:
            column = _label_column(lines, start, options)
            if column is not None:
                found.append([_read_body(lines, *note, column=True) for note in column])
                noted.update(body.label for body in found[-1])
                i = found[-1][-1].last + 1
            continue
        label, first, last = kept[start].label, start, kept[start].text_line
        mid_line = last < 0
        if mid_line:
            last = start
        at = kept[start].at
        bodies: list[Body] = []
        text_line = last
        while True:
            k = _next_filled(lines, last + 1, len(lines))
            if k is None:
                break
            following = kept.get(k)
            if (
                following is not None
                and not following.column
                and _follows(label, following.label, options)
            ):
                bodies.append(_read_body(lines, label, first, first, text_line, last, at=at))
                at = 0
                first, label = k, following.label
                last = text_line = following.text_line
            elif k not in marked and (
                # (the lines between are blank: ``k`` is the next filled one)
                (k - last <= 2 and _wraps(lines[last].text, options))
                or _tail_before_next(lines, kept, k, label, options, alone)
            ):
                last = k
            else:
                break
        bodies.append(_read_body(lines, label, first, first, text_line, last, at=at))
        if mid_line and len(bodies) < 2:
            continue  # a glued note needs the next note after it to be believed
        found.append(bodies)
        noted.update(body.label for body in bodies)
        i = last + 1
    return found


def _label_column(
    lines: Sequence[Line], start: int, options: FootnotesConfig
) -> list[tuple[Label, int, int, int, int]] | None:
    """The notes of a column of labels from line ``start``, as ``(label, first line, label line,
    text line, last line)`` each; None if the texts after it do not split into as many notes."""
    alone = patterns(options).alone
    labels: list[Label] = []
    k: int | None = start
    while k is not None and (match := alone.fullmatch(lines[k].text)):
        if labels and not _next_label(labels[-1], match):
            break
        label = label_of(match)
        assert label is not None  # the line matched the label pattern
        labels.append(label)
        k = _next_filled(lines, k + 1, 1)
    if len(labels) < 2 or k is None or not _starts_note(lines[k].text, options):
        return None
    notes: list[tuple[Label, int, int, int, int]] = []
    first = k
    while True:
        if alone.fullmatch(lines[k].text) or patterns(options).body.fullmatch(lines[k].text):
            return None  # a label among the texts: not a column's notes
        following = _next_filled(lines, k + 1, 1)
        if not _wraps(lines[k].text, options):
            label = labels[len(notes)]
            notes.append((label, first if notes else start, first, first, k))
            if len(notes) == len(labels):
                return notes
            if following is None:
                return None
            first = following
        elif following is None:
            return None
        k = following


def _tail_before_next(
    lines: Sequence[Line],
    kept: dict[int, Opening],
    k: int,
    label: Label,
    options: FootnotesConfig,
    alone: re.Pattern[str],
) -> bool:
    """Whether line ``k``, after a note line that ends a sentence, is more of that note: the
    next note of the block opens within ``TAIL_LINES`` wrapped lines of it (``COI report, para.
    27.`` / ``The Commission returned to …`` / ``3 Ibid.``), the last of them ending a sentence.
    ``alone``: the pattern of a label alone on its line."""
    for j in range(k, min(k + TAIL_LINES, len(lines))):
        line = lines[j]
        if alone.fullmatch(line.text) and not line.blank:
            return False  # a label of its own: not the tail of this note
        if line.blank:
            if j + 1 < len(lines) and lines[j + 1].blank:
                return False  # a paragraph break: not one note's lines
            continue
        following = kept.get(j)
        if following is not None and j > k:
            previous = _previous_filled(lines, j)
            return _follows(label, following.label, options) and bool(
                ENDS_SENTENCE.search(lines[previous].text.rstrip())
            )
        if following is not None:
            return False
    return False


def _previous_filled(lines: Sequence[Line], j: int) -> int:
    while j > 0 and lines[j - 1].blank:
        j -= 1
    return j - 1


def _follows(label: Label, following: Label, options: FootnotesConfig) -> bool:
    return (
        following.family == label.family
        and label.value < following.value <= label.value + 1 + options.max_label_gap
    )


def _wraps(line: str, options: FootnotesConfig) -> bool:
    """Whether a note goes on after its line ``line``: it ends no sentence, or ends in an
    abbreviation (``UN Doc.``)."""
    line = line.rstrip()
    return not ENDS_SENTENCE.search(line) or line.rsplit(None, 1)[-1] in options.abbreviations


def _read_body(
    lines: Sequence[Line],
    label: Label,
    first: int,
    label_line: int,
    text_line: int,
    last: int,
    column: bool = False,
    at: int = 0,
) -> Body:
    """The body owning lines ``first`` to ``last``: it starts at ``label_line`` (its label, or
    its text in a column), its text at ``text_line``."""
    end = lines[last].start + len(lines[last].text.rstrip())
    owner = lines[label_line]
    indent = at or len(owner.text) - len(owner.text.lstrip())
    cut = lines[first].start + at
    labelled = text_line == label_line and not column
    return Body(label, first, last, owner.start + indent, end, cut, text_line, labelled, at)


def note_texts(
    lines: Sequence[Line],
    bodies: Sequence[Body],
    options: FootnotesConfig,
    compounds: Callable[[], WordRule],
    whole: Container[str],
) -> list[str]:
    """The text of each of ``bodies``: its lines joined, without its label (see
    :mod:`.notetext`). ``compounds`` gives the hyphenation stage's word rule; ``whole``: the
    text, case-folded (a hyphenated form seen there is a compound)."""
    body_pattern = patterns(options).body
    texts: list[str] = []
    for body in bodies:
        line = lines[body.text_line].text
        match = body_pattern.fullmatch(line[body.at :]) if body.labelled else None
        parts = [match.group("rest") if match else line]  # else: the label is on a line above
        parts += [lines[k].text for k in range(body.text_line + 1, body.last + 1)]
        stripped = [p.strip() for p in parts]
        texts.append(join_note_lines([p for p in stripped if p], compounds, whole))
    return texts
