"""Cross-document quote consistency: the same passage, quoted the same way everywhere?

A corpus stage, run after every document has been cleaned. It never compares all pairs:

1. **Index.** Every quotation (``kind == "quotation"``, at least ``min_words`` words) and the
   unquoted body text of every document are cut into word shingles (``shingle_size`` words) over a
   normalised view — casefolded, apostrophes unified, punctuation, quote marks and dashes dropped,
   editorial brackets opened (``[t]he`` → ``the``) — with an offset map back to the clean text.
   Body-text shingles found in more than ``max_shingle_documents`` documents (and that share of
   them) are too common to tell passages apart and are dropped.
2. **Clusters.** Quotations are taken longest first; each one not yet placed roots a cluster and
   draws in every unplaced quotation of another document that shares at least ``containment`` of
   its shingles with the root (containment, not similarity, so a truncated quote still joins its
   longer sibling). Rooting at one passage keeps paraphrase from chaining unrelated quotes
   together, and the order (length, text, document id) makes clusters independent of input order.
   Cluster ids are hashes of the root's normalised text.
3. **Unquoted reuse.** The body text of every document is scanned once for the shingles of all
   roots (:mod:`pipeline.reuse`); in a document that does not quote a root, a dense enough run of
   its hits is the passage reused without quotation marks.
4. **Canonical and labels.** The canonical wording is the passage in a ``--reference`` text when
   one holds it, else the wording most members share (ties: the longest). Each member is aligned
   to it word by word (rapidfuzz ``Indel`` opcodes on token lists) and labelled with the first
   level at which it equals the canonical span it covers: ``identical`` → ``case`` →
   ``punctuation`` → ``editorial`` (brackets, ellipses and ``[sic]`` are licensed edits); a faithful
   sub-span is ``truncated``; anything else is ``wording``, with word-level ``differences``.
   Changes of meaning — negation, numbers, modals, quantifiers — are named in the finding.

Steps 3 and 4 are maps over an engine's workers (:mod:`pipeline.engines`); step 2 runs where
the check is called, as it needs every quotation in one order.

Findings (codes in the README): ``quote.wording-mismatch`` (error), ``quote.case-mismatch``
(warning), ``quote.punctuation-mismatch`` (note), ``quote.unquoted-reuse`` (note),
``quote.citation-mismatch`` (warning), ``quote.not-in-reference`` (error).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import sys
import time
import zlib
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import orjson
from rapidfuzz.distance import Indel

from .config import ConsistencyConfig
from .document import Citation, Document, Finding, Severity
from .engines import Engine, LocalEngine
from .positions import Location, Placed, locate
from .reuse import BodyShard, Reuse, Roots, count_documents, densest_run, find_reuse
from .spill import Spill, temporary_file

T = TypeVar("T")
NORMALISE = str.maketrans({"[": None, "]": None, "’": "'", "‘": "'"})  # for word comparison
TOKEN = re.compile(r"(?:\[\w{1,3}\])?\w+(?:[’'‘]\w+)*")
EDITORIAL = re.compile(r"\[(?:sic|emphasis added)\]|\[[^\]]*\]|…|\.\s?\.\s?\.", re.IGNORECASE)
PUNCTUATION = re.compile(r"[^\w\s]")
SPACES = re.compile(r"\s+")
MEANING = {  # words whose change alters what a passage says
    "negation": {"not", "no", "never", "without", "none", "nor", "neither", "cannot"},
    "modal": {"shall", "should", "may", "might", "must", "can", "could", "will", "would"},
    "quantifier": {"any", "a", "an", "all", "some", "every", "each", "many", "few", "most"},
}
VARIANT_FINDINGS = {
    "wording": ("quote.wording-mismatch", Severity.ERROR),
    "case": ("quote.case-mismatch", Severity.WARNING),
    "punctuation": ("quote.punctuation-mismatch", Severity.NOTE),
    "unquoted": ("quote.unquoted-reuse", Severity.NOTE),
}
INCONSISTENT = {"case", "punctuation", "wording"}
BODY_SHARD_BYTES = 1 << 20  # body shingle keys per unit of the reuse scan (~130,000 words)
RESOLVE_SHARD = 32  # documents per unit of reading reused passages
LABEL_BATCH = 2000  # members (about) per unit of labelling clusters


@dataclass(frozen=True, slots=True)
class Reference:
    """An authoritative source text given with ``--reference``."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class _Tokens:
    """A stretch of clean text as normalised words, each with its offsets in that text."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _Passage:
    """A quotation (or a reused stretch of body text) with everything the check reports of it,
    worked out while its document was at hand."""

    document: str
    quote: str | None  # quote id, None for unquoted reuse
    start: int
    end: int
    text: str
    words: tuple[str, ...]  # normalised, as :func:`tokens` gives them
    citations: tuple[Citation, ...]
    raw_start: int
    raw_end: int
    where: Location  # of the raw span in the input file
    snippet: str  # the raw text of the span


def _passage(
    doc: Document,
    quote: str | None,
    start: int,
    end: int,
    citations: tuple[Citation, ...] = (),
    words: tuple[str, ...] | None = None,
) -> _Passage:
    raw_start, raw_end = doc.ledger.raw_span(start, end)
    return _Passage(
        doc.id,
        quote,
        start,
        end,
        doc.text[start:end],
        words_of(doc.text, start, end) if words is None else words,
        citations,
        raw_start,
        raw_end,
        locate(doc.source, doc.raw, raw_start, raw_end),
        doc.raw[raw_start:raw_end],
    )


def tokens(text: str, start: int = 0, end: int | None = None) -> _Tokens:
    """The normalised words of ``text[start:end]`` with their offsets in ``text``.

    >>> tokens("“[T]he State’s — gross”").words
    ('the', "state's", 'gross')
    """
    matches = list(TOKEN.finditer(text, start, len(text) if end is None else end))
    words = tuple(_normal_word(m.group()) for m in matches)
    return _Tokens(words, tuple(m.span() for m in matches))


def words_of(text: str, start: int = 0, end: int | None = None) -> tuple[str, ...]:
    """``tokens(text, start, end).words``, faster (no offsets)."""
    found = TOKEN.findall(text, start, len(text) if end is None else end)
    return tuple(map(_normal_word, found))


@lru_cache(maxsize=1 << 16)
def _normal_word(word: str) -> str:
    # A corpus has few distinct words and every document tokenised: normalise each one once.
    return sys.intern(word.translate(NORMALISE).casefold())


def _shingles(words: Sequence[T], size: int) -> list[tuple[T, ...]]:
    if len(words) < size:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + size]) for i in range(len(words) - size + 1)]


@lru_cache(maxsize=1 << 16)
def _code(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def _keys(words: Sequence[str], size: int) -> array[int]:
    """A key per shingle of ``words`` (as :func:`_shingles` cuts them), the same in every
    process: Python's hash of a tuple of the words' CRC-32s. (The hash of a string is salted
    per process, that of a tuple of integers is not; the keys of workers and runner meet.)"""
    codes = list(map(_code, words))
    if len(codes) < size:
        return array("q", [hash(tuple(codes))] if codes else [])
    windows = zip(*(codes[i:] for i in range(size)), strict=False)  # stops at the last whole window
    return array("q", map(hash, windows))


def _gaps(doc: Document) -> list[tuple[int, int]]:
    """The stretches of ``doc``'s text outside its quotations (a quote may nest in another)."""
    gaps, pos = [], 0
    for start, end in sorted(doc.ledger.clean_span(q.raw_start, q.raw_end) for q in doc.quotes):
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    gaps.append((pos, len(doc.text)))
    return gaps


