"""The corpus-wide side of the quote check: :class:`QuoteIndex`, filled one digest at a time,
and :func:`check_quotes` for documents held in memory."""

from __future__ import annotations

import itertools
import sys
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from ..config import Config, ConsistencyConfig
from ..document import Document, Finding
from ..machinery.engines import Engine, LocalEngine
from ..machinery.gcpause import collection_paused
from ..machinery.spill import Spill, temporary_file
from ..machinery.timings import Timings
from ..positions import Placed
from ..sources import source_table
from .canonical import Head, head
from .clusters import clusters as cluster_quotations
from .digest import QuoteDigest, digest, from_record, record
from .labelling import Piece, label_pieces
from .references import Reference, Tokenised, tokenised
from .results import Cluster, ClusterResult, finding_json
from .reuse import BodyShard, Roots, count_documents, find_reuse, packed, reused_passages
from .tokens import keys as shingle_keys

BODY_SHARD_BYTES = 1 << 20  # body shingle keys per unit of the reuse scan (~130,000 words)
RESOLVE_SHARD = 32  # documents per unit of reading reused passages
LABEL_BATCH = 2000  # members (about) per unit of labelling clusters

Loader = Callable[[str], bytes]  # a document's JSON by id, for those the check must look into


def check_quotes(
    documents: Sequence[Document],
    options: ConsistencyConfig,
    references: Sequence[Reference] = (),
    source: str | None = None,
) -> tuple[dict[str, Any], list[tuple[str, Finding]]]:
    """The quote report (``quotes.json``) and its findings, each with its document id, for
    documents held in memory. (A run streams its documents through a :class:`QuoteIndex`.)

    ``source``: only quotations of that source are checked (any id, alias or symbol of the
    default sources table, as :meth:`~pipeline.sources.SourceTable.lookup` reads it).
    """
    source_id = source_table(Config.load().sources).lookup(source) if source else None
    index = QuoteIndex(options)
    for doc in documents:
        index.add(digest(doc, options, source_id))
    by_id = {doc.id: doc for doc in documents}
    results = list(index.check(references, lambda doc_id: orjson.dumps(by_id[doc_id].to_json())))
    findings = sorted((p for r in results for p in r.findings), key=Placed.sort_key)
    report = {
        "schema_version": "1.0",
        "clusters": [
            c.to_json() for c in sorted((r.cluster for r in results), key=Cluster.report_key)
        ],
        "findings": [finding_json(p) for p in findings],
    }
    return report, [(p.document, p.finding) for p in findings]


