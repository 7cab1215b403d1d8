"""``report.html``: the run's report for people, one self-contained page.

The page needs nothing but itself: inline CSS, no scripts, no fonts, no images, and a
Content-Security-Policy that forbids loading or running anything, so it can be opened from an
untrusted corpus safely and read offline. "On demand" parts (raw text, clean text) are
``<details>`` elements, which work without JavaScript.

Every piece of text that comes from the corpus — document text and ids, quotations, rules,
messages, paths — passes through :func:`html.escape` (via ``_e``) before it reaches the page; the
only markup is the literal markup of this module. Sections:

- **Overview**: documents, findings by severity, quote clusters consistent/inconsistent, and one
  row per document.
- **Quote clusters**: the canonical wording, then every member beside it with its variant and
  its words aligned to the canonical (:func:`highlight`): removed words struck through
  (``<del>``), added words underlined (``<ins>``).
- **Findings**: every finding with its severity, code, document, line and message.
- **Documents**: metadata, paragraphs, the cleanup summary (edit counts by kind and rule; what
  was removed or moved, with the raw text on demand) and footnote integrity.

Colours follow the Okabe–Ito palette, which colour-blind readers can tell apart, and every
colour comes with a text label (and deletions/insertions with a strike-through/underline).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .config import ReportConfig
from .consistency.align import align
from .consistency.results import VARIANTS, Cluster, ClusterMember, Difference
from .document import Document, Finding, Severity
from .ledger import Edit
from .positions import Placed
from .summary import Summary

# Words (with inner apostrophes) and single punctuation marks: the units differences are shown in.
WORD = re.compile(r"\w+(?:[’'‘]\w+)*|[^\w\s]")
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a cluster id usable in an anchor as it is
PREVIEW = 90  # characters of a removed piece shown before its raw text is opened
# Edits that take a piece out of the text (removed or moved into a note), listed one by one.
REMOVALS = ("boilerplate", "caption", "footnote-body", "page-break")
# Edits that change characters in place, listed as raw → clean.
REPAIRS = ("unicode", "hyphenation")
SEVERITIES = tuple(reversed(Severity))  # error, warning, note

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --ink: #1d2329; --muted: #5b6670; --rule: #d9dee3; --paper: #ffffff; --wash: #f5f7f9;
  --blue: #0072b2; --sky: #56b4e9; --green: #009e73; --orange: #e69f00; --vermillion: #d55e00;
  --purple: #cc79a7; --yellow: #f0e442; }
* { box-sizing: border-box; }
html { background: var(--wash); }
body { margin: 0 auto; max-width: 68rem; padding: 2rem 2.5rem 4rem; background: var(--paper);
  color: var(--ink); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "DejaVu Sans", sans-serif; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem; letter-spacing: -.01em; }
h2 { font-size: 1.4rem; margin: 2.6rem 0 1rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.12rem; margin: 0 0 .6rem; }
h4 { font-size: .8rem; margin: 1.4rem 0 .5rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: .06em; }
p { margin: .4rem 0; }
a { color: var(--blue); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo,
  monospace; font-size: .86em; }
.lede { color: var(--muted); margin: 0 0 1.2rem; }
.muted { color: var(--muted); }
nav.toc { background: var(--wash); border: 1px solid var(--rule); border-radius: 6px;
  padding: .7rem 1.1rem; margin: 1rem 0 0; font-size: .92rem; }
nav.toc ol { margin: .2rem 0; padding-left: 1.3rem; }
nav.toc ol ol.docs { columns: 2; column-gap: 2rem; }
nav.toc li { margin: .1rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: .8rem; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: .7rem 1rem; }
.card .big { font-size: 2rem; font-weight: 700; line-height: 1.1; }
.card .label { color: var(--muted); font-size: .85rem; text-transform: uppercase;
  letter-spacing: .05em; }
.card .parts { margin-top: .35rem; display: flex; flex-wrap: wrap; gap: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .4rem 0 .8rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem;
  border-bottom: 1px solid var(--rule); }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  border-bottom: 2px solid var(--rule); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .78rem;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent; line-height: 1.5; }
.sev-error { background: #fbe1d3; color: #7a2e00; border-color: var(--vermillion); }
.sev-warning { background: #fcefd0; color: #6b4700; border-color: var(--orange); }
.sev-note { background: #d9ecf7; color: #00446b; border-color: var(--sky); }
.st-consistent { background: #d2efe5; color: #00553f; border-color: var(--green); }
.st-inconsistent { background: #fbe1d3; color: #7a2e00; border-color: var(--vermillion); }
.st-disputed { background: #fbf6c8; color: #5a5200; border-color: #c9bd2a; }
.members .group { grid-column: 1 / -1; padding: .4rem 1rem; border-top: 1px solid var(--rule);
  background: #f4f6f8; font-size: .85rem; }
.v-identical { background: #d2efe5; color: #00553f; border-color: var(--green); }
.v-truncated { background: #e4f1e9; color: #00553f; border-color: #8fcbb5; }
.v-editorial { background: #efe9f3; color: #5b2d4a; border-color: var(--purple); }
.v-case, .v-punctuation { background: #d9ecf7; color: #00446b; border-color: var(--sky); }
.v-wording { background: #fbe1d3; color: #7a2e00; border-color: var(--vermillion); }
.v-unquoted { background: #fbf6c8; color: #5a5200; border-color: #c9bd2a; }
.kind { background: var(--wash); color: var(--ink); border-color: var(--rule); font-weight: 500; }
section.cluster { border: 1px solid var(--rule); border-radius: 8px; margin: 0 0 1.6rem;
  overflow: hidden; }
.cluster header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem;
  padding: .6rem 1rem; background: var(--wash); border-bottom: 1px solid var(--rule); }
.cluster header h3 { margin: 0; }
.canonical { margin: 0; padding: .9rem 1.2rem .9rem 1.1rem; border-left: 4px solid var(--ink);
  font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; font-size: 1.06rem; }
.canonical-label { padding: .6rem 1.2rem 0; font-size: .78rem; text-transform: uppercase;
  letter-spacing: .05em; color: var(--muted); }
.reference { padding: 0 1.2rem .6rem; font-size: .88rem; color: var(--muted); }
.members { display: grid; grid-template-columns: 15rem 1fr; }
.member { display: contents; }
.member > div { padding: .7rem 1rem; border-top: 1px solid var(--rule); }
.member .who { background: #fbfcfd; font-size: .88rem; }
.member .who a { display: block; font-weight: 600; overflow-wrap: anywhere; }
.member .who .badge { margin-top: .3rem; }
.quote { font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; font-size: 1.02rem; }
del, ins { text-decoration-thickness: 2px; border-radius: 3px; padding: 0 .12em; margin: 0 .1em; }
del { background: #fbe1d3; color: #7a2e00; text-decoration-line: line-through;
  text-decoration-color: var(--vermillion); }
ins { background: #d3e9f6; color: #00355a; text-decoration-line: underline;
  text-decoration-color: var(--blue); text-underline-offset: 3px; }
del.case, ins.case { font-style: italic; }
ul.diffs { list-style: none; margin: .45rem 0 0; padding: 0; font-size: .84rem;
  color: var(--muted); display: flex; flex-wrap: wrap; gap: .2rem .9rem; }
.legend { font-size: .88rem; color: var(--muted); margin: -.4rem 0 1rem; }
details { margin: .25rem 0; }
details > summary { cursor: pointer; }
details pre { white-space: pre-wrap; word-break: break-word; background: var(--wash);
  border: 1px solid var(--rule); border-radius: 4px; padding: .5rem .7rem; margin: .4rem 0 .6rem;
  max-height: 24rem; overflow: auto; }
.pieces summary { display: flex; gap: .5rem; align-items: baseline; list-style: none; }
.pieces summary::-webkit-details-marker { display: none; }
.pieces summary::before { content: "▸"; color: var(--muted); width: .8rem; flex: none; }
.pieces details[open] > summary::before { content: "▾"; }
.rule { display: inline-block; margin: 0 .9rem .1rem 0; white-space: nowrap; }
td code { white-space: nowrap; }
.pieces summary .preview { color: var(--muted); overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; min-width: 0; flex: 1; }
.pieces summary code { white-space: nowrap; }
section.document { border-top: 1px solid var(--rule); padding-top: 1.4rem; margin-top: 1.6rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem;
  margin: .3rem 0 .6rem; font-size: .92rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.cleantext p { font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; margin: .5rem 0; }
.ok { color: #00553f; }
footer { margin-top: 3rem; font-size: .82rem; color: var(--muted); }
"""


