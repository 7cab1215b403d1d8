"""A cluster's canonical wording, and what a cluster reports besides its members: its id, its
place in a reference, its citation and reference findings."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Severity
from ..positions import Placed
from .digest import Passage
from .labelling import INCONSISTENT, Labelled, placed_finding
from .references import Located
from .results import Cluster, ClusterResult, ReferenceSpan


@dataclass(frozen=True, slots=True)
class Head:
    """What a cluster's report holds besides its members: its id, canonical wording and
    reference, the findings of its root, and how many pieces it is labelled in."""

    id: str
    canonical: str
    reference: ReferenceSpan | None
    root_findings: list[Placed]
    pieces: int

    def result(self, parts: Sequence[Labelled]) -> ClusterResult:
        """The cluster, put together from its labelled pieces (in order)."""
        members = tuple(m for part in parts for m in part.members)
        inconsistent = any(m.variant in INCONSISTENT for m in members)
        status = "inconsistent" if inconsistent else "consistent"
        cluster = Cluster(self.id, self.canonical, status, members, self.reference)
        findings = [f for part in parts for f in part.findings] + self.root_findings
        return ClusterResult(cluster, findings, [p for part in parts for p in part.places])


def head(
    quoted: list[Passage], reference: Located | None, has_references: bool, pieces: int
) -> Head:
    """The :class:`Head` of the cluster whose quotations are ``quoted`` (the root first), to be
    labelled in ``pieces``."""
    root = quoted[0]
    findings = []
    cited = {(c.document, tuple(c.paragraphs)) for m in quoted for c in m.citations}
    if len({doc for doc, _ in cited}) > 1 or len(cited) > 1:
        listed = "; ".join(f"{d} {', '.join(p) or '(no paragraph)'}" for d, p in sorted(cited))
        message = f"the same passage is cited to different places: {listed}"
        findings.append(placed_finding(root, "quote.citation-mismatch", Severity.WARNING, message))
    if reference is None and has_references:
        message = "the passage is not in any reference text"
        findings.append(placed_finding(root, "quote.not-in-reference", Severity.ERROR, message))
    cluster_id = "c" + hashlib.sha256(" ".join(root.words).encode()).hexdigest()[:12]
    canonical = reference.text if reference else best_supported(quoted)
    return Head(cluster_id, canonical, reference.span if reference else None, findings, pieces)


def best_supported(members: Sequence[Passage]) -> str:
    """The wording most quoted members share exactly; ties: the longest, then the first in order."""
    quoted = [m for m in members if m.quote is not None] or list(members)
    counts = Counter(_strip_edges(m.text) for m in quoted)
    best = min(quoted, key=lambda m: (-counts[_strip_edges(m.text)], -len(m.words), m.text))
    return best.text


def _strip_edges(text: str) -> str:
    return text.strip(" \n.,;:!?")
