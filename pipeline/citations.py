"""Citations inside footnote text: which UN documents a note cites, and which paragraphs.

A note is read for three kinds of reference, in the order they occur:

* a **UN document symbol**, recognised by its general grammar rather than by a list: a series of
  capital letters (``A``, ``S``, ``E``, ``CCPR``) followed by ``/``-separated components, each a
  body (``HRC``, ``RES``, ``CN.4``, ``C.3``), a number (``25``, ``2014``) or a numbered part
  (``CRP.1``, ``L.28``, ``Add.1``, ``Rev.2``), with a digit somewhere — ``A/HRC/25/63``,
  ``S/2014/872``, ``E/CN.4/1998/45``, ``A/C.3/69/L.28``. Risk: any capitalised slash code with a
  number (``DPRK/2014/1``) reads as a symbol;
* **Ibid.** (``[footnotes] ibid_words``): the previous note's (last) document. Without a pinpoint
  of its own it keeps the previous pinpoint, as "ibid." means "the same place";
* a **short form** defined in an earlier note by a parenthetical right beside a symbol —
  ``A/HRC/25/CRP.1 (detailed findings)`` or ``… the Commission's report (COI report),
  A/HRC/25/63`` — and used later as ``COI report, para 26``.
  A date may stand between the symbol and the parenthetical (``A/HRC/25/63, 7 February 2014
  (COI report)``). Parentheticals with a digit (dates) or more than ``short_form_max_words``
  words are remarks, not names. A use matches in any case and spacing (``Detailed findings`` for
  ``(detailed findings)``, ``COIreport`` from text extracted without its spaces). A use counts
  only where a pinpoint follows it or it is the whole note, so that a
  word like ``DPRK`` defined beside a symbol does not turn every later mention into a citation.

Each reference owns the note text up to the next reference; the paragraph pinpoints in that
stretch (``para. 76``, ``paras 1180 and 1175``, ``paras. 59-61``, ``§ 12``) are its paragraphs,
kept as written (a range is one string; spaces around its dash are dropped).

>>> [[(c.document, c.paragraphs) for c in note] for note in parse_citations(
...     ["UN Doc. A/HRC/25/63 (COI report), para. 80.", "Ibid., paras 5 and 7.", "COI report, § 9"]
... )]
[[('A/HRC/25/63', ('80',))], [('A/HRC/25/63', ('5', '7'))], [('A/HRC/25/63', ('9',))]]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter

from .compiled import compiled
from .config import Config, FootnotesConfig
from .document import Citation

# The series' first capital first, then what may not precede it (a scan for a capital is fast;
# a look-behind first would be tried at every character of the note).
SYMBOL = re.compile(
    r"[A-Z](?<![\w/][A-Z])[A-Z]{0,7}"  # series: A, S, E, ST, CCPR …
    r"(?:/(?:[A-Z][A-Za-z]{0,9}\.\d+|[A-Z]{1,10}|\d{1,5}(?:\.\d+)?))+"  # /HRC /25 /CRP.1 /Add.1
    r"(?![\w/])"
)
PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
# A date between a symbol and the short form it defines ("A/HRC/25/63, 7 February 2014 (COI
# report)"); spaces optional, as some extractors drop them in small print.
DATE_AFTER_SYMBOL = re.compile(
    r"\s*,?\s*(?:\d{1,2}\s*[A-Z][a-z]+\s*,?\s*|[A-Z][a-z]+\s*\d{1,2}\s*,\s*)\d{4}"
)
BEFORE_SYMBOL = re.compile(r"\(([^()]*)\)\s*,?\s*(?:U\.?N\.?\s+Doc(?:ument)?\.?\s*)?$")
DASH = re.compile(r"\s*([-–—])\s*")
DASHES = frozenset("-–—")
LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")  # paras 5, 7 and 9
DIGIT = re.compile(r"\d")  # a pinpoint has one: a stretch without is not searched for pinpoints
QUOTES = "“”\"'‘’"
_START = attrgetter("start")  # a reference's start: the order of the note


@dataclass(frozen=True, slots=True)
class _Reference:
    """A place in a note that names a document: a symbol, a short form or an ibid."""

    start: int
    end: int
    document: str | None  # None for an ibid: the previous note's document


@dataclass(frozen=True, slots=True)
class _Rules:
    """The compiled patterns for one configuration."""

    paragraphs: re.Pattern[str]
    ibid: re.Pattern[str]
    ibid_words: tuple[str, ...]  # a note holding none of these is not searched for an ibid
    max_words: int
    prefixes: tuple[str, ...]


def parse_citations(
    notes: Sequence[str], options: FootnotesConfig | None = None
) -> list[tuple[Citation, ...]]:
    """The citations of each note in ``notes`` (in order: Ibid. and short forms look back)."""
    rules = _rules(options or _default_options())
    short_forms: dict[str, str] = {}
    previous: tuple[Citation, ...] = ()
    result: list[tuple[Citation, ...]] = []
    for note in notes:
        citations = _parse_note(note, rules, short_forms, previous)
        result.append(citations)
        previous = citations
    return result


@cache
def _default_options() -> FootnotesConfig:
    return Config.load().footnotes


def compile_config(options: FootnotesConfig) -> None:
    """Compile the citation patterns of ``options`` (when the pipeline is built)."""
    _rules(options)


@compiled
def _rules(options: FootnotesConfig) -> _Rules:
    return _Rules(
        paragraphs=re.compile(
            _first_of(options.paragraph_words)
            + r"(?:"
            + _word_alternation(options.paragraph_words)
            + r")\s*"
            r"(\d+(?:\s*[-–—]\s*\d+)?(?:\s*\([^()\d]*\))?"  # 765–779 (prison camps)
            r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)\d+"
            r"(?:\s*[-–—]\s*\d+)?(?:\s*\([^()\d]*\))?)*)(?!\d)",
            re.IGNORECASE,
        ),
        ibid=re.compile(r"(?<!\w)(?:" + _alternation(options.ibid_words) + r")(?!\w)"),
        ibid_words=_shortest(options.ibid_words),
        max_words=options.short_form_max_words,
        prefixes=tuple(p.casefold() for p in options.short_form_prefixes),
    )


def _shortest(words: Sequence[str]) -> tuple[str, ...]:
    """The ``words`` that hold none of the others (``Ibid`` for ``Ibid.`` and ``Ibidem`` too):
    a text holds one of ``words`` only if it holds one of these.

    >>> _shortest(["Ibid.", "Ibid", "ibidem", "ibid"])
    ('Ibid', 'ibid')
    """
    unique = sorted(set(words), key=lambda w: (len(w), w))
    return tuple(w for k, w in enumerate(unique) if not any(u in w for u in unique[:k]))


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _first_of(words: Sequence[str]) -> str:
    """A look-ahead for the first characters of ``words``: a pattern opening with one is scanned
    for that class of characters, twice as fast as for its alternation in a group (which the
    engine tries at every character).

    >>> _first_of(["para", "§"])
    '(?=[p§])'
    """
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


def _word_alternation(words: Sequence[str]) -> str:
    r"""``(?<!\w)(?:`` + :func:`_alternation` + ``)``, with each word's first character before
    its look-behind: a scan for a character is fast, a look-behind first would be tried at
    every character of the text (the look-behind sees that character again, so it reads the
    same as one before it).

    >>> _word_alternation(["para", "§"])
    'p(?<!\\wp)ara|§(?<!\\w§)'
    """
    return "|".join(
        f"{re.escape(w[0])}(?<!\\w{re.escape(w[0])}){re.escape(w[1:])}"
        for w in sorted(words, key=len, reverse=True)
    )


def _parse_note(
    note: str, rules: _Rules, short_forms: dict[str, str], previous: tuple[Citation, ...]
) -> tuple[Citation, ...]:
    """One note's citations; records the short forms it defines in ``short_forms``."""
    # Most notes of most texts cite nothing: no symbol (no "/"), no short form known yet and no
    # ibid word mean no reference, found without a scan for any of them.
    ibid = any(word in note for word in rules.ibid_words)
    if "/" not in note and not short_forms and not ibid:
        return ()
    references: list[_Reference] = []
    masked: list[tuple[int, int]] = []  # symbols and definitions: not uses of a short form
    # A symbol has a "/": a note without one (most notes of a text without UN documents) is
    # not scanned for them.
    for match in SYMBOL.finditer(note) if "/" in note else ():
        if not DIGIT.search(match.group()):
            continue
        references.append(_Reference(match.start(), match.end(), match.group()))
        masked.append(match.span())
        for name, span in _definitions(note, match, rules):
            short_forms[name] = match.group()
            masked.append(span)
    if short_forms:
        references += _short_form_uses(note, short_forms, masked, rules)
    # The ibid pattern is case-sensitive: a plain substring test says whether it can match.
    if ibid:
        references += [_Reference(m.start(), m.end(), None) for m in rules.ibid.finditer(note)]
    references.sort(key=_START)
    citations: list[Citation] = []
    ends = [r.start for r in references[1:]] + [len(note)] * bool(references)
    for ref, end in zip(references, ends, strict=True):
        stretch = note[ref.end : end]
        paragraphs = _paragraphs(stretch, rules)
        if ref.document is not None:
            citation = Citation(ref.document, paragraphs)
        elif previous:
            citation = Citation(previous[-1].document, paragraphs or previous[-1].paragraphs)
        else:
            continue  # an ibid after a note that cites no UN document: nothing to resolve to
        if citation not in citations:
            citations.append(citation)
    return tuple(citations)


