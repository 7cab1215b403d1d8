"""The passage a cluster quotes, reconstructed from all its quotations.

Quotations of one passage overlap: one letter quotes a sentence whole, another its second half,
a third its first words and the sentence before. Aligned word by word (:func:`~.align.align`)
onto the wording most of them give, they give the longest passage they support together: words
before the first or after the last word they share extend it (prefixes and suffixes from the
longer quotations that agree with it word for word where they overlap). Then each word of the
passage is the wording most quotations covering it give there, and so is the punctuation
between two words. What a quotation's own boundary does is not evidence: its first word's
letter case (a quotation starting mid-sentence may be capitalised or not), and the punctuation
after its last word. Editorial insertions in [brackets] and ellipses are the quoter's, not the
source's: they give no support.

Where the two leading wordings of a word are each given by at least ``dispute_min_support``
quotations and the runner-up has at least ``dispute_ratio`` of the leader's support, the word
is disputed (:class:`~.results.Dispute`): the cluster asserts no majority.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..config import ConsistencyConfig
from .align import align
from .results import Dispute
from .tokens import TYPOGRAPHIC, normal_word, tokens

SPACES = re.compile(r"\s+")
BRACKETS = re.compile(r"\[[^\]]*\]")
EDITED = ("…", "...", ". . .", "[", "]")  # a separator holding these is the quoter's
UNBRACKET = str.maketrans({"[": None, "]": None})


@dataclass(frozen=True, slots=True)
class _Quoted:
    """A quotation's wording as surface words, their keys, and what stands between them."""

    keys: tuple[str, ...]
    words: tuple[str, ...]  # as written
    separators: tuple[str, ...]  # after each word but the last, spaces collapsed
    bracketed: frozenset[int]  # words inside [brackets]: not the source's


def _quoted(text: str) -> _Quoted:
    found = tokens(text)
    spans = found.spans
    inside = [m.span() for m in BRACKETS.finditer(text)]
    bracketed = frozenset(
        i for i, (s, e) in enumerate(spans) if any(a <= s and e <= b for a, b in inside)
    )
    separators = tuple(
        SPACES.sub(" ", text[spans[i][1] : spans[i + 1][0]]) for i in range(len(spans) - 1)
    )
    return _Quoted(found.words, tuple(text[s:e] for s, e in spans), separators, bracketed)


@dataclass(slots=True)
class _Votes:
    """Support for each wording of one thing, and the rank of the longest quotation giving it."""

    support: Counter[str] = field(default_factory=Counter)
    rank: dict[str, int] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # as the longest quotation writes it

    def add(self, wording: str, weight: int, rank: int, written: str | None = None) -> None:
        self.support[wording] += weight
        if rank < self.rank.get(wording, rank + 1):
            self.rank[wording] = rank
            self.written[wording] = wording if written is None else written

    def shown(self, wording: str) -> str:
        """``wording`` as written by the longest quotation giving it."""
        return self.written.get(wording, wording)

    def ranked(self, keep: Callable[[str], bool] = bool) -> list[tuple[str, int]]:
        """Most support first; ties go to the wording of the longer quotation."""
        found = [(w, n) for w, n in self.support.items() if keep(w)]
        return sorted(found, key=lambda wn: (-wn[1], self.rank[wn[0]], wn[0]))


@dataclass(slots=True)
class _Slot:
    """One word of the passage being reconstructed, and the support of each wording of it."""

    key: str  # the word its first source gave
    word: str
    separator: str  # after it (its first source's), if a word follows
    keys: _Votes = field(default_factory=_Votes)
    words: _Votes = field(default_factory=_Votes)
    separators: _Votes = field(default_factory=_Votes)


@dataclass(frozen=True, slots=True)
class Reconstruction:
    """A cluster's passage as the quotations support it, and the words where they disagree."""

    text: str
    words: tuple[str, ...]
    disputes: tuple[Dispute, ...]


def reconstruct(texts: Sequence[str], options: ConsistencyConfig) -> Reconstruction:
    """The passage that the quotations ``texts`` (the longest first) support together."""
    support = Counter(texts)
    quoted = {t: _quoted(t) for t in support}
    # The longest first (the root); ties of support go to the longer quotation's wording.
    distinct = sorted(support, key=lambda t: (t != texts[0], -len(quoted[t].keys), t))
    # The passage grows from the wording most quotations give (the longest of those), not one
    # with bracketed insertions (they may stand for source words a faithful quotation gives);
    # the longer quotations add what it lacks before and after.
    base = min(
        distinct,
        key=lambda t: (bool(quoted[t].bracketed), -support[t], -len(quoted[t].keys), t),
    )
    slots = _slots(quoted[base], range(len(quoted[base].keys)))
    for text in distinct:
        if text != base:
            _extend(slots, quoted[text])
    for rank, text in enumerate(distinct):
        _vote(slots, quoted[text], support[text], rank)
    return _decide(slots, options)