def _body_word_spans(doc: Document, wanted: set[int]) -> dict[int, tuple[int, int]]:
    """The offsets of the body words numbered ``wanted`` (as :func:`_body_word_list` numbers them,
    and of the last word if a number is past it), looking closely only at the stretches
    between quotations that hold them."""
    found: dict[int, tuple[int, int]] = {}
    base, last = 0, None
    for gap in _gaps(doc):
        count = len(TOKEN.findall(doc.text, *gap))
        if count and any(base <= n < base + count for n in wanted):
            for n, match in enumerate(TOKEN.finditer(doc.text, *gap), start=base):
                if n in wanted:
                    found[n] = match.span()
        if count:
            last = (base + count - 1, gap)
        base += count
    if last is not None and last[0] not in found and any(n > last[0] for n in wanted):
        *_, match = TOKEN.finditer(doc.text, *last[1])
        found[last[0]] = match.span()
    return found


def _body_word_list(doc: Document) -> list[str]:
    """The words of ``doc``'s text outside its quotations: where unquoted reuse is looked for."""
    return [word for gap in _gaps(doc) for word in words_of(doc.text, *gap)]


@dataclass(frozen=True, slots=True)
class QuoteDigest:
    """What the quote check needs of one document, made where the document is cleaned: its
    quotations (those attributed to ``source``, if one is given) and the shingle keys of its
    body text. Small: the document itself can be written out and dropped."""

    document: str
    passages: tuple[_Passage, ...]
    body: bytes  # :func:`_keys` of :func:`_body_word_list`, as machine integers


