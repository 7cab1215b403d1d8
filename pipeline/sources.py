"""The sources table compiled: who a quotation is attributed to, by name or by document symbol.

``[sources]`` (:class:`~pipeline.config.SourcesConfig`) lists each source with its aliases (the
names texts give it), the UN document symbols of its texts, and patterns for families of symbols.
A :class:`SourceTable` does three things with it:

* :meth:`SourceTable.mentions` finds the sources a stretch of text names — an alias as whole words
  (an alias in capitals, an acronym, only in capitals; a slash is no word break, so ``HRC`` is not
  read inside ``A/HRC/25/63``), or a symbol. The ``quotes`` stage reads a quotation's attribution
  from them. Risks: a generic alias (``Special Rapporteur``, ``the commission``) is read as the
  table's source wherever it stands; a longer name of another body that holds an alias is missed
  unless the source's ``exclude`` lists it;
* :meth:`SourceTable.source_of` resolves a quotation to a source id: its attribution (a source's
  name or a symbol), else the first document its footnote cites that the table knows;
* :meth:`SourceTable.lookup` resolves what a user typed for ``--source`` — any id, alias or symbol,
  in any case — and otherwise raises a one-line :class:`~pipeline.errors.ConfigError` naming the
  closest names.

>>> from pipeline import Config
>>> table = source_table(Config.load().sources)
>>> [(m.name, m.source) for m in table.mentions("The COI told the commission.", 0, 28)]
[('Commission of Inquiry', 'coi'), ('Commission of Inquiry', 'coi')]
>>> table.lookup("commission of inquiry"), table.resolve("A/HRC/25/CRP.1"), table.resolve("coi")
('coi', 'coi', 'coi')
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from .compiled import compiled
from .config import QuotedSource, SourcesConfig, name_key
from .document import Citation
from .errors import ConfigError

NOT_A_WORD = r"[\w/]"  # a name is not matched inside a longer word or a symbol
APOSTROPHES = "['’]"  # a straight apostrophe in an alias matches either one in the text


@dataclass(frozen=True, slots=True)
class Mention:
    """A source named in a text: the span of the name, what an attribution reports for it (the
    source's first alias, or the symbol as written), and the source's id."""

    start: int
    end: int
    name: str
    source: str


@dataclass(frozen=True, slots=True)
class _Group:
    """What a group of a mention pattern stands for: a source's alias, or one of its symbols."""

    source: int  # index in SourceTable.sources
    symbol: bool


@dataclass(frozen=True, slots=True)
class _Source:
    """A row of the table as mentions need it."""

    id: str
    name: str  # its first alias, what an attribution reports
    exclude: re.Pattern[str] | None  # longer names of other bodies its mentions are not part of
    reach: int  # length of the longest excluded name: how far around a mention to look


@dataclass(frozen=True, slots=True)
class SourceTable:
    """The compiled sources table; build it with :func:`source_table`.

    Mentions are found by two patterns of every source's names, longest first (so the longest
    name at a place wins, whichever source it is of), one group per name: the names in lower
    case, searched in the text lowered (case-insensitive regexes of many names are several
    times slower), and the acronyms and symbols, searched in the text as it is."""

    sources: tuple[_Source, ...]
    lowered: re.Pattern[str] | None  # names, in lower case
    exact: re.Pattern[str] | None  # acronyms and symbols
    groups: Mapping[str, _Group]  # group name -> what it stands for
    names: Mapping[str, str]  # name_key of every id, alias and symbol -> source id
    families: tuple[tuple[re.Pattern[str], str], ...]  # symbol pattern -> source id
    spelled: Mapping[str, str]  # name_key -> the name as the table spells it (for messages)

    def mentions(self, text: str, start: int, end: int) -> list[Mention]:
        """The sources ``text[start:end]`` names, in order of their start."""
        found = []
        offset = max(0, start - 1)  # with the character before: a name does not start mid-word
        piece = text[offset:end]
        lowered = piece.lower()
        searches = [(self.exact, piece)]
        if len(lowered) == len(piece):  # true but for a few letters ("İ" lowers to two)
            searches.append((self.lowered, lowered))
        else:
            searches.append((_ignoring_case(self.lowered), piece))
        for pattern, searched in searches:
            for match in pattern.finditer(searched, start - offset) if pattern else ():
                group = self.groups[match.lastgroup or ""]
                source = self.sources[group.source]
                at, to = offset + match.start(), offset + match.end()
                if source.exclude and _excluded(text, at, to, source.exclude, source.reach):
                    continue
                name = text[at:to] if group.symbol else source.name
                found.append(Mention(at, to, name, source.id))
        return sorted(found, key=lambda m: (m.start, m.end, m.source))

    def resolve(self, name: str) -> str | None:
        """The id of the source ``name`` (an id, alias or symbol, in any case) names, or None."""
        found = self.names.get(name_key(name))
        if found is None:
            symbol = name.strip()
            for pattern, source in self.families:
                if pattern.fullmatch(symbol) or pattern.fullmatch(symbol.upper()):
                    return source
        return found

    def source_of(self, attribution: str | None, citations: Iterable[Citation]) -> str | None:
        """The source a quotation is attributed to: its ``attribution`` resolved, else the first
        of the documents its footnote cites that the table knows, else None."""
        for name in (attribution, *(c.document for c in citations)):
            if name is not None and (found := self.resolve(name)) is not None:
                return found
        return None

    def lookup(self, name: str) -> str:
        """The id of the source ``name`` names (for ``--source``); a :class:`ConfigError` naming
        the closest names when the table has none of that name."""
        found = self.resolve(name)
        if found is not None:
            return found
        close = difflib.get_close_matches(name_key(name), self.spelled, n=3, cutoff=0.6)
        hint = (
            "did you mean " + " or ".join(repr(self.spelled[k]) for k in close) + "?"
            if close
            else "known sources: " + ", ".join(dict.fromkeys(self.names.values()))
        )
        raise ConfigError(f"--source {name!r} names no source of the sources table; {hint}")


@compiled
def source_table(config: SourcesConfig) -> SourceTable:
    """The :class:`SourceTable` of ``config`` (compiled once per table)."""
    names: dict[str, str] = {}
    spelled: dict[str, str] = {}
    families = []
    lowered: list[tuple[str, _Group]] = []  # (regex, what it names)
    exact: list[tuple[str, _Group]] = []
    for k, row in enumerate(config.table):
        for name in row.names():
            names[name_key(name)] = row.id
            spelled.setdefault(name_key(name), name)
        families += [(re.compile(p), row.id) for p in row.symbol_patterns]
        for alias in row.aliases:
            acronym = alias.upper() == alias
            regex = _words(alias if acronym else alias.lower()) + "s?"  # "Special Rapporteurs"
            (exact if acronym else lowered).append((regex, _Group(k, symbol=False)))
        exact += [(re.escape(symbol), _Group(k, symbol=True)) for symbol in row.symbols]
        exact += [(f"(?:{p})", _Group(k, symbol=True)) for p in row.symbol_patterns]
    groups: dict[str, _Group] = {}

    def alternation(choices: list[tuple[str, _Group]], first: str = "") -> re.Pattern[str] | None:
        if not choices:
            return None
        parts = []
        for regex, named in sorted(choices, key=lambda c: len(c[0]), reverse=True):
            group = f"n{len(groups)}"
            groups[group] = named
            parts.append(f"(?P<{group}>{regex})")
        # A place is tried only where a name can start (a class of first letters, when known,
        # then the lookbehind): most places are inside a word and rejected at once.
        start = f"(?=[{re.escape(first)}])" if first else ""
        return re.compile(f"{start}(?<!{NOT_A_WORD})(?:{'|'.join(parts)})(?!{NOT_A_WORD})")

    firsts = {alias.lower()[0] for row in config.table for alias in row.aliases}
    firsts |= {"'", "’"} if firsts & {"'", "’"} else set()
    sources = tuple(_source(row) for row in config.table)
    return SourceTable(
        sources,
        alternation(lowered, "".join(sorted(firsts))),
        alternation(exact, _exact_firsts(config)),
        groups,
        names,
        tuple(families),
        spelled,
    )


def _exact_firsts(config: SourcesConfig) -> str:
    """The characters an acronym or a symbol can start with, or ``""`` when a symbol pattern's
    first character cannot be read off it plainly (then every place is tried, as before)."""
    firsts: set[str] = set()
    for row in config.table:
        firsts |= {alias[0] for alias in row.aliases if alias.upper() == alias}
        firsts |= {symbol[0] for symbol in row.symbols}
        for pattern in row.symbol_patterns:
            # A plain first character: a letter or digit, not quantified, and no alternation
            # anywhere (``A|B`` would start with either).
            if "|" in pattern or not pattern[:1].isalnum() or pattern[1:2] in ("*", "?", "{"):
                return ""
            firsts.add(pattern[0])
    return "".join(sorted(firsts))


def _words(name: str) -> str:
    """A regex of ``name``: its words, any run of space between them, either apostrophe."""
    return r"\s+".join(re.escape(word).replace("'", APOSTROPHES) for word in name.split())


def _source(row: QuotedSource) -> _Source:
    exclude = "|".join(_words(name) for name in row.exclude)
    reach = max((len(name) for name in row.exclude), default=0)
    return _Source(row.id, row.aliases[0], re.compile(exclude, re.I) if exclude else None, reach)


@cache
def _ignoring_case(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """``pattern`` of lower-case names made case-insensitive, for a text that lowering would
    change in length (and so in offsets)."""
    return re.compile(pattern.pattern, re.IGNORECASE) if pattern else None


def _excluded(text: str, start: int, end: int, exclude: re.Pattern[str], reach: int) -> bool:
    """Whether the mention ``text[start:end]`` is part of a longer name of another body (one of
    ``exclude``, at most ``reach`` characters long, overlaps it)."""
    low, high = max(0, start - reach), min(len(text), end + reach)
    return any(m.start() < end and start < m.end() for m in exclude.finditer(text, low, high))
