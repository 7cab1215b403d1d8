"""The edit ledger: a piece table over a document's raw decoded text.

Every repair the pipeline makes is an :class:`Edit` in raw coordinates; the clean text is derived
from the raw text and the edits, so nothing is ever lost::

    replay(ledger.raw, ledger.edits) == ledger.text

Stages never touch raw coordinates. A stage proposes changes on the *current* clean text
(:class:`Proposal`); :meth:`Ledger.apply` translates them into raw coordinates and composes them
with the edits already made:

* edits stay sorted by ``(raw_start, raw_end)`` and never overlap;
* a proposal that overlaps text produced by an earlier edit merges with that edit (the merged edit
  takes the newer kind, rule and stage: it describes what the text finally became, and names the
  latest stage that touched the span, the one that made its kind);
* a proposal that only *touches* an earlier edit stays separate, and one that spans an earlier
  deletion is split around it, so a line-wrap join across a removed footnote block does not
  swallow the ``footnote-body`` record;
* a change that restores the raw text disappears from the ledger.

Each edit names the stage that made it (:attr:`Edit.stage`): the runner passes the stage's id to
:meth:`Ledger.apply`, so a stage never sets it. An edit composed of several stages' changes names
the last of them, the stage whose proposal gave it its kind and rule; an edit the proposal does
not touch keeps its stage.

Offsets map both ways (:meth:`Ledger.to_raw`, :meth:`Ledger.to_clean`). A position inside an edit,
or at a spot where text was deleted or inserted, has several counterparts, so the caller picks the
``"left"``-most or the ``"right"``-most; both maps are monotonic. Spans map with
:meth:`Ledger.raw_span` and :meth:`Ledger.clean_span`, which cover every edit the span touches and
nothing that was deleted just outside it.

>>> ledger = Ledger("a\\r\\nb").apply([Proposal(1, 3, "\\n", "whitespace", "crlf")], "whitespace")
>>> ledger.text, ledger.edits[0].raw, ledger.edits[0].stage
('a\\nb', '\\r\\n', 'whitespace')
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from operator import add, attrgetter
from typing import Literal

Side = Literal["left", "right"]
_SPAN = attrgetter("start", "end")  # the order of proposals
_RAW_SPAN = attrgetter("raw_start", "raw_end")  # the order of edits


def _changed(length: int, raw_start: int, raw_end: int) -> int:
    """How much an edit whose clean text is ``length`` long changes the length of the text."""
    return length - (raw_end - raw_start)


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to the raw text: ``raw[raw_start:raw_end] == raw`` became ``clean``.

    ``stage`` is the id of the stage that made it (for an edit composed of several stages'
    changes, the latest: see the module's docstring). It is ``""`` when not recorded: an edit
    read from a schema 1.0 document, or made by :meth:`Ledger.apply` called without a stage.
    """

    raw_start: int
    raw_end: int
    raw: str
    clean: str
    kind: str
    rule: str
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A stage's request: replace ``text[start:end]`` of the current clean text with ``text``."""

    start: int
    end: int
    text: str
    kind: str
    rule: str


def replay(raw: str, edits: Iterable[Edit]) -> str:
    """Apply ``edits`` (sorted, non-overlapping, raw coordinates) to ``raw``; the clean text.

    >>> replay("abc", [Edit(1, 2, "b", "B", "case", "upper")])
    'aBc'
    """
    pieces: list[str] = []
    pos = 0
    for edit in edits:
        if edit.raw_start < pos or raw[edit.raw_start : edit.raw_end] != edit.raw:
            raise ValueError(f"edit {edit!r} does not fit the raw text at {pos}")
        pieces.append(raw[pos : edit.raw_start])
        pieces.append(edit.clean)
        pos = edit.raw_end
    pieces.append(raw[pos:])
    return "".join(pieces)


def unreplay(text: str, edits: Iterable[Edit]) -> str:
    """The raw text that :func:`replay` of ``edits`` turned into ``text``: nothing is lost.

    >>> unreplay("aBc", [Edit(1, 2, "b", "B", "case", "upper")])
    'abc'
    """
    pieces: list[str] = []
    pos = 0  # in text
    raw_pos = 0
    for edit in edits:
        unchanged = edit.raw_start - raw_pos
        pieces.append(text[pos : pos + unchanged])
        pieces.append(edit.raw)
        pos += unchanged + len(edit.clean)
        raw_pos = edit.raw_end
    pieces.append(text[pos:])
    return "".join(pieces)


