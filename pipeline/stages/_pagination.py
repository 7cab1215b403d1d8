"""Where pages begin in a text without form feeds (for the ``page-break`` stage).

Extractors that join pages with a plain line end (pypdf, PyMuPDF, pdfplumber, a ``"\\n".join``
of pdfminer's pages) leave no mark of the page boundary, so it is inferred from what a page
boundary leaves behind, strongest evidence first:

* a *boundary label* (``Page 2 of 3``) proves one by itself, on its own line or glued to the
  end or the start of a body line (``…humanitarian workers Page 1 of 2``);
* page labels that *count up* (``- 1 -`` … ``- 2 -``, ``1/3`` … ``2/3``, bare ``1`` … ``2``)
  at least ``min_page_lines`` lines apart (a page is not shorter; the last page may be): a
  single one proves nothing, since ``- 2 -`` or ``2`` could be a list item or a footnote label.
  A chain of bare numbers needs one that sits where only a page number does: the last line of
  the text, right above a line that recurs in the text (a running header), or between the
  halves of a split sentence (the line above stops mid-sentence, the one below starts in
  lowercase);
* with no labels, a short line that recurs ``min_page_lines`` or more lines apart, first at the
  very top of the text (a running header) or last at its very end (a running footer); not one
  that ends a sentence or starts with a number followed by words (footnote texts recur:
  ``4 Ibid., para. 12.``).

False positives it risks: footnote labels ``1`` and ``2`` standing alone a page apart with the
note text starting in lowercase; a line that opens the text and recurs later on its own (a
letterhead repeated as a heading).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from re import _parser  # type: ignore[attr-defined]  # (the parse of a pattern: its ops)

from ..compiled import compiled
from ..config import PagesConfig
from ..text import A_LETTER, LETTER, Lines

DIGITS = re.compile(r"\d+")
MAX_LABEL = 40  # characters: "Page 12 of 14", "- 3 -"; a longer line is no page label
TWO_LETTERS = re.compile(rf"{LETTER}.*?{LETTER}")
NOTE_LIKE = re.compile(rf"#\s*{LETTER}")  # a number, then words: a footnote's text


@dataclass(frozen=True, slots=True)
class Glued:
    """A boundary label glued to a body line: ``text[start:end]`` goes; ``line`` ends a page
    (``after``) or starts one."""

    line: int
    start: int
    end: int
    after: bool


def page_label(text: str, patterns: Sequence[re.Pattern[str]]) -> int | None:
    """The page number of a line that is a page label by one of ``patterns`` (whole line)."""
    line = text.strip()
    if len(line) > MAX_LABEL or not DIGITS.search(line):
        return None  # most lines: prose, far longer than a label
    match = next((m for p in patterns if (m := p.fullmatch(line))), None)
    return None if match is None else int(match.group("n"))


def header_key(text: str) -> str | None:
    """The key a running header or footer line recurs under (its digits as ``#``), or ``None``
    for a line too long or with too few letters to be one."""
    if not TWO_LETTERS.search(text):
        return None
    key = " ".join(text.split()).casefold()  # `corpus.line_key`, without a regex (see below)
    return DIGITS.sub("#", key) if DIGITS.search(key) else key


def header_keys(texts: Sequence[str]) -> list[str | None]:
    """:func:`header_key` of each of ``texts`` (lines: no ``"\\n"`` in them), in a few passes
    over them all rather than a few calls per line.

    >>> header_keys(["  Annual  Report 2015 ", "- 2 -", "Page 3"])
    ['annual report #', None, 'page #']
    """
    # As `corpus.line_key`: whitespace collapsed (`str.split` splits at what `\s` matches: the
    # same as its regex, without one). Then casefolded (character by character, so the lines
    # may be joined first) and digits as "#", for all lines at once.
    joined = "\n".join([" ".join(text.split()) for text in texts]).casefold()
    keys = DIGITS.sub("#", joined).split("\n") if texts else []
    two_letters = TWO_LETTERS.search
    pairs = zip(texts, keys, strict=True)
    return [key if two_letters(text) else None for text, key in pairs]


def glued_labels(
    lines: Lines, content: Sequence[int], boundaries: Sequence[re.Pattern[str]]
) -> list[Glued]:
    """Boundary labels glued to the end or the start of a longer line (of those at ``content``,
    in order)."""
    found: list[Glued] = []
    glued = glued_patterns(tuple(p.pattern for p in boundaries))
    # A glued label is a label: a text in which none is found (most) has none glued. Searched
    # with ``^`` and ``$`` at line ends, as on each line (only a pattern that looks past a line
    # end, ``\A`` or a lookbehind, could tell the whole text from its lines).
    # Each pattern searched only if the text holds the literal its matches start with: a
    # search for that literal is fast, unlike a case-insensitive regex scanning every character.
    heads = glued_heads(tuple(p.pattern for p in boundaries))
    lowered = lines.text.encode("utf-8", "surrogatepass").lower() if any(heads) else b""
    if not any(
        anywhere.search(lines.text)
        for (anywhere, _, _), head in zip(glued, heads, strict=True)
        if head in lowered
    ):
        return found
    texts, starts = lines.texts, lines.starts
    has_digit = DIGITS.search
    for i in content:
        text = texts[i]
        # A label holds its page number: a line ending in a digit, or with one near its start.
        at_end = text.rstrip()[-1:].isdigit()
        if not at_end and has_digit(text[:MAX_LABEL]) is None:
            continue
        hit = _glued_in(text, at_end, glued)
        if hit is not None:
            start, end, after = hit
            found.append(Glued(i, starts[i] + start, starts[i] + end, after))
    return found


def _glued_in(
    text: str, at_end: bool, glued: tuple[tuple[re.Pattern[str], ...], ...]
) -> tuple[int, int, bool] | None:
    """Where in ``text`` (a line) a boundary label is glued: ``(start, end, after)``."""
    for _, tail_pattern, head_pattern in glued:
        tail = tail_pattern.search(text) if at_end else None
        if tail and A_LETTER.search(text[: tail.start()]):
            return tail.start(), len(text), True
        head = head_pattern.match(text)
        if head and A_LETTER.search(text[head.end() :]):
            return 0, head.end(), False
    return None


@compiled
def glued_patterns(boundaries: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], ...], ...]:
    """Per boundary label: anywhere in a text, glued to the end of a line, and to its start
    (``…2Next`` too)."""
    return tuple(
        (
            re.compile(pattern, re.IGNORECASE | re.MULTILINE),
            re.compile(rf"\s+(?:{pattern})\s*$", re.IGNORECASE),
            re.compile(rf"\s*(?:{pattern})(\s+|(?={LETTER}))", re.IGNORECASE),
        )
        for pattern in boundaries
    )


# The ASCII characters that match only their ASCII case twin case-insensitively (``i``, ``k`` and
# ``s`` also match ``İ`` or ``ı``, the Kelvin sign, ``ſ``), and no byte of a non-ASCII character.
_TWINNED = frozenset(chr(c) for c in range(128)) - set("iksIKS")


@compiled
def glued_heads(boundaries: tuple[str, ...]) -> tuple[bytes, ...]:
    """Per boundary label, the literal its matches start with, lower-cased UTF-8 (``b""`` if
    none): case-insensitively, a match is where that literal stands in the text lower-cased
    bytewise, so a text without it has no match."""
    heads = []
    for pattern in boundaries:
        head = ""
        for op, value in _parser.parse(pattern, re.IGNORECASE | re.MULTILINE):
            if op is not _parser.LITERAL or chr(value) not in _TWINNED:
                break
            head += chr(value).lower()
        heads.append(head.encode())
    return tuple(heads)


def _continues(before: str, after: str, sentence_end: re.Pattern[str]) -> bool:
    return not sentence_end.search(before.rstrip()) and after.lstrip()[:1].islower()


def maybe_labels(texts: Sequence[str]) -> list[int]:
    """The positions in ``texts`` (stripped lines) of those that may be page labels: short,
    with a digit (:func:`page_label` looks at no other)."""
    digit = DIGITS.search
    return [k for k, text in enumerate(texts) if len(text) <= MAX_LABEL and digit(text)]


def page_starts(
    lines: Lines,
    content: Sequence[int],
    texts: Sequence[str],
    rules: tuple[Sequence[re.Pattern[str]], Sequence[re.Pattern[str]], re.Pattern[str]],
    sentence_end: re.Pattern[str],
    options: PagesConfig,
    glued: Sequence[Glued] | None = None,
    maybe: Sequence[int] | None = None,
) -> tuple[set[int], set[int]]:
    """Positions in ``content`` where a page starts (never 0), inferred as the module says, and
    the positions of the page labels in a counting chain (furniture, whatever their spacing).
    ``texts``: the ``content`` lines, stripped; ``glued``: the ``glued_labels`` of ``content``,
    if the caller has them (else found here); ``maybe``: the :func:`maybe_labels` of ``texts``,
    likewise."""
    boundaries, page_numbers, bare = rules
    last = len(content) - 1
    # Only a short line with a digit in it can be a label: the others are looked at no further.
    labelled = [(k, texts[k]) for k in (maybe_labels(texts) if maybe is None else maybe)]
    starts = {k + 1 for k, text in labelled if page_label(text, boundaries) is not None}
    for label in glued_labels(lines, content, boundaries) if glued is None else glued:
        k = bisect_left(content, label.line)  # its position in `content`
        starts.add(k + 1 if label.after else k)
    keys = _Keys(texts, sentence_end, options.max_header_length)

    def placed(k: int) -> bool:
        """Whether a bare number at ``k`` sits where a page number does."""
        if k == last or keys.recurring(k + 1):
            return True
        above, below = (lines[content[k + step]].text for step in (-1, 1)) if k else ("", "")
        return k > 0 and _continues(above, below, sentence_end)

    candidates: list[tuple[int, int]] = []  # (position in content, page number)
    evidence: set[int] = set()  # candidates that are labels by their shape or place
    for k, text in labelled:
        shaped = page_label(text, page_numbers)  # "- 2 -": a label by its shape
        number = shaped if shaped is not None else page_label(text, (bare,))
        if number is not None:
            candidates.append((k, number))
            if shaped is not None or placed(k):
                evidence.add(k)
    chain = _longest_chain(candidates, evidence, last, options.min_page_lines)
    labels: set[int] = set()
    if len(chain) > 1:
        head = chain[0] < options.edge_lines  # page numbers at the top of their pages
        starts.update(k if head else k + 1 for k in chain)
        labels.update(chain)
    if not starts:
        starts = _recurring_starts(keys, last, options)
    return {k for k in starts if 0 < k <= last}, labels


class _Keys:
    """Header keys of the short lines that do not end a sentence (a footnote's text does), by
    position in ``texts`` (the content lines, stripped); computed when asked (most texts need
    only a few)."""

    def __init__(self, texts: Sequence[str], sentence_end: re.Pattern[str], longest: int) -> None:
        self.texts = texts
        self.sentence_end = sentence_end
        self.longest = longest
        self.cache: dict[int, str | None] = {}
        self.counts: Counter[str] | None = None

    def at(self, k: int) -> str | None:
        if k not in self.cache:
            text = self.texts[k] if 0 <= k < len(self.texts) else ""
            short = len(text) <= self.longest and not self.sentence_end.search(text)
            self.cache[k] = header_key(text) if short and text else None
        return self.cache[k]

    def recurring(self, k: int) -> bool:
        """Whether the line at ``k`` has a key that two lines or more share."""
        if self.counts is None:  # once, for all lines: a text may have many bare numbers
            longest, ends, texts = self.longest, self.sentence_end.search, self.texts
            # `at` for every line: the keys of the short ones found in bulk (most are long)
            short = [k for k, text in enumerate(texts) if len(text) <= longest and not ends(text)]
            every: list[str | None] = [None] * len(texts)
            for k, key in zip(short, header_keys([texts[k] for k in short]), strict=True):
                every[k] = key
            self.cache = dict(enumerate(every))
            self.counts = Counter(key for key in every if key)
        key = self.at(k)
        return key is not None and self.counts[key] > 1

    def where(self, wanted: set[str]) -> dict[str, list[int]]:
        """The positions of the lines with each of the keys ``wanted``."""
        # Digits read as "#" and runs of spaces as one: a few characters either way.
        near = {
            len(self.texts[k]) + d
            for k, key in self.cache.items()
            if key in wanted
            for d in range(-6, 7)
        }
        found: dict[str, list[int]] = {}
        for k, text in enumerate(self.texts):
            if len(text) in near and (key := self.at(k)) in wanted:
                found.setdefault(key, []).append(k)
        return found


def _recurring_starts(keys: _Keys, last: int, options: PagesConfig) -> set[int]:
    """Page starts from a short line recurring at the text's top (header) or end (footer)."""
    edge = options.edge_lines
    ends = [*range(min(edge, last + 1)), *range(max(edge, last + 1 - edge), last + 1)]
    wanted = {key for k in ends if (key := keys.at(k)) and not NOTE_LIKE.match(key)}
    starts: set[int] = set()  # (not a footnote text: "4 Ibid., para. 12." recurs too)
    for found in keys.where(wanted).values() if wanted else ():
        if len(found) < 2 or any(b - a < options.min_page_lines for a, b in pairwise(found)):
            continue
        if found[0] < edge and found[-1] <= last - edge:
            starts.update(found[1:])
        elif found[-1] > last - edge and found[0] >= edge:
            starts.update(k + 1 for k in found[:-1])
    return starts


def _longest_chain(
    candidates: Sequence[tuple[int, int]], evidence: set[int], last: int, spacing: int
) -> list[int]:
    """The longest run of candidates numbered n, n+1, … at least ``spacing`` lines apart (the
    last page, ending the text, may be shorter) with at least one of ``evidence`` in it, and the
    most of them among the longest; their positions."""
    # Per page number, the candidates so far in text order and the best chain up to each (a
    # prefix maximum of ((length, evidence), -candidate)), so each candidate finds its predecessor
    # in O(log n).
    seen: dict[int, tuple[list[int], list[tuple[tuple[int, int], int]]]] = {}
    parent: list[int] = []
    score: list[tuple[int, int]] = []
    for c, (k, number) in enumerate(candidates):
        parent.append(-1)
        score.append((1, int(k in evidence)))
        if number - 1 in seen:
            positions, best = seen[number - 1]
            j = bisect_right(positions, k - (2 if k == last else spacing)) - 1
            if j >= 0:
                (length, proved), earliest = best[j]
                score[c], parent[c] = (length + 1, proved + int(k in evidence)), -earliest
        positions, best = seen.setdefault(number, ([], []))
        positions.append(k)
        # On a tie the earlier candidate: its page is the longer (an endnote label "1" close
        # above the last page's "2" loses to the "1" ending page one).
        best.append(max(best[-1], (score[c], -c)) if best else (score[c], -c))
    ends = [c for c in range(len(score)) if score[c][1]]
    if not ends:
        return []
    c = max(ends, key=lambda c: (score[c], -c))
    chain: list[int] = []
    while c >= 0:
        chain.append(candidates[c][0])
        c = parent[c]
    return chain[::-1]
