"""The shape of one line, judged as a reader would see it: without a converter's markup.

HTML-to-text converters prefix lines with bullets and heading marks (``* Privacy``, ``• Home``,
``## Related``), wrap links as ``[Home](/)`` and emphasis as ``**x**``. :func:`line_shape` strips
those (for judging only; the text is never changed here) and measures what tells a line of
chrome from a line of prose: how many words, what share of them are function words of the
document's language, whether it ends a sentence, how many of its words are capitalised, whether
it holds a menu separator, how much of it is link text, whether it ends in an arrow or a button
label.

Function words come from a maintained stoplist package (``stop-words``), per language: the
document's language is the stoplist that gets the most hits over the whole document
(:func:`document_stoplist`), so a French page's ``de``/``la``/``les`` count as function words
and its menu does not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from stop_words import get_stop_words  # type: ignore[import-untyped]

from ...compiled import compiled
from ...text import ASCII_LETTER_WORD as ASCII_WORD
from ...text import ASCII_LETTERS_ONLY as LETTERS_ONLY
from ...text import ENDS_SENTENCE_ANY_SCRIPT as SENTENCE_END
from ...text import INNER_SENTENCE
from ...text import LETTER_WORD as WORD
from ...text import SENTENCE_LAST_ANY_SCRIPT as SENTENCE_LAST
from .rules import Rules, label_key

# Any character of UNSPACED: a document without one has no line that needs it searched.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Converter markup before a line's text: bullets, heading marks, quote marks, table bars.
PREFIX = re.compile(r"^(?:\s*(?:[*+\-•·▪►◦‣○●■□✓|>]|#{1,6})(?=\s|$))+\s*")
HEADING_TAIL = re.compile(r"\s+#+\s*$")
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"<?(?:https?://|www\.)\S+>?")
EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
MAX_LABEL_WORDS = 5  # longer than any content-type label
CHARACTERS_PER_WORD = 2  # of Chinese or Japanese text, for the word counts of the shape
NUMBERED = re.compile(r"\(?\d{1,3}[a-zº°ª]?[.)]?\s")


class Shape(NamedTuple):
    """What a line looks like once its markup is set aside. A named tuple, immutable like a
    frozen dataclass: one is made for every line of every document, and a tuple is made in a
    tenth of the time."""

    text: str  # the judged text: no bullets, heading marks, link targets or emphasis
    tokens: tuple[str, ...]  # its words, casefolded
    words: int
    stop_share: float  # function words of the document's language / words
    ends_sentence: bool
    separators: int  # menu separators (`` | ``, `` › ``) and table bars
    link_share: float  # characters of link text / characters of the judged text (a URL
    # written out is the page's own text: a menu's links show their labels, not addresses)
    arrow: bool  # ends in ``→``, ``»`` …: "Continue reading →"
    button: bool  # ends in a button label after its own sentence, or is one ("… Accept")
    image: bool  # a markdown image
    numbered: bool  # an item of a numbered list ("3) …", "12a etapa: …"): content, not a menu

    @property
    def prose(self) -> bool:
        """Reads as prose: sentence punctuation, function words."""
        return self.ends_sentence and self.stop_share > 0


@cache  # (per language: the package's few dozen)
def _stoplist(language: str) -> frozenset[str]:
    return frozenset(str(word).casefold() for word in get_stop_words(language))


@compiled
def _owners(languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each stop word and the languages whose list has it (one lookup per word of a text)."""
    owners: dict[str, list[str]] = {}
    for language in languages:
        for word in _stoplist(language):
            owners.setdefault(word, []).append(language)
    return {word: tuple(langs) for word, langs in owners.items()}


def load_stoplists(languages: Sequence[str]) -> None:
    """Read the stoplists of ``languages`` (when the pipeline is built)."""
    _owners(tuple(languages))