def digest(doc: Document, options: ConsistencyConfig, source: str | None = None) -> QuoteDigest:
    """The :class:`QuoteDigest` of a cleaned document."""
    notes = {note.label: note.citations for note in doc.footnotes}
    passages = []
    for quote in doc.quotes:
        if quote.kind != "quotation":
            continue
        citations = notes.get(quote.footnote or "", ())
        if source and quote.attribution != source and all(c.document != source for c in citations):
            continue
        start, end = doc.ledger.clean_span(quote.raw_start, quote.raw_end)
        words = words_of(doc.text, start, end)
        if len(words) >= options.min_words:
            passages.append(_passage(doc, quote.id, start, end, citations, words))
    body = _keys(_body_word_list(doc), options.shingle_size).tobytes()
    return QuoteDigest(doc.id, tuple(passages), body)


Loader = Callable[[str], bytes]  # a document's JSON by id, for those the check must look into


def check_quotes(
    documents: Sequence[Document],
    options: ConsistencyConfig,
    references: Sequence[Reference] = (),
    source: str | None = None,
) -> tuple[dict[str, Any], list[tuple[str, Finding]]]:
    """The quote report (``quotes.json``) and its findings, each with its document id, for
    documents held in memory. (A run streams its documents through a :class:`QuoteIndex`.)

    ``source``: only quotations attributed to it (or citing it) are checked.
    """
    index = QuoteIndex(options)
    for doc in documents:
        index.add(digest(doc, options, source))
    by_id = {doc.id: doc for doc in documents}
    results = list(index.check(references, lambda doc_id: orjson.dumps(by_id[doc_id].to_json())))
    findings = sorted((p for r in results for p in r.findings), key=Placed.sort_key)
    report = {
        "schema_version": "1.0",
        "clusters": sorted((r.cluster for r in results), key=lambda c: c["id"]),
        "findings": [finding_json(p) for p in findings],
    }
    return report, [(p.document, p.finding) for p in findings]


def finding_json(placed: Placed) -> dict[str, Any]:
    """A quote finding as ``quotes.json`` lists it."""
    return {**placed.finding.to_json(), "document": placed.document}


@dataclass(frozen=True, slots=True)
class Member:
    """A cluster member where a report on the raw files needs it (SARIF related locations)."""

    document: str
    raw_start: int
    raw_end: int
    variant: str
    where: Location


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """One cluster of the check: its entry in ``quotes.json``, its findings placed in the input
    files, and its members in the order of the entry."""

    cluster: dict[str, Any]
    findings: list[Placed]
    members: list[Member]


def _record(p: _Passage, words: bool = False) -> list[Any]:
    """``p`` as a list for a spill; with its words if ``words`` (a quotation's stay in memory)."""
    where = p.where
    citations = [[c.document, list(c.paragraphs)] for c in p.citations]
    place = [where.path, where.line, where.column, where.end_line, where.end_column]
    return [p.document, p.quote, p.start, p.end, p.text, citations, p.raw_start, p.raw_end, place,
            p.snippet, list(p.words) if words else None]  # fmt: skip


