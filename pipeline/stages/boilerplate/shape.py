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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from stop_words import get_stop_words  # type: ignore[import-untyped]

from .rules import MAX_MEMO_LINES, Rules, label_key

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Converter markup before a line's text: bullets, heading marks, quote marks, table bars.
PREFIX = re.compile(r"^(?:\s*(?:[*+\-•·▪►◦‣○●■□✓|>]|#{1,6})(?=\s|$))+\s*")
HEADING_TAIL = re.compile(r"\s+#+\s*$")
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"<?(?:https?://|www\.)\S+>?")
EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
# A sentence end inside the line followed by the start of another sentence.
INNER_SENTENCE = re.compile(r"[a-z\d)\]”’\"][.!?]\s+[\"“‘(]?[A-Z]")
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
MAX_LABEL_WORDS = 5  # longer than any content-type label
CHARACTERS_PER_WORD = 2  # of Chinese or Japanese text, for the word counts of the shape
NUMBERED = re.compile(r"\(?\d{1,3}[a-zº°ª]?[.)]?\s")


@dataclass(frozen=True, slots=True)
class Shape:
    """What a line looks like once its markup is set aside."""

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


@cache
def _stoplist(language: str) -> frozenset[str]:
    return frozenset(str(word).casefold() for word in get_stop_words(language))


@cache
def _owners(languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each stop word and the languages whose list has it (one lookup per word of a text)."""
    owners: dict[str, list[str]] = {}
    for language in languages:
        for word in _stoplist(language):
            owners.setdefault(word, []).append(language)
    return {word: tuple(langs) for word, langs in owners.items()}


def document_stoplist(text: str, languages: Sequence[str]) -> tuple[frozenset[str], float]:
    """The stoplist of the document's language — of ``languages`` (codes of the ``stop-words``
    package), the one whose words occur most often in ``text`` — and the share of the words of
    ``text`` it holds (high for English, low for a language whose words take particles)."""
    if not languages:
        return frozenset(), 0.0
    total, hits = _word_hits(text, _owners(tuple(languages)))
    return _best_stoplist(languages, Counter(dict(hits)), total)


def lines_stoplist(lines: Sequence[str], languages: Sequence[str]) -> tuple[frozenset[str], float]:
    """:func:`document_stoplist` of ``"\n".join(lines)``: words do not run over a line end, so
    the lines are counted in one pass over their joined text (one count per word, not per
    line)."""
    return document_stoplist("\n".join(lines), languages)


def _word_hits(
    text: str, owners: dict[str, tuple[str, ...]]
) -> tuple[int, tuple[tuple[str, int], ...]]:
    """How many words ``text`` has, and how many of them each language's stoplist holds."""
    hits: Counter[str] = Counter()
    counts = Counter(WORD.findall(text.casefold()))
    for word, count in counts.items():
        for language in owners.get(word, ()):
            hits[language] += count
    return sum(counts.values()), tuple(hits.items())


def _best_stoplist(
    languages: Sequence[str], hits: Counter[str], total: int
) -> tuple[frozenset[str], float]:
    best = max(languages, key=lambda language: hits[language])  # ties: the first configured
    if not total or not hits[best]:
        return frozenset(), 0.0
    return _stoplist(best), hits[best] / total


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


def ends_sentence(text: str) -> bool:
    """``text`` ends with sentence punctuation (closing quotes and brackets allowed after it)."""
    return SENTENCE_END.search(text[-6:]) is not None


def sentences(text: str) -> int:
    """How many sentences ``text`` holds: the sentence ends inside it followed by another
    sentence, plus one."""
    return 1 + len(INNER_SENTENCE.findall(text))


def line_shape(text: str, stoplist: frozenset[str], rules: Rules) -> Shape:
    """The shape of one line (see :class:`Shape`). The costly steps run only where the line
    holds what they look for: most lines are plain prose."""
    stripped = text.strip()
    prefix = PREFIX.match(stripped)
    body = stripped[prefix.end() :] if prefix else stripped
    bars = body.count(" | ") + body.startswith("|") + body.endswith("|")
    if "#" in body:
        body = HEADING_TAIL.sub("", body)
    plain, linked, image = _unlinked(body) if "](" in body else (body, 0, False)
    if "*" in plain or "_" in plain:
        plain = EMPHASIS.sub("", plain)
    plain = plain.strip().strip("|").strip()
    tokens = tuple(WORD.findall(plain.casefold()))
    stops = sum(map(stoplist.__contains__, tokens))
    # Chinese and Japanese write no spaces: a run of their characters is many words.
    unspaced = sum(len(run) for run in UNSPACED.findall(plain)) if not plain.isascii() else 0
    button = False
    at = max(0, len(plain) - 40)  # the longest label is shorter: no scan of a whole paragraph
    if (
        tokens
        and tokens[-1] in rules.button_ends
        and rules.buttons is not None
        and (found := rules.buttons.search(plain, at)) is not None
    ):
        before = plain[: found.start()].rstrip()
        button = not before or ends_sentence(before)
    return Shape(
        text=plain,
        tokens=tokens,
        words=len(tokens) + unspaced // CHARACTERS_PER_WORD,
        stop_share=stops / len(tokens) if tokens else 0.0,
        ends_sentence=ends_sentence(plain),
        separators=bars + (len(rules.separators.findall(plain)) if rules.separators else 0),
        link_share=min(1.0, linked / len(plain)) if plain else 0.0,
        arrow=plain.endswith(("→", "»", "›", ">>", "…", "...", "⟶", "▸")),
        button=button,
        image=image,
        numbered=NUMBERED.match(plain) is not None,
    )


@lru_cache(maxsize=8)
def shape_memo(stoplist: frozenset[str], rules: Rules) -> dict[str, Shape]:
    """A memo of :func:`line_shape` for one stoplist and configuration: text -> shape. Asked
    once per document (hashing ``rules`` costs more than shaping a line)."""
    return {}


def memo_shape(text: str, stoplist: frozenset[str], rules: Rules, memo: dict[str, Shape]) -> Shape:
    """:func:`line_shape`, through ``memo`` (from :func:`shape_memo` of the same arguments)."""
    shape = memo.get(text)
    if shape is None:
        if len(memo) >= MAX_MEMO_LINES:
            memo.clear()
        shape = memo[text] = line_shape(text, stoplist, rules)
    return shape


def is_navigation(shape: Shape, rules: Rules) -> bool:
    """Made only of navigation words ("About us", "News Reports Videos")."""
    return bool(shape.tokens) and all(word in rules.navigation for word in shape.tokens)


def is_label(shape: Shape, rules: Rules) -> bool:
    """A content-type label alone on its line ("Press release")."""
    return shape.words <= MAX_LABEL_WORDS and label_key(shape.text.rstrip(":")) in rules.labels
