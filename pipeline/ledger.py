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
nothing that was deleted just outside it; :meth:`Ledger.raw_spans` maps many spans at once, as
:meth:`Ledger.raw_span` maps each.

>>> ledger = Ledger("a\\r\\nb").apply([Proposal(1, 3, "\\n", "whitespace", "crlf")], "whitespace")
>>> ledger.text, ledger.edits[0].raw, ledger.edits[0].stage
('a\\nb', '\\r\\n', 'whitespace')
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, compress, islice, pairwise
from operator import add, attrgetter, eq, itemgetter, le, lt, not_
from typing import Literal, NamedTuple

Side = Literal["left", "right"]
_SPAN = attrgetter("start", "end")  # the order of proposals
_RAW_SPAN = attrgetter("raw_start", "raw_end")  # the order of edits
_START, _END, _TEXT = attrgetter("start"), attrgetter("end"), attrgetter("text")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_RAW_START, _RAW_END, _CLEAN = attrgetter("raw_start"), attrgetter("raw_end"), attrgetter("clean")


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


_new, _set = object.__new__, object.__setattr__


def _made(
    raw_start: int, raw_end: int, raw: str, clean: str, kind: str, rule: str, stage: str
) -> Edit:
    """``Edit(raw_start, raw_end, raw, clean, kind, rule, stage)``, in half the time: without
    the class call and the generated ``__init__``'s look-up per field (a stage's proposals
    make thousands of edits at a time). Every field is set, as ``__init__`` sets them."""
    edit = _new(Edit)
    _set(edit, "raw_start", raw_start)
    _set(edit, "raw_end", raw_end)
    _set(edit, "raw", raw)
    _set(edit, "clean", clean)
    _set(edit, "kind", kind)
    _set(edit, "rule", rule)
    _set(edit, "stage", stage)
    return edit


class Proposal(NamedTuple):
    """A stage's request: replace ``text[start:end]`` of the current clean text with ``text``.
    A named tuple, immutable like a frozen dataclass and made in a fraction of its time: a
    stage makes one per change (``boilerplate`` one per removed line)."""

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


def _spliced(text: str, ordered: list[Proposal], starts: list[int], ends: list[int]) -> str:
    """``text`` with the proposals ``ordered`` (by span; ``starts`` and ``ends`` theirs) made:
    what replaying a ledger's edits gives after :meth:`Ledger.apply` composed them in, found
    without replaying every edit again."""
    pieces: list[str] = [""] * (2 * len(ordered) + 1)
    pieces[::2] = map(text.__getitem__, map(slice, [0, *ends], [*starts, len(text)]))
    pieces[1::2] = map(_TEXT, ordered)
    return "".join(pieces)


