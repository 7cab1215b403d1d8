"""Rounds taken several at once where one at a time is known to give the same: the peeling of a
block that lacks its first marker.

Artefact: none of its own. The stage takes back a block's first line when its first body has no
marker (see :mod:`pipeline.stages.footnotes`); the block is read again from its second body,
which may lack its marker too, and so on: a round for each body, each reading the whole text
again (a long text whose opening paragraphs another stage removed keeps dozens of note bodies
without their markers, and took dozens of rounds of the whole text).

:func:`Peeler.peelable` says how many of the block's first bodies the rounds one at a time
would take back in a row, shown rather than guessed: the rounds in between would read the text
the same but for those bodies, so they are skipped; and the blocks of the round after them are
known without reading them (the same, the block starting further on). What that needs, each
checked here:

* nothing read before the block reaches its lines: the block before it stops more than
  ``TAIL_LINES`` lines above it (its end was decided on lines above), and no note glued to a
  text line opens between the two (its reading, thrown away, looked ahead);
* no line of a body taken but its first opens a note (it would, once the body is gone);
* the block reads the same when it starts at a later body: that body is a plain opening
  (not a column of labels, not glued to a text line), not a label alone on its line whose
  label came before (read as a page number then);
* after the block, no label alone on its line has one of the labels taken (the labels seen so
  far decide whether it is a page number);
* their lines hold no marker candidate (so the candidates outside the blocks stay the same),
  and every candidate's body evidence (a body with its label after it, the highest label after
  it) is the same without them: evidence only falls as bodies go, so the same at both ends is
  the same in between, and the markers that fit are the same in every round between;
* with those markers, each body taken opens a block that lacks its first marker or enough of
  them, so that each round takes the very body the next is taken from.

Risks: none to the output meant (the rounds skipped read the same; tests compare the readings
with rounds one at a time); a check that fails only means one body a round, as before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ...text import Line
from .bodies import TAIL_LINES, Body, Opening
from .labels import Label
from .markers import Evidence, Marker, outside


def linked(body: Body, anchored: dict[Label, int]) -> bool:
    """Whether a marker with the body's label comes before it."""
    return anchored.get(body.label, body.start + 1) <= body.start


def enough_linked(block: Sequence[Body], anchored: dict[Label, int]) -> bool:
    """Whether at least half the bodies of ``block`` have their marker. Notes lose a marker now
    and then; a run of numbered lines of which one number happens to stand in the text (a
    ranking table, a list after a date ``Friday, 22 March``) is not a note block."""
    marked = sum(1 for body in block if anchored.get(body.label, body.start + 1) <= body.start)
    return 2 * marked >= len(block)  # (``linked`` of each body, without a call for each)


@dataclass(frozen=True, slots=True)
class Peel:
    """Bodies to take back at once, and what is known of the reading after them."""

    count: int  # how many of the block's first bodies
    noted: list[list[Body]] | None = None  # the blocks then, if known
    same_markers: bool = False  # whether the markers that fit stay the same


