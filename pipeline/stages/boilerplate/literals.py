"""Cheap exact pre-checks for the costly patterns: the literal text a match cannot do without.

A pattern such as ``©\\s*(\\d{4}\\s+)?…(Reuters|AP|…)`` can only match a line that holds ``©``
and one of the agencies; ``in`` tests on the lowered line say so far faster than a search that
tries the pattern at every position. And a rule such as ``(share|tweet)( this)?`` can only
fullmatch a line that starts with ``s`` or ``t``: a line is matched against the rules that can
start with its first character only. Both are read from the configured patterns themselves
(never a list written here) by a small reader of the pattern syntax (:func:`_read`) that knows
the constructs the rules use and gives up on any other (then that pattern has no pre-check):
:func:`needs` says what each pattern requires, :func:`may_match` tests a line against it,
:func:`first_characters` what a match can start with. A pre-check answers False only where no
pattern can match, so the verdicts stay those of the patterns.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import cast

# A pattern's needs: for each of its alternatives, literal sets a match holds one member of each.
Needs = tuple[tuple[frozenset[str], ...], ...]
# Characters that match an ASCII letter case-insensitively but do not lower to it one for one
# (Python's ``re`` folds them with ``i``, ``s``, ``k``): a line holding one is matched directly.
CASE_FOLDS = frozenset("\u0130\u0131\u017f\u212a")
QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")
CLASS_ESCAPES = frozenset("dDwWsS")  # one character of a class: any, for the pre-checks
ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}


class _Unreadable(Exception):
    """A construct the reader does not know: the pattern gets no pre-check."""


# The parsed pattern: ("lit", char) | ("set", chars or None for any) | ("zero",) for what
# matches no character | ("seq", items) | ("alt", branches) | ("rep", item, minimum).
Node = tuple[object, ...]


@dataclass
class _Reader:
    """Reads one pattern's source, left to right (see :func:`_read`)."""

    source: str
    at: int = 0

    def peek(self) -> str:
        return self.source[self.at : self.at + 1]

    def take(self) -> str:
        char = self.peek()
        if not char:
            raise _Unreadable("unexpected end")
        self.at += 1
        return char

    def alternation(self) -> Node:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", tuple(branches))

    def sequence(self) -> Node:
        items: list[Node] = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.quantified(self.atom()))
        return ("seq", tuple(items))

    def quantified(self, item: Node) -> Node:
        char = self.peek()
        if char in ("*", "+", "?"):
            self.at += 1
            minimum = 1 if char == "+" else 0
        elif char == "{" and (found := QUANTIFIER.match(self.source, self.at)) is not None:
            low, comma, high = found.groups()
            if not (low or comma or high):
                return item  # "{}" is no quantifier: the brace is a literal, read next
            self.at = found.end()
            minimum = int(low or 0)
        else:
            return item
        if self.peek() in ("?", "+"):  # lazy or possessive: the same characters
            self.at += 1
        return ("rep", item, minimum)

    def atom(self) -> Node:
        char = self.take()
        if char == "(":
            return self.group()
        if char == "[":
            return self.char_class()
        if char == ".":
            return ("set", None)
        if char in ("^", "$"):
            return ("zero",)
        if char == "\\":
            return self.escape()
        if char in ("*", "+", "?"):
            raise _Unreadable("nothing to repeat")
        return ("lit", char)

    def escape(self) -> Node:
        char = self.take()
        if char in CLASS_ESCAPES:
            return ("set", None)
        if char in ZERO_WIDTH_ESCAPES:
            return ("zero",)
        if char in CONTROL_ESCAPES:
            return ("lit", CONTROL_ESCAPES[char])
        if char.isascii() and char.isalnum():  # references, \x, \u, \N …: not read here
            raise _Unreadable(f"escape \\{char}")
        return ("lit", char)

    def group(self) -> Node:
        zero = False
        if self.peek() == "?":
            self.at += 1
            kind = self.take()
            if kind in ("=", "!"):
                zero = True
            elif kind == "<" and self.peek() in ("=", "!"):
                self.at += 1
                zero = True
            elif kind == "P" and self.peek() == "<":
                end = self.source.find(">", self.at)
                if end < 0:
                    raise _Unreadable("group name")
                self.at = end + 1
            elif kind == "#":
                end = self.source.find(")", self.at)
                if end < 0:
                    raise _Unreadable("comment")
                self.at = end + 1
                return ("zero",)
            elif kind not in (":", ">"):
                self.at -= 1
                flags = self.scoped_flags()
                if flags is None:
                    return ("zero",)  # global flags, read as the pattern's (see _read)
        inner = self.alternation()
        if self.take() != ")":
            raise _Unreadable("unclosed group")
        return ("zero",) if zero else inner

    def scoped_flags(self) -> str | None:
        """The flags of ``(?i-s:…)`` (None for ``(?i)``, which has no group to read)."""
        start = self.at
        while self.peek() and self.peek() in "aiLmsux-":
            self.at += 1
        flags, end = self.source[start : self.at], self.take()
        if not flags or "x" in flags.partition("-")[0] or end not in (":", ")"):
            raise _Unreadable(f"group (?{flags}{end}")
        return flags if end == ":" else None

    def char_class(self) -> Node:
        chars: list[str] = []
        known = self.peek() != "^"
        if not known:
            self.at += 1
        first = True
        while True:
            char = self.take()
            if char == "]" and not first:
                break
            first = False
            if char == "\\":
                escaped = self.take()
                if escaped in CONTROL_ESCAPES:
                    char = CONTROL_ESCAPES[escaped]
                elif escaped.isascii() and escaped.isalnum():
                    known, char = False, ""  # \d, \w, \x41 …: a set not read here
                else:
                    char = escaped
            elif char == "-" and chars and self.peek() not in ("]", ""):
                known = False  # a range
            elif char == "[" and self.peek() in (":", "=", "."):
                raise _Unreadable("nested set")
            if char:
                chars.append(char)
        return ("set", frozenset(chars) if known and chars else None)