def document_stoplist(text: str, languages: Sequence[str]) -> tuple[frozenset[str], float]:
    """The stoplist of the document's language — of ``languages`` (codes of the ``stop-words``
    package), the one whose words occur most often in ``text`` — and the share of the words of
    ``text`` it holds (high for English, low for a language whose words take particles)."""
    language, share = document_language(text, languages)
    return stoplist_of(language), share


def document_language(text: str, languages: Sequence[str]) -> tuple[str | None, float]:
    """:func:`document_stoplist`'s language (None: no stop word of any) and share."""
    return words_language(WORD.findall(text.casefold()), languages)


def words_stoplist(words: Iterable[str], languages: Sequence[str]) -> tuple[frozenset[str], float]:
    """:func:`document_stoplist` of a text given as its words (casefolded, as :data:`WORD` finds
    them)."""
    language, share = words_language(words, languages)
    return stoplist_of(language), share


def words_language(words: Iterable[str], languages: Sequence[str]) -> tuple[str | None, float]:
    """:func:`words_stoplist`'s language (None: no stop word of any; ties: the first
    configured) and share. The lines of a document are tokenised once, for their shapes and
    for this; the words are counted at once (one count, not a loop over them)."""
    if not languages:
        return None, 0.0
    owners = _owners(tuple(languages))
    # A plain dict of every language (not a Counter, whose misses run Python): this loop runs
    # for each stop word of every document.
    hits = dict.fromkeys(languages, 0)
    counts = Counter(words)
    for word in counts.keys() & owners.keys():  # the stop words it has: a few hundred at most
        count = counts[word]
        for language in owners[word]:
            hits[language] += count
    best = max(languages, key=hits.__getitem__)
    total = sum(counts.values())
    if not total or not hits[best]:
        return None, 0.0
    return best, hits[best] / total


def stoplist_of(language: str | None) -> frozenset[str]:
    """The function words of ``language`` (none for None)."""
    return frozenset() if language is None else _stoplist(language)


def _unlinked(text: str) -> tuple[str, int, bool]:
    """``text`` with markdown links reduced to their text; characters of link text and URLs;
    whether it held an image."""
    linked = 0
    image = False
    pieces: list[str] = []
    last = 0
    for link in LINK.finditer(text):
        pieces.append(text[last : link.start()])
        label = link.group(2)
        image = image or bool(link.group(1))
        pieces.append(label)
        linked += len(label) if label.strip() else 0
        last = link.end()
    pieces.append(text[last:])
    return "".join(pieces), linked, image


def words_of(text: str) -> list[str]:
    """The words of ``text``, casefolded (:data:`WORD`)."""
    if not text.isascii():
        return WORD.findall(text.casefold())
    if "'" in text:
        return ASCII_WORD.findall(text.lower())
    return text.encode("ascii").translate(LETTERS_ONLY).decode("ascii").split()


def ends_sentence(text: str) -> bool:
    """``text`` ends with sentence punctuation (closing quotes and brackets allowed after it)."""
    return SENTENCE_END.search(text[-6:]) is not None


def sentences(text: str) -> int:
    """How many sentences ``text`` holds: the sentence ends inside it followed by another
    sentence, plus one."""
    return 1 + len(INNER_SENTENCE.findall(text))


# What may start a line's converter markup, end a sentence or start a numbered item: a line
# (a bracket or a digit) without one skips the pattern (most lines are plain prose).
MARKUP_STARTS = frozenset("*+-•·▪►◦‣○●■□✓|>#")
ARROWS = ("→", "»", "›", ">>", "…", "...", "⟶", "▸")


def line_shape(text: str, stoplist: frozenset[str], rules: Rules) -> Shape:
    """The shape of one line (see :class:`Shape`)."""
    return shaped(measure(text, rules), stoplist)


# A line's shape but its share of function words, which waits for the document's stoplist:
# (text, tokens, words, ends_sentence, separators, link_share, arrow, button, image, numbered)
Measure = tuple[str, tuple[str, ...], int, bool, int, float, bool, bool, bool, bool]


