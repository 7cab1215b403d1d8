"""Stage ``boilerplate``: web chrome (navigation, donation appeals) and photo captions."""

from __future__ import annotations

from ..document import Document
from .base import Context, StageOutput


def remove_boilerplate(doc: Document, ctx: Context) -> StageOutput:
    """Not implemented yet: proposes nothing."""
    return StageOutput()
