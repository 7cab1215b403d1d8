"""Stage ``line-wrap``: hard-wrapped lines and double-spaced extraction. (Being built.)"""

from __future__ import annotations

from ..document import Document
from .base import Context, StageOutput


def join_wrapped_lines(doc: Document, ctx: Context) -> StageOutput:
    """Not implemented yet: proposes nothing."""
    return StageOutput()
