"""What every stage is: a pure function ``(Document, Context) -> StageOutput``.

A stage reads the document's current clean text and proposes changes to it; the runner applies
them to the ledger, times the stage and counts what it did. A stage never sees raw coordinates,
never does I/O, and never mutates anything — but a :class:`Memo`, the run's cache of values
that depend on their key alone (so what it holds changes a stage's speed, never its result).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..corpus import CorpusIndex
from ..document import Document, Finding, Footnote, Metadata, Paragraph, Quote
from ..edit_kinds import of_stage
from ..ledger import Proposal


class Memo:
    """A run's cache for the stages: tables of values that are a pure function of their key
    (a line's measured shape, say), so the same line met in another document of the run is not
    read again. Deterministic by construction: a stage computes a missing value exactly as it
    would without the memo, so a document's result never depends on what was cached before.

    Bounded: a table that has grown past ``limit`` entries is emptied when next asked for (it
    grows by at most one document's lines between two asks), and at most ``tables`` tables are
    kept. Never shipped: a worker process gets an empty memo of its own (see ``__reduce__``).
    The limit is set by memory: a distinct line takes about 2 KB in ``boilerplate``'s two tables
    (its reading and its shape), so 25,000 lines keep a process's memo near 55 MB; at 100,000 a
    run of 100,000 documents on two workers went past 1 GB. (A table emptied more often only
    costs time: a line met again after it is read again, to the same result.)
    """

    __slots__ = ("_last", "_tables", "limit", "tables")

    def __init__(self, limit: int = 25_000, tables: int = 16) -> None:
        self.limit = limit
        self.tables = tables
        self._tables: dict[Hashable, dict[Any, Any]] = {}
        # The last table asked for under each name (a key's first item) and its key: a stage
        # asks with its configuration table in the key once per document, and hashing that
        # whole table each time costs more than a small document's lookups.
        self._last: dict[Hashable, tuple[tuple[Any, ...], dict[Any, Any]]] = {}

    def table(self, key: Hashable) -> dict[Any, Any]:
        """The table named ``key`` (a stage's name and what its values depend on besides their
        own key, e.g. its configuration), emptied first if it has grown past the limit. A
        tuple key whose items are the very objects of the last ask under its first item is
        found by identity, without hashing."""
        if isinstance(key, tuple) and key:
            last = self._last.get(key[0])
            if (
                last is not None
                and len(last[0]) == len(key)
                and all(a is b for a, b in zip(last[0], key, strict=True))
            ):
                if len(last[1]) > self.limit:
                    last[1].clear()
                return last[1]
        found = self._tables.get(key)
        if found is None:
            if len(self._tables) >= self.tables:
                self._tables.clear()
                self._last.clear()
            found = self._tables[key] = {}
        elif len(found) > self.limit:
            found.clear()
        if isinstance(key, tuple) and key:
            self._last[key[0]] = (key, found)
        return found

    def __reduce__(self) -> tuple[type[Memo], tuple[int, int]]:
        return Memo, (self.limit, self.tables)  # the contents stay in this process


@dataclass(frozen=True, slots=True)
class Context:
    """Read-only input a stage may use besides the document, and the run's :class:`Memo`."""

    config: Config
    corpus: CorpusIndex = field(default_factory=CorpusIndex)
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)


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


ANNOTATIONS = ("footnotes", "paragraphs", "metadata", "quotes")  # of StageOutput and Document


class ContractBroken(RuntimeError):
    """A stage's output holds what its :class:`Stage` does not declare: a bug in the stage (or
    in its declaration), never the input's fault."""


@dataclass(frozen=True, slots=True)
class Stage:
    """A named stage; ``id`` is the name used in the config, the ledger, the CLI and the docs.

    As spaCy's pipeline components do, a stage declares what it needs and what it makes:

    * ``requires``: the earlier stages whose result this one reads. Without them it would not
      fail, it would silently do nothing, so a ``stages.skip`` that leaves this stage without
      them is refused (:func:`~pipeline.stages.selected`);
    * ``assigns``: the document annotations it sets (of :data:`ANNOTATIONS`); the edit kinds it
      makes are the registry's (:func:`pipeline.edit_kinds.of_stage`). :meth:`check` refuses an
      output that holds anything else;
    * ``reads``: the config tables it reads besides its own (the one named by its id): a
      vocabulary another stage owns, such as the salutations and closings of ``[structure]``
      (a test runs every stage and holds it to this list);
    * ``compile_config``: compiles the stage's config tables (its regexes, word sets,
      options) once, when the pipeline is built (:func:`~pipeline.stages.compile_stages`), into
      the one cache of
      compiled config (:mod:`pipeline.compiled`), so that no document pays for it (a test holds
      every stage to compiling nothing more on its documents).
    """

    id: str
    run: StageFunction
    requires: tuple[Requirement, ...] = ()
    assigns: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    compile_config: Callable[[Config], None] | None = None

    def check(self, output: StageOutput) -> StageOutput:
        """``output``, if it holds only the edit kinds and annotations this stage declares."""
        kinds = of_stage(self.id)
        stray = next((p.kind for p in output.proposals if p.kind not in kinds), None)
        if stray is not None:
            raise ContractBroken(
                f"stage {self.id!r} proposed an edit of kind {stray!r}; the edit-kind registry"
                f" gives it {', '.join(kinds) or 'none'}"
            )
        for name in ANNOTATIONS:
            if getattr(output, name) is not None and name not in self.assigns:
                raise ContractBroken(
                    f"stage {self.id!r} set the annotation {name!r}, which it does not assign"
                )
        return output
