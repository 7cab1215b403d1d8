"""A cluster's canonical wording, and what a cluster reports besides its members: its id, its
place in a reference, its citation and reference findings."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import ConsistencyConfig
from ..positions import Placed
from .digest import Passage
from .labelling import INCONSISTENT, Labelled, placed_finding
from .passage import reconstruct
from .references import Tokenised, locate
from .results import VARIANTS, Cluster, ClusterResult, Dispute, ReferenceSpan
from .tokens import identity_words

MAX_WORDINGS = 20  # of a cluster's quotations, looked for in the references after its passage


@dataclass(frozen=True, slots=True)
class Head:
    """What a cluster's report holds besides its members: its id, canonical wording and
    reference, the findings of its root, and how many pieces it is labelled in."""

    id: str
    canonical: str
    reference: ReferenceSpan | None
    disputes: tuple[Dispute, ...]  # (none where a reference decides)
    root_findings: list[Placed]
    pieces: int

    def result(self, parts: Sequence[Labelled]) -> ClusterResult:
        """The cluster, put together from its labelled pieces (in order)."""
        members = tuple(m for part in parts for m in part.members)
        inconsistent = any(m.variant in INCONSISTENT for m in members)
        status = "inconsistent" if inconsistent else "consistent"
        if self.disputes:
            status = "disputed"
        documents: dict[str, set[str]] = {}
        for m in members:
            documents.setdefault(m.variant, set()).add(m.document)
        variants = tuple((v, len(documents[v])) for v in VARIANTS if v in documents)
        cluster = Cluster(
            self.id, self.canonical, status, members, self.reference, -1, self.disputes, variants
        )
        findings = [f for part in parts for f in part.findings] + self.root_findings
        return ClusterResult(cluster, findings, [p for part in parts for p in part.places])


def head(
    quoted: list[Passage], refs: Sequence[Tokenised], options: ConsistencyConfig, pieces: int
) -> Head:
    """The :class:`Head` of the cluster whose quotations are ``quoted`` (the root first), to be
    labelled in ``pieces``: its canonical wording is the reference's words for the span its
    passage covers where a reference holds it, whatever the quotations say; else the passage
    reconstructed from the quotations (:mod:`.passage`)."""
    root = quoted[0]
    findings = []
    cited = {(c.document, tuple(c.paragraphs)) for m in quoted for c in m.citations}
    if len({doc for doc, _ in cited}) > 1 or len(cited) > 1:
        listed = "; ".join(f"{d} {', '.join(p) or '(no paragraph)'}" for d, p in sorted(cited))
        message = f"the same passage is cited to different places: {listed}"
        findings.append(placed_finding(root, "quote.citation-mismatch", message))
    passage = reconstruct([m.text for m in quoted], options)
    reference = None
    if refs:
        by_support = Counter(m.words for m in quoted)
        wordings = [passage.words, *(w for w, _ in by_support.most_common(MAX_WORDINGS))]
        reference = locate(wordings, refs, options)
        if reference is None:
            message = "the passage is not in any reference text"
            findings.append(placed_finding(root, "quote.not-in-reference", message))
    cluster_id = "c" + hashlib.sha256(" ".join(identity_words(root.text)).encode()).hexdigest()[:12]
    if reference is not None:
        return Head(cluster_id, reference.text, reference.span, (), findings, pieces)
    return Head(cluster_id, passage.text, None, passage.disputes, findings, pieces)