def _from_record(record: list[Any], words: tuple[str, ...] | None = None) -> _Passage:
    document, quote, start, end, text, citations, raw_start, raw_end, place, snippet, kept = record
    return _Passage(
        document,
        quote,
        start,
        end,
        text,
        words if words is not None else tuple(kept),
        tuple(Citation(d, tuple(paragraphs)) for d, paragraphs in citations),
        raw_start,
        raw_end,
        Location(*place),
        snippet,
    )


class QuoteIndex:
    """The corpus-wide side of the check, filled one :class:`QuoteDigest` at a time.

    Memory grows with the words of the quotations and the index of their shingles, not with the
    documents: everything else of a passage waits in a :class:`~pipeline.spill.Spill`, and the
    body-text shingle keys in a temporary file, both in ``directory`` (default: in memory). The
    check reads those keys back in shards (:mod:`pipeline.reuse`). Where an unquoted reuse
    stands, it asks ``load`` for the document (each document once).
    """

    def __init__(self, options: ConsistencyConfig, directory: Path | None = None) -> None:
        self.options = options
        self.ids: list[str] = []  # the documents, in the order added
        self.quoted: list[tuple[str, tuple[str, ...]]] = []  # document and words of each quote
        self._wordings: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per wording
        self.passages = Spill(directory)  # the rest of each quotation, then of each reuse
        # By passage number: its document (by number) and its start in the document's text.
        self.passage_documents = array("l")
        self.passage_starts = array("l")
        self.body = temporary_file(directory)
        self.extents: list[tuple[int, int]] = []  # each document's keys in ``body``

    def add(self, found: QuoteDigest) -> None:
        intern = sys.intern  # every quotation holds its words: share them, and its wording
        document = intern(found.document)
        for p in found.passages:
            words = tuple(map(intern, p.words))
            self.quoted.append((document, self._wordings.setdefault(words, words)))
            self.passages.add(None, _record(p))
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
        self._wordings.clear()
        del self.passage_documents[:], self.passage_starts[:]
        self.extents.clear()

    def check(
        self,
        references: Sequence[Reference],
        load: Loader,
        engine: Engine | None = None,
        timings: dict[str, float] | None = None,
    ) -> Iterator[ClusterResult]:
        """Cluster the quotations, find unquoted reuse, label every member: one cluster at a
        time, in the order clusters are found (``quotes.json`` sorts them by id).

        The clusters are made here; the reuse scan (:mod:`pipeline.reuse`), the reading of the
        reused passages and the labelling are mapped over ``engine`` (default: this process).
        The seconds of the first three steps are added to ``timings``, if given, as
        ``consistency/clusters``, ``consistency/reuse`` and ``consistency/reused-passages``."""
        engine = engine or LocalEngine(1)
        spent = timings if timings is not None else {}
        started = time.perf_counter()

        def lap(step: str) -> None:
            nonlocal started
            now = time.perf_counter()
            spent[f"consistency/{step}"] = spent.get(f"consistency/{step}", 0.0) + now - started
            started = now

        order = sorted(range(len(self.quoted)), key=lambda i: self.quoted[i][0])
        docs = [self.quoted[i][0] for i in order]  # by document id: input order must not matter
        words = [self.quoted[i][1] for i in order]
        clusters = list(_clusters(docs, words, self.options))
        lap("clusters")
        reused = self._find_reuse(clusters, docs, words, engine)
        lap("reuse")
        resolved = self._resolve(sorted(itertools.chain.from_iterable(reused)), load, engine)
        lap("reused-passages")
        first = len(self.passages) - len(resolved)  # the reuses were spilled in sorted order
        spilled = [
            array("l", (first + bisect_left(resolved, r) for r in found)) for found in reused
        ]
        del reused, resolved, docs  # (a million reuses as Python integers: keep machine ones)

        refs = tuple((ref, tokens(ref.text)) for ref in references)
        heads: deque[_Head] = deque()  # of the clusters sent to be labelled, in order
        pieces = self._pieces(clusters, spilled, order, words, refs, heads)
        # A cluster can have tens of thousands of members: it is labelled in pieces of at most
        # LABEL_BATCH members, to bound the memory of a worker, and put together here.
        labelled = itertools.chain.from_iterable(engine.map(_label_pieces, None, pieces, ahead=2))
        for piece in labelled:
            head = heads.popleft()
            yield head.result([piece, *itertools.islice(labelled, head.pieces - 1)])

    def _pieces(
        self,
        clusters: Sequence[array[int]],
        spilled: Sequence[array[int]],
        order: Sequence[int],
        words: Sequence[tuple[str, ...]],
        refs: Sequence[tuple[Reference, _Tokens]],
        heads: deque[_Head],
    ) -> Iterator[list[_Piece]]:
        """Units of labelling work: pieces of clusters, each of at most :data:`LABEL_BATCH`
        members in the order of the report (by document, then place), with the wording they are
        labelled against. The head of each cluster (its canonical wording, found here) is
        appended to ``heads`` before its first piece is given out."""
        unit: list[_Piece] = []
        size = 0
        for members, reuses in zip(clusters, spilled, strict=True):
            own = {order[m]: words[m] for m in members}  # spill number -> words (quotations)
            numbers = [*own, *reuses]
            if len({self.passage_documents[n] for n in numbers}) < 2 and not refs:
                continue  # quoted in one document only, and nothing to compare it with
            numbers.sort(key=self._report_order)
            chunks = [numbers[i : i + LABEL_BATCH] for i in range(0, len(numbers), LABEL_BATCH)]
            quoted = [_from_record(self.passages.get(n), w) for n, w in own.items()]
            reference = _locate(quoted[0], refs, self.options)
            head = _head(quoted, reference, bool(refs), len(chunks))
            heads.append(head)
            for chunk in chunks:
                stored = [(self.passages.raw(n), own.get(n)) for n in chunk]
                unit.append(_Piece(head.cluster["canonical"], stored))
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
        """Each cluster's unquoted reuses (see :func:`_packed`) in the bodies of the documents
        that do not quote it, by document id."""
        options, size = self.options, self.options.shingle_size
        root_keys = [set(_keys(words[members[0]], size)) for members in clusters]
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
        roots = Roots(
            {key: tuple(numbers) for key, numbers in by_key.items()},
            frozenset(by_key),
            tuple(options.containment * len(keys) for keys in usable),
            size,
        )
        exclude = [{docs[m] for m in members} for members in clusters]
        found: list[list[int]] = [[] for _ in clusters]
        for part in engine.map(find_reuse, roots, self._body_shards()):
            for reuse in part:
                if self.ids[reuse.document] not in exclude[reuse.root]:
                    found[reuse.root].append(_packed(reuse))
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

        for records in engine.map(_reuse_passages, None, shards()):
            for record in records:
                self.passage_documents.append(distinct[len(self.passage_starts) - first] >> 64)
                self.passage_starts.append(record[2])
                self.passages.add(None, record)
        return distinct

    def _report_order(self, number: int) -> tuple[str, int]:
        """Where passage ``number`` comes in a cluster's report: by document id, then place."""
        return self.ids[self.passage_documents[number]], self.passage_starts[number]


