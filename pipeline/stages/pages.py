"""Stage ``page-break``: form feeds, page-number lines, running headers and footers."""

from __future__ import annotations

from ..document import Document
from .base import Context, StageOutput


def remove_page_furniture(doc: Document, ctx: Context) -> StageOutput:
    """Not implemented yet: proposes nothing."""
    return StageOutput()
