"""The section on one document: metadata, paragraphs, the cleanup summary (edit counts by kind
and rule; what was removed or moved, with the raw text on demand) and footnote integrity. Made
where the document is at hand, in the worker that cleaned it, as :class:`~.markup.Html` (whose
templates escape the document's text, metadata, rules and messages put into them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ...document import Document, Finding
from ...edit_kinds import REMOVALS
from ...ledger import Edit
from ...text import LineIndex, line_index, paragraph_texts
from .markup import EMPTY, Html, badge, document_anchor, html_table, one_line

# Edits that take a piece out of the text (removed or moved into a note), listed one by one.
# Edits that change characters in place, listed as raw → clean.
REPAIRS = ("unicode", "hyphenation")


def document_section(doc: Document, number: int) -> Html:
    """The report's section on one document, input number ``number`` (0-based): made where the
    document is at hand, in the worker that cleaned it."""
    return _document(doc, doc.findings, document_anchor(number))


def _document(doc: Document, findings: Sequence[Finding], anchor: str) -> Html:
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
    dl = EMPTY.join(Html("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in fields if v)
    kinds = Counter(p.kind for p in doc.paragraphs)
    shape = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    paragraphs = paragraph_texts(doc.text)
    paragraph = Html("<p>{}</p>")
    text = EMPTY.join(paragraph.format(p) for p in paragraphs)
    lines = line_index(doc.raw)  # the lines SARIF and the terminal count (CR, LF, CRLF)
    return Html(
        '<section class="document" id="{anchor}"><h3>{id}</h3><dl class="meta">{dl}</dl>'
        "<p>{paragraphs} paragraphs{shape}; {raw:,} raw characters → {clean:,} clean.</p>"
        "<details><summary>Clean text</summary><div class='cleantext'>{text}</div></details>"
        "{cleanup}{footnotes}</section>"
    ).format(
        anchor=anchor,
        id=doc.id,
        dl=dl,
        paragraphs=len(doc.paragraphs),
        shape=Html(" ({})").format(shape) if shape else EMPTY,
        raw=len(doc.raw),
        clean=len(doc.text),
        text=text,
        cleanup=_cleanup(doc, lines),
        footnotes=_footnotes(doc, findings, lines),
    )


def _cleanup(doc: Document, lines: LineIndex) -> Html:
    if not doc.edits:
        return Html('<h4>Cleanup</h4><p class="ok">Nothing needed cleaning.</p>')
    kinds = Counter(e.kind for e in doc.edits)
    rules = Counter((e.kind, e.rule) for e in doc.edits)
    by_count = sorted(rules.items(), key=lambda x: (x[0][0], -x[1]))
    rows = [
        (
            badge(kind, "kind"),
            str(n),
            Html(" ").join(
                Html('<span class="rule"><code>{}</code> ×{}</span>').format(rule, count)
                for (k, rule), count in by_count
                if k == kind
            ),
        )
        for kind, n in sorted(kinds.items())
    ]
    summary = html_table(("Kind", "Edits", "Rules (edits)"), rows, numeric=(1,))
    pieces = EMPTY.join(
        _piece(doc.raw, lines, kind, rule, start, end)
        for kind, rule, start, end in _removed(doc.raw, doc.edits)
    )
    removed = (
        Html('<h4>Removed or moved out of the text</h4><div class="pieces">{}</div>').format(pieces)
        if pieces
        else EMPTY
    )
    return Html("<h4>Cleanup summary</h4>{}{}{}").format(summary, removed, _repairs(doc, lines))


def _repairs(doc: Document, lines: LineIndex) -> Html:
    """The edits that changed characters in place, each as raw → clean."""
    repairs = [e for e in doc.edits if e.kind in REPAIRS]
    if not repairs:
        return EMPTY
    changed = [
        (
            badge(e.kind, "kind"),
            Html("<code>{}</code>").format(e.rule),
            str(lines.line(e.raw_start)),
            Html("<code>{}</code> → <code>{}</code>").format(repr(e.raw), repr(e.clean)),
        )
        for e in repairs
    ]
    head = ("Kind", "Rule", "Line", "Raw → clean")
    return Html("<h4>Repaired in place</h4>") + html_table(head, changed, numeric=(2,))


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


PIECE = Html(
    "<details><summary>{}<code>{}</code>"
    '<span class="muted">line {}</span><span class="preview">{}</span></summary>'
    "<pre>{}</pre></details>"
)  # (made once: a web page has hundreds of removed pieces)


def _piece(raw: str, lines: LineIndex, kind: str, rule: str, start: int, end: int) -> Html:
    text = raw[start:end]
    return PIECE.format(badge(kind, "kind"), rule, lines.line(start), one_line(text), text)


def _footnotes(doc: Document, findings: Sequence[Finding], lines: LineIndex) -> Html:
    problems = [f for f in findings if f.code.startswith("footnote.")]
    if not doc.footnotes and not problems:
        return EMPTY
    rows = [
        (
            Html("<strong>{}</strong>").format(note.label),
            str(len(note.anchors)) if note.anchors else badge("no marker", "sev-warning"),
            Html("; ").join(
                c.document + (f", para. {', '.join(c.paragraphs)}" if c.paragraphs else "")
                for c in note.citations
            )
            or Html('<span class="muted">—</span>'),
            note.text,
        )
        for note in doc.footnotes
    ]
    table = html_table(("Note", "Markers", "Cites", "Text"), rows, numeric=(1,)) if rows else EMPTY
    return Html("<h4>Footnote integrity</h4>{}{}").format(table, _footnote_status(problems, lines))


def _footnote_status(problems: Sequence[Finding], lines: LineIndex) -> Html:
    """The footnote findings, each with its line; or that every note and marker is linked."""
    if not problems:
        return Html(
            '<p class="ok">Every note is linked to a marker and every marker to a note.</p>'
        )
    issues = EMPTY.join(
        Html("<li>{} <code>{}</code> line {}: {}</li>").format(
            badge(f.severity.value, f"sev-{f.severity.value}"),
            f.code,
            lines.line(f.raw_start),
            f.message,
        )
        for f in problems
    )
    return Html("<ul>{}</ul>").format(issues)
