"""The lines of a letter, for the ``structure`` stage: each stripped, with its paragraph, and
furniture that ``line-wrap`` glued to a line cut off into a line of its own.

Extractors often leave no blank line between a date, an address block and a salutation, so the
``structure`` stage reads lines, not paragraphs; and ``line-wrap`` may have joined a closing to
the body's last line (``…information.8 Sincerely,``), a labelled date to the title (``… Korea
Date: 2016-03-10``) or a first signatory to the closing (``Yours faithfully, Hanbit Survivors’
Network``), which :func:`split_glued` cuts off again. :func:`first_line` finds the first whole
salutation or closing line.

Risks: a sentence that ends a line with a short capitalised tail that fullmatches a closing
pattern (``…the report. Respectfully``) is cut as a closing; a line ending in ``Date: …`` with a
valid date is cut there.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import partial
from itertools import accumulate, islice
from operator import gt
from typing import NamedTuple

from ..compiled import compiled
from ..text import TEXT_LINE
from ._dates import date_line

DATE_LABEL = re.compile(r"(?<=\s)dated?\s*:\s*\S[^:]*$", re.IGNORECASE)
# A sentence end (and a note marker after it) before a short capitalised tail ending in a comma
GLUED_CLOSING = re.compile(r"[.!?][\"'”’)\]]*(?:\d{1,3}|[ivx]{1,5})?\s+(?=[A-Z][^.!?]{0,130}$)")
SIGNATURE_LINE = 90  # characters; a longer line after the closing is prose, not a name
EMPTY_LINE = re.compile(r"\n(?=\n)")  # (each "\n\n", overlapping ones too)
PAGE_NUMBER_END = re.compile(r"(?<=[,.:;])\s*\d{1,3}$")  # "Sincerely, 2"


class LetterLine(NamedTuple):
    """One non-blank line of the text (a named tuple, immutable: one is made for every line of
    every document, and a tuple is made in a fraction of a frozen dataclass's time)."""

    start: int
    end: int
    text: str  # stripped
    block: int  # the paragraph (run of lines without a blank line) it is in


@compiled
def compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The salutations or the closings ``patterns``, compiled."""
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@compiled
def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One pattern that matches (or fullmatches) where one of ``patterns`` does: most lines
    are tried once, not once per pattern. ``None`` when a pattern refers to its own groups
    (they would be renumbered) or sets flags."""
    if any(re.search(r"\\\d|\(\?P=", p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    except re.error:  # a pattern's own flags, which only its start may set
        return None


def _may_match(combined: re.Pattern[str] | None, text: str) -> bool:
    """Whether one of the patterns ``combined`` (:func:`any_of`) joins may match at the start of
    ``text`` (it does if ``True`` and they could be joined)."""
    return combined is None or combined.match(text) is not None


def letter_lines(text: str) -> list[LetterLine]:
    """The non-blank lines of ``text``, stripped, each with the paragraph (a run of lines
    without an empty line between them, as :data:`pipeline.text.PARAGRAPH` finds it) it is in.

    >>> [(line.text, line.block) for line in letter_lines("Dear all,\\nWe write\\n\\n Yours, \\n")]
    [('Dear all,', 0), ('We write', 0), ('Yours,', 1)]
    """
    matches = list(TEXT_LINE.finditer(text))
    if not matches:
        return []
    starts = [match.start() for match in matches]
    ends = [match.end() for match in matches]
    # An empty line between two lines starts a paragraph: more "\n\n" before a line's start than
    # before the last line's end (found once in the whole text: a line holds no "\n"), for all
    # lines at once.
    empty = [match.start() for match in EMPTY_LINE.finditer(text)]
    before_start = map(partial(bisect_left, empty), islice(starts, 1, None))
    before_end = map(partial(bisect_left, empty), ends)
    blocks = accumulate(map(gt, before_start, before_end), initial=0)
    texts = [match.group() for match in matches]
    make = tuple.__new__  # (not the named tuple's own __new__, a Python function: see text.Line)
    return [make(LetterLine, fields) for fields in zip(starts, ends, texts, blocks, strict=True)]


def split_glued(lines: list[LetterLine], closings: tuple[re.Pattern[str], ...]) -> list[LetterLine]:
    """``lines`` with a closing or a labelled date that ``line-wrap`` glued to the line before
    cut off into a line of its own (``…information.8 Sincerely,``, ``…of Korea Date:
    2016-03-10``), and a first signatory glued after a closing (``Yours faithfully, Hanbit
    Survivors’ Network``) too."""
    combined = any_of(closings)  # (found once: a look-up hashes every pattern)
    out: list[LetterLine] = []
    for line in lines:
        text = line.text
        # A cut needs a comma (after a closing) or a digit ending the line (a date): most lines
        # have neither, and are not matched against a pattern.
        cut = _glued_tail(text, closings, combined) if "," in text or text[-1].isdigit() else None
        if cut is None:  # most lines
            out.append(line)
            continue
        pieces = [line]
        while cut is not None:
            last = pieces.pop()
            head, tail = last.text[:cut].rstrip(), last.text[cut:]
            tail_start = last.start + cut + len(tail) - len(tail.lstrip())
            pieces.append(LetterLine(last.start, last.start + len(head), head, last.block))
            pieces.append(LetterLine(tail_start, last.end, tail.strip(), last.block))
            cut = _glued_tail(pieces[-1].text, closings, combined)
        out.extend(pieces)
    return out


def _glued_tail(
    text: str, closings: tuple[re.Pattern[str], ...], combined: re.Pattern[str] | None
) -> int | None:
    """Where a glued closing, labelled date or first signatory starts in ``text``;
    ``combined``: the ``closings`` as one pattern (:func:`any_of`)."""
    if text[-1].isdigit():  # only a line ending in a digit can end in a date
        label = DATE_LABEL.search(text)
        if label is not None and label.start() > 0 and date_line(text[label.start() :])[1]:
            return label.start()
    for pattern in closings if _may_match(combined, text) else ():  # `Yours faithfully, …`
        match = pattern.match(text)
        if match and match.group().endswith(",") and text[match.end() :].strip()[:1].isupper():
            rest = text[match.end() :].strip()
            if len(rest) <= SIGNATURE_LINE and not rest.endswith("."):
                return match.end()
    if "," not in text:  # a closing glued after a sentence has its comma
        return None
    # Only the last stop can be followed by a tail without one: matched there, not searched
    # (most lines end in one: then it is the last character, found without a look).
    stop = len(text) - 1 if text[-1] in ".!?" else max(map(text.rfind, ".!?"))
    end = GLUED_CLOSING.match(text, stop) if stop >= 0 else None
    if end is None:
        return None
    tail = text[end.end() :]
    for pattern in closings if _may_match(combined, tail) else ():
        match = pattern.match(tail)
        if match and (match.end() == len(tail) or match.group().endswith(",")):
            return end.end()
    return None


def first_line(
    lines: list[LetterLine], patterns: tuple[re.Pattern[str], ...], longest: int, after: int = -1
) -> int | None:
    """The first line after line ``after`` that is a whole furniture line of ``patterns``
    (a page number glued after it, ``Sincerely, 2``, allowed)."""
    combined = any_of(patterns)
    for i in range(after + 1, len(lines)):
        text = lines[i].text
        if len(text) > longest:
            continue
        text = unnumbered(text)
        if combined is not None and not combined.match(text):
            continue  # (a pattern that fullmatches matches)
        if any(p.fullmatch(text) for p in patterns):
            return i
    return None


def unnumbered(text: str) -> str:
    return PAGE_NUMBER_END.sub("", text) if text[-1].isdigit() else text