def _packed(reuse: Reuse) -> int:
    """Where an unquoted reuse stands, before its document is looked into, as one integer that
    sorts by document number, then by place: the number, and the first and last of its body
    words."""
    return reuse.document << 64 | reuse.first << 32 | reuse.last


def _reuse_passages(_: None, shard: list[tuple[bytes, list[tuple[int, int]]]]) -> list[list[Any]]:
    """The reused passages of documents (their JSON, and the first and last body word of each
    reuse), as spill records, in the order given."""
    records = []
    for data, reuses in shard:
        doc = Document.from_json(orjson.loads(data), annotations=False)
        spans = _body_word_spans(doc, {n for reuse in reuses for n in reuse})
        for first, last in reuses:
            last = last if last in spans else max(spans)  # the run may end past the text
            passage = _passage(doc, None, spans[first][0], spans[last][1])
            records.append(_record(passage, words=True))
    return records


_Stored = tuple[bytes, tuple[str, ...] | None]  # a spilled passage, and its words if not in it


@dataclass(frozen=True, slots=True)
class _Piece:
    """Members of a cluster to label (as spilled), and the wording to label them against."""

    canonical: str
    members: list[_Stored]


_Labelled = tuple[list[dict[str, Any]], list[Placed], list[Member]]  # rows, findings, members


