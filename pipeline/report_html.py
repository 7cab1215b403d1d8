"""``report.html``: the run's report for people. (Being built: a bare page for now.)"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from .document import Document, Finding


def render_report(
    documents: Sequence[Document],
    quote_report: dict[str, Any],
    quote_findings: Sequence[tuple[str, Finding]],
) -> str:
    """One self-contained HTML page."""
    items = "".join(f"<li>{html.escape(doc.id)}</li>" for doc in documents)
    head = "<meta charset='utf-8'><title>coi-pipeline report</title>"
    return f"<!doctype html><html><head>{head}</head><body><ul>{items}</ul></body></html>\n"
