"""The section on one document: metadata, paragraphs, the cleanup summary (edit counts by kind
and rule; what was removed or moved, with the raw text on demand) and footnote integrity. Made
where the document is at hand, in the worker that cleaned it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ...document import Document, Finding
from ...edit_kinds import REMOVALS
from ...ledger import Edit
from ...positions import LineIndex, line_index
from .markup import badge, document_anchor, esc, html_table, one_line

# Edits that take a piece out of the text (removed or moved into a note), listed one by one.
# Edits that change characters in place, listed as raw → clean.
REPAIRS = ("unicode", "hyphenation")


def document_section(doc: Document, number: int) -> str:
    """The report's section on one document, input number ``number`` (0-based): made where the
    document is at hand, in the worker that cleaned it."""
    return _document(doc, doc.findings, document_anchor(number))


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
    dl = "".join(f"<dt>{k}</dt><dd>{esc(v)}</dd>" for k, v in fields if v)
    kinds = Counter(p.kind for p in doc.paragraphs)
    shape = ", ".join(f"{n} {esc(kind)}" for kind, n in sorted(kinds.items()))
    paragraphs = [p for p in doc.text.split("\n\n") if p.strip()]
    text = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    lines = line_index(doc.raw)  # the lines SARIF and the terminal count (CR, LF, CRLF)
    return (
        f'<section class="document" id="{anchor}"><h3>{esc(doc.id)}</h3>'
        f'<dl class="meta">{dl}</dl>'
        f"<p>{len(doc.paragraphs)} paragraphs{f' ({shape})' if shape else ''}; "
        f"{len(doc.raw):,} raw characters → {len(doc.text):,} clean.</p>"
        f"<details><summary>Clean text</summary><div class='cleantext'>{text}</div></details>"
        f"{_cleanup(doc, lines)}{_footnotes(doc, findings, lines)}</section>"
    )


def _cleanup(doc: Document, lines: LineIndex) -> str:
    if not doc.edits:
        return '<h4>Cleanup</h4><p class="ok">Nothing needed cleaning.</p>'
    kinds = Counter(e.kind for e in doc.edits)
    rules = Counter((e.kind, e.rule) for e in doc.edits)
    rows = [
        (
            badge(kind, "kind"),
            str(n),
            " ".join(
                f'<span class="rule"><code>{esc(rule)}</code> ×{count}</span>'
                for (k, rule), count in sorted(rules.items(), key=lambda x: (x[0][0], -x[1]))
                if k == kind
            ),
        )
        for kind, n in sorted(kinds.items())
    ]
    summary = html_table(("Kind", "Edits", "Rules (edits)"), rows, numeric=(1,))
    pieces = "".join(
        _piece(doc.raw, lines, kind, rule, start, end)
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
                badge(e.kind, "kind"),
                f"<code>{esc(e.rule)}</code>",
                str(lines.line(e.raw_start)),
                f"<code>{esc(repr(e.raw))}</code> → <code>{esc(repr(e.clean))}</code>",
            )
            for e in repairs
        ]
        repaired = "<h4>Repaired in place</h4>" + html_table(
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


def _piece(raw: str, lines: LineIndex, kind: str, rule: str, start: int, end: int) -> str:
    text = raw[start:end]
    return (
        f"<details><summary>{badge(kind, 'kind')}<code>{esc(rule)}</code>"
        f'<span class="muted">line {lines.line(start)}</span>'
        f'<span class="preview">{esc(one_line(text))}</span></summary>'
        f"<pre>{esc(text)}</pre></details>"
    )


def _footnotes(doc: Document, findings: Sequence[Finding], lines: LineIndex) -> str:
    problems = [f for f in findings if f.code.startswith("footnote.")]
    if not doc.footnotes and not problems:
        return ""
    rows = [
        (
            f"<strong>{esc(note.label)}</strong>",
            str(len(note.anchors)) if note.anchors else badge("no marker", "sev-warning"),
            "; ".join(
                esc(c.document + (f", para. {', '.join(c.paragraphs)}" if c.paragraphs else ""))
                for c in note.citations
            )
            or '<span class="muted">—</span>',
            esc(note.text),
        )
        for note in doc.footnotes
    ]
    table = html_table(("Note", "Markers", "Cites", "Text"), rows, numeric=(1,)) if rows else ""
    if problems:
        issues = "".join(
            f"<li>{badge(f.severity.value, f'sev-{f.severity.value}')} <code>{esc(f.code)}</code> "
            f"line {lines.line(f.raw_start)}: {esc(f.message)}</li>"
            for f in problems
        )
        status = f"<ul>{issues}</ul>"
    else:
        status = '<p class="ok">Every note is linked to a marker and every marker to a note.</p>'
    return f"<h4>Footnote integrity</h4>{table}{status}"