def _label_pieces(_: None, unit: list[_Piece]) -> list[_Labelled]:
    """Each piece of ``unit`` labelled: its rows in ``quotes.json``, the findings of its
    members, and its members for the SARIF log's related locations."""
    results: list[_Labelled] = []
    for piece in unit:
        canon = tokens(piece.canonical)
        rows, findings, members = [], [], []
        for record, words in piece.members:
            member = _from_record(orjson.loads(record), words)
            variant, differences = _label(member, piece.canonical, canon)
            rows.append(
                {
                    "document": member.document,
                    "quote": member.quote,
                    "text": member.text,
                    "start": member.start,
                    "end": member.end,
                    "variant": variant,
                    "differences": differences,
                }
            )
            if variant in VARIANT_FINDINGS:
                code, severity = VARIANT_FINDINGS[variant]
                message = _message(variant, member, differences)
                findings.append(_finding(member, code, severity, message))
            members.append(
                Member(member.document, member.raw_start, member.raw_end, variant, member.where)
            )
        results.append((rows, findings, members))
    return results


@dataclass(frozen=True, slots=True)
class _Head:
    """What a cluster's report holds besides its members' rows: its entry in ``quotes.json``
    (status and members to be filled in), the findings of its root, and how many pieces it is
    labelled in."""

    cluster: dict[str, Any]
    root_findings: list[Placed]
    pieces: int

    def result(self, parts: Sequence[_Labelled]) -> ClusterResult:
        """The cluster, put together from its labelled pieces (in order)."""
        rows = [row for part in parts for row in part[0]]
        status = "inconsistent" if any(r["variant"] in INCONSISTENT for r in rows) else "consistent"
        cluster = {
            "id": self.cluster["id"],
            "canonical": self.cluster["canonical"],
            "status": status,
            "members": rows,
            "reference": self.cluster["reference"],
        }
        findings = [f for part in parts for f in part[1]] + self.root_findings
        return ClusterResult(cluster, findings, [m for part in parts for m in part[2]])


def _head(
    quoted: list[_Passage], reference: dict[str, Any] | None, has_references: bool, pieces: int
) -> _Head:
    """The :class:`_Head` of the cluster whose quotations are ``quoted`` (the root first), to be
    labelled in ``pieces``."""
    root = quoted[0]
    findings = []
    cited = {(c.document, tuple(c.paragraphs)) for m in quoted for c in m.citations}
    if len({doc for doc, _ in cited}) > 1 or len(cited) > 1:
        listed = "; ".join(f"{d} {', '.join(p) or '(no paragraph)'}" for d, p in sorted(cited))
        message = f"the same passage is cited to different places: {listed}"
        findings.append(_finding(root, "quote.citation-mismatch", Severity.WARNING, message))
    if reference is None and has_references:
        message = "the passage is not in any reference text"
        findings.append(_finding(root, "quote.not-in-reference", Severity.ERROR, message))
    ref_json = None
    if reference is not None:
        ref_json = {k: reference[k] for k in ("path", "start", "end", "paragraph")}
    cluster = {
        "id": "c" + hashlib.sha256(" ".join(root.words).encode()).hexdigest()[:12],
        "canonical": reference["text"] if reference else _best_supported(quoted),
        "reference": ref_json,
    }
    return _Head(cluster, findings, pieces)


def _containment(part: tuple[str, ...], whole: set[tuple[str, ...]], size: int) -> float:
    own = set(_shingles(part, size))
    return len(own & whole) / len(own) if own else 0.0