def _slots(q: _Quoted, numbers: range) -> list[_Slot]:
    """Slots for the words ``numbers`` of ``q`` (but those inside brackets)."""
    kept = [i for i in numbers if i not in q.bracketed]
    return [
        _Slot(q.keys[i], q.words[i].translate(UNBRACKET), _separator(q, i, kept[n + 1 : n + 2]))
        for n, i in enumerate(kept)
    ]


def _separator(q: _Quoted, i: int, following: list[int]) -> str:
    """What ``q`` writes after its word ``i``, up to its next kept word (brackets taken out)."""
    if i >= len(q.separators):
        return " "
    upto = following[0] if following else i + 1
    joined = "".join(q.separators[i:upto]) if upto > i + 1 else q.separators[i]
    return SPACES.sub(" ", joined.translate(UNBRACKET)) or " "


def _extend(slots: list[_Slot], q: _Quoted) -> None:
    """Words of ``q`` before the first or after the last word it shares with the passage, where
    the passage has none, added to it: only from a quotation that agrees with the passage word
    for word where they overlap (a misquote's extra words are no evidence of the source's)."""
    matched = [run for run in align(q.keys, [s.key for s in slots]) if run.equal]
    if len(matched) != 1 or {matched[0].left_start, matched[0].left_end - 1} & q.bracketed:
        return  # (its shared words' ends, bracketed, would not say where the passage goes on)
    first, last = matched[0], matched[-1]
    if last.right_end == len(slots) and last.left_end < len(q.keys):  # (the end first: the
        tail = _slots(q, range(last.left_end - 1, len(q.keys)))  # start moves the positions)
        if len(tail) > 1:
            slots[-1].separator = tail[0].separator
            slots += tail[1:]
    if first.right_start == 0 and first.left_start > 0:
        slots[:0] = _slots(q, range(first.left_start + 1))[:-1]  # (to the first shared word)


def _vote(slots: list[_Slot], q: _Quoted, weight: int, rank: int) -> None:
    """The support ``weight`` quotations worded ``q`` give each word of the passage: where a word
    of theirs stands against one of the passage (equal, or one for one in a change)."""
    for run in align(q.keys, [s.key for s in slots]):
        width = run.left_end - run.left_start
        if width != run.right_end - run.right_start:
            continue  # words added or dropped: no word stands against another
        for k in range(width):
            i, slot = run.left_start + k, slots[run.right_start + k]
            if i in q.bracketed:
                continue
            slot.keys.add(q.keys[i], weight, rank)
            if i > 0 and "[" not in q.words[i]:  # a first letter is the quoter's to capitalise
                # (``State’s`` and ``State's`` support one wording: marks are typographic)
                slot.words.add(q.words[i].translate(TYPOGRAPHIC), weight, rank, q.words[i])
            if k + 1 < width and not any(mark in q.separators[i] for mark in EDITED):
                slot.separators.add(q.separators[i], weight, rank)


def _worded(key: str) -> Callable[[str], bool]:
    """Whether a wording written is the word ``key``."""
    return lambda word: normal_word(word) == key


def _decide(slots: list[_Slot], options: ConsistencyConfig) -> Reconstruction:
    words, keys, separators, disputes = [], [], [], []

    def close(ranked: list[tuple[str, int]]) -> bool:
        if len(ranked) < 2:
            return False
        (_, first), (_, second) = ranked[:2]
        return second >= options.dispute_min_support and second >= options.dispute_ratio * first

    for slot in slots:
        ranked_keys = slot.keys.ranked()
        key = ranked_keys[0][0] if ranked_keys else slot.key
        forms = slot.words.ranked(_worded(key))
        word = slot.words.shown(forms[0][0]) if forms else slot.word if key == slot.key else key
        if close(ranked_keys):
            runner = ranked_keys[1][0]
            shown = slot.words.ranked(_worded(runner))
            other = slot.words.shown(shown[0][0]) if shown else runner
            disputes.append(Dispute(word, other, (ranked_keys[0][1], ranked_keys[1][1])))
        elif close(forms):
            (_, first), (other, second) = forms[:2]
            disputes.append(Dispute(word, slot.words.shown(other), (first, second)))
        ranked_separators = slot.separators.ranked()
        words.append(word)
        keys.append(key)
        separators.append(ranked_separators[0][0] if ranked_separators else slot.separator)
    text = "".join(w + s for w, s in zip(words, [*separators[:-1], ""], strict=True))
    return Reconstruction(text, tuple(keys), tuple(disputes))
