"""Cross-document quote consistency: the same passage, quoted the same way everywhere?

A corpus stage, run after every document has been cleaned. It never compares all pairs. Its
steps, each a module:

1. :mod:`.tokens` — the words compared: a normalised view of the clean text (casefolded,
   apostrophes unified, punctuation, quote marks and dashes dropped, editorial brackets opened,
   ``[t]he`` → ``the``) with offsets back to it, cut into shingles of ``shingle_size`` words.
2. :mod:`.digest` — where each document is cleaned: its quotations (``kind == "quotation"``, at
   least ``min_words`` words) as passages, and the shingle keys of its unquoted body text.
3. :mod:`.index` — the corpus side, filled one digest at a time; it runs the steps below.
4. :mod:`.clusters` — quotations grouped around the longest unplaced one by containment of
   shingles. Cluster ids are hashes of the root's normalised words.
5. :mod:`.reuse` — the body text of every document scanned once for the shingles of all roots;
   in a document that does not quote a root, a dense enough run of its hits is the passage
   reused without quotation marks. Body-text shingles found in more than
   ``max_shingle_documents`` documents (and that share of them) are too common to count.
6. :mod:`.references` — where a cluster's passage stands in a ``--reference`` text.
7. :mod:`.canonical` and :mod:`.labelling` — the canonical wording (the reference's when one
   holds the passage), and each member labelled against it (``identical``, ``case``,
   ``punctuation``, ``editorial``, ``truncated``, ``wording``, ``unquoted``) with its
   differences, aligned by the one aligner of :mod:`.align` (also used by ``report.html``).
8. :mod:`.results` — clusters, members and differences as frozen dataclasses, as the report,
   the SARIF log and :class:`~pipeline.RunResult` read them.

The reuse scan, the reading of reused passages and the labelling are maps over an engine's
workers (:mod:`pipeline.machinery.engines`); clustering runs where the check is called, as it needs
every quotation in one order.

Findings (codes in the README): ``quote.wording-mismatch`` (error), ``quote.case-mismatch``
(warning), ``quote.punctuation-mismatch`` (note), ``quote.unquoted-reuse`` (note),
``quote.citation-mismatch`` (warning), ``quote.not-in-reference`` (error).
"""

from __future__ import annotations

from .digest import Passage, QuoteDigest, digest
from .index import QuoteIndex, check_quotes
from .references import Reference
from .results import (
    Cluster,
    ClusterMember,
    ClusterResult,
    Difference,
    Member,
    ReferenceSpan,
    finding_json,
)
from .tokens import Tokens, tokens, words_of

__all__ = [
    "Cluster",
    "ClusterMember",
    "ClusterResult",
    "Difference",
    "Member",
    "Passage",
    "QuoteDigest",
    "QuoteIndex",
    "Reference",
    "ReferenceSpan",
    "Tokens",
    "check_quotes",
    "digest",
    "finding_json",
    "tokens",
    "words_of",
]
