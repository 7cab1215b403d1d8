"""A static check that refuses regexes with exponential backtracking, before they are compiled.

Python's ``re`` backtracks: ``(a+)+$`` tried on ``aaaa…a!`` tries every way of cutting the
``a``s between the two loops, 2^n of them, and a run hangs on one line. Every user regex of the
config (boilerplate rules, page patterns, …) passes :func:`hazard` first; so do the defaults.

Exponential backtracking needs a loop (``*``, ``+``, ``{m,n}`` with n ≥ 2) whose body can match
the same text in more than one way. The check looks, inside each such loop, for the two shapes
that make it so, using the characters each piece can start with (over a probe alphabet: ASCII,
Latin-1 and the pattern's own characters):

1. a variable-length piece (``\\w+``, ``\\s*``, ``x?``) followed — through the rest of the body and
   round to the body's start — by something that can start with a character the piece can take:
   ``(a+)+``, ``(\\s*\\w+)*``, ``(\\s*[|·]?\\s*word)*``;
2. an alternation whose branches can match the same text, or one branch a prefix of another
   that the loop can then continue: ``(a|a)*``, ``(a|aa)*`` (but not ``(x|xy)*``);

and a body that can match the empty string (``(a*)*``). A piece that cannot be backtracked into
— a possessive repeat ``\\s*+``, an atomic group ``(?>…)`` — makes no choice, so is never the first
half of shape 1: that is how a pattern is made linear without changing what it matches.

False positives risked: the check is conservative, so a regex that only looks ambiguous at one
character (``(ab|ac)*`` is fine, but branches with loops that start alike are refused) must be
rewritten with an atomic group. Polynomial backtracking (``\\s*\\s*$``, quadratic) is not refused.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

LOOPS = (C.MAX_REPEAT, C.MIN_REPEAT)
MAX_EXPANSIONS = 64  # fixed strings a branch is expanded into before it counts as "not simple"
BASE_PROBES = frozenset(chr(c) for c in range(256)) | frozenset("\u2028\u2013\u2014\u2019·•→»›")

Chars = frozenset[str]
Prefix = tuple[Chars, ...]
END: Chars = frozenset()  # in a prefix: the text ends here (``$``), so nothing can follow


class _Checker:
    def __init__(self, parsed: Any) -> None:
        self.probes = BASE_PROBES | frozenset(
            chr(code) for code in _literals(parsed.data) if code < 0x110000
        )
        self.ignore_case = bool(parsed.state.flags & re.IGNORECASE)
        self.dot_all = bool(parsed.state.flags & re.DOTALL)

    # --- what a piece can start with --------------------------------------------------------

    def leaf(self, op: Any, av: Any) -> Chars | None:
        """The characters a one-character item matches; None if ``op`` is not one."""
        if op is C.LITERAL:
            return self._cased(frozenset({chr(av)}))
        if op is C.NOT_LITERAL:
            return self.probes - self._cased(frozenset({chr(av)}))
        if op is C.ANY:
            return self.probes if self.dot_all else self.probes - {"\n"}
        if op is C.IN:
            return self._in(av)
        return None

    def _cased(self, chars: Chars) -> Chars:
        if not self.ignore_case:
            return chars
        folded = {c.casefold() for c in chars}
        return chars | {p for p in self.probes if p.casefold() in folded}

    def _in(self, items: list[tuple[Any, Any]]) -> Chars:
        negate = any(op is C.NEGATE for op, _ in items)
        chosen: set[str] = set()
        for op, av in items:
            if op is C.LITERAL:
                chosen.add(chr(av))
            elif op is C.RANGE:
                chosen |= {p for p in self.probes if av[0] <= ord(p) <= av[1]}
            elif op is C.CATEGORY:
                pattern = re.compile(f"[{_CATEGORIES.get(av, '.')}]", re.DOTALL)
                chosen |= {p for p in self.probes if pattern.match(p)}
        cased = self._cased(frozenset(chosen))
        return self.probes - cased if negate else cased

    def first(self, seq: list[Any]) -> tuple[Chars, bool]:
        """``(characters a match of seq can start with, whether it can match nothing)``; an end
        anchor (``$``, ``\\Z``) stops it: after it, nothing more can be taken (``$`` before a final
        newline is an ambiguity of one character, not a loop's)."""
        found: set[str] = set()
        for op, av in seq:
            chars, empty = self._first_item(op, av)
            found |= chars
            if not empty:
                return frozenset(found), False
        return frozenset(found), True

    def _first_item(self, op: Any, av: Any) -> tuple[Chars, bool]:
        leaf = self.leaf(op, av)
        if leaf is not None:
            return leaf, False
        if op is C.AT:
            if av in (C.AT_END, C.AT_END_STRING):
                return frozenset(), False  # nothing is taken after the end
            return frozenset(), True
        if op in (C.ASSERT, C.ASSERT_NOT):
            return frozenset(), True
        if op is C.BRANCH:
            branches = [self.first(list(b)) for b in av[1]]
            return frozenset().union(*(c for c, _ in branches)), any(e for _, e in branches)
        if op is C.SUBPATTERN:
            return self.first(list(av[3]))
        if op is C.ATOMIC_GROUP:
            return self.first(list(av))
        if op in (*LOOPS, C.POSSESSIVE_REPEAT):
            chars, empty = self.first(list(av[2]))
            return chars, empty or av[0] == 0
        return self.probes, True  # group references and conditionals: anything

    # --- the two shapes ---------------------------------------------------------------------

    def hazard(self, seq: list[Any]) -> str | None:
        for op, av in seq:
            found = self._hazard_item(op, av)
            if found:
                return found
        return None

    def _hazard_item(self, op: Any, av: Any) -> str | None:
        if op in LOOPS and av[1] >= 2:
            body = list(av[2])
            if self.first(body)[1]:
                return "a repeated group that can match the empty string"
            found = self._ambiguous(body, body)
            if found:
                return found
        for child in _children(op, av):
            found = self.hazard(child)
            if found:
                return found
        return None

    def _ambiguous(self, seq: list[Any], after: list[Any]) -> str | None:
        """Shape 1 or 2 in ``seq``, which the items ``after`` follow (the rest of the loop's
        body, then the body again)."""
        for index, (op, av) in enumerate(seq):
            follow = [*seq[index + 1 :], *after]
            variable = op in LOOPS and av[0] != av[1]  # a piece that backtracks
            if variable and self._clash(self.prefixes(list(av[2])), self.prefixes(follow)):
                return "a repeat inside a repeat that can split the same text two ways"
            if op is C.BRANCH:
                found = self._overlapping(av[1], self.first(follow)[0])
                if found:
                    return found
            inner = _inner(op, av)
            if inner is not None:
                found = self._ambiguous(inner, follow)
                if found:
                    return found
        return None

    @staticmethod
    def _clash(ones: list[Prefix] | None, others: list[Prefix] | None) -> bool:
        """Whether a text can start like one of ``ones`` and like one of ``others`` (unknown:
        yes)."""
        if ones is None or others is None:
            return True
        return any(
            a and b and all(x & y for x, y in zip(a, b, strict=False)) for a in ones for b in others
        )

    def prefixes(self, seq: list[Any], k: int = 2) -> list[Prefix] | None:
        """The first ``k`` characters (as sets) of the texts ``seq`` matches, fewer where it
        ends sooner; None if too many to list."""
        return [prefix for prefix, _ in self._pre(seq, k) or [((), True)]] if seq else [()]

    def _pre(self, seq: list[Any], k: int) -> list[tuple[Prefix, bool]] | None:
        """``(prefix, whole)`` pairs: ``whole`` when all of ``seq`` is matched by the prefix."""
        states: list[tuple[Prefix, bool]] = [((), True)]
        for op, av in seq:
            grown: list[tuple[Prefix, bool]] = []
            for prefix, whole in states:
                if not whole or len(prefix) >= k:
                    grown.append((prefix, False))
                    continue
                options = self._pre_item(op, av, k - len(prefix))
                if options is None:
                    return None
                grown += [(prefix + part, done) for part, done in options]
            states = list(dict.fromkeys(grown))
            if len(states) > MAX_EXPANSIONS * 4:
                return None
        return states

    def _pre_item(self, op: Any, av: Any, k: int) -> list[tuple[Prefix, bool]] | None:
        leaf = self.leaf(op, av)
        if leaf is not None:
            return [((leaf,), True)]
        if op is C.AT:
            if av in (C.AT_END, C.AT_END_STRING):
                return [((END,), False)]  # the text ends: it starts like nothing longer
            return [((), True)]
        if op in (C.ASSERT, C.ASSERT_NOT):
            return [((), True)]
        if op is C.SUBPATTERN:
            return self._pre(list(av[3]), k)
        if op is C.ATOMIC_GROUP:
            return self._pre(list(av), k)
        if op is C.BRANCH:
            out: list[tuple[Prefix, bool]] = []
            for branch in av[1]:
                part = self._pre(list(branch), k)
                if part is None:
                    return None
                out += part
            return out
        if op in (*LOOPS, C.POSSESSIVE_REPEAT):
            low, high, body = av[0], av[1], list(av[2])
            if high <= 1:
                part = self._pre(body, k)
                return None if part is None else ([((), True)] if low == 0 else []) + part
            # Unrolled: k + 1 repeats are more than a prefix of k characters can show.
            must, may = min(low, k + 1), min(high, k + 1)
            optional = (C.MAX_REPEAT, (0, 1, body))
            return self._pre(body * must + [optional] * (may - must), k)
        return None

    def _overlapping(self, branches: list[Any], follow: Chars) -> str | None:
        expanded = [self.expand(list(b)) for b in branches]
        for i, one in enumerate(expanded):
            for j in range(i + 1, len(expanded)):
                other = expanded[j]
                if one is None or other is None:
                    firsts = self.first(list(branches[i]))[0] & self.first(list(branches[j]))[0]
                    if firsts:
                        return "alternatives in a repeat that can start alike"
                    continue
                for a in one:
                    for b in other:
                        short, long = (a, b) if len(a) <= len(b) else (b, a)
                        if all(x & y for x, y in zip(short, long, strict=False)) and (
                            len(short) == len(long) or long[len(short)] & follow
                        ):
                            return "alternatives in a repeat that can match the same text"
        return None

    def expand(self, seq: list[Any]) -> list[tuple[Chars, ...]] | None:
        """Every fixed sequence of character sets ``seq`` matches, if few (None otherwise)."""
        results: list[tuple[Chars, ...]] = [()]
        for op, av in seq:
            options = self._expand_item(op, av)
            if options is None:
                return None
            results = [r + o for r in results for o in options]
            if len(results) > MAX_EXPANSIONS:
                return None
        return results

    def _expand_item(self, op: Any, av: Any) -> list[tuple[Chars, ...]] | None:
        leaf = self.leaf(op, av)
        if leaf is not None:
            return [(leaf,)]
        if op is C.SUBPATTERN:
            return self.expand(list(av[3]))
        if op is C.BRANCH:
            out: list[tuple[Chars, ...]] = []
            for branch in av[1]:
                part = self.expand(list(branch))
                if part is None:
                    return None
                out += part
            return out
        if op in LOOPS and av[1] <= 1:  # x?
            part = self.expand(list(av[2]))
            return None if part is None else ([()] if av[0] == 0 else []) + part
        return None


# Category codes of the parser, as a character class says them.
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}


