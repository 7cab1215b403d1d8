"""How to delete whole lines of the current text as a careful person would.

Shared by the stages that take furniture lines out (``boilerplate``, ``page-break``). A stage
decides *which* lines go; :func:`removal_proposals` decides how much of the blank space around
them goes too, so that what is left reads as if the lines had never been there:

* a block removed at the head of the text takes the blank lines after it (the text starts with
  its first kept line), one removed at the tail takes the blank lines before it (the text ends
  with its last kept line and its line end);
* between two kept lines, the separator that was *before* the block is kept (else the one after
  it), so a caption between two paragraphs leaves one paragraph break, not two;
* when the kept lines around the block are two halves of one sentence (``joins``), only one
  ``"\\n"`` is left between them, which the line-wrap stage reads as a wrap and rejoins.

Blank lines that hold a form feed are never kept as a separator (the form feed is furniture).

>>> from pipeline.text import split_lines
>>> text = "Skip\\n\\nDear all,\\nbody\\n\\nDonate\\n"
>>> lines = split_lines(text)
>>> spans = removal_proposals(text, lines, {0: ("boilerplate", "a"), 5: ("boilerplate", "b")})
>>> [(text[p.start : p.end], p.rule) for p in spans]
[('Skip\\n\\n', 'a'), ('\\nDonate\\n', 'b')]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import pairwise

from ..ledger import Edit, Proposal
from ..text import Line, Lines


def clean_starts(edits: Iterable[Edit]) -> Iterator[int]:
    """Where each of ``edits`` (a ledger's, in order) starts in the clean text: where its raw
    text starts, moved by what the edits before it changed in length — for all edits in one
    pass, where asking the ledger would cost a search each."""
    shift = 0  # clean offset minus raw offset, after the edits so far
    for edit in edits:
        yield edit.raw_start + shift
        shift += len(edit.clean) - (edit.raw_end - edit.raw_start)


def _never(before: Line, after: Line) -> bool:
    return False


def _span(
    text: str,
    lines: Sequence[Line],
    group: tuple[int, int],
    content: Callable[[int], bool],
    joins: Callable[[Line, Line], bool],
) -> tuple[int, int]:
    """The span to delete for removed lines ``group[0]..group[1]`` (blank lines between);
    ``content(j)``: whether line ``j`` is not blank, or a blank line to keep as content."""
    first, last = group
    before = first - 1
    while before >= 0 and not content(before):
        before -= 1
    after = last + 1
    while after < len(lines) and not content(after):
        after += 1
    if before < 0:
        return lines[first].start, lines[after].start if after < len(lines) else len(text)
    if after == len(lines):
        return lines[before].stop, len(text)
    previous, following = lines[before], lines[after]
    if joins(previous, following):
        return previous.stop, following.start
    kept = before + 1  # blank lines right after `previous` without a form feed are kept
    while kept < first and "\f" not in lines[kept].text:
        kept += 1
    if kept > before + 1:
        return lines[kept - 1].stop, following.start
    kept = after - 1  # else blank lines right before `following`
    while kept > last and "\f" not in lines[kept].text:
        kept -= 1
    return previous.stop, lines[kept + 1].start if kept < after - 1 else following.start


def removal_proposals(
    text: str,
    lines: Sequence[Line],
    removed: Mapping[int, tuple[str, str]],
    *,
    barrier: Callable[[Line], bool] = lambda line: False,
    joins: Callable[[Line, Line], bool] = _never,
) -> list[Proposal]:
    """Proposals deleting the lines ``removed`` (index -> ``(kind, rule)``) and tidy space.

    ``barrier`` names blank lines that must stay and be treated as content (the boilerplate
    stage leaves form feeds to the page stage); ``joins(before, after)`` says whether the kept
    lines around a block are halves of one sentence. A form feed inside a deleted span gets a
    proposal of its own, with rule ``form-feed``.
    """
    # Whether a line is content (not blank, or a barrier): read from the lines' texts (of a
    # `Lines`, with the `Line` built only for a blank line: building one costs more than the
    # test).
    texts = lines.texts if isinstance(lines, Lines) else [line.text for line in lines]

    def content(j: int) -> bool:
        return bool(texts[j].strip()) or barrier(lines[j])

    count = len(texts)
    order = sorted(i for i in removed if 0 <= i < count and texts[i].strip())
    groups: list[tuple[int, int]] = []
    for i in order:
        if groups:  # one group while only blank lines stand between (most removed lines touch)
            j = groups[-1][1] + 1
            while j < i and not content(j):
                j += 1
            if j == i:
                groups[-1] = (groups[-1][0], i)
                continue
        groups.append((i, i))
    proposals: list[Proposal] = []
    starts = [lines[i].start for i in order]
    firsts = {line: k for k, line in enumerate(order)}
    for group in groups:
        start, end = _span(text, lines, group, content, joins)
        cuts = {start, end}
        inside = starts[bisect_right(starts, start) : bisect_left(starts, end)]  # start < s < end
        cuts.update(inside)
        cuts.discard(lines[group[0]].start)  # (the group's first line opens its first piece)
        cuts.update((start, end))  # (... unless that is where the span starts or ends)
        pos = text.find("\f", start, end)
        while pos >= 0:
            cuts.update((pos, pos + 1))
            pos = text.find("\f", pos + 1, end)
        first = firsts[group[0]]
        for a, b in pairwise(sorted(cuts)):
            kind, rule = removed[order[max(bisect_right(starts, a) - 1, first)]]
            feed = b == a + 1 and text[a] == "\f"
            proposals.append(Proposal(a, b, "", kind, "form-feed" if feed else rule))
    return proposals


COLUMN = 8  # lines within a tenth of one length: a column of wrapped text


def typeset_width(lengths: Iterable[int]) -> float:
    """The usual width of a full line, from the lengths of a text's lines.

    The longest line is a poor estimate: an extractor that merges two lines (a superscript, a
    header on the same baseline, a note printed as one line) makes lines twice as wide as the
    rest. So the estimate is the length that the longest lines holding a third of the characters
    reach — counting characters rather than lines keeps it on the wrapped lines even when short
    lines (an address, a list of signatories) are the majority — but, where a column of wrapped
    lines (``COLUMN`` lines within a tenth of it) stands at the length that those holding half
    of them reach, no more than 1.1 times that: in wrapped text the two differ by a few per
    cent, and a third of the characters in merged lines (pdftotext on justified text) shows as a
    wider gap. With no column at either length (a short letter: no line is wrapped) it is the
    longest line. The quantities only grow when lines are joined (joined lines only move
    characters into longer lines), so a stage that joins by the estimate measures no narrower
    on its own output.

    >>> typeset_width([90, 92, 95, 94, 93, 91, 92, 90, 190, 30, 30, 30])
    94
    >>> typeset_width([190, 188, 185, 180, 95, 94, 93, 92, 91, 90, 95, 94, 93, 92])
    104.5
    >>> typeset_width([24, 27, 13, 42, 11, 48])
    48
    """
    # Lengths repeat (a column of wrapped lines is a few dozen lengths): each length once, with
    # its count, sorted instead of every line.
    counts = Counter(n for n in lengths if n > 0)
    ordered = sorted(counts, reverse=True)
    total = sum(n * count for n, count in counts.items())
    third = half = 0
    mass = 0
    for n in ordered:
        mass += n * counts[n]
        # (a length the third is reached at is one the half, if it is reached there, is too)
        if not third and 3 * mass >= total:
            third = n
        if 2 * mass >= total:
            half = n
            break

    def column(width: float) -> bool:
        return sum(c for n, c in counts.items() if 0.9 * width <= n <= 1.1 * width) >= COLUMN

    if column(half):
        return min(third, round(1.1 * half, 1))
    return third if column(third) else (ordered[0] if ordered else 0)


def has_column(lengths: Sequence[int], width: float) -> bool:
    """Whether ``COLUMN`` lines or more are within a tenth of ``width`` (a column of wrapped
    text at that width, not lines each ended by hand)."""
    return sum(1 for n in lengths if 0.9 * width <= n <= 1.1 * width) >= COLUMN
