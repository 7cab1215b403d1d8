"""One word aligner, shared by the labels (:mod:`.labelling`) and the highlighting of
``report.html``: two sequences of words as alternating runs of equal and changed words."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of the alignment: ``left[left_start:left_end]`` against
    ``right[right_start:right_end]``, equal words or changed ones (every deletion and insertion
    between two equal stretches: one change)."""

    equal: bool
    left_start: int
    left_end: int
    right_start: int
    right_end: int


def align(left: Sequence[Hashable], right: Sequence[Hashable]) -> list[Run]:
    """The alignment of ``left`` and ``right`` (the longest common subsequence, rapidfuzz
    ``Indel``) as alternating runs.

    >>> [(r.equal, r.left_start, r.left_end, r.right_start, r.right_end)
    ...  for r in align("a b c d".split(), "a x d".split())]
    [(True, 0, 1, 0, 1), (False, 1, 3, 1, 2), (True, 3, 4, 2, 3)]
    """
    runs: list[Run] = []
    for op in Indel.opcodes(list(left), list(right)):
        if op.src_start == op.src_end and op.dest_start == op.dest_end:
            continue
        equal = op.tag == "equal"
        if runs and not equal and not runs[-1].equal:
            last = runs.pop()
            runs.append(Run(False, last.left_start, op.src_end, last.right_start, op.dest_end))
        else:
            runs.append(Run(equal, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return runs