def _e(value: object) -> str:
    """``value`` as HTML text or attribute content: the one door corpus text comes in by."""
    return html.escape(str(value), quote=True)


def _badge(text: str, css: str) -> str:
    """A labelled pill; ``css`` is built from a known vocabulary, made safe anyway."""
    return f'<span class="badge {re.sub(r"[^a-z-]", "", css)}">{_e(text)}</span>'


def _one_line(text: str, limit: int = PREVIEW) -> str:
    """``text`` on one line, shortened to ``limit`` characters.

    >>> _one_line("Skip to\\n\\nmain   content\\n", 12)
    'Skip to mai…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _line(raw: str, offset: int) -> int:
    """The 1-based line of the raw input that ``offset`` falls on."""
    return raw.count("\n", 0, offset) + 1


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table; ``head`` is literal markup, ``rows`` already-rendered cells."""

    def cells(tag: str, values: Sequence[str]) -> str:
        return "".join(
            f"<{tag} class='num'>{v}</{tag}>" if i in numeric else f"<{tag}>{v}</{tag}>"
            for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<table><thead><tr>{cells('th', head)}</tr></thead><tbody>{body}</tbody></table>"


# --- differences -----------------------------------------------------------------------------


def highlight(member: str, canonical: str) -> str:
    """``member`` as HTML, its words aligned to ``canonical``: canonical words it lacks shown
    struck through (``<del>``), words it adds underlined (``<ins>``); a change of letter case
    only has class ``case``, of punctuation only class ``punct``. Canonical words before the
    member's first or after its last matching word are left out: a truncated quotation is not
    a changed one.

    >>> highlight("a State without parallel", "a State that does not have any parallel")
    'a State <del class="word">that does not have any</del><ins class="word">without</ins> parallel'
    >>> highlight("reveal a state", "they reveal a State that")
    'reveal a <del class="case">State</del><ins class="case">state</ins>'
    >>> highlight("<b>", "<i>")
    '&lt;<del class="word">i</del><ins class="word">b</ins>&gt;'
    """
    mine, theirs = list(WORD.finditer(member)), list(WORD.finditer(canonical))
    runs = _runs(theirs, mine)
    if len(runs) > 1 or (runs and runs[0][0] == "equal"):
        if runs[0][0] == "change":  # member words before its first match replace canonical
            _, deleted, inserted = runs[0]  # words just before it; earlier ones are not quoted
            runs[0] = (
                "change",
                deleted[len(deleted) - len(inserted) :] if inserted else [],
                inserted,
            )
        if runs[-1][0] == "change":
            _, deleted, inserted = runs[-1]
            runs[-1] = ("change", deleted[: len(inserted)], inserted)
    else:  # nothing in common: the member is all new
        runs = [("change", [], mine)] if mine else []
    out, pos = [], 0
    for tag, deleted, inserted in runs:
        if tag == "equal":
            end = inserted[-1].end()
            out.append(_e(member[pos:end]))
            pos = end
            continue
        old = canonical[deleted[0].start() : deleted[-1].end()] if deleted else ""
        new = member[inserted[0].start() : inserted[-1].end()] if inserted else ""
        css = _change_class(old, new)
        if inserted:
            out.append(_e(member[pos : inserted[0].start()]))
            pos = inserted[-1].end()
        if old:
            out.append(f'<del class="{css}">{_e(old)}</del>')
        if new:
            out.append(f'<ins class="{css}">{_e(new)}</ins>')
    out.append(_e(member[pos:]))
    return "".join(out)


_Run = tuple[str, list[re.Match[str]], list[re.Match[str]]]


def _runs(theirs: Sequence[re.Match[str]], mine: Sequence[re.Match[str]]) -> list[_Run]:
    """The alignment as alternating runs ``(tag, canonical words, member words)``: ``equal``
    stretches and ``change`` stretches (every deletion and insertion between two equal ones)."""
    return [
        (
            "equal" if run.equal else "change",
            list(theirs[run.left_start : run.left_end]),
            list(mine[run.right_start : run.right_end]),
        )
        for run in align([t.group() for t in theirs], [t.group() for t in mine])
    ]


def _change_class(old: str, new: str) -> str:
    if old and new and old.casefold() == new.casefold():
        return "case"
    if not re.search(r"\w", old + new):
        return "punct"
    return "word"


# --- sections --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Anchors:
    """Fragment ids by position, never by corpus text: a document id cannot break an attribute."""

    documents: dict[str, str]

    @classmethod
    def of(cls, documents: Sequence[Summary]) -> _Anchors:
        return cls({doc.id: _anchor(i) for i, doc in enumerate(documents)})

    def link(self, doc_id: str) -> str:
        anchor = self.documents.get(doc_id)
        return f'<a href="#{anchor}">{_e(doc_id)}</a>' if anchor else _e(doc_id)


def _anchor(number: int) -> str:
    """The fragment id of the document with input number ``number`` (0-based)."""
    return f"doc-{number + 1}"


def _more(shown: int, total: int, what: str, where: str) -> str:
    """A line saying what a capped list left out, and where the rest is."""
    if total <= shown:
        return ""
    return f'<p class="muted">{total - shown:,} more {_e(what)} not shown here: see {where}.</p>'


def _toc(documents: Sequence[Summary], data: ReportInput) -> str:
    clusters = data.clusters

    def items(entries: Iterable[tuple[str, str]], css: str = "") -> str:
        inner = "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in entries)
        return f'<ol class="{css}">{inner}</ol>' if inner else ""

    cluster_items = "".join(
        f'<li><a href="#{_cluster_anchor(c, i)}">{_badge(c.status, f"st-{c.status}")} '
        f"{_e(_one_line(c.canonical, 80))}</a></li>"
        for i, c in enumerate(clusters, 1)
    )
    cluster_items = f'<ol class="clusters">{cluster_items}</ol>' if cluster_items else ""
    doc_items = items(((_anchor(i), d.id) for i, d in enumerate(documents)), "docs")
    return (
        '<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>'
        '<li><a href="#overview">Overview</a></li>'
        f'<li><a href="#clusters">Quote clusters ({data.cluster_total})</a>{cluster_items}</li>'
        f'<li><a href="#findings">Findings ({data.finding_total})</a></li>'
        f'<li><a href="#documents">Documents ({len(data.documents)})</a>{doc_items}</li>'
        "</ol></nav>"
    )


def _overview(data: ReportInput, anchors: _Anchors, shown: int) -> str:
    documents = data.documents
    severity_parts = "".join(
        _badge(f"{data.severities.get(s, 0)} {s.value}", f"sev-{s.value}") for s in SEVERITIES
    )
    status = {
        "consistent": data.cluster_total - data.inconsistent - data.disputed,
        "inconsistent": data.inconsistent,
        "disputed": data.disputed,
    }
    status_parts = "".join(
        _badge(f"{status[s]} {s}", f"st-{s}")
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
            _e(d.title or "—"),
            _e(d.kind or "—"),
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
        f"{_table(head, rows, numeric=(3, 4, 5, 6))}"
        f"{_more(shown, len(documents), 'documents', '<code>corpus.jsonl</code>')}</section>"
    )


def _clusters(data: ReportInput, anchors: _Anchors, shown: int) -> str:
    clusters = data.clusters
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


def _cluster(number: int, cluster: Cluster, anchors: _Anchors, shown: int) -> str:
    canonical, status, members = cluster.canonical, cluster.status, cluster.members
    total = cluster.total  # a run keeps only the members shown
    reference = cluster.reference
    where = ""
    if reference:
        paragraph = reference.paragraph
        at = f", paragraph {_e(paragraph)}" if paragraph else ""
        where = (
            f'<p class="reference">Found in the reference <code>{_e(reference.path)}'
            f"</code> at characters {_e(reference.start)}–{_e(reference.end)}"
            f"{at}.</p>"
        )
    counts = dict(cluster.variants)
    rows = ""
    for variant in sorted({m.variant for m in members[:shown]}, key=_variant_rank):
        group = [m for m in members[:shown] if m.variant == variant]
        documents = counts.get(variant, len({m.document for m in group}))
        rows += (
            f'<div class="group">{_badge(variant, f"v-{variant}")} '
            f"{documents} document{'s' if documents != 1 else ''}</div>"
        )
        rows += "".join(_member(m, canonical, anchors) for m in group)
    rows += _more(min(shown, len(members)), total, "members", "<code>quotes.json</code>")
    disputes = "".join(
        f"<li>“{_e(d.leading)}” ({d.support[0]}) or “{_e(d.runner_up)}” ({d.support[1]})</li>"
        for d in cluster.disputes
    )
    if disputes:
        where += (
            f'<p class="disputes">Quotations disagree, no reference decides:</p><ul>{disputes}</ul>'
        )
    return (
        f'<section class="cluster" id="{_cluster_anchor(cluster, number)}"><header>'
        f"<h3>Cluster {number}</h3>{_badge(status, f'st-{status}')}"
        f'<span class="muted">{total} members · <code>{_e(cluster.id)}</code>'
        "</span></header>"
        f'<div class="canonical-label">Canonical wording</div>'
        f'<blockquote class="canonical">{_e(canonical)}</blockquote>{where}'
        f'<div class="members">{rows}</div></section>'
    )


def _variant_rank(variant: str) -> int:
    return VARIANTS.index(variant) if variant in VARIANTS else len(VARIANTS)


def _cluster_anchor(cluster: Cluster, number: int) -> str:
    """The fragment id of a cluster: from its id, stable across runs (by number if the id is
    not a plain name: a hand-made report's id cannot break an attribute)."""
    return f"cluster-{cluster.id}" if SAFE_ID.fullmatch(cluster.id) else f"cluster-{number}"


def _member(member: ClusterMember, canonical: str, anchors: _Anchors) -> str:
    variant, quote = member.variant, member.quote
    which = f"quote {_e(quote)}" if quote else "without quotation marks"
    diffs = "".join(f"<li>{_difference(d)}</li>" for d in member.differences)
    listed = f'<ul class="diffs">{diffs}</ul>' if diffs else ""
    return (
        f'<div class="member"><div class="who">{anchors.link(member.document)}'
        f'<span class="muted">{which}</span><br>{_badge(variant, f"v-{variant}")}</div>'
        f'<div><div class="quote">{highlight(member.text, canonical)}</div>'
        f"{listed}</div></div>"
    )


def _difference(diff: Difference) -> str:
    """One entry of a member's ``differences`` in words: what the member omits, adds or changes."""
    op, old, new = _e(diff.op), _e(diff.canonical), _e(diff.member)
    if op == "delete" or (old and not new):
        return f"omits “{old}”"
    if op == "insert" or (new and not old):
        return f"adds “{new}”"
    return f"“{old}” → “{new}”" + (" (letter case)" if op == "case" else "")


def _findings(data: ReportInput, anchors: _Anchors, shown: int) -> str:
    findings = data.findings
    if not findings:
        return '<section id="findings"><h2>Findings</h2><p class="ok">No findings.</p></section>'
    ordered = sorted(
        findings, key=lambda p: (-p.finding.severity.rank, p.document, p.finding.raw_start)
    )
    rows = [
        (
            _badge(p.finding.severity.value, f"sev-{p.finding.severity.value}"),
            f"<code>{_e(p.finding.code)}</code>",
            anchors.link(p.document),
            str(p.where.line),
            _e(p.finding.message),
        )
        for p in ordered[:shown]
    ]
    table = _table(("Severity", "Code", "Document", "Line", "Message"), rows, numeric=(3,))
    more = _more(len(rows), data.finding_total, "findings", "<code>findings.sarif</code>")
    return f'<section id="findings"><h2>Findings</h2>{table}{more}</section>'


def document_section(doc: Document, number: int) -> str:
    """The report's section on one document, input number ``number`` (0-based): made where the
    document is at hand, in the worker that cleaned it."""
    return _document(doc, doc.findings, _anchor(number))


def _document(doc: Document, findings: Sequence[Finding], anchor: str) -> str:
    meta = doc.metadata
    fields = [
        ("Title", meta.title),
        ("Kind", meta.kind),
        ("Date", meta.date),
        ("Place", meta.place),
        ("Addressees", "; ".join(meta.addressees)),
        ("Salutation", meta.salutation),
        ("Closing", meta.closing),
        ("Signatories", "; ".join(meta.signatories)),
        ("Source", f"{doc.source.path} ({doc.source.encoding})"),
    ]
    dl = "".join(f"<dt>{k}</dt><dd>{_e(v)}</dd>" for k, v in fields if v)
    kinds = Counter(p.kind for p in doc.paragraphs)
    shape = ", ".join(f"{n} {_e(kind)}" for kind, n in sorted(kinds.items()))
    paragraphs = [p for p in doc.text.split("\n\n") if p.strip()]
    text = "".join(f"<p>{_e(p)}</p>" for p in paragraphs)
    return (
        f'<section class="document" id="{anchor}"><h3>{_e(doc.id)}</h3>'
        f'<dl class="meta">{dl}</dl>'
        f"<p>{len(doc.paragraphs)} paragraphs{f' ({shape})' if shape else ''}; "
        f"{len(doc.raw):,} raw characters → {len(doc.text):,} clean.</p>"
        f"<details><summary>Clean text</summary><div class='cleantext'>{text}</div></details>"
        f"{_cleanup(doc)}{_footnotes(doc, findings)}</section>"
    )


def _cleanup(doc: Document) -> str:
    if not doc.edits:
        return '<h4>Cleanup</h4><p class="ok">Nothing needed cleaning.</p>'
    kinds = Counter(e.kind for e in doc.edits)
    rules = Counter((e.kind, e.rule) for e in doc.edits)
    rows = [
        (
            _badge(kind, "kind"),
            str(n),
            " ".join(
                f'<span class="rule"><code>{_e(rule)}</code> ×{count}</span>'
                for (k, rule), count in sorted(rules.items(), key=lambda x: (x[0][0], -x[1]))
                if k == kind
            ),
        )
        for kind, n in sorted(kinds.items())
    ]
    summary = _table(("Kind", "Edits", "Rules (edits)"), rows, numeric=(1,))
    pieces = "".join(
        _piece(doc.raw, kind, rule, start, end)
        for kind, rule, start, end in _removed(doc.raw, doc.edits)
    )
    removed = (
        f'<h4>Removed or moved out of the text</h4><div class="pieces">{pieces}</div>'
        if pieces
        else ""
    )
    repairs = [e for e in doc.edits if e.kind in REPAIRS]
    repaired = ""
    if repairs:
        changed = [
            (
                _badge(e.kind, "kind"),
                f"<code>{_e(e.rule)}</code>",
                str(_line(doc.raw, e.raw_start)),
                f"<code>{_e(repr(e.raw))}</code> → <code>{_e(repr(e.clean))}</code>",
            )
            for e in repairs
        ]
        repaired = "<h4>Repaired in place</h4>" + _table(
            ("Kind", "Rule", "Line", "Raw → clean"), changed, numeric=(2,)
        )
    return f"<h4>Cleanup summary</h4>{summary}{removed}{repaired}"


def _removed(raw: str, edits: Sequence[Edit]) -> list[tuple[str, str, int, int]]:
    """Removals as pieces ``(kind, rule, raw_start, raw_end)``: neighbouring edits of one kind and
    rule with only whitespace between them (a wrapped note body is many edits) are one piece;
    whitespace-only pieces (separator lines) are left out."""
    pieces: list[tuple[str, str, int, int]] = []
    for e in edits:
        if e.kind not in REMOVALS or len(e.clean) >= len(e.raw):
            continue
        if pieces:
            kind, rule, start, end = pieces[-1]
            if (kind, rule) == (e.kind, e.rule) and not raw[end : e.raw_start].strip():
                pieces[-1] = (kind, rule, start, e.raw_end)
                continue
        pieces.append((e.kind, e.rule, e.raw_start, e.raw_end))
    return [p for p in pieces if raw[p[2] : p[3]].strip()]


def _piece(raw: str, kind: str, rule: str, start: int, end: int) -> str:
    text = raw[start:end]
    return (
        f"<details><summary>{_badge(kind, 'kind')}<code>{_e(rule)}</code>"
        f'<span class="muted">line {_line(raw, start)}</span>'
        f'<span class="preview">{_e(_one_line(text))}</span></summary>'
        f"<pre>{_e(text)}</pre></details>"
    )


def _footnotes(doc: Document, findings: Sequence[Finding]) -> str:
    problems = [f for f in findings if f.code.startswith("footnote.")]
    if not doc.footnotes and not problems:
        return ""
    rows = [
        (
            f"<strong>{_e(note.label)}</strong>",
            str(len(note.anchors)) if note.anchors else _badge("no marker", "sev-warning"),
            "; ".join(
                _e(c.document + (f", para. {', '.join(c.paragraphs)}" if c.paragraphs else ""))
                for c in note.citations
            )
            or '<span class="muted">—</span>',
            _e(note.text),
        )
        for note in doc.footnotes
    ]
    table = _table(("Note", "Markers", "Cites", "Text"), rows, numeric=(1,)) if rows else ""
    if problems:
        issues = "".join(
            f"<li>{_badge(f.severity.value, f'sev-{f.severity.value}')} <code>{_e(f.code)}</code> "
            f"line {_line(doc.raw, f.raw_start)}: {_e(f.message)}</li>"
            for f in problems
        )
        status = f"<ul>{issues}</ul>"
    else:
        status = '<p class="ok">Every note is linked to a marker and every marker to a note.</p>'
    return f"<h4>Footnote integrity</h4>{table}{status}"


# --- the page --------------------------------------------------------------------------------


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
    anchors = _Anchors.of(shown)
    lede = (
        f"{len(documents)} documents cleaned; {data.cluster_total} quoted passages shared "
        f"between documents, {data.inconsistent} of them quoted inconsistently."
    )
    parts = "".join(data.sections[d.id] for d in shown)
    more = _more(len(shown), len(documents), "documents", "<code>documents/</code>")
    body = (
        f'<header><h1>Quote consistency report</h1><p class="lede">{_e(lede)}</p>'
        f"{_toc(shown, data)}</header>"
        f"<main>{_overview(data, anchors, limits.max_documents)}"
        f"{_clusters(data, anchors, limits.max_members)}"
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
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )
