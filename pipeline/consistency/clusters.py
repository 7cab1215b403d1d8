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

from array import array
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
    index: dict[tuple[str, ...], array[int]] = {}  # shingle -> wordings with it
    for number, text in enumerate(texts):
        for shingle in set(shingles(text, size)):
            index.setdefault(shingle, array("l")).append(number)
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
            for number in {n for shingle in root for n in index[shingle]}:
                if unplaced[number] and containment(texts[number], root, size) >= needed:
                    if any(containment(texts[number], inner, size) >= needed for inner in nested):
                        continue  # the nested quotation's to draw in
                    joined += [j for j in quoting[number] if not placed[j] and docs[j] != docs[i]]
            for j in (i, *joined):
                placed[j] = 1
                unplaced[wording_of[j]] -= 1
            yield array("l", [i, *sorted(joined)])