def _read(pattern: re.Pattern[str]) -> Node | None:
    """``pattern`` parsed (see :data:`Node`), or None when it holds what the reader does not
    know (or is verbose: its spaces would not be literals)."""
    if pattern.flags & re.VERBOSE:
        return None
    reader = _Reader(pattern.pattern)
    try:
        node = reader.alternation()
        if reader.at != len(reader.source):
            raise _Unreadable("unbalanced )")
    except _Unreadable:
        return None
    return node


def _usable(char: str) -> str | None:
    """``char`` as a lowered line holds it, or None when case folding could match it otherwise
    (a non-ASCII letter: ``re`` folds a few of them in its own way)."""
    if char.isascii() or char.lower() == char.upper():
        return char.lower()
    return None


def rarest(sets: Sequence[frozenset[str]]) -> frozenset[str] | None:
    """Of a sequence's required sets, the one whose shortest member is longest (the rarest)."""
    return max(sets, key=lambda s: min(map(len, s)), default=None)


def _required(node: Node) -> list[frozenset[str]]:
    """Literal sets a match of ``node`` holds one member of each."""
    kind = node[0]
    if kind == "alt":
        choices = [rarest(_required(branch)) for branch in node[1]]  # type: ignore[attr-defined]
        if choices and all(choice is not None for choice in choices):
            return [frozenset().union(*choices)]  # type: ignore[arg-type]
        return []
    if kind == "rep":
        return _required(node[1]) if node[2] >= 1 else []  # type: ignore[arg-type,operator]
    if kind == "set":
        chars = node[1]
        usable = [_usable(c) for c in chars] if chars is not None else []  # type: ignore[attr-defined]
        return [frozenset(usable)] if usable and all(usable) else []  # type: ignore[arg-type]
    if kind == "lit":
        char = _usable(node[1])  # type: ignore[arg-type]
        return [frozenset([char])] if char else []
    if kind != "seq":
        return []
    found: list[frozenset[str]] = []
    run = ""
    for item in node[1]:  # type: ignore[attr-defined]
        char = _usable(item[1]) if item[0] == "lit" else None
        if char is not None:
            run += char
            continue
        if run:
            found.append(frozenset([run]))
        run = ""
        found.extend(_required(item))
    if run:
        found.append(frozenset([run]))
    return [s for s in found if all(s)]  # an empty member would hold in any line