class QuoteIndex:
    """The corpus-wide side of the check, filled one :class:`QuoteDigest` at a time.

    Memory grows with the words of the quotations and the index of their shingles, not with the
    documents: everything else of a passage waits in a :class:`~pipeline.machinery.spill.Spill`,
    and the body-text shingle keys in a temporary file, both in ``directory`` (default: in
    memory). The check reads those keys back in shards (:mod:`.reuse`). Where an unquoted reuse
    stands, it asks ``load`` for the document (each document once).
    """

    def __init__(self, options: ConsistencyConfig, directory: Path | None = None) -> None:
        self.options = options
        self.ids: list[str] = []  # the documents, in the order added
        self.quoted: list[tuple[str, tuple[str, ...]]] = []  # document and words of each quote
        self.holds: dict[int, tuple[int, ...]] = {}  # quote -> the quotes nested in it (numbers)
        self._wordings: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per wording
        self.passages = Spill(directory)  # the rest of each quotation, then of each reuse
        # By passage number: its document (by number) and its start in the document's text.
        self.passage_documents = array("l")
        self.passage_starts = array("l")
        self.body = temporary_file(directory)
        self.extents: list[tuple[int, int]] = []  # each document's keys in ``body``

    def add(self, found: QuoteDigest) -> None:
        with collection_paused():  # (see pipeline.machinery.gcpause: many records, no cycles)
            self._add(found)

    def _add(self, found: QuoteDigest) -> None:
        intern = sys.intern  # every quotation holds its words: share them, and its wording
        document = intern(found.document)
        first = len(self.quoted)
        for outer, inner in found.nested:
            self.holds[first + outer] = tuple(first + m for m in inner)
        for p in found.passages:
            words = tuple(map(intern, p.words))
            self.quoted.append((document, self._wordings.setdefault(words, words)))
            self.passages.add(None, record(p))
            self.passage_documents.append(len(self.ids))
            self.passage_starts.append(p.start)
        self.ids.append(document)
        end = self.extents[-1][0] + self.extents[-1][1] if self.extents else 0
        self.extents.append((end, len(found.body)))
        self.body.write(found.body)  # (no tell(): it would flush the write buffer every time)

    def close(self) -> None:
        """Free what the index holds (its temporary files and its words)."""
        self.passages.close()
        self.body.close()
        self.quoted.clear()
        self.holds.clear()
        self._wordings.clear()
        del self.passage_documents[:], self.passage_starts[:]
        self.extents.clear()

    def check(
        self,
        references: Sequence[Reference],
        load: Loader,
        engine: Engine | None = None,
        timings: Timings | None = None,
        on_step: Callable[[str], None] | None = None,
    ) -> Iterator[ClusterResult]:
        """Cluster the quotations, find unquoted reuse, label every member: one cluster at a
        time, in the order clusters are found (``quotes.json`` sorts them by id).

        The clusters are made here; the reuse scan (:mod:`.reuse`), the reading of the reused
        passages and the labelling are mapped over ``engine`` (default: this process). The
        seconds of the first three steps are added to ``timings``, if given, as
        ``consistency/clusters``, ``consistency/reuse`` and ``consistency/reused-passages``;
        ``on_step``, if given, is told each step's name as it begins (for a progress bar)."""
        engine = engine or LocalEngine(1)
        watch = (timings or Timings()).stopwatch()
        told = on_step or (lambda step: None)

        def lap(step: str, following: str) -> None:
            watch.lap(f"consistency/{step}")
            told(following)

        told("clusters")

        # (see pipeline.machinery.gcpause: the shingle tables are many objects, and no cycles)
        with collection_paused():
            order = sorted(range(len(self.quoted)), key=lambda i: self.quoted[i][0])
            docs = [self.quoted[i][0] for i in order]  # by document id: input order must not matter
            words = [self.quoted[i][1] for i in order]
            holds: dict[int, tuple[int, ...]] = {}  # the nested quotations, by place in ``order``
            if self.holds:
                place = array("l", bytes(8 * len(order)))
                for at, quote in enumerate(order):
                    place[quote] = at
                holds = {place[q]: tuple(place[m] for m in held) for q, held in self.holds.items()}
            clusters = list(cluster_quotations(docs, words, self.options, holds))
            lap("clusters", "reuse")
            reused = self._find_reuse(clusters, docs, words, engine)
            lap("reuse", "reused passages")
            resolved = self._resolve(sorted(itertools.chain.from_iterable(reused)), load, engine)
            lap("reused-passages", "labelling")
            first = len(self.passages) - len(resolved)  # the reuses were spilled in sorted order
            spilled = [
                array("l", (first + bisect_left(resolved, r) for r in found)) for found in reused
            ]
            del reused, resolved, docs  # (a million reuses as Python integers: keep machine ones)

        heads: deque[Head] = deque()  # of the clusters sent to be labelled, in order
        pieces = self._pieces(clusters, spilled, order, words, tokenised(references), heads)
        # A cluster can have tens of thousands of members: it is labelled in pieces of at most
        # LABEL_BATCH members, to bound the memory of a worker, and put together here.
        labelled = itertools.chain.from_iterable(engine.map(label_pieces, None, pieces, ahead=2))
        for piece in labelled:
            cluster = heads.popleft()
            yield cluster.result([piece, *itertools.islice(labelled, cluster.pieces - 1)])

    def _pieces(
        self,
        clusters: Sequence[array[int]],
        spilled: Sequence[array[int]],
        order: Sequence[int],
        words: Sequence[tuple[str, ...]],
        refs: Sequence[Tokenised],
        heads: deque[Head],
    ) -> Iterator[list[Piece]]:
        """Units of labelling work: pieces of clusters, each of at most :data:`LABEL_BATCH`
        members in the order of the report (by document, then place), with the wording they are
        labelled against. The head of each cluster (its canonical wording, found here) is
        appended to ``heads`` before its first piece is given out."""
        unit: list[Piece] = []
        size = 0
        for members, reuses in zip(clusters, spilled, strict=True):
            own = {order[m]: words[m] for m in members}  # spill number -> words (quotations)
            numbers = [*own, *reuses]
            if len({self.passage_documents[n] for n in numbers}) < 2 and not refs:
                continue  # quoted in one document only, and nothing to compare it with
            numbers.sort(key=self._report_order)
            chunks = [numbers[i : i + LABEL_BATCH] for i in range(0, len(numbers), LABEL_BATCH)]
            quoted = [from_record(self.passages.get(n), w) for n, w in own.items()]
            made = head(quoted, refs, self.options, len(chunks))
            heads.append(made)
            for chunk in chunks:
                stored = [(self.passages.raw(n), own.get(n)) for n in chunk]
                unit.append(Piece(made.canonical, stored))
                size += len(chunk)
                if size >= LABEL_BATCH:
                    yield unit
                    unit, size = [], 0
        if unit:
            yield unit

    def _find_reuse(
        self,
        clusters: Sequence[array[int]],
        docs: Sequence[str],
        words: Sequence[tuple[str, ...]],
        engine: Engine,
    ) -> list[list[int]]:
        """Each cluster's unquoted reuses (see :func:`~.reuse.packed`) in the bodies of the
        documents that do not quote it, by document id."""
        options, size = self.options, self.options.shingle_size
        root_keys = [set(shingle_keys(words[members[0]], size)) for members in clusters]
        counts: Counter[int] = Counter()
        wanted = frozenset().union(*root_keys)
        for partial in engine.map(count_documents, wanted, self._body_shards()):
            counts.update(partial)
        limit = max(options.max_shingle_documents, options.max_shingle_share * len(self.ids))
        usable = [{key for key in keys if counts[key] <= limit} for keys in root_keys]
        by_key: defaultdict[int, list[int]] = defaultdict(list)
        for root, keys in enumerate(usable):
            for key in keys:
                by_key[key].append(root)
        numbers_of: defaultdict[str, list[int]] = defaultdict(list)  # document id -> numbers
        for number, doc_id in enumerate(self.ids):
            numbers_of[doc_id].append(number)
        quoted_in: defaultdict[int, set[int]] = defaultdict(set)
        for root, members in enumerate(clusters):
            for doc_id in {docs[m] for m in members}:
                for number in numbers_of[doc_id]:
                    quoted_in[number].add(root)
        roots = Roots(
            {key: tuple(numbers) for key, numbers in by_key.items()},
            frozenset(by_key),
            tuple(options.containment * len(keys) for keys in usable),
            size,
            {number: frozenset(own) for number, own in quoted_in.items()},
        )
        found: list[list[int]] = [[] for _ in clusters]
        for part in engine.map(find_reuse, roots, self._body_shards()):
            for reuse in part:
                found[reuse.root].append(packed(reuse))
        for reuses in found:
            reuses.sort(key=lambda r: self.ids[r >> 64])
        return found

    def _body_shards(self) -> Iterator[BodyShard]:
        """The body-text shingle keys of every document, in shards of about
        :data:`BODY_SHARD_BYTES`."""
        self.body.seek(0)  # (the keys were written one document after another)
        first, keys, size = 0, [], 0
        for number, (_, length) in enumerate(self.extents):
            keys.append(self.body.read(length))
            size += length
            if size >= BODY_SHARD_BYTES:
                yield BodyShard(first, tuple(keys))
                first, keys, size = number + 1, [], 0
        if keys:
            yield BodyShard(first, tuple(keys))

    def _resolve(self, wanted: list[int], load: Loader, engine: Engine) -> list[int]:
        """Each reuse of ``wanted`` (sorted; two clusters may share one) added to the spill as a
        passage, in that order, once; the reuses spilled are returned. Every document is read
        once, and looked into by the engine's workers."""
        distinct = []
        first = len(self.passage_starts)  # the number of the first reuse

        def shards() -> Iterator[list[tuple[bytes, list[tuple[int, int]]]]]:
            shard = []
            for number, reuses in itertools.groupby(wanted, key=lambda r: r >> 64):
                here = list(dict.fromkeys(reuses))
                distinct.extend(here)
                words = [(r >> 32 & 0xFFFFFFFF, r & 0xFFFFFFFF) for r in here]
                shard.append((load(self.ids[number]), words))
                if len(shard) == RESOLVE_SHARD:
                    yield shard
                    shard = []
            if shard:
                yield shard

        for records in engine.map(reused_passages, None, shards()):
            for stored in records:
                self.passage_documents.append(distinct[len(self.passage_starts) - first] >> 64)
                self.passage_starts.append(stored[2])
                self.passages.add(None, stored)
        return distinct

    def _report_order(self, number: int) -> tuple[str, int]:
        """Where passage ``number`` comes in a cluster's report: by document id, then place."""
        return self.ids[self.passage_documents[number]], self.passage_starts[number]