def _definitions(
    note: str, symbol: re.Match[str], rules: _Rules
) -> list[tuple[str, tuple[int, int]]]:
    """Short forms defined beside ``symbol``: parentheticals right after it, or just before."""
    found: list[tuple[str, tuple[int, int]]] = []
    pos = symbol.end()
    if date := DATE_AFTER_SYMBOL.match(note, pos):
        pos = date.end()
    while match := PARENTHETICAL.match(note, pos):
        name = _short_form(match.group(1), rules)
        if name:
            found.append((name, match.span(1)))
        pos = match.end()
    before = BEFORE_SYMBOL.search(note, 0, symbol.start())
    if before:
        name = _short_form(before.group(1), rules)
        if name:
            found.append((name, before.span(1)))
    return found


def _short_form(content: str, rules: _Rules) -> str | None:
    """``content`` of a parenthetical as a short-form name, or None if it is a date or remark."""
    words = content.strip().strip(QUOTES).split()
    while words and words[0].casefold() in rules.prefixes:
        words = words[1:]
    name = " ".join(words).strip(QUOTES)
    if not name or not name[0].isalpha() or len(words) > rules.max_words:
        return None
    if "/" in name or any(map(str.isdigit, name)):
        return None
    return name


def _short_form_uses(
    note: str, short_forms: dict[str, str], masked: list[tuple[int, int]], rules: _Rules
) -> list[_Reference]:
    """Where ``note`` uses a known short form as a citation (pinpoint after it, or whole note)."""
    uses: list[_Reference] = []
    taken = list(masked)
    for name in sorted(short_forms, key=len, reverse=True):  # "COI report" before "COI"
        # Any case ("(detailed findings)" … "Detailed findings, para. 5") and any spacing
        # ("COIreport", as small print is sometimes extracted without its spaces).
        for match in _short_form_pattern(name).finditer(note):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            rest = note[match.end() :]
            pinpoint = rules.paragraphs.match(rest.lstrip(" ,"))
            whole = not note[: match.start()].strip() and not rest.strip(" .;,")
            if pinpoint or whole:
                uses.append(_Reference(match.start(), match.end(), short_forms[name]))
                taken.append(match.span())
    return uses


