"""What every stage is: a pure function ``(Document, Context) -> StageOutput``.

A stage reads the document's current clean text and proposes changes to it; the runner applies
them to the ledger, times the stage and counts what it did. A stage never sees raw coordinates,
never does I/O, and never mutates anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..config import Config
from ..corpus import CorpusIndex
from ..document import Document, Finding, Footnote, Metadata, Paragraph, Quote
from ..ledger import Proposal


@dataclass(frozen=True, slots=True)
class Context:
    """Read-only input a stage may use besides the document."""

    config: Config
    corpus: CorpusIndex = field(default_factory=CorpusIndex)


@dataclass(frozen=True, slots=True)
class StageOutput:
    """What a stage proposes: changes to the current text, findings and annotations.

    Findings and annotations are in raw coordinates (``doc.ledger.raw_span`` converts); an
    annotation left ``None`` leaves the document's value as it is.
    """

    proposals: tuple[Proposal, ...] = ()
    findings: tuple[Finding, ...] = ()
    footnotes: tuple[Footnote, ...] | None = None
    paragraphs: tuple[Paragraph, ...] | None = None
    metadata: Metadata | None = None
    quotes: tuple[Quote, ...] | None = None


StageFunction = Callable[[Document, Context], StageOutput]


@dataclass(frozen=True, slots=True)
class Requirement:
    """An earlier stage whose result a stage reads, and what it reads of it."""

    stage: str
    because: str


@dataclass(frozen=True, slots=True)
class Stage:
    """A named stage; ``id`` is the name used in the config, the ledger, the CLI and the docs.

    ``requires`` names the earlier stages whose result this one reads (as spaCy's pipeline
    components declare theirs): without them it would not fail, it would silently do nothing, so a
    ``stages.skip`` that leaves this stage without them is refused.
    """

    id: str
    run: StageFunction
    requires: tuple[Requirement, ...] = ()
