"""Stage ``hyphenation``: words hyphenated across a line end.

Artefact: typeset text breaks words at line ends (``hu-`` / ``man``); extraction keeps the hyphen
and the break. It runs after ``line-wrap``, which decides which line breaks are wraps and joins a
line ending in a hyphen to the next without a space (``hu-man``, ``long-standing``). This stage
then looks at each hyphen that such a join left and removes it only with evidence, in order:

1. the hyphenated form occurs elsewhere (in this document or the corpus): keep it;
2. the joined word occurs elsewhere: drop the hyphen;
3. the compound has a compound's shape — a digit on either side, a capitalised part
   (``Jong-un``, ``Jong-Un``), or a first part from ``hyphenation.compound_words`` (``well-``):
   keep it;
4. otherwise drop it (typesetting hyphens are far more common) and, if configured, say so in a
   ``hyphenation.uncertain-join`` note.

A hyphen before a paragraph break is never touched: it was not a wrap. The risk is a wrong guess
in case 4, which the note makes visible.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from functools import cache

from ..document import Document, Finding, Severity
from ..ledger import Proposal
from .base import Context, StageOutput

LEFT = re.compile(r"(\w+)-$")
RIGHT = re.compile(r"\w+")
JOINS = ("line-wrap", "page-break")  # the kinds of edit that join a line to the next
WORD = re.compile(r"[\w-]+")  # a word as `_occurrences` delimits it
# The one character outside [\w-] that re's IGNORECASE takes for a word character (it matches
# "ι"): a text holding it is searched as before, word by word.
UNWORDLY_CASE = "\u0345"


def join_hyphenated_words(doc: Document, ctx: Context) -> StageOutput:
    """Propose ``hyphenation`` edits removing typesetting hyphens at former line ends."""
    text = doc.text
    compound_words = set(ctx.config.hyphenation.compound_words)
    proposals: list[Proposal] = []
    findings: list[Finding] = []
    words: _Words | None = None  # built at the first hyphen: most texts have none
    for point in sorted({_end_of(doc, i) for i, e in enumerate(doc.edits) if e.kind in JOINS}):
        if text[point - 1 : point] != "-":
            continue
        left, right = LEFT.search(text, max(0, point - 100), point), RIGHT.match(text, point)
        if left is None or right is None:
            continue
        words = words or _Words(text)
        drop, rule = _decide(left.group(1), right.group(), words, ctx, compound_words)
        if drop:
            proposals.append(Proposal(point - 1, point, "", "hyphenation", rule))
        if rule == "no-evidence" and ctx.config.hyphenation.note_uncertain:
            raw_start, raw_end = doc.ledger.raw_span(left.start(), right.end())
            message = f"joined {left.group()}/{right.group()} without evidence either way"
            findings.append(
                Finding("hyphenation.uncertain-join", Severity.NOTE, message, raw_start, raw_end)
            )
    return StageOutput(tuple(proposals), tuple(findings))


def _end_of(doc: Document, index: int) -> int:
    """Clean offset where edit ``index`` ends."""
    edit = doc.edits[index]
    return doc.ledger.clean_span(edit.raw_start, edit.raw_end)[1]


class _Words:
    """How often a word occurs in a text as :func:`_occurrences` finds it (case-insensitively,
    between characters that are not ``[\\w-]``) — counted once for the whole text, not sought at
    every hyphen: a long text has thousands of them, and a search each grows with the square of
    its length.

    Such an occurrence is a whole word of :data:`WORD`. ASCII words are counted by their
    lowercase form; others are compared with the question by ``re`` itself (whose case rules
    also match the Kelvin sign with ``k`` and ``ſ`` with ``s``), among the words of its length.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = UNWORDLY_CASE not in text  # else every question is a search, as before
        self.ascii: dict[int, Counter[str]] = {}  # length -> lowercase ASCII word -> count
        self.other: dict[int, list[str]] = {}  # length -> the other words, as written
        for match in WORD.finditer(text):
            word = match.group()
            if word.isascii():
                self.ascii.setdefault(len(word), Counter())[word.lower()] += 1
            else:
                self.other.setdefault(len(word), []).append(word)

    def count(self, word: str) -> int:
        """The occurrences of ``word``."""
        if not self.exact:
            return sum(1 for _ in _occurrences(word).finditer(self.text))
        pattern = re.compile(re.escape(word), re.IGNORECASE)
        found = sum(1 for other in self.other.get(len(word), ()) if pattern.fullmatch(other))
        key = _ascii_key(word)
        if key is not None and pattern.fullmatch(key):
            found += self.ascii.get(len(word), Counter())[key]
        return found

    def seen_elsewhere(self, word: str) -> bool:
        """Whether ``word`` still occurs once its first exact occurrence (the joined compound
        itself, as a rule) is cut out of the text."""
        first = self.text.find(word)
        if first < 0:
            return self.count(word) > 0
        end = first + len(word)
        glued = (first > 0 and WORD.match(self.text, first - 1)) or WORD.match(self.text, end)
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


def _decide(
    left: str, right: str, words: _Words, ctx: Context, compound_words: set[str]
) -> tuple[bool, str]:
    """``(drop the hyphen?, rule)`` for ``left-`` / ``right`` broken at a line end."""
    compound = f"{left}-{right}"
    if ctx.corpus.documents_with_word(compound) or words.seen_elsewhere(compound):
        return False, "compound-seen"
    if ctx.corpus.documents_with_word(left + right) or words.count(left + right):
        return True, "word-seen"
    if (
        any(c.isdigit() for c in left + right)
        or left[0].isupper()
        or right[0].isupper()
        or left.casefold() in compound_words
    ):
        return False, "compound-shape"
    return True, "no-evidence"
