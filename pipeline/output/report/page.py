"""The page: what it shows of a run (:class:`ReportInput`), its contents, overview and findings
sections, put together with the others (:func:`render_report`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ...config import ReportConfig
from ...consistency.results import Cluster
from ...document import Severity
from ...positions import Placed
from ..summary import Summary
from .clusters import cluster_anchor, clusters_section
from .markup import Anchors, badge, document_anchor, esc, html_table, more_note, one_line
from .style import CSP, style_sheet

SEVERITIES = tuple(reversed(Severity))  # error, warning, note


def _toc(documents: Sequence[Summary], data: ReportInput) -> str:
    clusters = data.clusters

    def items(entries: Iterable[tuple[str, str]], css: str = "") -> str:
        inner = "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in entries)
        return f'<ol class="{css}">{inner}</ol>' if inner else ""

    cluster_items = "".join(
        f'<li><a href="#{cluster_anchor(c, i)}">{badge(c.status, f"st-{c.status}")} '
        f"{esc(one_line(c.canonical, 80))}</a></li>"
        for i, c in enumerate(clusters, 1)
    )
    cluster_items = f'<ol class="clusters">{cluster_items}</ol>' if cluster_items else ""
    doc_items = items(((document_anchor(i), d.id) for i, d in enumerate(documents)), "docs")
    return (
        '<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>'
        '<li><a href="#overview">Overview</a></li>'
        f'<li><a href="#clusters">Quote clusters ({data.cluster_total})</a>{cluster_items}</li>'
        f'<li><a href="#findings">Findings ({data.finding_total})</a></li>'
        f'<li><a href="#documents">Documents ({len(data.documents)})</a>{doc_items}</li>'
        "</ol></nav>"
    )


def _overview(data: ReportInput, anchors: Anchors, shown: int) -> str:
    documents = data.documents
    severity_parts = "".join(
        badge(f"{data.severities.get(s, 0)} {s.value}", f"sev-{s.value}") for s in SEVERITIES
    )
    status = {
        "consistent": data.cluster_total - data.inconsistent - data.disputed,
        "inconsistent": data.inconsistent,
        "disputed": data.disputed,
    }
    status_parts = "".join(
        badge(f"{status[s]} {s}", f"st-{s}")
        for s in ("consistent", "inconsistent", "disputed")
        if s != "disputed" or status[s]
    )
    edits = sum(d.edit_count for d in documents)
    cards = (
        f'<div class="card"><div class="label">Documents</div><div class="big">{len(documents)}'
        f'</div><div class="parts muted">{edits} edits recorded</div></div>'
        f'<div class="card"><div class="label">Findings</div><div class="big">{data.finding_total}'
        f'</div><div class="parts">{severity_parts}</div></div>'
        f'<div class="card"><div class="label">Quote clusters</div><div class="big">'
        f'{data.cluster_total}</div><div class="parts">{status_parts}</div></div>'
    )
    found = data.per_document
    rows = [
        (
            anchors.link(d.id),
            esc(d.title or "—"),
            esc(d.kind or "—"),
            str(d.paragraphs),
            str(d.edit_count),
            str(d.footnotes),
            str(found.get(d.id, 0)),
        )
        for d in documents[:shown]
    ]
    head = ("Document", "Title", "Kind", "Paragraphs", "Edits", "Footnotes", "Findings")
    return (
        '<section id="overview"><h2>Overview</h2>'
        f'<div class="cards">{cards}</div>'
        f"{html_table(head, rows, numeric=(3, 4, 5, 6))}"
        f"{more_note(shown, len(documents), 'documents', '<code>corpus.jsonl</code>')}</section>"
    )


def _findings(data: ReportInput, anchors: Anchors, shown: int) -> str:
    findings = data.findings
    if not findings:
        return '<section id="findings"><h2>Findings</h2><p class="ok">No findings.</p></section>'
    ordered = sorted(
        findings, key=lambda p: (-p.finding.severity.rank, p.document, p.finding.raw_start)
    )
    rows = [
        (
            badge(p.finding.severity.value, f"sev-{p.finding.severity.value}"),
            f"<code>{esc(p.finding.code)}</code>",
            anchors.link(p.document),
            str(p.where.line),
            esc(p.finding.message),
        )
        for p in ordered[:shown]
    ]
    table = html_table(("Severity", "Code", "Document", "Line", "Message"), rows, numeric=(3,))
    more = more_note(len(rows), data.finding_total, "findings", "<code>findings.sarif</code>")
    return f'<section id="findings"><h2>Findings</h2>{table}{more}</section>'


@dataclass(frozen=True, slots=True)
class ReportInput:
    """What the page shows of a run: small, whatever the size of the corpus."""

    documents: Sequence[Summary]
    sections: Mapping[str, str]  # :func:`document_section` of the first documents, by id
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


def render_report(data: ReportInput, limits: ReportConfig) -> str:
    """One self-contained HTML page: overview, quote clusters, findings, documents, each
    capped by ``limits`` on a large corpus. Pure: the same input gives the same page."""
    documents = data.documents
    shown = [d for d in documents[: limits.max_documents] if d.id in data.sections]
    anchors = Anchors.of(shown)
    lede = (
        f"{len(documents)} documents cleaned; {data.cluster_total} quoted passages shared "
        f"between documents, {data.inconsistent} of them quoted inconsistently."
    )
    parts = "".join(data.sections[d.id] for d in shown)
    more = more_note(len(shown), len(documents), "documents", "<code>documents/</code>")
    body = (
        f'<header><h1>Quote consistency report</h1><p class="lede">{esc(lede)}</p>'
        f"{_toc(shown, data)}</header>"
        f"<main>{_overview(data, anchors, limits.max_documents)}"
        f"{clusters_section(data.clusters, anchors, limits.max_members)}"
        f"{_findings(data, anchors, limits.max_findings)}"
        f'<section id="documents"><h2>Documents</h2>{parts}{more}</section></main>'
        "<footer>Generated by coi-pipeline. Self-contained: no scripts, no external resources."
        "</footer>"
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>coi-pipeline report</title>"
        f"<style>\n{style_sheet()}</style></head><body>{body}</body></html>\n"
    )
