"""The quote clusters section: per cluster the canonical wording, where a reference holds it,
and its members grouped by variant (the most serious first), each highlighted against the
canonical (:func:`~.highlight.highlight`) with its differences in words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...consistency.results import VARIANTS, Cluster, ClusterMember, Difference
from .highlight import highlight
from .markup import Anchors, badge, esc, more_note

SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a cluster id usable in an anchor as it is


def clusters_section(clusters: Sequence[Cluster], anchors: Anchors, shown: int) -> str:
    """The section: every cluster shown, each with its first ``shown`` members."""
    legend = (
        '<p class="legend">Each member is shown against the canonical wording: '
        '<del class="word">struck through</del> canonical words it lacks, '
        '<ins class="word">underlined</ins> words it has instead or in addition. '
        "Canonical words outside the part a member quotes are not marked.</p>"
    )
    if not clusters:
        body = '<p class="muted">No passage is quoted in more than one document.</p>'
    else:
        body = legend + "".join(_cluster(i, c, anchors, shown) for i, c in enumerate(clusters, 1))
    return f'<section id="clusters"><h2>Quote clusters</h2>{body}</section>'


def _cluster(number: int, cluster: Cluster, anchors: Anchors, shown: int) -> str:
    canonical, status, members = cluster.canonical, cluster.status, cluster.members
    total = cluster.total  # a run keeps only the members shown
    reference = cluster.reference
    where = ""
    if reference:
        paragraph = reference.paragraph
        at = f", paragraph {esc(paragraph)}" if paragraph else ""
        where = (
            f'<p class="reference">Found in the reference <code>{esc(reference.path)}'
            f"</code> at characters {esc(reference.start)}–{esc(reference.end)}"
            f"{at}.</p>"
        )
    counts = dict(cluster.variants)
    rows = ""
    for variant in sorted({m.variant for m in members[:shown]}, key=_variant_rank):
        group = [m for m in members[:shown] if m.variant == variant]
        documents = counts.get(variant, len({m.document for m in group}))
        rows += (
            f'<div class="group">{badge(variant, f"v-{variant}")} '
            f"{documents} document{'s' if documents != 1 else ''}</div>"
        )
        rows += "".join(_member(m, canonical, anchors) for m in group)
    rows += more_note(min(shown, len(members)), total, "members", "<code>quotes.json</code>")
    disputes = "".join(
        f"<li>“{esc(d.leading)}” ({d.support[0]}) or “{esc(d.runner_up)}” ({d.support[1]})</li>"
        for d in cluster.disputes
    )
    if disputes:
        where += (
            f'<p class="disputes">Quotations disagree, no reference decides:</p><ul>{disputes}</ul>'
        )
    return (
        f'<section class="cluster" id="{cluster_anchor(cluster, number)}"><header>'
        f"<h3>Cluster {number}</h3>{badge(status, f'st-{status}')}"
        f'<span class="muted">{total} members · <code>{esc(cluster.id)}</code>'
        "</span></header>"
        f'<div class="canonical-label">Canonical wording</div>'
        f'<blockquote class="canonical">{esc(canonical)}</blockquote>{where}'
        f'<div class="members">{rows}</div></section>'
    )


def _variant_rank(variant: str) -> int:
    return VARIANTS.index(variant) if variant in VARIANTS else len(VARIANTS)


def cluster_anchor(cluster: Cluster, number: int) -> str:
    """The fragment id of a cluster: from its id, stable across runs (by number if the id is
    not a plain name: a hand-made report's id cannot break an attribute)."""
    return f"cluster-{cluster.id}" if SAFE_ID.fullmatch(cluster.id) else f"cluster-{number}"


def _member(member: ClusterMember, canonical: str, anchors: Anchors) -> str:
    variant, quote = member.variant, member.quote
    which = f"quote {esc(quote)}" if quote else "without quotation marks"
    diffs = "".join(f"<li>{_difference(d)}</li>" for d in member.differences)
    listed = f'<ul class="diffs">{diffs}</ul>' if diffs else ""
    return (
        f'<div class="member"><div class="who">{anchors.link(member.document)}'
        f'<span class="muted">{which}</span><br>{badge(variant, f"v-{variant}")}</div>'
        f'<div><div class="quote">{highlight(member.text, canonical)}</div>'
        f"{listed}</div></div>"
    )


def _difference(diff: Difference) -> str:
    """One entry of a member's ``differences`` in words: what the member omits, adds or changes."""
    op, old, new = esc(diff.op), esc(diff.canonical), esc(diff.member)
    if op == "delete" or (old and not new):
        return f"omits “{old}”"
    if op == "insert" or (new and not old):
        return f"adds “{new}”"
    return f"“{old}” → “{new}”" + (" (letter case)" if op == "case" else "")
