"""Stage ``structure``: letter furniture (title, date, addressees, closing, signatories)."""

from __future__ import annotations

from ..document import Document
from .base import Context, StageOutput


def read_structure(doc: Document, ctx: Context) -> StageOutput:
    """Not implemented yet: proposes nothing."""
    return StageOutput()