def _inner(op: Any, av: Any) -> list[Any] | None:
    """The sequence inside a group that the enclosing loop can backtrack into."""
    if op is C.SUBPATTERN:
        return list(av[3])
    if op in LOOPS and av[1] <= 1:
        return list(av[2])
    return None


def _children(op: Any, av: Any) -> list[list[Any]]:
    if op is C.SUBPATTERN:
        return [list(av[3])]
    if op in (*LOOPS, C.POSSESSIVE_REPEAT):
        return [list(av[2])]
    if op is C.ATOMIC_GROUP:
        return [list(av)]
    if op is C.BRANCH:
        return [list(b) for b in av[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]
    if op is C.GROUPREF_EXISTS:
        return [list(b) for b in av[1:] if b is not None]
    return []


def _literals(seq: Any) -> list[int]:
    found: list[int] = []
    for op, av in seq:
        if op in (C.LITERAL, C.NOT_LITERAL):
            found.append(av)
        elif op is C.IN:
            found += [v for o, v in av if o is C.LITERAL]
        for child in _children(op, av):
            found += _literals(child)
    return found


@lru_cache(maxsize=4096)  # the defaults are checked again with every user config
def hazard(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """Why ``pattern`` can backtrack exponentially, or None. It must compile.

    >>> hazard(r"(a+)+$")
    'a repeat inside a repeat that can split the same text two ways'
    >>> hazard(r"(a|a)*")
    'alternatives in a repeat that can match the same text'
    >>> hazard(r"(\\s*+[|·]?\\s*+(facebook|x))*") is None
    True
    """
    parsed = P.parse(pattern, flags)
    checker = _Checker(parsed)
    return checker.hazard(list(parsed.data))