def _clusters(
    docs: Sequence[str], words: Sequence[tuple[str, ...]], options: ConsistencyConfig
) -> Iterator[array[int]]:
    """Quotations (their documents and words) grouped around the longest unplaced one, as
    arrays of positions; each group's root comes first, the others follow in order.

    A passage is often quoted word for word in many documents: the index and the containment
    test work on its distinct wordings, each once."""
    size, containment = options.shingle_size, options.containment
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
        for shingle in set(_shingles(text, size)):
            index.setdefault(shingle, array("l")).append(number)
    unplaced = [len(quotations) for quotations in quoting]
    placed = bytearray(len(words))
    # Longest first, then by wording, then by document (the quotations are in document order).
    for root_wording in sorted(range(len(texts)), key=lambda n: (-len(texts[n]), texts[n])):
        root: set[tuple[str, ...]] = set()
        for i in quoting[root_wording]:
            if placed[i]:
                continue
            root = root or set(_shingles(texts[root_wording], size))
            joined = []
            for number in {n for shingle in root for n in index[shingle]}:
                if unplaced[number] and _containment(texts[number], root, size) >= containment:
                    joined += [j for j in quoting[number] if not placed[j] and docs[j] != docs[i]]
            for j in (i, *joined):
                placed[j] = 1
                unplaced[wording_of[j]] -= 1
            yield array("l", [i, *sorted(joined)])


def _locate(
    root: _Passage, refs: Sequence[tuple[Reference, _Tokens]], options: ConsistencyConfig
) -> dict[str, Any] | None:
    """Where the root passage stands in a reference text, with the reference's wording."""
    size = options.shingle_size
    wanted = set(_shingles(root.words, size))
    for ref, words in refs:
        shingles = _shingles(words.words, size)
        positions = [i for i, s in enumerate(shingles) if s in wanted]
        first, last, count = densest_run(positions, gap=size)
        if count and count >= options.containment * len(wanted):
            start = words.spans[first][0]
            end = words.spans[min(last + size - 1, len(words.spans) - 1)][1]
            return {
                "path": ref.path,
                "start": start,
                "end": end,
                "paragraph": _paragraph_number(ref.text, start),
                "text": ref.text[start:end],
            }
    return None


def _paragraph_number(text: str, offset: int) -> str | None:
    """The number of the numbered paragraph (``80. The commission…``) holding ``offset``."""
    found = None
    for match in re.finditer(r"(?m)^\s*(\d{1,4})\.\s", text[:offset]):
        found = match.group(1)
    return found


def _finding(passage: _Passage, code: str, severity: Severity, message: str) -> Placed:
    finding = Finding(code, severity, message, passage.raw_start, passage.raw_end)
    return Placed(passage.document, finding, passage.where, passage.snippet)


def _best_supported(members: Sequence[_Passage]) -> str:
    """The wording most quoted members share exactly; ties: the longest, then the first in order."""
    quoted = [m for m in members if m.quote is not None] or list(members)
    counts = Counter(_strip_edges(m.text) for m in quoted)
    best = min(quoted, key=lambda m: (-counts[_strip_edges(m.text)], -len(m.words), m.text))
    return best.text


def _normal(text: str, level: str) -> str:
    """``text`` as compared at ``level`` (``case`` or ``punctuation``)."""
    if level == "punctuation":
        text = PUNCTUATION.sub(" ", text.replace("’", "'"))
    return SPACES.sub(" ", text).strip().casefold()


def _editorial_match(edited: str, plain: str) -> bool:
    """Whether ``edited`` is ``plain`` with editorial marks: ``[t]he`` case changes, bracketed
    insertions that stand for any words (or none), ellipses for omitted words, ``[sic]``."""
    edited = re.sub(r"\[(\w{1,3})\](?=\w)", r"\1", edited)
    segments = [_normal(s, "punctuation") for s in EDITORIAL.split(edited)]
    target, pos = f" {_normal(plain, 'punctuation')} ", 0
    for segment in filter(None, segments):
        found = target.find(f" {segment} ", pos)
        if found < 0:
            return False
        pos = found + len(segment) + 1
    return True


