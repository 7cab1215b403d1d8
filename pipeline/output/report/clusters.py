"""The quote clusters section: per cluster the canonical wording, where a reference holds it,
and its members grouped by variant (the most serious first), each highlighted against the
canonical (:func:`~.highlight.highlight`) with its differences in words. Built from
:class:`~.markup.Html` templates, which escape the quotations, ids and paths put into them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...consistency.results import VARIANTS, Cluster, ClusterMember, Difference
from .highlight import highlight
from .markup import EMPTY, Anchors, Html, badge, more_note

SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a cluster id usable in an anchor as it is

LEGEND = Html(
    '<p class="legend">Each member is shown against the canonical wording: '
    '<del class="word">struck through</del> canonical words it lacks, '
    '<ins class="word">underlined</ins> words it has instead or in addition. '
    "Canonical words outside the part a member quotes are not marked.</p>"
)


def clusters_section(clusters: Sequence[Cluster], anchors: Anchors, shown: int) -> Html:
    """The section: every cluster shown, each with its first ``shown`` members."""
    if not clusters:
        body = Html('<p class="muted">No passage is quoted in more than one document.</p>')
    else:
        body = LEGEND + EMPTY.join(
            _cluster(i, c, anchors, shown) for i, c in enumerate(clusters, 1)
        )
    return Html('<section id="clusters"><h2>Quote clusters</h2>{}</section>').format(body)


def _cluster(number: int, cluster: Cluster, anchors: Anchors, shown: int) -> Html:
    total = cluster.total  # a run keeps only the members shown
    where = _reference(cluster) + _disputes(cluster)
    return Html(
        '<section class="cluster" id="{anchor}"><header>'
        "<h3>Cluster {number}</h3>{status}"
        '<span class="muted">{total} members · <code>{id}</code></span></header>'
        '<div class="canonical-label">Canonical wording</div>'
        '<blockquote class="canonical">{canonical}</blockquote>{where}'
        '<div class="members">{members}</div></section>'
    ).format(
        anchor=cluster_anchor(cluster, number),
        number=number,
        status=badge(cluster.status, f"st-{cluster.status}"),
        total=total,
        id=cluster.id,
        canonical=cluster.canonical,
        where=where,
        members=_members(cluster, anchors, shown),
    )


def _reference(cluster: Cluster) -> Html:
    """Where the reference holds the canonical wording, if a reference decided it."""
    reference = cluster.reference
    if not reference:
        return EMPTY
    paragraph = reference.paragraph
    at = Html(", paragraph {}").format(paragraph) if paragraph else EMPTY
    return Html(
        '<p class="reference">Found in the reference <code>{}</code> at characters {}–{}{}.</p>'
    ).format(reference.path, reference.start, reference.end, at)


def _disputes(cluster: Cluster) -> Html:
    """The wordings quotations dispute, each with its support, if no reference decides."""
    disputes = EMPTY.join(
        Html("<li>“{}” ({}) or “{}” ({})</li>").format(
            d.leading, d.support[0], d.runner_up, d.support[1]
        )
        for d in cluster.disputes
    )
    if not disputes:
        return EMPTY
    return Html(
        '<p class="disputes">Quotations disagree, no reference decides:</p><ul>{}</ul>'
    ).format(disputes)


def _members(cluster: Cluster, anchors: Anchors, shown: int) -> Html:
    """The first ``shown`` members, grouped by variant (the most serious first), each group
    headed by its variant and document count; then what was left out."""
    members = cluster.members[:shown]
    counts = dict(cluster.variants)
    rows = EMPTY
    for variant in sorted({m.variant for m in members}, key=_variant_rank):
        group = [m for m in members if m.variant == variant]
        documents = counts.get(variant, len({m.document for m in group}))
        rows += Html('<div class="group">{} {} document{}</div>').format(
            badge(variant, f"v-{variant}"), documents, "s" if documents != 1 else ""
        )
        rows += EMPTY.join(_member(m, cluster.canonical, anchors) for m in group)
    where = Html("<code>quotes.json</code>")
    return rows + more_note(len(members), cluster.total, "members", where)


def _variant_rank(variant: str) -> int:
    return VARIANTS.index(variant) if variant in VARIANTS else len(VARIANTS)


def cluster_anchor(cluster: Cluster, number: int) -> str:
    """The fragment id of a cluster: from its id, stable across runs (by number if the id is
    not a plain name: a hand-made report's id cannot break an attribute)."""
    return f"cluster-{cluster.id}" if SAFE_ID.fullmatch(cluster.id) else f"cluster-{number}"


def _member(member: ClusterMember, canonical: str, anchors: Anchors) -> Html:
    variant, quote = member.variant, member.quote
    which = Html("quote {}").format(quote) if quote else "without quotation marks"
    diffs = EMPTY.join(Html("<li>{}</li>").format(_difference(d)) for d in member.differences)
    listed = Html('<ul class="diffs">{}</ul>').format(diffs) if diffs else EMPTY
    return Html(
        '<div class="member"><div class="who">{}<span class="muted">{}</span><br>{}</div>'
        '<div><div class="quote">{}</div>{}</div></div>'
    ).format(
        anchors.link(member.document),
        which,
        badge(variant, f"v-{variant}"),
        highlight(member.text, canonical),
        listed,
    )


def _difference(diff: Difference) -> Html:
    """One entry of a member's ``differences`` in words: what the member omits, adds or changes."""
    op, old, new = diff.op, diff.canonical, diff.member
    if op == "delete" or (old and not new):
        return Html("omits “{}”").format(old)
    if op == "insert" or (new and not old):
        return Html("adds “{}”").format(new)
    case = " (letter case)" if op == "case" else ""
    return Html("“{}” → “{}”{}").format(old, new, case)