def needs(patterns: Sequence[re.Pattern[str]]) -> Needs | None:
    """What a match of one of ``patterns`` needs (see the module); None when one of them needs
    nothing a pre-check can test (then every line is matched directly)."""
    alternatives: list[tuple[frozenset[str], ...]] = []
    for pattern in patterns:
        node = _read(pattern)
        if node is None:
            return None
        branches = cast(tuple[Node, ...], node[1]) if node[0] == "alt" else (node,)
        required = [tuple(_required(branch)) for branch in branches]
        if any(not sets for sets in required):
            return None
        alternatives.extend(required)
    return tuple(alternatives) if alternatives else None


def folds_otherwise(text: str) -> bool:
    """``text`` holds one of :data:`CASE_FOLDS` (four searches: no loop over the characters)."""
    return not text.isascii() and any(char in text for char in CASE_FOLDS)


def may_match(text: str, required: Needs | None) -> bool:
    """``text`` holds what one of the patterns needs (True when there is no pre-check)."""
    if required is None or folds_otherwise(text):
        return True
    lowered = text.lower()
    for sets in required:  # plain loops: this runs on most lines, and must cost less than a search
        for one in sets:
            for literal in one:
                if literal in lowered:
                    break
            else:
                break  # this alternative lacks one of its needs
        else:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Joined:
    """A document's lines joined and lowered once, for :meth:`holding`: a few searches over
    the whole text instead of a test of each line."""

    lowered: str | None  # None when lowering could move offsets or miss a fold (CASE_FOLDS)
    starts: tuple[int, ...]  # where each line starts in ``lowered``
    indices: tuple[int, ...]  # the lines' own indices (in the document)

    @classmethod
    def of(cls, texts: Sequence[str], indices: Sequence[int]) -> Joined:
        joined = "\n".join(texts)
        starts = tuple(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
        return cls(None if folds_otherwise(joined) else joined.lower(), starts, tuple(indices))

    def holding(self, required: Needs | None) -> frozenset[int] | None:
        """The indices of the lines that may hold what one of the alternatives of ``required``
        needs (a superset of the lines :func:`may_match` passes); None when any line may. An
        alternative's rarest set (:func:`rarest`) is searched for; where the text holds a member
        of it and of each other set, the lines holding that member are kept."""
        lowered = self.lowered
        if required is None or lowered is None:
            return None
        found: set[int] = set()
        for sets in required:
            fewest = rarest(sets) or frozenset()
            hits = [at for literal in fewest for at in _finds(lowered, literal)]
            if hits and all(any(literal in lowered for literal in one) for one in sets):
                found.update(self.indices[bisect_right(self.starts, at) - 1] for at in hits)
        return frozenset(found)


def _finds(text: str, literal: str) -> Iterator[int]:
    """Where ``literal`` occurs in ``text`` (overlaps too)."""
    at = text.find(literal)
    while at >= 0:
        yield at
        at = text.find(literal, at + 1)


def _first(node: Node) -> tuple[frozenset[str] | None, bool]:
    """The lowered characters a match of ``node`` can start with (None: any), and whether it
    can match nothing at all."""
    kind = node[0]
    if kind == "lit":
        char = _usable(node[1])  # type: ignore[arg-type]
        return (None if char is None else frozenset([char])), False
    if kind == "set":
        chars = node[1]
        usable = [_usable(c) for c in chars] if chars is not None else [None]  # type: ignore[attr-defined]
        return (frozenset(usable) if all(usable) else None), False  # type: ignore[arg-type]
    if kind == "zero":
        return frozenset(), True
    if kind == "rep":
        first, empty = _first(node[1])  # type: ignore[arg-type]
        return first, empty or node[2] == 0
    items = node[1]
    found: frozenset[str] = frozenset()
    if kind == "alt":
        empty = False
        for branch in items:  # type: ignore[attr-defined]
            first, can = _first(branch)
            if first is None:
                return None, True
            found, empty = found | first, empty or can
        return found, empty
    for item in items:  # type: ignore[attr-defined]
        first, empty = _first(item)
        if first is None:
            return None, True
        found |= first
        if not empty:
            return found, False
    return found, True


def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The lowered characters a line that ``pattern`` matches at its start can begin with: an
    ASCII line starting otherwise is not matched (None when any line might be: the pattern
    can match nothing, starts with a class, or is not read)."""
    node = _read(pattern)
    if node is None:
        return None
    first, empty = _first(node)
    return None if empty else first
