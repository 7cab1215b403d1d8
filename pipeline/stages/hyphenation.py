"""Stage ``hyphenation``: words hyphenated across a line end.

Artefact: typeset text breaks words at line ends (``hu-`` / ``man``); extraction keeps the hyphen
and the break. LibreOffice's PDFs, read by some extractors, put a space before it (``re -`` /
``spond``). It runs after ``line-wrap``, which decides which line breaks are wraps and joins a
line ending in a hyphen to the next without a space (``hu-man``, ``long-standing``; a spaced one
with a space: ``re - spond``). This stage then looks at each hyphen that such a join left and
removes it only with evidence, in order:

1. the hyphenated form occurs elsewhere in this document (not at another line-end break) or in
   the corpus: keep it;
2. the joined word occurs elsewhere: drop the hyphen;
3. the word rule (:mod:`._compounds`) says the two parts make a compound (a listed compound, a
   digit, a capital, a prefix or a part that forms compounds): keep it;
4. otherwise drop it (typesetting hyphens are far more common) and, if configured, say so in a
   ``hyphenation.uncertain-join`` note.

A spaced hyphen (``word -`` / ``word``) is also a dash between two words: it is dropped only when
the joined word occurs, or when one of the two parts is not a word by itself (``re``, ``spond``).

A line break ``line-wrap`` kept after a hyphen, before a lowercase word (a short line, or a
single line break it read as a paragraph break) is a wrap too: ``field-`` / ``based``. A hyphen
before a blank line of the extraction is never touched: it was not a wrap. The risks are a wrong
guess in case 4, which the note makes visible, and a compound the word rule knows that this
author wrote closed (``co-operation``) when nothing in the corpus says so.

A compound pdftotext closed up at a line end (``socalled``) is sought only in lines that show
the typesetting: a text with a column of wrapped lines at its usual width (``COLUMN`` lines
within a tenth of it, a quarter of its lines at least), and in it only lines of one and a half
to ``MAX_CLOSED_UP`` usual widths (a typeset line run on with the next). A web page's
paragraphs, each written on one line of any length, make no such column: there ``standalone``
or ``reelection`` is how the author wrote it, and the search would put in a false hyphen (and
cost the most time). The risk is the reverse: a closed-up compound left closed in a typeset
text too short to show a column.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import accumulate, compress, repeat
from operator import add, and_, attrgetter

from ..codes import finding
from ..config import Config
from ..document import Document, Finding
from ..edit_kinds import JOINS  # the kinds of edit that join a line to the next
from ..ledger import Proposal
from ..text import HYPHEN_WORD, LINE_END, WORD_CHARACTERS, line_index
from ._compounds import WordRule, lost_hyphens, word_rule
from ._lines import COLUMN, clean_starts
from .base import Context, StageOutput

# `hu-`; `re - ` as a spaced hyphen leaves it; `field- `, `field-\n`, `field-\n\n`
LEFT = re.compile(r"(\w+)( ?)-( ?|\n\n?)\Z")
TAIL = re.compile(r"( ?)-( ?|\n\n?)")  # LEFT after its word
# The one character outside [\w-] that re's IGNORECASE takes for a word character (it matches
# "ι"): a text holding it is searched as before, word by word.
UNWORDLY_CASE = "\u0345"
MIN_LINE = 20  # characters; a shorter line (a heading, an address) says nothing of the width
MAX_TYPESET_LINE = 200  # characters; a text whose usual line is longer was not typeset in lines
# A line pdftotext closed up holds two typeset lines (three when it closed up two line ends in a
# row): one longer than MAX_CLOSED_UP usual widths is a paragraph written on one line.
MAX_CLOSED_UP = 4
MIN_WRAPPED_SHARE = 0.25  # of the lines of MIN_LINE or more, within a tenth of the usual width


@dataclass(frozen=True, slots=True)
class _Break:
    """A hyphen left at a former line end: ``text[start:end]`` is the hyphen (with the spaces
    of a spaced one, or the line break kept after it) between the word parts ``left`` and
    ``right``; ``kept`` is what it becomes if the hyphen stays."""

    start: int
    end: int
    left: re.Match[str]
    right: re.Match[str]
    kept: str

    @property
    def spaced(self) -> bool:
        return self.left.group(2) == " "


def compile_config(config: Config) -> None:
    """Compile the word rule of ``[hyphenation]`` (when the pipeline is built)."""
    word_rule(config.hyphenation)


def join_hyphenated_words(doc: Document, ctx: Context) -> StageOutput:
    """Propose ``hyphenation`` edits removing typesetting hyphens at former line ends."""
    text = doc.text
    joined = set(_join_ends(doc))
    joins = sorted(joined.union(_kept_breaks(doc)))
    breaks = _breaks(text, joins)
    evidence = _Evidence(text, breaks, ctx)
    rule_of_words = word_rule(ctx.config.hyphenation)
    long_lines = _long_lines(doc)
    proposals = [
        Proposal(point, point, "-", "hyphenation", "closed-compound")
        for point in lost_hyphens(text, long_lines, rule_of_words, evidence.is_word)
    ]
    findings: list[Finding] = []

    def site_text(site: _Break) -> str:
        return text[site.start : site.end]

    for site in breaks:
        left, right = site.left.group(1), site.right.group()
        if site.spaced:
            drop, rule = _decide_spaced(left, right, evidence, rule_of_words)
        else:
            drop, rule = _decide(left, right, evidence, rule_of_words)
        if drop or site.kept != site_text(site):
            joint = "" if drop else site.kept
            proposals.append(Proposal(site.start, site.end, joint, "hyphenation", rule))
        if rule == "no-evidence" and ctx.config.hyphenation.note_uncertain:
            raw_start, raw_end = doc.ledger.raw_span(site.left.start(), site.right.end())
            message = f"joined {left}-/{right} without evidence either way"
            findings.append(finding("hyphenation.uncertain-join", message, raw_start, raw_end))
    return StageOutput(tuple(proposals), tuple(findings))


def _breaks(text: str, joins: list[int]) -> list[_Break]:
    """The hyphens the joins (their clean end offsets) of ``line-wrap`` and ``page-break``
    left, in text order."""
    found: list[_Break] = []
    for point in joins:
        if text[point - 1 : point] not in ("-", " ", "\n"):
            continue
        left, right = _left(text, point), WORD_CHARACTERS.match(text, point)
        if left is None or right is None:
            continue
        if left.group(2) == left.group(3):  # `hu-` + `man`, `re -` + ` ` + `spond`
            found.append(_Break(left.end(1), point, left, right, text[left.end(1) : point]))
        elif not left.group(2) and left.group(3):  # `field- ` across furniture, `field-\n`
            found.append(_Break(left.end(1), point, left, right, "-"))
    return found


def _left(text: str, point: int) -> re.Match[str] | None:
    """``LEFT.search(text, max(0, point - 100), point)``, without trying every start in the
    window: the tail after the word holds no word character, so the word is the run of word
    characters right before it (cut at the window's start), and the match starts there."""
    start = max(0, point - 100)
    end = point
    while end > start and point - end < 4 and not _is_word_char(text[end - 1]):
        end -= 1
    if end == start or not _is_word_char(text[end - 1]) or not TAIL.fullmatch(text, end, point):
        return None
    first = end - 1
    while first > start and _is_word_char(text[first - 1]):
        first -= 1
    return LEFT.match(text, first, point)


@cache
def _is_word_char(char: str) -> bool:
    return WORD_CHARACTERS.fullmatch(char) is not None


def _kept_breaks(doc: Document) -> list[int]:
    """Where a line break that ``line-wrap`` kept after a hyphen ends, before a lowercase word
    (``field-`` / ``based``, a short line at a paragraph's start; ``Fami-`` / ``lies`` made a
    paragraph break): the line plainly runs on. Not after a blank line of the extraction."""
    text, points, at = doc.text, [], doc.text.find("-\n")
    while at >= 0:
        end = at + 2 + (text[at + 2 : at + 3] == "\n")
        raw_start, raw_end = doc.ledger.raw_span(at + 1, end)
        breaks = len(LINE_END.findall(doc.ledger.raw, raw_start, raw_end))
        if text[end : end + 1].islower() and breaks == 1:
            points.append(end)
        at = text.find("-\n", end)
    return points


def _long_lines(doc: Document) -> list[tuple[int, int]]:
    """The lines of the extraction at least half again as long as its usual line and at most
    ``MAX_CLOSED_UP`` times, as clean spans; none in a text whose usual line is not a typeset
    one (a web page's paragraphs: longer than ``MAX_TYPESET_LINE``, or no column of lines
    wrapped at it, :func:`_wrapped`).

    pdftotext removes a line-end hyphen itself, real or not, and puts the next line after the
    word it closed up: such a line is about twice the usual width, and a compound it closed up
    (``socalled``) is in it. Only these lines are searched (not the whole text: most documents
    have none).
    """
    raw = doc.ledger.raw  # (its lines cut at any line end: CRLF and CR-only files too)
    lf_only = "\r" not in raw  # (most texts: str.split cuts the same lines, many times faster)
    lengths = list(map(len, raw.split("\n") if lf_only else LINE_END.split(raw)))
    ordered = sorted(lengths)
    widths = ordered[bisect_left(ordered, MIN_LINE) :]
    if len(widths) < 4 or widths[len(widths) // 2] > MAX_TYPESET_LINE:
        return []
    usual = widths[len(widths) // 2]
    least, most = 1.5 * usual, MAX_CLOSED_UP * usual  # from half again the usual width
    if ordered[-1] < least or not _wrapped(widths, usual):
        return []
    if lf_only:  # each line starts after the one before and its LF
        starts: Iterable[int] = accumulate(map(add, lengths[:-1], repeat(1)), initial=0)
    else:
        starts = line_index(raw).starts
    closed_up = map(and_, map(least.__le__, lengths), map(most.__ge__, lengths))  # (C loops)
    long_lines = compress(zip(starts, lengths, strict=True), closed_up)
    return [doc.ledger.clean_span(s, s + n) for s, n in long_lines]


def _wrapped(widths: list[int], usual: int) -> bool:
    """Whether ``widths`` (sorted) show a column of lines wrapped at ``usual``: ``COLUMN`` lines
    or more within a tenth of it, and at least ``MIN_WRAPPED_SHARE`` of them (a typeset text's
    lines are mostly full; a long web page has a few lines of any length near each other)."""
    column = bisect_right(widths, 1.1 * usual) - bisect_left(widths, 0.9 * usual)  # (sorted)
    return column >= COLUMN and column >= MIN_WRAPPED_SHARE * len(widths)


class _Evidence:
    """What the document and the corpus say about words: counted in the text with every broken
    word blanked out, so that one line-end break is not evidence for another. The words are
    counted at the first question: most texts ask none."""

    def __init__(self, text: str, breaks: list[_Break], ctx: Context) -> None:
        self.text, self.breaks, self.corpus = text, breaks, ctx.corpus

    @cached_property
    def words(self) -> _Words:
        pieces, pos = [], 0
        for site in self.breaks:
            start = max(pos, site.left.start())  # `twenty-` / `first-` / `century`: two breaks
            pieces += [self.text[pos:start], " " * (site.right.end() - start)]
            pos = site.right.end()
        return _Words("".join([*pieces, self.text[pos:]]))

    def seen(self, word: str) -> bool:
        """Whether ``word`` occurs in the document or anywhere in the corpus."""
        return bool(self.corpus.documents_with_word(word) or self.words.count(word))

    def is_word(self, part: str) -> bool:
        """Whether ``part`` is a word by itself: it occurs on its own in the document, or in two
        documents of the corpus (one could be this document's raw text, where a line-end
        fragment such as ``tigators`` stands alone)."""
        return self.corpus.documents_with_word(part) >= 2 or self.words.count(part) > 0


def _join_ends(doc: Document) -> Iterator[int]:
    """The clean offsets where the joins (edits of a kind in :data:`JOINS`) end, as
    ``doc.ledger.clean_span`` maps their raw spans (an insertion to its start)."""
    if JOINS.isdisjoint(map(attrgetter("kind"), doc.edits)):
        return  # (most web pages: no edit to look at one by one)
    for edit, start in zip(doc.edits, clean_starts(doc.edits), strict=True):
        if edit.kind in JOINS:
            yield start if edit.raw_start == edit.raw_end else start + len(edit.clean)


class _Words:
    """How often a word occurs in a text as :func:`_occurrences` finds it (case-insensitively,
    between characters that are not ``[\\w-]``) — counted once for the whole text, not sought at
    every hyphen: a long text has thousands of them, and a search each grows with the square of
    its length.

    Such an occurrence is a whole word of :data:`~pipeline.text.HYPHEN_WORD`. ASCII words are
    counted by their lowercase form; others are compared with the question by ``re`` itself
    (whose case rules also match the Kelvin sign with ``k`` and ``ſ`` with ``s``), among the
    words of its length.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = UNWORDLY_CASE not in text  # else every question is a search, as before
        self.ascii: Counter[str] = Counter()  # lowercase ASCII word -> count
        self.other: dict[int, list[str]] = {}  # length -> the other words, as written
        # Each distinct word is bucketed once, with its count (a text repeats its words).
        for word, times in Counter(HYPHEN_WORD.findall(text)).items():
            if word.isascii():
                self.ascii[word.lower()] += times
            else:
                self.other.setdefault(len(word), []).extend([word] * times)

    def count(self, word: str) -> int:
        """The occurrences of ``word``."""
        if not self.exact:
            return sum(1 for _ in _occurrences(word).finditer(self.text))
        others = self.other.get(len(word), ())
        if word.isascii() and not others:  # the common case: no pattern needed, the key is
            return self.ascii[word.lower()]  # its lowercase form
        pattern = re.compile(re.escape(word), re.IGNORECASE)
        found = sum(1 for other in others if pattern.fullmatch(other))
        key = _ascii_key(word)
        if key is not None and pattern.fullmatch(key):
            found += self.ascii[key]
        return found

    def seen_elsewhere(self, word: str) -> bool:
        """Whether ``word`` still occurs once its first exact occurrence (the joined compound
        itself, as a rule) is cut out of the text."""
        first = self.text.find(word)
        if first < 0:
            return self.count(word) > 0
        end = first + len(word)
        word_at = HYPHEN_WORD.match
        glued = (first > 0 and word_at(self.text, first - 1)) or word_at(self.text, end)
        if glued or not self.exact:  # cutting it out joins what is around it: search as before
            return _occurrences(word).search(self.text.replace(word, "", 1)) is not None
        return self.count(word) > 1  # a whole word: cutting it out leaves the others as they are


@cache
def _ascii_letter(char: str) -> str | None:
    """The lowercase ASCII letter ``re`` takes ``char`` for case-insensitively, if any."""
    return next((a for a in string.ascii_lowercase if re.fullmatch(re.escape(char), a, re.I)), None)


def _ascii_key(word: str) -> str | None:
    """The lowercase ASCII word that can equal ``word`` case-insensitively, if there is one."""
    letters: list[str] = []
    for char in word:
        letter = char.lower() if char.isascii() else _ascii_letter(char)
        if letter is None:
            return None
        letters.append(letter)
    return "".join(letters)


def _occurrences(word: str) -> re.Pattern[str]:
    """Where ``word`` occurs as a word of its own (not inside a longer word or compound)."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)


def _decide(left: str, right: str, evidence: _Evidence, rule: WordRule) -> tuple[bool, str]:
    """``(drop the hyphen?, rule)`` for ``left-`` / ``right`` broken at a line end."""
    if evidence.seen(f"{left}-{right}"):
        return False, "compound-seen"
    if evidence.seen(left + right):
        return True, "word-seen"
    kept = rule.keeps(left, right, evidence.is_word)
    if kept is not None:
        return False, kept
    return True, "no-evidence"


def _decide_spaced(left: str, right: str, evidence: _Evidence, rule: WordRule) -> tuple[bool, str]:
    """``(drop the hyphen and its spaces?, rule)`` for ``left -`` / ``right``: a broken word,
    or a dash between two words (a function word on either side is always a word)."""
    if evidence.seen(left + right):
        return True, "word-seen"
    function = rule.function_words
    if left.casefold() in function or right.casefold() in function:
        return False, "dash"
    if not (evidence.is_word(left) and evidence.is_word(right)):
        return True, "word-shape"
    return False, "dash"
