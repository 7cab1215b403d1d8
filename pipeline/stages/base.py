"""What every stage is: a pure function ``(Document, Context) -> StageOutput``.

A stage reads the document's current clean text and proposes changes to it; the runner applies
them to the ledger, times the stage and counts what it did. A stage never sees raw coordinates,
never does I/O, and never mutates anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..config import Config
from ..document import Document, Finding
from ..ledger import Proposal


@dataclass(frozen=True, slots=True)
class Context:
    """Read-only input a stage may use besides the document."""

    config: Config


@dataclass(frozen=True, slots=True)
class StageOutput:
    """What a stage proposes: changes to the current text, and findings (raw coordinates)."""

    proposals: tuple[Proposal, ...] = ()
    findings: tuple[Finding, ...] = ()


StageFunction = Callable[[Document, Context], StageOutput]


@dataclass(frozen=True, slots=True)
class Stage:
    """A named stage; ``id`` is the name used in the config, the ledger, the CLI and the docs."""

    id: str
    run: StageFunction
