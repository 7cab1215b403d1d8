"""The page: what it shows of a run (:class:`ReportInput`), its contents, overview and findings
sections, put together with the others (:func:`render_report`). Every piece is
:class:`~.markup.Html`: the sections made in the workers arrive as such, and anything else put
into the page's templates (ids, titles, messages) is escaped by them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...config import ReportConfig
from ...consistency.results import Cluster
from ...document import Severity
from ...positions import Placed
from ..summary import Summary
from .clusters import cluster_anchor, clusters_section
from .markup import EMPTY, Anchors, Html, badge, document_anchor, html_table, more_note, one_line
from .style import CSP, style_sheet

SEVERITIES = tuple(reversed(Severity))  # error, warning, note


def _toc(documents: Sequence[Summary], data: ReportInput) -> Html:
    cluster_items = EMPTY.join(
        Html('<li><a href="#{}">{} {}</a></li>').format(
            cluster_anchor(c, i), badge(c.status, f"st-{c.status}"), one_line(c.canonical, 80)
        )
        for i, c in enumerate(data.clusters, 1)
    )
    clusters = (
        Html('<ol class="clusters">{}</ol>').format(cluster_items) if cluster_items else EMPTY
    )
    doc_items = EMPTY.join(
        Html('<li><a href="#{}">{}</a></li>').format(document_anchor(i), d.id)
        for i, d in enumerate(documents)
    )
    docs = Html('<ol class="docs">{}</ol>').format(doc_items) if doc_items else EMPTY
    return Html(
        '<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>'
        '<li><a href="#overview">Overview</a></li>'
        '<li><a href="#clusters">Quote clusters ({})</a>{}</li>'
        '<li><a href="#findings">Findings ({})</a></li>'
        '<li><a href="#documents">Documents ({})</a>{}</li>'
        "</ol></nav>"
    ).format(data.cluster_total, clusters, data.finding_total, len(data.documents), docs)


def _cards(data: ReportInput) -> Html:
    """The overview's three counts: documents (and edits), findings by severity, quote clusters
    by status."""
    severity_parts = EMPTY.join(
        badge(f"{data.severities.get(s, 0)} {s.value}", f"sev-{s.value}") for s in SEVERITIES
    )
    status = {
        "consistent": data.cluster_total - data.inconsistent - data.disputed,
        "inconsistent": data.inconsistent,
        "disputed": data.disputed,
    }
    status_parts = EMPTY.join(
        badge(f"{status[s]} {s}", f"st-{s}")
        for s in ("consistent", "inconsistent", "disputed")
        if s != "disputed" or status[s]
    )
    return Html(
        '<div class="card"><div class="label">Documents</div><div class="big">{documents}'
        '</div><div class="parts muted">{edits} edits recorded</div></div>'
        '<div class="card"><div class="label">Findings</div><div class="big">{findings}'
        '</div><div class="parts">{severities}</div></div>'
        '<div class="card"><div class="label">Quote clusters</div><div class="big">'
        '{clusters}</div><div class="parts">{statuses}</div></div>'
    ).format(
        documents=len(data.documents),
        edits=sum(d.edit_count for d in data.documents),
        findings=data.finding_total,
        severities=severity_parts,
        clusters=data.cluster_total,
        statuses=status_parts,
    )


def _overview(data: ReportInput, anchors: Anchors, shown: int) -> Html:
    documents = data.documents
    found = data.per_document
    rows = [
        (
            anchors.link(d.id),
            d.title or "—",
            d.kind or "—",
            str(d.paragraphs),
            str(d.edit_count),
            str(d.footnotes),
            str(found.get(d.id, 0)),
        )
        for d in documents[:shown]
    ]
    head = ("Document", "Title", "Kind", "Paragraphs", "Edits", "Footnotes", "Findings")
    where = Html("<code>corpus.jsonl</code>")
    return Html(
        '<section id="overview"><h2>Overview</h2><div class="cards">{}</div>{}{}</section>'
    ).format(
        _cards(data),
        html_table(head, rows, numeric=(3, 4, 5, 6)),
        more_note(shown, len(documents), "documents", where),
    )


def _findings(data: ReportInput, anchors: Anchors, shown: int) -> Html:
    findings = data.findings
    if not findings:
        return Html(
            '<section id="findings"><h2>Findings</h2><p class="ok">No findings.</p></section>'
        )
    ordered = sorted(
        findings, key=lambda p: (-p.finding.severity.rank, p.document, p.finding.raw_start)
    )
    rows = [
        (
            badge(p.finding.severity.value, f"sev-{p.finding.severity.value}"),
            Html("<code>{}</code>").format(p.finding.code),
            anchors.link(p.document),
            str(p.where.line),
            p.finding.message,
        )
        for p in ordered[:shown]
    ]
    table = html_table(("Severity", "Code", "Document", "Line", "Message"), rows, numeric=(3,))
    where = Html("<code>findings.sarif</code>")
    more = more_note(len(rows), data.finding_total, "findings", where)
    return Html('<section id="findings"><h2>Findings</h2>{}{}</section>').format(table, more)


@dataclass(frozen=True, slots=True)
class ReportInput:
    """What the page shows of a run: small, whatever the size of the corpus."""

    documents: Sequence[Summary]
    sections: Mapping[str, Html]  # :func:`document_section` of the first documents, by id
    clusters: Sequence[Cluster]  # the quote clusters shown (each with its first members)
    cluster_total: int
    inconsistent: int  # clusters quoted inconsistently, of cluster_total
    findings: Sequence[Placed]  # the most severe findings
    severities: Mapping[Severity, int]  # every finding, counted
    per_document: Mapping[str, int]  # findings by document
    disputed: int = 0  # clusters whose quotations dispute the wording, of cluster_total

    @property
    def finding_total(self) -> int:
        return sum(self.severities.values())


def render_report(data: ReportInput, limits: ReportConfig) -> Html:
    """One self-contained HTML page: overview, quote clusters, findings, documents, each
    capped by ``limits`` on a large corpus. Pure: the same input gives the same page."""
    documents = data.documents
    shown = [d for d in documents[: limits.max_documents] if d.id in data.sections]
    anchors = Anchors.of(shown)
    lede = (
        f"{len(documents)} documents cleaned; {data.cluster_total} quoted passages shared "
        f"between documents, {data.inconsistent} of them quoted inconsistently."
    )
    parts = EMPTY.join(data.sections[d.id] for d in shown)
    more = more_note(len(shown), len(documents), "documents", Html("<code>documents/</code>"))
    body = Html(
        '<header><h1>Quote consistency report</h1><p class="lede">{lede}</p>{toc}</header>'
        "<main>{overview}{clusters}{findings}"
        '<section id="documents"><h2>Documents</h2>{parts}{more}</section></main>'
        "<footer>Generated by coi-pipeline. Self-contained: no scripts, no external resources."
        "</footer>"
    ).format(
        lede=lede,
        toc=_toc(shown, data),
        overview=_overview(data, anchors, limits.max_documents),
        clusters=clusters_section(data.clusters, anchors, limits.max_members),
        findings=_findings(data, anchors, limits.max_findings),
        parts=parts,
        more=more,
    )
    return Html(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="{}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>coi-pipeline report</title>"
        "<style>\n{}</style></head><body>{}</body></html>\n"
    ).format(CSP, style_sheet(), body)
