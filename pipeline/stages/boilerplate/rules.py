"""The ``[boilerplate]`` rules compiled once per configuration: what shape cannot tell.

Rules name chrome by its wording (``Skip to main content``, a donation appeal, a cookie notice),
photo credits by their agencies, and the headings of link lists. They are data in defaults.toml;
this module only compiles them and matches whole lines against them, many patterns at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...compiled import compiled
from ...config import BoilerplateConfig
from ..footnotes.labels import SUPERSCRIPTS
from .literals import Joined, Needs, first_characters, may_match, needs

Rule = tuple[int, str, re.Pattern[str]]  # its place among the rules, name, pattern
# A note marker closing a line (``Donate now¹``, ``Donate now.3``, ``Share this[2]``): the
# footnotes stage, later, takes it out, and a second run would then find the rule the line
# matches; so rules are matched as if it were gone (a digit after a sentence's stop only when a
# letter comes before it: ``version 1.2`` keeps its ``2``).
TRAILING_MARKER = re.compile(
    rf"(?:[{SUPERSCRIPTS}]+|\[\d{{1,3}}\]|(?<=[^\W\d_][.!?”’\"')])\d{{1,3}})\Z"
)
MARKER_LAST = frozenset(f"{SUPERSCRIPTS}]0123456789")
Gated = tuple[int, str, re.Pattern[str], Needs]  # ... and the literal text a match needs


@dataclass(frozen=True, slots=True)
class Rules:
    """``[boilerplate]`` compiled once per configuration."""

    rules: tuple[tuple[str, re.Pattern[str]], ...]
    link_lists: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    any_credit: re.Pattern[str] | None  # searches where one of `credits` does (see _joined)
    pictured: re.Pattern[str] | None  # one of `pictured`, searched
    navigation: frozenset[str]
    labels: frozenset[str]
    buttons: re.Pattern[str] | None  # a button label ending a line (see ``shape``)
    separators: re.Pattern[str] | None  # any of ``separators`` but the table bar " | "
    separator_marks: re.Pattern[str] | None  # a character of each of those, searched (None: a
    # separator of spaces only, which any line may hold)
    button_ends: frozenset[str]  # the last words of the labels: a line ending otherwise has none
    any_rule: re.Pattern[str] | None  # fullmatches where one of `rules` does (see _joined)
    any_link_list: re.Pattern[str] | None  # the same for `link_lists`
    credit_needs: Needs | None  # what a line needs for one of `credits` to match (see literals)
    pictured_needs: Needs | None  # the same for `pictured`
    # The first character of an ASCII line (lowered) -> the rules but the gated ones that can
    # fullmatch a line starting with it (see literals.first_characters), and one pattern of them.
    by_first: Mapping[str, tuple[re.Pattern[str] | None, tuple[Rule, ...]]]
    # The rules that can start with any character but need some literal text (``.* all rights
    # reserved``): tried only on the lines that hold it (see :func:`gated_lines`).
    gated: tuple[Gated, ...]


# A group reference would point to another group once the patterns are joined in one.
GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
SPACES = re.compile(r"\s+")


def _joined(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that fullmatches (or searches) a line exactly when one of ``patterns`` does:
    most lines are rejected by one attempt instead of one per pattern. None when the patterns
    cannot be joined (group references, global flags, or a group name used twice)."""
    sources = [p.pattern for p in patterns]
    if not sources or any(GROUP_REFERENCE.search(source) for source in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{source})" for source in sources), re.IGNORECASE)
    except re.error:
        return None


