"""The kinds of edit: one registry, from which the stages' lists, the report and the README's
table derive.

An edit's ``kind`` says what the change is; its ``rule`` says why. A kind can be made by more
than one stage (``line-wrap`` writes ``whitespace`` gap clean-ups and ``page-break`` joins), so
each kind lists the stages that make it. ``tests/test_edit_kinds.py`` checks the registry
against the document schema's enum, the README's table and the stages' edits on the seeds and
the fixtures.

>>> of_stage("line-wrap")
('line-wrap', 'whitespace', 'page-break')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class EditKind:
    """One kind of edit and what the other parts of the pipeline need to know of it."""

    kind: str
    stages: tuple[str, ...]  # the stages that make edits of this kind, in pipeline order
    removes: bool = False  # takes text out of the document (report.html lists it as removed)
    cuts: bool = False  # a removal that can split a sentence (line-wrap rejoins across it)
    joins: bool = False  # joins a line to the next (hyphenation looks at the hyphens it leaves)


KINDS = (
    EditKind("unicode", ("unicode",)),
    EditKind("whitespace", ("whitespace", "line-wrap")),
    EditKind("boilerplate", ("boilerplate",), removes=True),
    EditKind("caption", ("boilerplate",), removes=True),
    EditKind("page-break", ("page-break", "line-wrap"), removes=True, cuts=True, joins=True),
    EditKind("footnote-marker", ("footnotes",), cuts=True),
    EditKind("footnote-body", ("footnotes",), removes=True, cuts=True),
    EditKind("line-wrap", ("line-wrap",), joins=True),
    EditKind("hyphenation", ("hyphenation",)),
)
BY_KIND = {k.kind: k for k in KINDS}

# What the stages and the report ask about edits (a footnote marker is not listed as removed
# text in the report: it is shown with its note).
REMOVALS = frozenset(k.kind for k in KINDS if k.removes)
CUTS = frozenset(k.kind for k in KINDS if k.cuts)
JOINS = frozenset(k.kind for k in KINDS if k.joins)


@cache  # asked for every stage of every document (Stage.check)
def of_stage(stage: str) -> tuple[str, ...]:
    """The kinds of edit ``stage`` makes: its own (named like it) first, then in registry
    order, as the README's table lists them."""
    made = [k.kind for k in KINDS if stage in k.stages]
    return tuple(sorted(made, key=lambda kind: kind != stage))
