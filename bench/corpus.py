"""A deterministic synthetic corpus for benchmarking the quote check (and anything else).

    python -m bench.corpus 10000 [--seed 4] [-o corpus.jsonl] [--labels planted.jsonl]

Documents are recombined from the CLEAN paragraphs of the embedded seeds, with quotations drawn
from a pool of about 200 source passages (sentences of the seeds, and synthetic sentences made of
seed words) inserted in “…”, each either identical or mutated as a real letter might misquote it:
a case change, a dropped comma, an ellipsis for some words, a bracketed insertion, a truncation, a
changed word, two list items swapped. Some passages are also reused without quotation marks.

:func:`generate` returns :class:`~pipeline.Document` objects built directly (no cleaning pass: the
ledger has no edits, so raw offsets are clean offsets) together with what was planted where and
the variant the quote check is expected to label it with. The same ``seed`` always gives the
same corpus (``Corpus.digest`` proves it). ``main`` writes the documents as JSONL ``{"id",
"text"}`` records, which ``coi-pipeline run corpus.jsonl`` and other benchmarks read.

:func:`iter_documents` yields the same documents one at a time, for corpora too large to hold:
all it keeps between documents is the passage pool, the seed paragraphs and their vocabulary
(a few hundred kilobytes, whatever ``n``). ``main`` writes with it, so its memory is bounded too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import Document, Source, clean_text
from pipeline.document import Quote
from pipeline.ledger import Ledger
from pipeline.resources import data_dir

POOL_SIZE = 200
MIN_WORDS, MAX_WORDS = 6, 40
# What each mutation should be labelled as by ``check_quotes`` (the README's variant vocabulary).
EXPECTED = {
    "identical": "identical",
    "case": "case",
    "comma": "punctuation",
    "ellipsis": "editorial",
    "bracket": "editorial",
    "truncation": "truncated",
    "word": "wording",
    "reorder": "wording",
    "unquoted": "unquoted",
}
QUOTE_FRAMES = (
    "As the Commission of Inquiry concluded, “{}”.",
    "The report found that “{}”.",
    "In the words of the Special Rapporteur, “{}”.",
    "The General Assembly resolution recalls that “{}”.",
    "We note that “{}”.",
    "“{}”, the report states.",
)
REUSE_FRAMES = ("{}.", "It is well documented that {}.", "Indeed, {}.")
WORD = re.compile(r"\w+(?:’\w+)*")


@dataclass(frozen=True, slots=True)
class Passage:
    """A source passage that documents quote; ``paragraph`` is the seed paragraph it came from."""

    id: int
    text: str
    paragraph: int | None  # index into seed_paragraphs(); None for a synthetic sentence


@dataclass(frozen=True, slots=True)
class Planted:
    """A passage put into a document: where (clean = raw offsets), how, and the label expected."""

    document: str
    quote: str | None  # quote id; None for unquoted reuse
    start: int
    end: int
    passage: int
    mutation: str
    expected: str


@dataclass(frozen=True, slots=True)
class Corpus:
    documents: tuple[Document, ...]
    planted: tuple[Planted, ...]
    passages: tuple[Passage, ...]

    @property
    def quotations(self) -> int:
        return sum(len(doc.quotes) for doc in self.documents)

    def digest(self) -> str:
        """sha256 of every document's id, text and quote spans: equal digests, equal corpora."""
        h = hashlib.sha256()
        for doc in self.documents:
            update_digest(h, doc)
        return h.hexdigest()


def update_digest(h: Any, doc: Document) -> None:
    """Add one document to a running :meth:`Corpus.digest` (``h``: a ``hashlib.sha256()``)."""
    h.update(f"{doc.id}\0{doc.text}\0".encode())
    h.update(repr([(q.id, q.raw_start, q.raw_end) for q in doc.quotes]).encode())


@cache
def seed_paragraphs() -> tuple[str, ...]:
    """The clean paragraphs of the embedded seeds, in file order."""
    paragraphs: list[str] = []
    for path in sorted(data_dir("seeds").glob("*.txt")):
        text = clean_text(path.read_text("utf-8")).text
        paragraphs += [p.strip("\n") for p in text.split("\n\n") if p.strip()]
    return tuple(paragraphs)


def _pool(rng: random.Random, paragraphs: Sequence[str], size: int) -> list[Passage]:
    """Seed sentences of MIN_WORDS..MAX_WORDS words (quotation marks dropped, long ones cut),
    then synthetic sentences of seed words until there are ``size`` passages."""
    found: list[tuple[str, int]] = []
    seen: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            if "\n" in sentence or re.search(r"[\[\]…]|\.\.\.", sentence):
                continue
            words = sentence.replace("“", "").replace("”", "").split()[:30]
            text = _trim(" ".join(words))
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS and text.casefold() not in seen:
                seen.add(text.casefold())
                found.append((text, index))
    found = found[: size // 2]
    vocabulary = WORD.findall(" ".join(paragraphs))
    passages = [Passage(i, text, index) for i, (text, index) in enumerate(found)]
    while len(passages) < size:
        passages.append(Passage(len(passages), _synthetic(rng, vocabulary), None))
    return passages


def _synthetic(rng: random.Random, vocabulary: Sequence[str]) -> str:
    """A sentence of seed words (by frequency) with a list in it: ``lead a, b, c and d tail``."""

    def words(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n))

    lead = words(rng.randint(3, 8))
    items = [words(rng.randint(1, 3)) for _ in range(rng.randint(3, 5))]
    tail = words(rng.randint(2, 8))
    text = f"{lead} {', '.join(items[:-1])} and {items[-1]}, {tail}"
    return text[0].upper() + text[1:]