class Peeler:
    """What :meth:`peelable` needs of the text that does not change from round to round."""

    def __init__(
        self,
        lines: Sequence[Line],
        opening: dict[int, Opening],
        found: Sequence[Marker],
        held: Collection[int],
    ) -> None:
        self.lines = lines
        self.opening = opening
        self.found = found
        self.starts = [marker.start for marker in found]
        self.held = sorted(held)
        self.openings = sorted(opening)
        self.glued = sorted(i for i, o in opening.items() if o.text_line < 0)
        self.alone: dict[Label, list[int]] = {}  # label -> lines of a label alone above its text
        for i in sorted(opening):
            if opening[i].text_line != i:
                self.alone.setdefault(opening[i].label, []).append(i)

    def peelable(
        self,
        noted: Sequence[Sequence[Body]],
        anchored: dict[Label, int],
        first: int,
        most: int,
    ) -> Peel:
        """How many of the first bodies of the block opening at line ``first`` (which lacks its
        first marker) rounds one at a time would take back in a row, at most ``most`` (1 when
        that cannot be shown), and what is known of the reading once they are taken back."""
        k = next(n for n, block in enumerate(noted) if block[0].first == first)
        block = noted[k]
        if len(block) < 2 or self._reached_from_above(noted, k):
            return Peel(1)
        before = {body.label for previous in noted[:k] for body in previous}
        plain = 0  # the block reads the same from each of its bodies 1 to ``plain``
        while plain + 1 < min(len(block), most + 1) and self._fresh(block[plain + 1], before):
            plain += 1
        count = 1
        while count < min(most, plain + 1):
            if linked(block[count], anchored) and enough_linked(block[count:], anchored):
                break  # the rounds stop taking this block's bodies here
            count += 1
        count = self._alone_after(block, self._without_openings(block, count))
        count = self._without_candidates(block, count)
        if count >= 2:
            count = self._same_evidence(noted, block, count)
        # (more than one body taken: the evidence is shown the same, and so are the markers)
        count, same = max(count, 1), count >= 2
        if self._alone_after(block, self._without_openings(block, count)) == count:
            rest = [list(block[count:])] if count <= plain else []
            if rest or count == len(block) == plain + 1:  # (or the block goes whole)
                return Peel(count, [*map(list, noted[:k]), *rest, *map(list, noted[k + 1 :])], same)
        return Peel(count, None, same)

    def _fresh(self, body: Body, before: Collection[Label]) -> bool:
        """Whether a block starting at ``body`` reads as the one it was in from there: a plain
        opening (not a column of labels, not glued to a text line), not a label alone on its
        line after a body with that label (a page number then). A body that does not start at an
        opening of its own (a label alone above it, say) cannot be shown to: not fresh."""
        o = self.opening.get(body.first)
        if o is None:
            return False
        plain = not o.column and o.at == 0 and o.text_line >= 0
        return plain and (o.text_line == body.first or o.label not in before)

    def _same_evidence(
        self, noted: Sequence[Sequence[Body]], block: Sequence[Body], count: int
    ) -> int:
        """The most of the first ``count`` bodies of ``block`` whose going leaves every marker
        candidate outside the blocks the same body evidence."""
        # Only a candidate before a body taken can lose evidence (see Evidence.same_without).
        before = self.found[: bisect_left(self.starts, max(b.start for b in block[:count]))]
        markers = outside(self.lines, noted, before)
        evidence = Evidence([body for each in noted for body in each])
        if evidence.same_without(markers, block[:count]):
            return count
        # Evidence only falls as bodies go: the longest run keeping it is found by halving.
        low, high = 1, count - 1
        while low < high:
            mid = (low + high + 1) // 2
            if evidence.same_without(markers, block[:mid]):
                low = mid
            else:
                high = mid - 1
        return low

    def _reached_from_above(self, noted: Sequence[Sequence[Body]], k: int) -> bool:
        """Whether a reading above block ``k`` may look at its lines."""
        start = noted[k][0].first
        after = 0
        if k:
            after = noted[k - 1][-1].last + 1
            filled = next((j for j in range(after, start) if not self.lines[j].blank), start)
            if filled + TAIL_LINES > start:
                return True
        return bisect_left(self.glued, start) > bisect_left(self.glued, after)

    def _without_candidates(self, block: Sequence[Body], count: int) -> int:
        """``count`` cut down so that the lines of the bodies taken hold no marker candidate."""
        return self._clear_of(self.held, block, count, first_line=True)

    def _without_openings(self, block: Sequence[Body], count: int) -> int:
        """``count`` cut down so that no line of the bodies taken but their first opens a note
        (read as part of the body before, it would open one once that body is taken back)."""
        return self._clear_of(self.openings, block, count, first_line=False)

    @staticmethod
    def _clear_of(
        points: Sequence[int], block: Sequence[Body], count: int, *, first_line: bool
    ) -> int:
        """``count`` cut down to the bodies of ``block`` whose lines (the first one too, if
        ``first_line``) hold none of the sorted line numbers ``points``."""
        for n in range(count):
            stop = block[n + 1].first if n + 1 < len(block) else block[n].last + 1
            low = (bisect_left if first_line else bisect_right)(points, block[n].first)
            if bisect_left(points, stop) > low:
                return n
        return count

    def _alone_after(self, block: Sequence[Body], count: int) -> int:
        """``count`` cut down so that no label alone on its line after the block has the label
        of a body taken."""
        end = block[-1].last
        for n in range(count):
            later = self.alone.get(block[n].label, [])
            if bisect_right(later, end) < len(later):
                return n
        return count