@lru_cache(maxsize=4096)
def _short_form_pattern(name: str) -> re.Pattern[str]:
    """Where short form ``name`` is used (compiled once per name: a letter's notes ask for
    each of its short forms in every note after the definition)."""
    words = r"\s*".join(map(re.escape, name.split()))
    # Its first character first, then the look-behind (a scan for a character is fast; a
    # look-behind first would be tried at every character of the note).
    first = re.escape(name[0])
    return re.compile(rf"{first}(?<!\w{first}){words[len(first) :]}(?!\w)", re.IGNORECASE)


def _the_dash(match: re.Match[str]) -> str:
    """A range's dash without the spaces around it (a function: a template such as ``\\1`` is
    expanded in Python at every match, three times slower)."""
    return match.group(1)


def _may_list(listed: str) -> bool:
    """Whether ``LIST_SEPARATOR`` can split ``listed``."""
    return "," in listed or "&" in listed or "and" in listed


def _paragraphs(stretch: str, rules: _Rules) -> tuple[str, ...]:
    """Paragraph pinpoints in ``stretch``, as written (``"59-61"``, ``"1180"``)."""
    found: list[str] = []
    if not DIGIT.search(stretch):
        return ()
    for match in rules.paragraphs.finditer(stretch):
        listed = match.group(1)
        if "(" in listed:
            listed = PARENTHETICAL.sub("", listed)  # the topics in brackets are no pinpoints
        # (every separator holds a comma, an ampersand or "and"; a dash with no space around
        # it stays as it is: most pinpoints are one number or range, split and joined at no cost)
        listed_items = LIST_SEPARATOR.split(listed) if _may_list(listed) else [listed]
        for item in listed_items:
            item = item.strip()
            spaced = DASHES.intersection(item) and len(item.split()) > 1
            found.append(DASH.sub(_the_dash, item) if spaced else item)
    return tuple(found)