def measure(text: str, rules: Rules, cjk: bool = True) -> Measure:
    """What :func:`shaped` needs of a line besides the stoplist. The costly steps run only where
    the line holds what they look for: most lines are plain prose. ``cjk``: whether the
    document holds a Chinese or Japanese character (:data:`CJK`) at all."""
    stripped = text.strip()
    prefix = PREFIX.match(stripped) if stripped[:1] in MARKUP_STARTS else None
    body = stripped[prefix.end() :] if prefix else stripped
    bars = body.count(" | ") + body.startswith("|") + body.endswith("|") if "|" in body else 0
    plain, linked, image = body, 0, False
    if "#" in plain:
        plain = HEADING_TAIL.sub("", plain)
    if "](" in plain:
        plain, linked, image = _unlinked(plain)
    if "*" in plain or "_" in plain:
        plain = EMPHASIS.sub("", plain)
    if plain is not body:  # markup taken out may leave spaces at an end
        plain = plain.strip().strip("|").strip()
    elif "|" in plain:  # ``body`` has no spaces at its ends
        plain = plain.strip("|").strip()
    tokens = tuple(words_of(plain))
    # Chinese and Japanese write no spaces: a run of their characters is many words.
    unspaced = 0
    if cjk and not plain.isascii():
        unspaced = sum(len(run) for run in UNSPACED.findall(plain))
    button = False
    if (
        tokens
        and tokens[-1] in rules.button_ends
        and rules.buttons is not None
        # (the longest label is shorter than 40 characters: no scan of a whole paragraph)
        and (found := rules.buttons.search(plain, max(0, len(plain) - 40))) is not None
    ):
        before = plain[: found.start()].rstrip()
        button = not before or ends_sentence(before)
    return (
        plain,
        tokens,
        len(tokens) + unspaced // CHARACTERS_PER_WORD,
        plain[-1:] in SENTENCE_LAST and ends_sentence(plain),
        bars + _separators(plain, rules),
        min(1.0, linked / len(plain)) if plain else 0.0,
        plain.endswith(ARROWS),
        button,
        image,
        (plain[:1] == "(" or plain[:1].isdecimal()) and NUMBERED.match(plain) is not None,
    )


def _separators(plain: str, rules: Rules) -> int:
    """How many menu separators (but the table bar) ``plain`` holds: none without one of their
    characters (a few searches instead of the pattern's scan of a whole paragraph)."""
    if rules.separators is None:
        return 0
    if rules.separator_marks is not None and rules.separator_marks.search(plain) is None:
        return 0
    return len(rules.separators.findall(plain))


def shaped(measured: Measure, stoplist: frozenset[str]) -> Shape:
    """The :class:`Shape` of a line measured by :func:`measure`, with ``stoplist``."""
    plain, tokens, words, ends, separators, link_share, arrow, button, image, numbered = measured
    stops = sum(map(stoplist.__contains__, tokens))
    share = stops / len(tokens) if tokens else 0.0
    # (tuple.__new__: the named tuple's own __new__ is a Python function; one Shape per line)
    fields = (plain, tokens, words, share, ends, separators, link_share, arrow, button, image)
    return tuple.__new__(Shape, (*fields, numbered))


def in_sentence_case(shape: Shape, stoplist: frozenset[str]) -> bool:
    """A word after the first is written in lower case and is no function word ("Families
    separated", "Letters withheld"): a point of a list reads so; a menu's items are names,
    capitalised ("Field Missions", "Witness Protection"). A script without case never reads so."""
    words = WORD.findall(shape.text)[1:]
    return any(word[0].islower() and word.casefold() not in stoplist for word in words)


def is_navigation(shape: Shape, rules: Rules) -> bool:
    """Made only of navigation words ("About us", "News Reports Videos")."""
    return bool(shape.tokens) and rules.navigation.issuperset(shape.tokens)


def is_label(shape: Shape, rules: Rules) -> bool:
    """A content-type label alone on its line ("Press release")."""
    return shape.words <= MAX_LABEL_WORDS and label_key(shape.text.rstrip(":")) in rules.labels