def _trim(text: str) -> str:
    """``text`` without non-word characters at either end (a faithful word span)."""
    return re.sub(r"^[^\w(]+|[^\w)]+$", "", text)


# -- mutations: (text, rng, vocabulary) -> mutated text, or None when not applicable ----------


def _case(text: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    words = text.split(" ")
    choices = [i for i, w in enumerate(words) if w[:1].isalpha()]
    if not choices:
        return None
    i = rng.choice(choices)
    words[i] = words[i][0].swapcase() + words[i][1:]
    return " ".join(words)


def _comma(text: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    commas = [m.start() for m in re.finditer(r"(?<=\w),(?= )", text)]
    if not commas:
        return None
    i = rng.choice(commas)
    return text[:i] + text[i + 1 :]


def _ellipsis(text: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    words = text.split(" ")
    if len(words) < 9:
        return None
    length = rng.randint(1, min(3, len(words) - 7))
    i = rng.randint(2, len(words) - 2 - length)
    return " ".join([*words[:i], "…", *words[i + length :]])


def _bracket(text: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    words = text.split(" ")
    inserted = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 3)))
    i = rng.randint(1, len(words) - 1)
    return " ".join([*words[:i], f"[{inserted}]", *words[i:]])


def _truncation(text: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    words = text.split(" ")
    if len(words) < 9:
        return None
    keep = rng.randint(max(MIN_WORDS, (len(words) + 1) // 2), len(words) - 1)
    start = rng.randint(0, len(words) - keep)
    cut = _trim(" ".join(words[start : start + keep]))
    return cut if len(cut.split()) >= MIN_WORDS else None


def _word(text: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    matches = [m for m in WORD.finditer(text) if m.group().isalpha()]
    if not matches:
        return None
    m = rng.choice(matches)
    other = m.group()
    while other.casefold() == m.group().casefold() or not other.isalpha():
        other = rng.choice(vocabulary)
    return text[: m.start()] + other + text[m.end() :]


def _reorder(text: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    items = text.split(", ")
    swappable = [i for i in range(len(items) - 2) if items[i] != items[i + 1]]
    if not swappable:
        return None
    i = rng.choice(swappable)
    items[i], items[i + 1] = items[i + 1], items[i]
    return ", ".join(items)


Mutation = Callable[[str, random.Random, Sequence[str]], str | None]
MUTATIONS: dict[str, Mutation] = {
    "case": _case,
    "comma": _comma,
    "ellipsis": _ellipsis,
    "bracket": _bracket,
    "truncation": _truncation,
    "word": _word,
    "reorder": _reorder,
}


def _mutate(
    text: str, rng: random.Random, vocabulary: Sequence[str], rate: float
) -> tuple[str, str]:
    """``(mutation, text)``: identical with probability ``1 - rate``, else an applicable one."""
    if rng.random() >= rate:
        return "identical", text
    names = list(MUTATIONS)
    rng.shuffle(names)
    for name in names:
        mutated = MUTATIONS[name](text, rng, vocabulary)
        if mutated is not None and mutated != text:
            return name, mutated
    return "identical", text


def generate(
    n: int,
    seed: int = 0,
    *,
    mutation_rate: float = 0.5,
    unquoted_rate: float = 0.15,
    quotes_per_document: tuple[int, int] = (1, 5),
    paragraphs_per_document: tuple[int, int] = (3, 8),
    pool_size: int = POOL_SIZE,
) -> Corpus:
    """``n`` synthetic documents, deterministic from ``seed``, held in memory (see
    :func:`iter_documents` for what they are, and for a corpus too large to hold)."""
    documents: list[Document] = []
    planted: list[Planted] = []
    stream = iter_documents(
        n,
        seed,
        mutation_rate=mutation_rate,
        unquoted_rate=unquoted_rate,
        quotes_per_document=quotes_per_document,
        paragraphs_per_document=paragraphs_per_document,
        pool_size=pool_size,
    )
    for doc, placed in stream:
        documents.append(doc)
        planted += placed
    return Corpus(tuple(documents), tuple(planted), passage_pool(seed, pool_size))


def passage_pool(seed: int = 0, pool_size: int = POOL_SIZE) -> tuple[Passage, ...]:
    """The passages the documents of ``seed`` quote (the first draws of its generator)."""
    return tuple(_pool(random.Random(seed), seed_paragraphs(), pool_size))


def iter_documents(
    n: int,
    seed: int = 0,
    *,
    mutation_rate: float = 0.5,
    unquoted_rate: float = 0.15,
    quotes_per_document: tuple[int, int] = (1, 5),
    paragraphs_per_document: tuple[int, int] = (3, 8),
    pool_size: int = POOL_SIZE,
) -> Iterator[tuple[Document, list[Planted]]]:
    """``n`` synthetic documents, one at a time, each with the passages planted in it;
    deterministic from ``seed`` (the same documents as :func:`generate`).

    Each document recombines ``paragraphs_per_document`` seed paragraphs and carries
    ``quotes_per_document`` quotations from the pool (never one its own paragraphs already
    contain), each mutated with probability ``mutation_rate``; with probability
    ``unquoted_rate`` it also reuses a passage it does not quote, without quotation marks.
    Between documents only the pool, the seed paragraphs and their vocabulary are kept.
    """
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    vocabulary = WORD.findall(" ".join(paragraphs))
    passages = _pool(rng, paragraphs, pool_size)  # as passage_pool(seed, pool_size)
    for number in range(n):
        doc_id = f"syn{number:06d}"
        chosen = rng.sample(range(len(paragraphs)), rng.randint(*paragraphs_per_document))
        allowed = [p for p in passages if p.paragraph not in chosen]
        count = rng.randint(*quotes_per_document)
        picked = rng.sample(allowed, count + 1)
        # Each body paragraph is a list of pieces; a piece may carry a planted passage.
        body: list[list[tuple[str, tuple[int, str, bool] | None]]] = [
            [(paragraphs[i], None)] for i in chosen
        ]
        for passage in picked[:count]:
            mutation, text = _mutate(passage.text, rng, vocabulary, mutation_rate)
            frame = rng.choice(QUOTE_FRAMES)
            _place(rng, body, frame, text, (passage.id, mutation, True))
        if rng.random() < unquoted_rate:
            frame = rng.choice(REUSE_FRAMES)
            text = picked[count].text
            if frame != "{}.":
                text = text[0].lower() + text[1:]
            _place(rng, body, frame, text, (picked[count].id, "unquoted", False))
        planted: list[Planted] = []
        yield _document(doc_id, body, planted), planted


def _place(
    rng: random.Random,
    body: list[list[tuple[str, tuple[int, str, bool] | None]]],
    frame: str,
    text: str,
    label: tuple[int, str, bool],
) -> None:
    """Put ``frame`` filled with ``text`` at the end of a paragraph or as a new paragraph."""
    before, after = frame.split("{}")
    pieces: list[tuple[str, tuple[int, str, bool] | None]] = [
        (before, None),
        (text, label),
        (after, None),
    ]
    if rng.random() < 0.5:
        host = rng.choice(body)
        host += [(" ", None), *pieces]
    else:
        body.insert(rng.randint(0, len(body)), pieces)


def _document(
    doc_id: str,
    body: list[list[tuple[str, tuple[int, str, bool] | None]]],
    planted: list[Planted],
) -> Document:
    parts: list[str] = []
    spans: list[tuple[int, int, tuple[int, str, bool]]] = []
    pos = 0
    for k, paragraph in enumerate(body):
        if k:
            parts.append("\n\n")
            pos += 2
        for piece, label in paragraph:
            if label is not None:
                spans.append((pos, pos + len(piece), label))
            parts.append(piece)
            pos += len(piece)
    text = "".join(parts) + "\n"
    quotes: list[Quote] = []
    for start, end, (passage, mutation, quoted) in spans:
        quote_id = None
        if quoted:
            quote_id = f"q{len(quotes) + 1}"
            quotes.append(Quote(quote_id, start, end, None, None, "quotation"))
        planted.append(Planted(doc_id, quote_id, start, end, passage, mutation, EXPECTED[mutation]))
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(doc_id, Source("<synthetic>", sha, "utf-8"), Ledger(text), quotes=tuple(quotes))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mutation-rate", type=float, default=0.5)
    parser.add_argument("--unquoted-rate", type=float, default=0.15)
    parser.add_argument("-o", "--output", type=Path, help="JSONL file (default: stdout)")
    parser.add_argument("--labels", type=Path, help="also write the planted passages as JSONL")
    args = parser.parse_args(argv)
    stream = iter_documents(
        args.n, args.seed, mutation_rate=args.mutation_rate, unquoted_rate=args.unquoted_rate
    )
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    labels = args.labels.open("w", encoding="utf-8") if args.labels else None
    digest = hashlib.sha256()
    documents = quotations = 0
    try:
        for doc, planted in stream:
            out.write(json.dumps({"id": doc.id, "text": doc.text}, ensure_ascii=False) + "\n")
            if labels is not None:
                for p in planted:
                    labels.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
            update_digest(digest, doc)
            documents += 1
            quotations += len(doc.quotes)
    finally:
        if args.output:
            out.close()
        if labels is not None:
            labels.close()
    print(
        f"{documents} documents, {quotations} quotations, digest {digest.hexdigest()[:16]}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
