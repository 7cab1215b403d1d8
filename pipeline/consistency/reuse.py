"""Unquoted reuse: where a document's body text repeats a quoted passage without quotation marks.

The quote check (:mod:`pipeline.consistency`) looks for the root passage of each quote cluster
in the body text of every other document. The body text is the largest thing the check reads,
so it is never indexed whole. The worker that cleans a document keeps the shingle keys of its
body (:func:`pipeline.consistency.digest.digest`); the check reads them back in
:class:`BodyShard`\\ s, twice, and each pass is a map that an engine
(:mod:`pipeline.machinery.engines`) spreads over its workers:

1. :func:`count_documents`, a group-by on shingle keys: in how many documents each of the roots'
   keys occurs. Each shard counts its own; the counts are summed by key. A key found in too many
   documents cannot tell passages apart, and is dropped.
2. :func:`find_reuse`, a join on shingle keys: each place in a document's body whose key belongs
   to a root is a hit for that root. The densest run of a root's hits in a document, if it holds
   enough of the root's keys, is a reuse.

Memory grows with the roots' keys, and the time with the corpus: a document is scanned once for
all roots, however many share its words. A reuse found is packed in one integer (:func:`packed`)
until its document is read again (:func:`reused_passages`) for the words it reuses.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import orjson

from ..document import Document
from .digest import body_word_spans, passage, record


@dataclass(frozen=True, slots=True)
class BodyShard:
    """The body-text shingle keys of consecutive documents, each as machine integers."""

    first: int  # the number of its first document
    keys: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class Roots:
    """What :func:`find_reuse` needs of the roots, sent once to every worker."""

    by_key: dict[int, tuple[int, ...]]  # a usable shingle key -> the roots (numbers) with it
    keys: frozenset[int]  # those keys
    needed: tuple[float, ...]  # per root: how many hits a run needs
    size: int  # the shingle size: the widest hole a run may have
    # A document (by number) -> the roots it quotes: a document is not searched for those.
    quoted_in: dict[int, frozenset[int]]


@dataclass(frozen=True, slots=True)
class Reuse:
    """A root passage repeated in a document's body, by the numbers of its first and last
    body words (as the document's body shingle keys number them)."""

    root: int
    document: int
    first: int
    last: int


def keys_of(data: bytes) -> array[int]:
    """Shingle keys stored as machine integers, as an array again."""
    keys = array("q")
    keys.frombytes(data)
    return keys


def count_documents(wanted: frozenset[int], shard: BodyShard) -> Counter[int]:
    """How many documents of ``shard`` have each key of ``wanted`` (keys none has are left out)."""
    counts: Counter[int] = Counter()
    for data in shard.keys:
        counts.update(wanted.intersection(keys_of(data)))
    return counts


def find_reuse(roots: Roots, shard: BodyShard) -> list[Reuse]:
    """Every reuse of a root in the documents of ``shard`` that do not quote it, by document,
    then by the place where the root's first hit is.

    A document's own roots are left out before its keys are looked up: a long document whose
    many quotations share a phrase with its body (``the letter says``) would otherwise give a
    hit for each of those roots at each place the phrase stands, quadratic in its length, to be
    thrown away (a document does not reuse what it quotes)."""
    found = []
    by_key, size = roots.by_key, roots.size
    for number, data in enumerate(shard.keys, start=shard.first):
        keys = keys_of(data)
        present = roots.keys.intersection(keys)
        own = roots.quoted_in.get(number)
        if own:  # (filtered once per key, not at every place the key is found)
            lists = {key: [root for root in by_key[key] if root not in own] for key in present}
            present = frozenset(key for key, found in lists.items() if found)
        if not present:
            continue
        hits: defaultdict[int, list[int]] = defaultdict(list)
        for position, key in enumerate(keys):
            if key in present:
                for root in lists[key] if own else by_key[key]:
                    hits[root].append(position)
        for root, positions in hits.items():
            first, last, count = densest_run(positions, size)
            if count >= roots.needed[root]:
                found.append(Reuse(root, number, first, last + size - 1))
    return found


def densest_run(positions: list[int], gap: int) -> tuple[int, int, int]:
    """The longest stretch of increasing ``positions`` with no hole wider than ``gap``: its first
    and last position and how many it holds (the first such stretch if several; (0, 0, 0) if
    there are no positions)."""
    best = (0, 0, 0)
    start, count, previous = 0, 0, None
    for p in positions:
        if previous is None or p - previous > gap:
            start, count = p, 0
        count += 1
        previous = p
        if count > best[2]:
            best = (start, p, count)
    return best


def packed(reuse: Reuse) -> int:
    """Where an unquoted reuse stands, before its document is looked into, as one integer that
    sorts by document number, then by place: the number, and the first and last of its body
    words."""
    return reuse.document << 64 | reuse.first << 32 | reuse.last


def reused_passages(_: None, shard: list[tuple[bytes, list[tuple[int, int]]]]) -> list[list[Any]]:
    """The reused passages of documents (their JSON, and the first and last body word of each
    reuse), as spill records, in the order given."""
    records = []
    for data, reuses in shard:
        doc = Document.from_json(orjson.loads(data), annotations=False)
        spans = body_word_spans(doc, {n for reuse in reuses for n in reuse})
        for first, last in reuses:
            last = last if last in spans else max(spans)  # the run may end past the text
            records.append(record(passage(doc, None, spans[first][0], spans[last][1]), words=True))
    return records