class Ledger:
    """Raw text plus the edits made to it; immutable (``apply`` returns a new ledger)."""

    __slots__ = ("_clean_ends", "_clean_starts", "_raw_ends", "_raw_starts", "edits", "raw", "text")

    raw: str
    edits: tuple[Edit, ...]
    text: str

    def __init__(self, raw: str, edits: Iterable[Edit] = ()) -> None:
        self.raw = raw
        self.edits = tuple(edits)
        self.text = replay(raw, self.edits)
        self._raw_starts = [e.raw_start for e in self.edits]
        self._raw_ends = [e.raw_end for e in self.edits]
        lengths = [len(e.clean) for e in self.edits]
        # Clean position minus raw position before each edit: what the edits before it changed
        # in length (summed in one pass, not a Python step per edit).
        shifts = accumulate(map(_changed, lengths, self._raw_starts, self._raw_ends), initial=0)
        self._clean_starts: list[int] = list(map(add, self._raw_starts, shifts))
        self._clean_ends: list[int] = list(map(add, self._clean_starts, lengths))

    def __repr__(self) -> str:
        return f"Ledger(raw={self.raw!r}, edits={self.edits!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ledger):
            return NotImplemented
        return self.raw == other.raw and self.edits == other.edits

    def __hash__(self) -> int:
        return hash((self.raw, self.edits))

    # -- offset maps -------------------------------------------------------------------------

    def to_raw(self, pos: int, side: Side = "left") -> int:
        """Raw offset of clean offset ``pos``; ``side`` picks the edge of an edit ``pos`` is in.

        ``"left"`` gives the leftmost raw position (before deletions sitting at ``pos``),
        ``"right"`` the rightmost (after them).
        """
        if not 0 <= pos <= len(self.text):
            raise IndexError(f"clean offset {pos} outside 0..{len(self.text)}")
        if side == "left":
            k = bisect_left(self._clean_starts, pos)  # edits starting before pos
            if k and self._clean_ends[k - 1] > pos:  # pos is inside that edit's output
                return self._raw_starts[k - 1]
        else:
            k = bisect_right(self._clean_ends, pos)  # edits ending at or before pos
            if k < len(self.edits) and self._clean_starts[k] < pos:
                return self._raw_ends[k]
        return pos if k == 0 else self._raw_ends[k - 1] + pos - self._clean_ends[k - 1]

    def to_clean(self, pos: int, side: Side = "left") -> int:
        """Clean offset of raw offset ``pos``; inside an edit, its clean start or end."""
        if not 0 <= pos <= len(self.raw):
            raise IndexError(f"raw offset {pos} outside 0..{len(self.raw)}")
        if side == "left":
            k = bisect_left(self._raw_starts, pos)
            if k and self._raw_ends[k - 1] > pos:
                return self._clean_starts[k - 1]
        else:
            k = bisect_right(self._raw_ends, pos)
            if k < len(self.edits) and self._raw_starts[k] < pos:
                return self._clean_ends[k]
        return pos if k == 0 else self._clean_ends[k - 1] + pos - self._raw_ends[k - 1]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span of clean span ``[start, end)``: whole edits, no deletions at its edges."""
        if start == end:
            point = self.to_raw(start, "left")
            return point, point
        if not (0 <= start <= len(self.text) and 0 <= end <= len(self.text)):
            self.to_raw(start)  # (raises the error for the offset outside)
            self.to_raw(end)
        # As ``to_raw(start, "right")``, ``to_clean(…, "left")``, ``to_raw(end, "left")`` and
        # ``to_clean(…, "right")`` find them, in one call: a stage asks for thousands of spans.
        clean_starts, clean_ends = self._clean_starts, self._clean_ends
        raw_starts, raw_ends = self._raw_starts, self._raw_ends
        k = bisect_right(clean_ends, start)
        if k < len(clean_starts) and clean_starts[k] < start:
            raw_start = raw_ends[k]
        else:
            raw_start = start if k == 0 else raw_ends[k - 1] + start - clean_ends[k - 1]
        k = bisect_left(raw_starts, raw_start)
        if k and raw_ends[k - 1] > raw_start:
            back = clean_starts[k - 1]
        else:
            back = raw_start if k == 0 else clean_ends[k - 1] + raw_start - raw_ends[k - 1]
        if back > start:  # start is inside an edit's output
            raw_start = self.to_raw(start, "left")
        k = bisect_left(clean_starts, end)
        if k and clean_ends[k - 1] > end:
            raw_end = raw_starts[k - 1]
        else:
            raw_end = end if k == 0 else raw_ends[k - 1] + end - clean_ends[k - 1]
        k = bisect_right(raw_ends, raw_end)
        if k < len(raw_starts) and raw_starts[k] < raw_end:
            back = clean_ends[k]
        else:
            back = raw_end if k == 0 else clean_ends[k - 1] + raw_end - raw_ends[k - 1]
        if back < end:
            raw_end = self.to_raw(end, "right")
        return raw_start, raw_end

    def clean_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """The clean span of raw span ``[raw_start, raw_end)``, the mirror of :meth:`raw_span`."""
        if raw_start == raw_end:
            point = self.to_clean(raw_start, "left")
            return point, point
        start = self.to_clean(raw_start, "right")
        if self.to_raw(start, "left") > raw_start:  # raw_start is inside an edit's raw text
            start = self.to_clean(raw_start, "left")
        end = self.to_clean(raw_end, "left")
        if self.to_raw(end, "right") < raw_end:
            end = self.to_clean(raw_end, "right")
        return start, end

    # -- composing ---------------------------------------------------------------------------

    def apply(self, proposals: Iterable[Proposal], stage: str = "") -> Ledger:
        """A new ledger with ``proposals`` (all on this ledger's ``text``) composed in; the
        edits they make or change name ``stage`` (the id of the stage that proposed them).

        Proposals must be in bounds and must not overlap one another; two insertions at one
        offset are refused too (their order would be a guess). Proposals that change nothing are
        dropped.
        """
        ordered = sorted(proposals, key=_SPAN)
        self._check(ordered)
        text, starts, ends = self.text, self._clean_starts, self._clean_ends
        pieces: list[Proposal] = []
        for p in ordered:  # most proposals hold no earlier deletion: kept whole, quickly
            if bisect_right(starts, p.start) == bisect_left(starts, p.end):
                pieces.append(p)
            else:
                pieces += self._split_at_deletions(p)
        todo = [p for p in pieces if text[p.start : p.end] != p.text]
        if not todo:
            return self
        # proposals, first/last+1 edit merged, and for a lone proposal the edits before its
        # start and its end (where :meth:`_placed` finds its raw span, without a search)
        groups: list[tuple[list[Proposal], int, int, tuple[int, int]]] = []
        for proposal in todo:
            before_start = bisect_right(ends, proposal.start)
            before_end = bisect_left(starts, proposal.end)
            if before_start < before_end:  # (as :meth:`_merged_edits` finds, without a call)
                first, stop = before_start, before_end
            elif proposal.start == proposal.end:
                first, stop = self._merged_edits(proposal)
            else:
                first = stop = before_start
            if groups and first < groups[-1][2]:  # shares an earlier edit with the previous group
                members, first0, stop0, _ = groups[-1]
                groups[-1] = ([*members, proposal], min(first0, first), max(stop0, stop), (0, 0))
            else:
                groups.append(([proposal], first, stop, (before_start, before_end)))
        consumed: set[int] = set()
        new_edits: list[Edit] = []
        for members, first, stop, (before_start, before_end) in groups:
            if len(members) == 1 and first == stop:  # most proposals: merged with nothing
                edit = self._placed(members[0], before_start, before_end, stage)
            else:
                consumed.update(range(first, stop))
                edit = self._compose(members, first, stop, stage)
            if edit.raw != edit.clean:
                new_edits.append(edit)
        kept = [e for i, e in enumerate(self.edits) if i not in consumed]
        return Ledger(self.raw, sorted(kept + new_edits, key=_RAW_SPAN))

    def _check(self, todo: Sequence[Proposal]) -> None:
        previous: Proposal | None = None
        for p in todo:
            if not 0 <= p.start <= p.end <= len(self.text):
                raise ValueError(f"proposal {p!r} outside the text (0..{len(self.text)})")
            if previous is not None and (
                previous.end > p.start or previous.start == previous.end == p.start == p.end
            ):
                raise ValueError(f"proposals overlap: {previous!r} and {p!r}")
            previous = p

    def _split_at_deletions(self, p: Proposal) -> list[Proposal]:
        """``p`` cut at the earlier deletions strictly inside it; the last piece gets the text.

        The last: a deletion keeps its place next to the text before it, so a removed footnote
        marker stays anchored after the sentence it annotates, not after the paragraph break.
        """
        first = bisect_right(self._clean_starts, p.start)
        stop = bisect_left(self._clean_starts, p.end)
        if first == stop:  # no earlier edit starts inside p: the common case, and quickly done
            return [p]
        cuts = [
            self._clean_starts[i]
            for i in range(first, stop)
            if self._clean_starts[i] == self._clean_ends[i]
        ]
        if not cuts:
            return [p]
        bounds = [p.start, *sorted(set(cuts)), p.end]
        return [
            Proposal(a, b, p.text if b == p.end else "", p.kind, p.rule)
            for a, b in pairwise(bounds)
        ]

    def _merged_edits(self, p: Proposal) -> tuple[int, int]:
        """Index range of the existing edits that ``p`` must merge with."""
        # Edits whose clean output overlaps p's span; for an empty span (an insertion), edits whose
        # output strictly contains it. (Deletions strictly inside were split around beforehand.)
        first = bisect_right(self._clean_ends, p.start)
        stop = bisect_left(self._clean_starts, p.end if p.end > p.start else p.start)
        if first < stop:
            return first, stop
        if p.start == p.end:
            # An insertion landing on an earlier insertion's raw offset would leave two edits on
            # one raw point in an order nobody recorded: merge them instead.
            point = self.to_raw(p.start, "left")
            i = bisect_left(self._raw_starts, point)
            while i < len(self.edits) and self._raw_starts[i] == point:
                if self._raw_ends[i] == point:
                    return i, i + 1
                i += 1
        return first, first

    def _compose(self, members: list[Proposal], first: int, stop: int, stage: str) -> Edit:
        if len(members) == 1 and first == stop:  # most proposals: merged with nothing
            return self._edit(members[0], stage)
        start, end = members[0].start, members[-1].end
        if members[0].start == members[-1].end:  # a lone insertion
            raw_start = raw_end = self.to_raw(start, "left")
        else:
            raw_start, raw_end = self.to_raw(start, "right"), self.to_raw(end, "left")
        if first < stop:
            start = min(start, self._clean_starts[first])
            end = max(end, self._clean_ends[stop - 1])
            raw_start = min(raw_start, self._raw_starts[first])
            raw_end = max(raw_end, self._raw_ends[stop - 1])
        pieces: list[str] = []
        pos = start
        for p in members:
            pieces += [self.text[pos : p.start], p.text]
            pos = p.end
        pieces.append(self.text[pos:end])
        last = members[-1]  # the merged edit is what this stage's proposals made of the span
        return Edit(
            raw_start,
            raw_end,
            self.raw[raw_start:raw_end],
            "".join(pieces),
            last.kind,
            last.rule,
            stage,
        )

    def _placed(self, p: Proposal, before_start: int, before_end: int, stage: str) -> Edit:
        """:meth:`_edit`, given how many edits end by ``p.start`` (``bisect_right`` of the clean
        ends) and start before ``p.end`` (``bisect_left`` of the clean starts): the searches
        :meth:`to_raw` would make, made once by :meth:`apply` already."""
        start, end = p.start, p.end
        k = before_end  # to_raw(end, "left"), or (an insertion) to_raw(start, "left")
        if k and self._clean_ends[k - 1] > end:
            raw_end = self._raw_starts[k - 1]
        else:
            raw_end = end if k == 0 else self._raw_ends[k - 1] + end - self._clean_ends[k - 1]
        if start == end:
            raw_start = raw_end
        else:
            k = before_start  # to_raw(start, "right")
            if k < len(self.edits) and self._clean_starts[k] < start:
                raw_start = self._raw_ends[k]
            elif k == 0:
                raw_start = start
            else:
                raw_start = self._raw_ends[k - 1] + start - self._clean_ends[k - 1]
        return Edit(raw_start, raw_end, self.raw[raw_start:raw_end], p.text, p.kind, p.rule, stage)

    def _edit(self, p: Proposal, stage: str) -> Edit:
        """The edit of a proposal that merges with no earlier edit (:meth:`_compose`, shortly)."""
        if p.start == p.end:  # an insertion
            raw_start = raw_end = self.to_raw(p.start, "left")
        else:
            raw_start, raw_end = self.to_raw(p.start, "right"), self.to_raw(p.end, "left")
        return Edit(raw_start, raw_end, self.raw[raw_start:raw_end], p.text, p.kind, p.rule, stage)
