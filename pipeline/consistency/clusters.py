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
from collections.abc import Iterator, Mapping, Sequence

from ..config import ConsistencyConfig
from .tokens import shingles


def contained(part: array[int], whole: set[int], needed: float) -> bool:
    """Whether ``whole`` holds at least ``needed`` of ``part``'s shingles (distinct, as
    numbers)."""
    return (len(whole.intersection(part)) / len(part) if part else 0.0) >= needed


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
    own, shingle_count = _shingle_numbers(texts, size)
    index = _prefix_index(own, shingle_count, needed)
    unplaced = [len(quotations) for quotations in quoting]
    placed = bytearray(len(words))
    # Longest first, then by wording, then by document (the quotations are in document order).
    for root_wording in sorted(range(len(texts)), key=lambda n: (-len(texts[n]), texts[n])):
        root: set[int] = set()
        for i in quoting[root_wording]:
            if placed[i]:
                continue
            root = root or set(own[root_wording])
            nested = [set(own[wording_of[k]]) for k in (holds or {}).get(i, ())]
            joined = []
            for number in {n for shingle in root for n in index.get(shingle, ())}:
                if unplaced[number] and contained(own[number], root, needed):
                    if any(contained(own[number], inner, needed) for inner in nested):
                        continue  # the nested quotation's to draw in
                    joined += [j for j in quoting[number] if not placed[j] and docs[j] != docs[i]]
            for j in (i, *joined):
                placed[j] = 1
                unplaced[wording_of[j]] -= 1
            yield array("l", [i, *sorted(joined)])


def _shingle_numbers(texts: Sequence[tuple[str, ...]], size: int) -> tuple[list[array[int]], int]:
    """Each wording's distinct shingles, as numbers (one per distinct shingle of all the
    wordings), and how many numbers there are. Sets of small integers are built, intersected
    and held in far less time and memory than sets of tuples of words; the shingles of a
    wording are cut once, not at every test."""
    numbers: dict[tuple[str, ...], int] = {}
    own = [
        array("l", {numbers.setdefault(shingle, len(numbers)) for shingle in shingles(text, size)})
        for text in texts
    ]
    return own, len(numbers)


def _prefix_index(
    own: Sequence[array[int]], shingle_count: int, needed: float
) -> dict[int, array[int]]:
    """Shingle -> the wordings indexed under it: each wording under its rarest shingles only,
    as many as make sure that a root holding ``needed`` of its shingles holds one of them.

    A wording of ``m`` distinct shingles joins a root that holds ``k`` of them, the least ``k``
    with ``k / m >= needed``; its ``m - k + 1`` rarest shingles (in one order for all wordings:
    fewest wordings, then the shingle's number) cannot all be missing from such a root. This is
    the prefix filter of set-similarity joins: the clusters are those of an index of every
    shingle, but a shingle common to many wordings (``the letter says``, in every quotation of a
    text whose quotation marks are unbalanced) is not a list of candidates for every root to
    test, which made clustering quadratic in the quotations."""
    wordings_with = [0] * shingle_count
    for shingles_of in own:
        for shingle in shingles_of:
            wordings_with[shingle] += 1
    rank = [0] * shingle_count  # a shingle's place in the order, rarest first
    for place, shingle in enumerate(sorted(range(shingle_count), key=wordings_with.__getitem__)):
        rank[shingle] = place
    del wordings_with
    index: dict[int, array[int]] = {}
    for number, shingles_of in enumerate(own):
        if not shingles_of:
            continue
        rarest = sorted(shingles_of, key=rank.__getitem__)
        for shingle in rarest[: len(rarest) - _least_shared(len(rarest), needed) + 1]:
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
