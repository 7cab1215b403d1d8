"""Corpus evidence for per-document stages: which short lines recur across documents.

Built once over every input before the per-document stages run, and kept compact (a count per
distinct short line, not the text), so a stage can ask "in how many documents does this line
occur?" — the evidence that tells web chrome (``Skip to main content`` on every page of a site)
from a document's own words. Only the first and last lines of each document are indexed:
chrome sits at the head and tail of a page, and recurring content elsewhere (a signatory list)
must not look like it.

It also counts words (and hyphenated compounds) by the documents they occur in: the evidence
that tells a typesetting hyphen (``hu-/man``: "human" occurs elsewhere) from a compound.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .text import HYPHENATED_WORD, LINE_END

EDGE_LINES = 15  # lines indexed at each end of a document
MAX_LINE = 120  # longer lines are prose, never chrome
SPACES = re.compile(r"\s+")


def line_key(line: str) -> str:
    """The form lines are compared in: casefolded, whitespace collapsed. (``str.split`` cuts
    at exactly the characters :data:`SPACES` matches: this is ``SPACES.sub(" ", line)``
    stripped, in a fraction of the time; tests/test_corpus.py holds them equal.)"""
    return " ".join(line.split()).casefold()


def line_hash(key: str) -> int:
    """What the index keeps of a line (as :func:`line_key`): a 64-bit hash, the same in every
    process (the index is built here and read in workers, where ``hash`` of a string differs).
    Head and tail lines are mostly unique to their document (titles, dates, addresses): a
    hash instead of the text keeps the index small on a large corpus."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@dataclass(frozen=True, slots=True)
class CorpusIndex:
    """How many documents have each short line among their first or last lines."""

    documents: int = 0
    edge_lines: Mapping[int, int] = field(default_factory=dict)  # line_hash -> documents
    words: Mapping[str, int] = field(default_factory=dict)

    def documents_with(self, line: str) -> int:
        """Number of documents with ``line`` (as :func:`line_key`) at their head or tail; 0 for
        a line in fewer than the index's ``min_documents`` (see :func:`build_index`)."""
        return self.edge_lines.get(line_hash(line_key(line)), 0)

    def documents_with_word(self, word: str) -> int:
        """Number of documents that use ``word`` (casefolded; a compound keeps its hyphens)."""
        return self.words.get(word.casefold(), 0)


def build_index(texts: Iterable[str], min_documents: int = 1) -> CorpusIndex:
    """Index the head and tail lines of every text. Lines found in fewer than
    ``min_documents`` documents are not kept (a stage that asks for at least that many cannot
    tell them from lines never seen, and most head and tail lines are unique to a document)."""
    counts: Counter[int] = Counter()
    words: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        # (the raw text's lines as the stages will read them: cut at its line ends, not at a
        # form feed, a vertical tab or U+2028 as ``str.splitlines`` would cut them)
        lines = LINE_END.split(text)
        edges = _edge_keys(lines) | _edge_keys(reversed(lines))
        counts.update({line_hash(key) for key in edges})
        words.update({word.casefold() for word in HYPHENATED_WORD.findall(text)})
    kept = {key: n for key, n in counts.items() if n >= min_documents}
    return CorpusIndex(documents, kept, dict(words))


def _edge_keys(lines: Iterable[str]) -> set[str]:
    """The keys of the first :data:`EDGE_LINES` lines of ``lines`` that are indexed (not blank,
    at most :data:`MAX_LINE` long): keyed only as far as they are needed, not the whole text."""
    keys: set[str] = set()
    found = 0
    for line in lines:
        key = line_key(line)
        if key and len(key) <= MAX_LINE:
            keys.add(key)
            found += 1
            if found == EDGE_LINES:
                break
    return keys
