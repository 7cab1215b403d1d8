"""Stage ``hyphenation``: words hyphenated across a line end. (Being built.)"""

from __future__ import annotations

from ..document import Document
from .base import Context, StageOutput


def join_hyphenated_words(doc: Document, ctx: Context) -> StageOutput:
    """Not implemented yet: proposes nothing."""
    return StageOutput()
