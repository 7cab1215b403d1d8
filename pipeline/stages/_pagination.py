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
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..config import PagesConfig
from ..corpus import line_key
from ._lines import Line

DIGITS = re.compile(r"\d+")
LETTERS = re.compile(r"[^\W\d_]")
NOTE_LIKE = re.compile(r"#\s*[^\W\d_]")  # a number, then words: a footnote's text


@dataclass(frozen=True, slots=True)
class Glued:
    """A boundary label glued to a body line: ``text[start:end]`` goes; ``line`` ends a page
    (``after``) or starts one."""

    line: int
    start: int
    end: int
    after: bool


def _number(text: str, patterns: Sequence[re.Pattern[str]]) -> int | None:
    line = text.strip()
    match = next((m for p in patterns if (m := p.fullmatch(line))), None)
    return None if match is None else int(match.group("n"))


def header_key(text: str) -> str | None:
    """The key a running header or footer line recurs under (its digits as ``#``), or ``None``
    for a line too long or with too few letters to be one."""
    if len(LETTERS.findall(text)) < 2:
        return None
    return DIGITS.sub("#", line_key(text))


def glued_labels(
    lines: Sequence[Line], content: Sequence[int], boundaries: Sequence[re.Pattern[str]]
) -> list[Glued]:
    """Boundary labels glued to the end or the start of a longer line."""
    found: list[Glued] = []
    for i in content:
        line = lines[i]
        for pattern in boundaries:
            tail = re.search(rf"\s+(?:{pattern.pattern})\s*$", line.text, re.IGNORECASE)
            if tail and LETTERS.search(line.text[: tail.start()]):
                found.append(Glued(i, line.start + tail.start(), line.end, True))
                break
            head = re.match(rf"\s*(?:{pattern.pattern})(\s+|(?=[^\W\d_]))", line.text, re.I)
            if head and LETTERS.search(line.text[head.end() :]):
                found.append(Glued(i, line.start, line.start + head.end(), False))
                break
    return found


def _continues(before: str, after: str, sentence_end: re.Pattern[str]) -> bool:
    return not sentence_end.search(before.rstrip()) and after.lstrip()[:1].islower()


def page_starts(
    lines: Sequence[Line],
    content: Sequence[int],
    rules: tuple[Sequence[re.Pattern[str]], Sequence[re.Pattern[str]], re.Pattern[str]],
    sentence_end: re.Pattern[str],
    options: PagesConfig,
) -> tuple[set[int], set[int]]:
    """Positions in ``content`` where a page starts (never 0), inferred as the module says, and
    the positions of the page labels in a counting chain (furniture, whatever their spacing)."""
    boundaries, page_numbers, bare = rules
    last = len(content) - 1
    starts = {
        k + 1 for k, i in enumerate(content) if _number(lines[i].text, boundaries) is not None
    }
    order = {i: k for k, i in enumerate(content)}
    for glued in glued_labels(lines, content, boundaries):
        starts.add(order[glued.line] + 1 if glued.after else order[glued.line])
    keys: dict[int, str] = {}  # position in content -> header key, for short lines
    for k, i in enumerate(content):
        key = header_key(lines[i].text)
        if key is not None and len(lines[i].text.strip()) <= options.max_header_length:
            keys[k] = key
    recurring = Counter(keys.values())

    def placed(k: int) -> bool:
        """Whether a bare number at ``k`` sits where a page number does."""
        if k == last or recurring[keys.get(k + 1, "")] > 1:
            return True
        above, below = (lines[content[k + step]].text for step in (-1, 1)) if k else ("", "")
        return k > 0 and _continues(above, below, sentence_end)

    candidates: list[tuple[int, int]] = []  # (position in content, page number)
    evidence: set[int] = set()  # candidates that are labels by their shape or place
    for k, i in enumerate(content):
        shaped = _number(lines[i].text, page_numbers)  # "- 2 -": a label by its shape
        number = shaped if shaped is not None else _number(lines[i].text, (bare,))
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
        starts = _recurring_starts(keys, recurring, last, sentence_end, options)
    return {k for k in starts if 0 < k <= last}, labels


def _recurring_starts(
    keys: dict[int, str],
    recurring: Counter[str],
    last: int,
    sentence_end: re.Pattern[str],
    options: PagesConfig,
) -> set[int]:
    """Page starts from a short line recurring at the text's top (header) or end (footer)."""
    where: dict[str, list[int]] = {}
    for k, key in keys.items():
        if recurring[key] > 1 and not NOTE_LIKE.match(key) and not sentence_end.search(key):
            where.setdefault(key, []).append(k)  # not a footnote text ("4 Ibid., para. 12.")
    edge = options.edge_lines
    starts: set[int] = set()
    for found in where.values():
        if any(b - a < options.min_page_lines for a, b in pairwise(found)):
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
