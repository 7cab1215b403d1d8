"""The ``[boilerplate]`` rules compiled once per configuration: what shape cannot tell.

Rules name chrome by its wording (``Skip to main content``, a donation appeal, a cookie notice),
photo credits by their agencies, and the headings of link lists. They are data in defaults.toml;
this module only compiles them and matches whole lines against them, many patterns at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ...config import BoilerplateConfig
from .literals import Needs, needs


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
    button_ends: frozenset[str]  # the last words of the labels: a line ending otherwise has none
    any_rule: re.Pattern[str] | None  # fullmatches where one of `rules` does (see _joined)
    any_link_list: re.Pattern[str] | None  # the same for `link_lists`
    credit_needs: Needs | None  # what a line needs for one of `credits` to match (see literals)
    pictured_needs: Needs | None  # the same for `pictured`


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


def label_key(text: str) -> str:
    """How a content-type label is compared: casefolded, spaces collapsed."""
    return SPACES.sub(" ", text).strip().casefold()


@lru_cache(maxsize=8)
def compile_rules(options: BoilerplateConfig) -> Rules:
    """The rules of ``options``, compiled (cached: one configuration per run)."""
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
        frozenset(label.split()[-1].casefold() for label in options.buttons if label.split()),
        _joined([rule for _, rule in rules]),
        _joined(link_lists),
        needs(credits),
        needs(pictured),
    )


def match(
    text: str, rules: Sequence[tuple[str, re.Pattern[str]]], joined: re.Pattern[str] | None = None
) -> str | None:
    """The name of the first rule that fullmatches ``text`` (``joined``: all of them in one)."""
    if joined is not None and not joined.fullmatch(text):
        return None
    return next((name for name, rule in rules if rule.fullmatch(text)), None)


def link_list_heading(text: str, rules: Rules) -> bool:
    """``text`` is the heading of a list of links (``Related articles``)."""
    if rules.any_link_list is not None:
        return rules.any_link_list.fullmatch(text) is not None
    return any(h.fullmatch(text) for h in rules.link_lists)


# Memos hold this many lines at most: a corpus's lines repeat (a site's menus and footers, the
# same page through several converters), its prose seldom.
MAX_MEMO_LINES = 100_000
NO_RULE = ""  # memoised: no rule matched


@dataclass(frozen=True, slots=True)
class Verdicts:
    """Memos of what the patterns of one :class:`Rules` said of a line's text (pure functions
    of the text, so a line seen again in the corpus is not matched again)."""

    rule_names: dict[str, str] = field(default_factory=dict)  # judged text -> rule or NO_RULE
    credits: dict[str, tuple[int, bool] | None] = field(default_factory=dict)  # see captions
    pictured: dict[str, bool] = field(default_factory=dict)  # judged text -> names who is


@lru_cache(maxsize=8)
def verdicts(rules: Rules) -> Verdicts:
    """The memos for ``rules`` (asked once per document: hashing ``rules`` is not free)."""
    return Verdicts()


def rule_name(text: str, rules: Rules, memo: Verdicts) -> str | None:
    """:func:`match` of ``rules.rules`` against ``text``, through ``memo``."""
    name = memo.rule_names.get(text)
    if name is None:
        if len(memo.rule_names) >= MAX_MEMO_LINES:
            memo.rule_names.clear()
        name = memo.rule_names[text] = match(text, rules.rules, rules.any_rule) or NO_RULE
    return name or None