def _named(entries: Sequence[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    pairs = (entry.partition(": ") for entry in entries)
    return tuple((name, re.compile(pattern, re.IGNORECASE)) for name, _, pattern in pairs)


def _buttons(labels: Sequence[str]) -> re.Pattern[str] | None:
    """A button label as the last words of a line, after the line's own text: longest first,
    so ``Accept all`` wins over ``all``; spaces inside a label match any run of spaces."""
    if not labels:
        return None
    alternatives = sorted((r"\s+".join(map(re.escape, label.split())) for label in labels), key=len)
    return re.compile(rf"(?<!\S)(?:{'|'.join(reversed(alternatives))})\s*[!.]?$", re.IGNORECASE)


def _separators(separators: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for the menu separators (``" | "`` is counted with the table bars)."""
    marks = [re.escape(separator) for separator in separators if separator != " | "]
    return re.compile("|".join(marks)) if marks else None


def _marks(separators: Sequence[str]) -> re.Pattern[str] | None:
    """A character of each menu separator but the table bar, in one class: a line without one
    holds none of them (one search instead of one per separator, or the pattern's scan)."""
    marks = {mark.strip()[:1] for mark in separators if mark != " | "}
    if not marks or "" in marks:
        return None
    return re.compile("[" + "".join(map(re.escape, sorted(marks))) + "]")


def label_key(text: str) -> str:
    """How a content-type label is compared: casefolded, spaces collapsed."""
    return SPACES.sub(" ", text).strip().casefold()


@compiled
def compile_rules(options: BoilerplateConfig) -> Rules:
    """The rules of ``options``, compiled."""
    agency = "(?:" + "|".join(re.escape(a) for a in options.agencies) + ")"
    rules = _named(options.rules)
    link_lists = tuple(re.compile(p, re.IGNORECASE) for p in options.link_lists)
    credits = tuple(
        re.compile(f"(?:{p.replace('{agency}', agency)})$", re.IGNORECASE) for p in options.credits
    )
    pictured = [re.compile(p, re.IGNORECASE) for p in options.pictured]
    return Rules(
        rules,
        link_lists,
        credits,
        _joined(credits),
        _joined(pictured),
        frozenset(word.casefold() for word in options.navigation_words),
        frozenset(label_key(label) for label in options.labels),
        _buttons(options.buttons),
        _separators(options.separators),
        _marks(options.separators),
        frozenset(label.split()[-1].casefold() for label in options.buttons if label.split()),
        _joined([rule for _, rule in rules]),
        _joined(link_lists),
        needs(credits),
        needs(pictured),
        *_by_first(rules),
    )


def _by_first(
    rules: tuple[tuple[str, re.Pattern[str]], ...],
) -> tuple[dict[str, tuple[re.Pattern[str] | None, tuple[Rule, ...]]], tuple[Gated, ...]]:
    """For each lowered ASCII character, the rules a line starting with it can fullmatch (most
    lines are tried against a few rules, not all of them), each set of rules joined once; and
    the rules that may start with anything but need some literal text."""
    starts = [first_characters(rule) for _, rule in rules]
    gated: list[Gated] = []
    for n, (name, rule) in enumerate(rules):
        required = needs([rule]) if starts[n] is None else None
        if required is not None:
            gated.append((n, name, rule, required))
    left = {n for n, *_ in gated}
    joined: dict[tuple[int, ...], re.Pattern[str] | None] = {}
    table = {}
    for char in sorted({chr(code).lower() for code in range(128)}):
        chosen = tuple(
            n
            for n, first in enumerate(starts)
            if n not in left and (first is None or char in first)
        )
        if chosen not in joined:
            joined[chosen] = _joined([rules[n][1] for n in chosen])
        table[char] = (joined[chosen], tuple((n, *rules[n]) for n in chosen))
    return table, tuple(gated)


def match(
    text: str, rules: Sequence[tuple[str, re.Pattern[str]]], joined: re.Pattern[str] | None = None
) -> str | None:
    """The name of the first rule that fullmatches ``text`` (``joined``: all of them in one)."""
    if joined is not None and not joined.fullmatch(text):
        return None
    return next((name for name, rule in rules if rule.fullmatch(text)), None)


def gated_lines(texts: Joined, rules: Rules) -> dict[int, tuple[Gated, ...]]:
    """The lines of ``texts`` (a document's lines as rules read them) that hold the rarest
    literal text of a gated rule (see :class:`Rules`), and those rules; with no pre-check, every
    line, every gated rule."""
    found: dict[int, tuple[Gated, ...]] = {}
    for gate in rules.gated:
        holding = texts.holding(gate[3])
        for line in texts.indices if holding is None else sorted(holding):
            found[line] = (*found.get(line, ()), gate)
    return found


def rule_name(text: str, rules: Rules, gated: tuple[Gated, ...]) -> str | None:
    """The name of the first of ``rules.rules`` that fullmatches ``text``, tried only against
    the rules that can start with its first character and the ``gated`` ones of its document
    (from :func:`gated_lines`) whose literal text it holds; a note marker closing it is left
    out (:data:`TRAILING_MARKER`)."""
    if text[-1:] in MARKER_LAST:
        text = TRAILING_MARKER.sub("", text)
    first = text[:1]
    if not first or not first.isascii():
        return match(text, rules.rules, rules.any_rule)
    joined, chosen = rules.by_first[first.lower()]
    best = None
    if chosen and (joined is None or joined.fullmatch(text)):
        best = next((n for n, _, rule in chosen if rule.fullmatch(text)), None)
    for n, _, rule, required in gated:
        if best is not None and n > best:
            break
        if may_match(text, required) and rule.fullmatch(text):
            best = n
            break
    return None if best is None else rules.rules[best][0]


def link_list_heading(text: str, rules: Rules) -> bool:
    """``text`` is the heading of a list of links (``Related articles``)."""
    if rules.any_link_list is not None:
        return rules.any_link_list.fullmatch(text) is not None
    return any(h.fullmatch(text) for h in rules.link_lists)
