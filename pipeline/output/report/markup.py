"""Markup shared by the page's sections: the one door corpus text comes in by (:func:`esc`),
badges, tables, and fragment ids (anchors) that never carry corpus text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..summary import Summary

PREVIEW = 90  # characters of a removed piece shown before its raw text is opened


def esc(value: object) -> str:
    """``value`` as HTML text or attribute content: the one door corpus text comes in by."""
    return html.escape(str(value), quote=True)


def badge(text: str, css: str) -> str:
    """A labelled pill; ``css`` is built from a known vocabulary, made safe anyway."""
    return f'<span class="badge {re.sub(r"[^a-z-]", "", css)}">{esc(text)}</span>'


def one_line(text: str, limit: int = PREVIEW) -> str:
    """``text`` on one line, shortened to ``limit`` characters.

    >>> one_line("Skip to\\n\\nmain   content\\n", 12)
    'Skip to mai…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def html_table(
    head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A table; ``head`` is literal markup, ``rows`` already-rendered cells."""

    def cells(tag: str, values: Sequence[str]) -> str:
        return "".join(
            f"<{tag} class='num'>{v}</{tag}>" if i in numeric else f"<{tag}>{v}</{tag}>"
            for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<table><thead><tr>{cells('th', head)}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True, slots=True)
class Anchors:
    """Fragment ids by position, never by corpus text: a document id cannot break an attribute."""

    documents: dict[str, str]

    @classmethod
    def of(cls, documents: Sequence[Summary]) -> Anchors:
        return cls({doc.id: document_anchor(i) for i, doc in enumerate(documents)})

    def link(self, doc_id: str) -> str:
        anchor = self.documents.get(doc_id)
        return f'<a href="#{anchor}">{esc(doc_id)}</a>' if anchor else esc(doc_id)


def document_anchor(number: int) -> str:
    """The fragment id of the document with input number ``number`` (0-based)."""
    return f"doc-{number + 1}"


def more_note(shown: int, total: int, what: str, where: str) -> str:
    """A line saying what a capped list left out, and where the rest is."""
    if total <= shown:
        return ""
    return f'<p class="muted">{total - shown:,} more {esc(what)} not shown here: see {where}.</p>'
