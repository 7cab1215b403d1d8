"""The page's style sheet and Content-Security-Policy (the page loads and runs nothing).

The style sheet is ``style.css`` beside this module, package data shipped in the wheel and read
with :mod:`importlib.resources` (so it is found in an installed or zipped package too): a CSS
file that editors, linters and diffs treat as CSS, not a Python string. Both are the package's
own markup (:class:`~.markup.Html`), put into the page as they are.

Colours follow the Okabe–Ito palette, which colour-blind readers can tell apart, and every
colour comes with a text label (and deletions/insertions with a strike-through/underline).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from .markup import Html

CSP = Html("default-src 'none'; style-src 'unsafe-inline'; img-src data:")

PACKAGE = __name__.rpartition(".")[0]  # pipeline.output.report, whose data the sheet is
STYLE_SHEET = "style.css"


@cache
def style_sheet() -> Html:
    """The text of ``style.css`` (read once: every page of a process inlines the same sheet)."""
    return Html(resources.files(PACKAGE).joinpath(STYLE_SHEET).read_text(encoding="utf-8"))
