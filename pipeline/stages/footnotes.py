"""Stage ``footnotes``: footnote markers in the text and footnote bodies moved out of it."""

from __future__ import annotations

from ..document import Document
from .base import Context, StageOutput


def link_footnotes(doc: Document, ctx: Context) -> StageOutput:
    """Not implemented yet: proposes nothing."""
    return StageOutput()
