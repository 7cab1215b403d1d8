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
    return _tightened(runs, left, right)


def _tightened(runs: list[Run], left: Sequence[Hashable], right: Sequence[Hashable]) -> list[Run]:
    """Of the alignments as long, the one where ``left`` stays together at its ends: a first
    (last) stretch of equal words cut off from the next by words of ``right`` only moves up to
    that next stretch when ``right`` has the same words there. (``the mill`` quoting ``The
    river …, the mill`` matches the second ``the``, not the first.)"""
    while len(runs) >= 3 and runs[0].equal and _gap(runs[1]) and runs[2].equal:
        first, then = runs[0], runs[2]
        width = first.left_end - first.left_start
        at = then.right_start - width
        if list(right[at : then.right_start]) != list(left[first.left_start : first.left_end]):
            break
        moved = Run(True, first.left_start, then.left_end, at, then.right_end)
        runs = [Run(False, 0, 0, 0, at), moved, *runs[3:]] if at else [moved, *runs[3:]]
        if at:
            break
    while len(runs) >= 3 and runs[-1].equal and _gap(runs[-2]) and runs[-3].equal:
        last, before = runs[-1], runs[-3]
        width = last.left_end - last.left_start
        end = before.right_end + width
        if list(right[before.right_end : end]) != list(left[last.left_start : last.left_end]):
            break
        moved = Run(True, before.left_start, last.left_end, before.right_start, end)
        tail = [Run(False, last.left_end, last.left_end, end, len(right))]
        runs = [*runs[:-3], moved, *(tail if end < len(right) else [])]
        break
    return runs


def _gap(run: Run) -> bool:
    """Whether ``run`` is words of the right side only."""
    return not run.equal and run.left_start == run.left_end
