"""Quotation marks paired within a paragraph, nested quotations included (for stage ``quotes``).

Marks are paired with a stack, so ``‘…’`` (or ``'…'``, or ``“…”``) nests inside ``“…”``; every
pair is kept, with the pair it stands in:

* ``“…”`` and ``«…»`` pair unambiguously;
* a straight ``"`` closes the open straight ``"`` if there is one, else opens when it stands at
  an opening place (paragraph start, after a space, ``(``, ``[`` or another mark, and before a
  non-space). Risk: one lost straight mark shifts every later pairing in the paragraph;
* ``‘`` opens only at an opening place (``People‘s`` is a mis-typed apostrophe), and ``’`` —
  also the apostrophe — closes only while a ``‘`` is open, after a non-space and before a
  non-alphanumeric (``DPRK’s``, ``’90s`` are apostrophes);
* a straight ``'`` is a mark only inside a double quotation (``"… 'x' …"``, a mirror's straight
  marks): it opens at an opening place before a letter (``'90s`` is an elision) and closes as
  ``’`` does. Unpaired, it was an apostrophe: never reported. At the top level straight single
  quotes are never marks: they are apostrophes far more often;
* a closing ``’`` or ``'`` after an ``s`` that a word goes on after (``the Peoples’ Republic``,
  ``the countries’ leaders``) is an apostrophe when the word is not a function word (``[quotes]
  function_words``: ``…violations’ in the country`` closes) and the next mark (apostrophes
  inside words aside) is another of its kind that could close. Risk: a quotation ending in a
  plural before a noun with a possessive after it (``‘the farms’ crops the countries’ …``)
  runs on to the possessive.

A mark without a partner is a stray (a ``quote.unbalanced`` note for the stage), never an
error: extraction loses marks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..text import WORD_CHARACTERS

CLOSER_OF = {"“": "”", "«": "»", "‘": "’", '"': '"', "'": "'"}
OPENER_OF = {"”": "“", "»": "«", "’": "‘", '"': '"', "'": "'"}
MARK = re.compile("[“”«»‘’\"']")
OPENING_PLACE = frozenset("([{“«‘\"'—–-/")
DOUBLE = frozenset('“«"')  # openers inside which a straight ' may be a mark
APOSTROPHES = frozenset("’'")  # closers that are also apostrophes


@dataclass(frozen=True, slots=True)
class Pair:
    """Clean offsets of an opening mark and its closing mark, and the opening offset of the pair
    it stands in (-1 for an outermost one)."""

    open: int
    close: int
    parent: int = -1


def _opening_place(text: str, pos: int, start: int) -> bool:
    """Whether the mark at ``pos`` stands where a quotation opens (and has text after it)."""
    before_ok = pos == start or text[pos - 1].isspace() or text[pos - 1] in OPENING_PLACE
    return before_ok and pos + 1 < len(text) and not text[pos + 1].isspace()


def _may_close(text: str, pos: int, start: int) -> bool:
    """Whether the ``’`` or ``'`` at ``pos`` can close a single quotation: after a non-space,
    before a non-alphanumeric (not inside ``DPRK’s`` or before ``90s``)."""
    following = text[pos + 1 : pos + 2]
    return pos > start and not text[pos - 1].isspace() and not following.isalnum()


def _possessive_shape(text: str, pos: int, function_words: frozenset[str]) -> bool:
    """Whether the mark at ``pos`` ends a plural and a word other than a function word follows
    after one space (``Peoples’ Republic``; not ``violations’ in``, ``rose’ before``)."""
    if text[pos - 1 : pos] not in ("s", "S") or text[pos + 1 : pos + 2] != " ":
        return False
    if not text[pos + 2 : pos + 3].isalpha():
        return False
    word = WORD_CHARACTERS.match(text, pos + 2)
    return word is not None and word.group().casefold() not in function_words


def _role(text: str, pos: int, start: int, open_count: dict[str, int]) -> str | None:
    """``"open"``, ``"close"`` or None (not a quotation mark here) for the mark at ``pos``; a
    closing ``’``/``'`` is checked against what follows by :func:`pair_marks`."""
    mark = text[pos]
    if mark in "“«":
        return "open"
    if mark in "”»":
        return "close"
    if mark == '"':
        if open_count['"']:
            return "close"
        return "open" if _opening_place(text, pos, start) else "close"
    if mark == "‘":
        return "open" if _opening_place(text, pos, start) else None
    if mark == "’":
        return "close" if open_count["‘"] and _may_close(text, pos, start) else None
    if not any(open_count[m] for m in DOUBLE):
        return None  # at the top level, a straight single quote is an apostrophe
    if open_count["'"] and _may_close(text, pos, start):
        return "close"
    if _opening_place(text, pos, start) and text[pos + 1].isalpha():
        return "open"
    return None


