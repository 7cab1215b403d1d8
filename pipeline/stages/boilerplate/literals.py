"""Cheap exact pre-checks for the costly patterns: the literal text a match cannot do without.

A pattern such as ``©\\s*(\\d{4}\\s+)?…(Reuters|AP|…)`` can only match a line that holds ``©``
and one of the agencies; ``in`` tests on the lowered line say so far faster than a search that
tries the pattern at every position. :func:`needs` reads what each pattern requires from its
parsed form (the configured patterns, never a list written here), :func:`may_match` tests a
line against it: False only when no pattern can match, so a line that passes is still matched
by the pattern itself and the verdicts stay those of the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

try:  # the parser of the ``re`` module (``sre_parse`` before Python 3.11)
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as parser

# A pattern's needs: for each of its alternatives, literal sets a match holds one member of each.
Needs = tuple[tuple[frozenset[str], ...], ...]
# Characters that match an ASCII letter case-insensitively but do not lower to it one for one
# (Python's ``re`` folds them with ``i``, ``s``, ``k``): a line holding one is matched directly.
CASE_FOLDS = frozenset("\u0130\u0131\u017f\u212a")
CONSTANTS = parser  # the opcodes: LITERAL, IN, BRANCH, SUBPATTERN, MAX_REPEAT …


def _usable(code: int) -> str | None:
    """The character ``code`` as a lowered line holds it, or None when case folding could
    match it otherwise (a non-ASCII letter: ``re`` folds a few of them in its own way)."""
    char = chr(code)
    if char.isascii() or char.lower() == char.upper():
        return char.lower()
    return None


def _best(sets: Sequence[frozenset[str]]) -> frozenset[str] | None:
    """Of a sequence's required sets, the one whose shortest member is longest (the rarest)."""
    return max(sets, key=lambda s: min(map(len, s)), default=None)


def _required(items: Iterable[tuple[object, object]]) -> list[frozenset[str]]:
    """Literal sets a match of the parsed sequence ``items`` holds one member of each."""
    found: list[frozenset[str]] = []
    run = ""
    for op, arg in items:
        char = _usable(arg) if op is CONSTANTS.LITERAL and isinstance(arg, int) else None
        if char is not None:
            run += char
            continue
        if run:
            found.append(frozenset([run]))
        run = ""
        if op is CONSTANTS.SUBPATTERN:
            found.extend(_required(arg[-1]))  # type: ignore[index]
        elif op in (CONSTANTS.MAX_REPEAT, CONSTANTS.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
            found.extend(_required(arg[2]))  # type: ignore[index]
        elif op is CONSTANTS.BRANCH:
            choices = [_best(_required(branch)) for branch in arg[1]]  # type: ignore[index]
            if choices and all(choice is not None for choice in choices):
                found.append(frozenset().union(*choices))  # type: ignore[arg-type]
        elif op is CONSTANTS.IN:
            chars = [
                _usable(a) if o is CONSTANTS.LITERAL else None
                for o, a in arg  # type: ignore[attr-defined]
            ]
            if chars and all(chars):
                found.append(frozenset(c for c in chars if c))
    if run:
        found.append(frozenset([run]))
    return [s for s in found if all(s)]  # an empty member would hold in any line


def needs(patterns: Sequence[re.Pattern[str]]) -> Needs | None:
    """What a match of one of ``patterns`` needs (see the module); None when one of them needs
    nothing a pre-check can test (then every line is matched directly)."""
    alternatives: list[tuple[frozenset[str], ...]] = []
    for pattern in patterns:
        try:
            parsed = parser.parse(pattern.pattern, pattern.flags)
        except Exception:  # a parser of another Python version: no pre-check
            return None
        branches = list(parsed)
        if len(branches) == 1 and branches[0][0] is CONSTANTS.BRANCH:  # "a|b": each one's own
            required = [tuple(_required(branch)) for branch in branches[0][1][1]]
        else:
            required = [tuple(_required(branches))]
        if any(not sets for sets in required):
            return None
        alternatives.extend(required)
    return tuple(alternatives) if alternatives else None


def may_match(text: str, required: Needs | None) -> bool:
    """``text`` holds what one of the patterns needs (True when there is no pre-check)."""
    if required is None or not (text.isascii() or CASE_FOLDS.isdisjoint(text)):
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