class Ledger:
    """Raw text plus the edits made to it; immutable (``apply`` returns a new ledger)."""

    __slots__ = (
        "_clean_ends",
        "_clean_starts",
        "_grown",
        "_raw_ends",
        "_raw_starts",
        "edits",
        "raw",
        "text",
    )

    raw: str
    edits: tuple[Edit, ...]
    text: str

    def __init__(self, raw: str, edits: Iterable[Edit] = ()) -> None:
        self.raw = raw
        self.edits = tuple(edits)
        self.text = replay(raw, self.edits)
        self._index()

    @classmethod
    def _made(cls, raw: str, edits: list[Edit], text: str) -> Ledger:
        """The ledger of ``raw`` and ``edits`` whose replay is known to be ``text`` (as
        :meth:`apply` knows it): not replayed again."""
        ledger = cls.__new__(cls)
        ledger.raw, ledger.edits, ledger.text = raw, tuple(edits), text
        ledger._index()
        return ledger

    def _index(self) -> None:
        """Where each edit starts and ends, in raw and clean offsets (the offset maps' tables)."""
        self._raw_starts: list[int] = list(map(_RAW_START, self.edits))
        self._raw_ends: list[int] = list(map(_RAW_END, self.edits))
        lengths = list(map(len, map(_CLEAN, self.edits)))
        # ``_grown[k]``, clean position minus raw position after the first ``k`` edits: what they
        # changed in length (summed in one pass, not a Python step per edit).
        self._grown = list(
            accumulate(map(_changed, lengths, self._raw_starts, self._raw_ends), initial=0)
        )
        self._clean_starts: list[int] = list(map(add, self._raw_starts, self._grown))
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

    def clean_starts(self) -> list[int]:
        """Where each of :attr:`edits` starts in the clean text (a copy of the ledger's table:
        no search for each, as :meth:`to_clean` would make)."""
        return self._clean_starts.copy()

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

    def raw_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`raw_span` of each of ``spans``, found for all at once (a stage maps every
        paragraph): most spans overlap no edit, and their raw span is the clean span moved by
        what the edits before it changed in length; the others are mapped one by one."""
        spans = list(spans)
        if not self.edits or not spans:
            return [self.raw_span(start, end) for start, end in spans]
        starts, ends = list(map(_FIRST, spans)), list(map(_SECOND, spans))
        # Edits ending by each span's start, and starting before its end: as many when no edit's
        # output overlaps it (a deletion at either edge stays outside it: see :meth:`raw_span`).
        after = map(partial(bisect_right, self._clean_ends), starts)
        before = map(partial(bisect_left, self._clean_starts), ends)
        grown, top = self._grown, len(self.text)
        return [
            (s - grown[a], e - grown[a]) if a == b and 0 <= s < e <= top else self.raw_span(s, e)
            for s, e, a, b in zip(starts, ends, after, before, strict=True)
        ]

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
        if not ordered:
            return self
        starts, ends = list(map(_START, ordered)), list(map(_END, ordered))
        self._check(ordered, starts, ends)
        text, raw = self.text, self.raw
        # Most proposals (a stage makes thousands) touch no earlier edit: such a *lone* one
        # becomes an edit of its own, its raw span its clean span moved by what the edits before
        # it changed in length, and no other proposal merges with it (an edit they shared would
        # touch it). Found for all proposals at once; the others are composed one by one.
        if self.edits:
            # Edits ending by each proposal's start, and starting before its end: as many when
            # no edit's output overlaps it.
            after = list(map(partial(bisect_right, self._clean_ends), starts))
            before = list(map(partial(bisect_left, self._clean_starts), ends))
            grown = self._grown
            # An insertion on an earlier insertion's raw offset merges with it (_merged_edits).
            points = self._insertion_points() if any(map(eq, starts, ends)) else set()
            lone = [
                a >= b and (s < e or s - grown[b] not in points)
                for s, e, a, b in zip(starts, ends, after, before, strict=True)
            ]
            moved = list(map(grown.__getitem__, before))
        else:
            lone, moved = [True] * len(ordered), [0] * len(ordered)
        new_edits = [
            _made(
                p.start - d, p.end - d, raw[p.start - d : p.end - d], p.text, p.kind, p.rule, stage
            )
            for p, d, alone in zip(ordered, moved, lone, strict=True)
            if alone and text[p.start : p.end] != p.text  # (else it changes nothing)
        ]
        consumed: set[int] = set()
        if not all(lone):
            new_edits += self._composed(list(compress(ordered, map(not_, lone))), stage, consumed)
        if not new_edits and not consumed:
            return self
        if not self.edits:  # (the lone edits are in order)
            return Ledger._made(raw, new_edits, _spliced(text, ordered, starts, ends))
        kept = (
            [e for i, e in enumerate(self.edits) if i not in consumed] if consumed else self.edits
        )
        edits = sorted([*kept, *new_edits], key=_RAW_SPAN)
        return Ledger._made(raw, edits, _spliced(text, ordered, starts, ends))

    def _composed(self, todo_in: list[Proposal], stage: str, consumed: set[int]) -> list[Edit]:
        """The edits of proposals that touch earlier edits (in order): each split around the
        deletions inside it, then merged with the edits its output overlaps (their indices
        added to ``consumed``)."""
        text, starts, ends = self.text, self._clean_starts, self._clean_ends
        pieces: list[Proposal] = []
        for p in todo_in:  # most proposals hold no earlier deletion: kept whole, quickly
            if bisect_right(starts, p.start) == bisect_left(starts, p.end):
                pieces.append(p)
            else:
                pieces += self._split_at_deletions(p)
        todo = [p for p in pieces if text[p.start : p.end] != p.text]
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
        new_edits: list[Edit] = []
        for members, first, stop, (before_start, before_end) in groups:
            if len(members) == 1 and first == stop:  # merged with nothing
                edit = self._placed(members[0], before_start, before_end, stage)
            else:
                consumed.update(range(first, stop))
                edit = self._compose(members, first, stop, stage)
            if edit.raw != edit.clean:
                new_edits.append(edit)
        return new_edits

    def _insertion_points(self) -> set[int]:
        """The raw offsets of the edits that inserted text (an empty raw span)."""
        return {s for s, e in zip(self._raw_starts, self._raw_ends, strict=True) if s == e}

    def _check(self, ordered: Sequence[Proposal], starts: list[int], ends: list[int]) -> None:
        """Refuse proposals out of bounds or overlapping; ``ordered`` by span, ``starts`` and
        ``ends`` theirs. Checked for all at once; when one is at fault, found one by one."""
        spans = zip(starts, ends, strict=True)
        if (
            starts[0] >= 0
            and ends[-1] <= len(self.text)  # (with the next two, every end is in bounds)
            and all(map(le, starts, ends))
            and all(map(le, ends, islice(starts, 1, None)))
            # two insertions at one offset: the only spans that are equal and do not overlap
            and all(
                map(lt, spans, zip(islice(starts, 1, None), islice(ends, 1, None), strict=True))
            )
        ):
            return
        previous: Proposal | None = None
        for p in ordered:
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