def mark_offsets(text: str) -> list[int]:
    """The offsets of every quotation mark (or apostrophe) of ``text``, in order: found once for
    the whole text, each paragraph's share taken by :func:`marks_between` (a search per paragraph
    costs more than the pairing on a page of short paragraphs, most of which quote nothing)."""
    return [m.start() for m in MARK.finditer(text)]


def marks_between(marks: list[int], start: int, end: int) -> list[int]:
    """The offsets of ``marks`` (sorted) in ``[start, end)``."""
    return marks[bisect_left(marks, start) : bisect_left(marks, end)]


def pair_marks(
    text: str, start: int, end: int, function_words: frozenset[str], marks: list[int] | None = None
) -> tuple[list[Pair], list[int]]:
    """Every quotation pair of the paragraph ``text[start:end]``, in order of opening, each with
    the pair it stands in; and the offsets of the marks left unpaired (straight single quotes
    excepted: unpaired, they were apostrophes). ``function_words``: casefolded; ``marks``: the
    offsets of the paragraph's marks (:func:`marks_between`), if known."""
    if marks is None:
        marks = [m.start() for m in MARK.finditer(text, start, end)]
    if not marks or all(text[pos] in APOSTROPHES for pos in marks):
        return [], []  # (most paragraphs: no mark, or only apostrophes, which no ‘ or " opened)
    stack: list[tuple[str, int]] = []
    open_count = dict.fromkeys(CLOSER_OF, 0)  # the marks on the stack, by kind (the openers)
    found: list[tuple[int, int]] = []
    strays: list[int] = []
    for k, pos in enumerate(marks):
        role = _role(text, pos, start, open_count)
        if role == "open":
            stack.append((text[pos], pos))
            open_count[text[pos]] += 1
        elif role == "close":
            mark = text[pos]
            opener = OPENER_OF[mark]
            if not open_count[opener]:
                if mark != "'":
                    strays.append(pos)
                continue
            if (
                mark in APOSTROPHES
                and _possessive_shape(text, pos, function_words)
                and _later_closer(text, marks, k)
            ):
                continue  # ``the Peoples’ Republic …’``: the later mark closes
            depth = next(d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == opener)
            strays.extend(p for m, p in stack[depth + 1 :] if m != "'")
            found.append((stack[depth][1], pos))
            for m, _ in stack[depth:]:
                open_count[m] -= 1
            del stack[depth:]
    strays.extend(p for m, p in stack if m != "'")
    return _nested(found), sorted(strays)


def _later_closer(text: str, marks: list[int], k: int) -> bool:
    """Whether, after mark ``k`` (a ``’`` or ``'``), the next mark that is not an apostrophe
    inside a word is one of the same kind that could close."""
    mark = text[marks[k]]
    for pos in marks[k + 1 :]:
        if text[pos] == mark and text[pos + 1 : pos + 2].isalnum():
            continue  # ``DPRK’s``: no mark at all
        return text[pos] == mark and not text[pos - 1].isspace()
    return False


def _nested(found: list[tuple[int, int]]) -> list[Pair]:
    """The pairs in order of opening, each with the innermost pair holding it. (A stack made
    them: any two nest or are disjoint.)"""
    pairs: list[Pair] = []
    holding: list[tuple[int, int]] = []  # the chain of open pairs around the current one
    for open_, close in sorted(found):
        while holding and holding[-1][1] < open_:
            holding.pop()
        pairs.append(Pair(open_, close, holding[-1][0] if holding else -1))
        holding.append((open_, close))
    return pairs
