"""Stage ``quotes``: passages in quotation marks, with their footnote and attribution."""

from __future__ import annotations

from ..document import Document
from .base import Context, StageOutput


def extract_quotes(doc: Document, ctx: Context) -> StageOutput:
    """Not implemented yet: finds nothing."""
    return StageOutput()
