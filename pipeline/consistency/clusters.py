"""Quotations grouped into clusters of the same passage, without comparing all pairs.

Quotations are taken longest first; each one not yet placed roots a cluster and draws in every
unplaced quotation of another document that shares at least ``containment`` of its shingles
with the root (containment, not similarity, so a truncated quote still joins its longer
sibling). Rooting at one passage keeps paraphrase from chaining unrelated quotes together, and
the order (length, words, document id) makes clusters independent of input order.

A quotation nested in the root (``“… responsible for ‘systematic … violations’ …”``) keeps what
it quotes: a quotation that shares ``containment`` of its shingles with a nested quotation of
the root's document is not drawn into the root's cluster, but left to join the nested
quotation's when that one roots a cluster (it is shorter, so it comes later). The press
release's words cluster with those quoting the release, the COI's with those quoting the COI.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from ..config import ConsistencyConfig
from .tokens import shingles


def containment(part: tuple[str, ...], whole: set[tuple[str, ...]], size: int) -> float:
    """The share of ``part``'s shingles that are among ``whole``."""
    own = set(shingles(part, size))
    return len(own & whole) / len(own) if own else 0.0


def clusters(
    docs: Sequence[str],
    words: Sequence[tuple[str, ...]],
    options: ConsistencyConfig,
    holds: Mapping[int, Sequence[int]] | None = None,
) -> Iterator[array[int]]:
    """Quotations (their documents and words) grouped around the longest unplaced one, as
    arrays of positions; each group's root comes first, the others follow in order. ``holds``:
    for a quotation holding others nested in it, their positions.

    A passage is often quoted word for word in many documents: the index and the containment
    test work on its distinct wordings, each once."""
    size, needed = options.shingle_size, options.containment
    wordings: dict[tuple[str, ...], int] = {}  # each distinct wording -> its number
    quoting: list[array[int]] = []  # by wording: the quotations with it, in order
    wording_of = array("l")  # by quotation
    for i, quote in enumerate(words):
        number = wordings.setdefault(quote, len(wordings))
        if number == len(quoting):
            quoting.append(array("l"))
        quoting[number].append(i)
        wording_of.append(number)
    texts = list(wordings)
    del wordings
    index = _prefix_index(texts, size, needed)
    unplaced = [len(quotations) for quotations in quoting]
    placed = bytearray(len(words))
    # Longest first, then by wording, then by document (the quotations are in document order).
    for root_wording in sorted(range(len(texts)), key=lambda n: (-len(texts[n]), texts[n])):
        root: set[tuple[str, ...]] = set()
        for i in quoting[root_wording]:
            if placed[i]:
                continue
            root = root or set(shingles(texts[root_wording], size))
            nested = [set(shingles(words[k], size)) for k in (holds or {}).get(i, ())]
            joined = []
            for number in {n for shingle in root for n in index.get(shingle, ())}:
                if unplaced[number] and containment(texts[number], root, size) >= needed:
                    if any(containment(texts[number], inner, size) >= needed for inner in nested):
                        continue  # the nested quotation's to draw in
                    joined += [j for j in quoting[number] if not placed[j] and docs[j] != docs[i]]
            for j in (i, *joined):
                placed[j] = 1
                unplaced[wording_of[j]] -= 1
            yield array("l", [i, *sorted(joined)])


def _prefix_index(
    texts: Sequence[tuple[str, ...]], size: int, needed: float
) -> dict[tuple[str, ...], array[int]]:
    """Shingle -> the wordings indexed under it: each wording under its rarest shingles only,
    as many as make sure that a root holding ``needed`` of its shingles holds one of them.

    A wording of ``m`` distinct shingles joins a root that holds ``k`` of them, the least ``k``
    with ``k / m >= needed``; its ``m - k + 1`` rarest shingles (in one order for all wordings:
    fewest wordings, then the shingle) cannot all be missing from such a root. This is the
    prefix filter of set-similarity joins: the clusters are those of an index of every shingle,
    but a shingle common to many wordings (``the letter says``, in every quotation of a text
    whose quotation marks are unbalanced) is not a list of candidates for every root to test,
    which made clustering quadratic in the quotations."""
    wordings_with: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        wordings_with.update(set(shingles(text, size)))
    index: dict[tuple[str, ...], array[int]] = {}
    for number, text in enumerate(texts):  # (the shingles again: not all held twice at once)
        own = set(shingles(text, size))
        if not own:
            continue
        rarest = sorted(own, key=lambda shingle: (wordings_with[shingle], shingle))
        for shingle in rarest[: len(own) - _least_shared(len(own), needed) + 1]:
            index.setdefault(shingle, array("l")).append(number)
    return index


def _least_shared(m: int, needed: float) -> int:
    """The least ``k`` (0 to ``m + 1``; ``m + 1``: none) with ``k / m >= needed``, by the same
    float comparison as the containment test, so that no wording is left out by rounding.

    >>> _least_shared(15, 0.5), _least_shared(4, 0.5), _least_shared(3, 1.0), _least_shared(2, 1.5)
    (8, 2, 3, 3)
    """
    k = min(max(math.ceil(needed * m), 0), m + 1)
    while k > 0 and (k - 1) / m >= needed:
        k -= 1
    while k <= m and k / m < needed:
        k += 1
    return k