def _label(member: _Passage, canonical: str, canon: _Tokens) -> tuple[str, list[dict[str, str]]]:
    """``(variant, differences)`` of ``member`` against the canonical wording."""
    ops = Indel.opcodes(list(member.words), list(canon.words))
    # The canonical span the member covers: from its first to its last matched word.
    matched = [op for op in ops if op.tag == "equal"]
    if not matched:
        return ("unquoted" if member.quote is None else "wording"), _differences(member, canon, ops)
    first, last = matched[0].dest_start, matched[-1].dest_end
    lead = sum(
        op.src_end - op.src_start
        for op in ops
        if op.tag != "equal" and op.src_end <= matched[0].src_start
    )
    if lead:  # member words before the first match replace canonical words just before it
        first = max(0, first - lead)
    trail = sum(
        op.src_end - op.src_start
        for op in ops
        if op.tag != "equal" and op.src_start >= matched[-1].src_end
    )
    if trail:
        last = min(len(canon.words), last + trail)
    span_text = canonical[canon.spans[first][0] : canon.spans[last - 1][1]]
    whole = first == 0 and last == len(canon.words)
    diffs = _differences(
        member,
        canon,
        Indel.opcodes(list(member.words), list(canon.words[first:last])),
        first,
    )
    if member.quote is None:
        return "unquoted", diffs
    text = _strip_edges(member.text)
    span_text = _strip_edges(span_text)
    if text == span_text:
        if EDITORIAL.search(text):  # the same words, with editorial marks of its own
            return "editorial", []
        return ("identical" if whole else "truncated"), []
    for level in ("case", "punctuation"):
        if _normal(text, level) == _normal(span_text, level):
            return level, _case_differences(text, span_text) if level == "case" else diffs
    if _editorial_match(text, span_text) or _editorial_match(span_text, text):
        return "editorial", diffs
    return "wording", diffs


def _case_differences(member: str, canonical: str) -> list[dict[str, str]]:
    pairs = zip(canonical.split(), member.split(), strict=False)
    return [{"op": "case", "canonical": c, "member": m} for c, m in pairs if c != m]


def _strip_edges(text: str) -> str:
    return text.strip(" \n.,;:!?")


def _differences(
    member: _Passage, canon: _Tokens, ops: Any, offset: int = 0
) -> list[dict[str, str]]:
    """Word-level changes from the canonical wording to the member's."""
    words = member.words
    diffs = []
    for op in ops:
        if op.tag == "equal":
            continue
        diffs.append(
            {
                "op": op.tag,
                "canonical": " ".join(canon.words[offset + op.dest_start : offset + op.dest_end]),
                "member": " ".join(words[op.src_start : op.src_end]),
            }
        )
    return _merged(diffs)


def _merged(diffs: list[dict[str, str]]) -> list[dict[str, str]]:
    # Indel has no "replace": a delete next to an insert is one replacement.
    out: list[dict[str, str]] = []
    for d in diffs:
        if out and {out[-1]["op"], d["op"]} == {"delete", "insert"}:
            prev = out.pop()
            canonical = " ".join(filter(None, [prev["canonical"], d["canonical"]]))
            member = " ".join(filter(None, [prev["member"], d["member"]]))
            d = {"op": "replace", "canonical": canonical, "member": member}
        out.append(d)
    for d in out:  # Indel's view: the member's extra words are "delete" from the member's side
        if d["op"] == "delete":
            d["op"] = "insert"
        elif d["op"] == "insert":
            d["op"] = "delete"
    return out


def _message(variant: str, member: _Passage, differences: list[dict[str, str]]) -> str:
    where = f"quote {member.quote}" if member.quote else "unquoted passage"
    if variant == "unquoted":
        return f"{where} reuses a quoted passage without quotation marks"
    if variant == "case":
        shown = ", ".join(f"“{d['canonical']}” → “{d['member']}”" for d in differences[:4])
        return f"{where} differs from the canonical wording in letter case: {shown}"
    if variant == "punctuation":
        return f"{where} differs from the canonical wording in punctuation"
    shown = "; ".join(f"“{d['canonical']}” → “{d['member']}”" for d in differences[:4])
    changes = sorted(
        {
            kind
            for d in differences
            for kind, words in MEANING.items()
            if set(d["canonical"].split()) & words or set(d["member"].split()) & words
        }
        | (
            {"number"}
            if any(re.search(r"\d", d["canonical"] + d["member"]) for d in differences)
            else set()
        )
    )
    meaning = f" (changes {', '.join(changes)})" if changes else ""
    return f"{where} changes the wording{meaning}: {shown}"
