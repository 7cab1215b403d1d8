"""Labelling each line of a converted page as article ``content``, page ``chrome`` or ``ignore``.

A line is compared with the page's ground-truth article body by its *key*: the text with
Markdown marks taken away (``#`` headings, ``*``/``-``/``+``/``>`` and numbered bullets,
``**``/``__``/``_`` emphasis, backslash escapes, ``![alt](src)`` images dropped, ``[text](url)``
links reduced to their text), then NFKC, case-folded, and reduced to its words (runs of letters
and digits) joined by single spaces — so quotes, dashes and spacing never decide a label.
Words are counted by :func:`words` (two characters of Chinese or Japanese make a word).

The rule, first match wins (the reason is recorded with the label):

1. ``no-words``: the key is empty (a rule, a bare link or image, a lone ``|``) → ``ignore``.
2. ``title``: the key is the page's headline — its ``<title>``, ``og:title`` or an ``<h1>``,
   whole or its longest part between `` - ``/`` | ``/`` — ``/`` · ``/`` : `` site-name
   separators → ``ignore``: the ground truth leaves the headline out of the body, but a
   cleaner that keeps it is right.
3. The key, or the key without a leading number ("3. Establish a target": list numbers are
   in the body or not, as the page rendered them), occurs in the body's key (at word
   boundaries); the first of the two that decides ``content`` wins:

   * ``short-fragment``: fewer than :data:`MIN_WORDS` words and not a whole paragraph
     ("Share", "More", "About" occur inside many article bodies) → ``ignore`` if the line lies
     between the page's first and last ``content`` lines (it may be a piece of the article);
     ``outside``: before the first or after the last → ``chrome`` (a menu or footer item that
     happens to be a word of the article);
   * ``repeated``: the page has more lines with this key than the body has occurrences of it
     (a teaser repeating the first paragraph, a sub-heading again in a table of contents):
     which one is the article's cannot be told → ``ignore``;
   * ``paragraph``: it is a whole paragraph (line) of the body → ``content``;
   * ``substring``: otherwise (a part of a paragraph, of at least :data:`MIN_WORDS` words)
     → ``content``.

4. ``fuzzy``: at least :data:`FUZZY_WORDS` words and :func:`rapidfuzz.fuzz.partial_ratio` with
   the body's key at least :data:`FUZZY_RATIO` (the ground truth was typed up from the rendered
   page: a dropped inline widget, a changed character) → ``content``.
5. ``absent``: otherwise → ``chrome``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

MIN_WORDS = 4  # a line of fewer words inside the body, but not a whole paragraph of it: ambiguous
FUZZY_WORDS = 8  # lines shorter than this are never matched approximately
FUZZY_RATIO = 95.0  # rapidfuzz partial_ratio (0..100) of the line's key within the body's key
CONTENT, CHROME, IGNORE = "content", "chrome", "ignore"

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")  # [text](url), url may hold (x)
_BULLET = re.compile(r"^\s*(?:#{1,6}\s+|[*+\->]\s+)+")
_NUMBER = re.compile(r"^\d+ ")  # a numbered item's or heading's number, in a key
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)_|_(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_WORD = re.compile(r"\w+")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # kana, Han
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|—–·:])\s+")


def strip_markup(line: str) -> str:
    """The line without html2text's Markdown: bullets, heading marks, emphasis, link syntax."""
    line = _IMAGE.sub(" ", line)
    line = _LINK.sub(r"\1", line)
    line = _BULLET.sub("", line)
    line = _EMPHASIS.sub("", line)
    return _ESCAPE.sub(r"\1", line)


def key(text: str) -> str:
    """The words of ``text``, NFKC and case-folded, joined by single spaces."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def words(k: str) -> int:
    """The words of a key; in scripts written without spaces (Chinese, Japanese), every two
    characters count as a word, so that a sentence is not one word."""
    return k.count(" ") + 1 + len(_UNSPACED.findall(k)) // 2


def title_keys(titles: Iterable[str]) -> frozenset[str]:
    """Keys of the page's headline candidates: whole, and the longest part between site-name
    separators ("Headline | Site" → "headline"; "Site | Topic" parts are too short to count)."""
    keys: set[str] = set()
    for title in titles:
        keys.add(key(title))
        keys.add(max((key(part) for part in _TITLE_SEPARATORS.split(title)), key=len))
    keys.discard("")
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of a converted text: its span (``end`` before the newline), label, why."""

    start: int
    end: int
    label: str
    why: str


def lines_of(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the non-blank lines of ``text`` (the newline left out)."""
    pos = 0
    for piece in text.split("\n"):
        end = pos + len(piece)
        if piece.strip():
            yield pos, end
        pos = end + 1


def label_lines(text: str, body: str, titles: Iterable[str] = ()) -> list[Line]:
    """Every non-blank line of ``text`` labelled against the article ``body`` (see the module)."""
    body_key = f" {key(body)} "
    paragraphs = {key(p) for p in body.split("\n")}
    headlines = title_keys(titles)
    spans = list(lines_of(text))
    keys = [key(strip_markup(text[s:e])) for s, e in spans]
    on_page = Counter(keys)
    labelled = []
    for (start, end), k in zip(spans, keys, strict=True):
        label, why = _label(k, body_key, paragraphs, headlines, on_page[k])
        labelled.append(Line(start, end, label, why))
    article = [n for n, line in enumerate(labelled) if line.label == CONTENT]
    if not article:
        return labelled
    first, last = article[0], article[-1]
    return [
        Line(line.start, line.end, CHROME, "outside")
        if line.why == "short-fragment" and not first < n < last
        else line
        for n, line in enumerate(labelled)
    ]


def _label(
    k: str, body_key: str, paragraphs: set[str], headlines: frozenset[str], on_page: int
) -> tuple[str, str]:
    if not k:
        return IGNORE, "no-words"
    if k in headlines:
        return IGNORE, "title"
    unnumbered = _NUMBER.sub("", k)
    if unnumbered != k and unnumbered:
        label, why = _in_body(unnumbered, body_key, paragraphs, on_page)
        if label == CONTENT:
            return label, why
    return _in_body(k, body_key, paragraphs, on_page)


def _in_body(k: str, body_key: str, paragraphs: set[str], on_page: int) -> tuple[str, str]:
    in_body = body_key.count(f" {k} ")
    if in_body:
        short = k not in paragraphs and words(k) < MIN_WORDS
        if short:
            return IGNORE, "short-fragment"
        if on_page > in_body:
            return IGNORE, "repeated"
        if k in paragraphs:
            return CONTENT, "paragraph"
        return CONTENT, "substring"
    if words(k) >= FUZZY_WORDS and fuzz.partial_ratio(k, body_key) >= FUZZY_RATIO:
        return CONTENT, "fuzzy"
    return CHROME, "absent"


def split_of(page_id: str) -> str:
    """``dev`` or ``test``, fixed by the page id: dev if the first hex digit of its SHA-1 < 8."""
    return "dev" if hashlib.sha1(page_id.encode("utf-8")).hexdigest()[0] < "8" else "test"
