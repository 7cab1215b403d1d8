"""Notes linked to their markers, and the removal of note blocks from the text.

* **Linking.** A body is linked to the markers with its label that come before it. A later body
  without a marker is kept as a note and reported (``footnote.orphan-body``); a marker without a
  body is removed and reported (``footnote.missing-body``), never given an invented body.
* **What is removed.** A marker alone on a line goes with its line end, so the line structure
  around it stays as it was. A block at the end of the text goes with everything after the last
  text line before it (the separator rule, the ``Notes`` heading, trailing blank lines). A block
  that interrupts a sentence goes with the blank and separator lines around it, leaving one line
  break the ``line-wrap`` stage joins; a block between two sentences leaves the blank lines
  around it, so a paragraph break stays one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ...citations import parse_citations
from ...codes import finding
from ...compiled import compiled
from ...config import FootnotesConfig
from ...document import Document, Finding, Footnote
from ...ledger import Proposal
from ...text import ENDS_SENTENCE, LETTERS_AFTER_SPACE, Line, letters_before
from .bodies import Body
from .labels import Label
from .markers import Marker, unmarked

RULE_LINE = re.compile(r"^\s*[_\-–—=*·]{3,}\s*$")  # a typeset rule above the notes


def first_anchor_ends(markers: Sequence[Marker]) -> dict[Label, int]:
    """Label -> where its first marker ends: a body with that label after it has an anchor.
    (``markers`` in text order: they do not overlap, so the first one ends first.)"""
    ends: dict[Label, int] = {}
    for marker in markers:
        ends.setdefault(marker.label, marker.end)
    return ends


def link(
    doc: Document,
    bodies: Sequence[Body],
    texts: Sequence[str],
    markers: Sequence[Marker],
    options: FootnotesConfig,
) -> tuple[list[Footnote], list[Finding]]:
    """The notes of ``bodies`` (their ``texts``) with their anchors and citations, and the
    findings."""
    ledger = doc.ledger
    citations = parse_citations(texts, options)
    notes: list[Footnote] = []
    findings: list[Finding] = []
    used: set[Marker] = set()
    waiting: dict[Label, list[Marker]] = {}  # label -> its markers not taken yet, last first
    for marker in reversed(markers):  # in text order, so the ones ending first come first
        waiting.setdefault(marker.label, []).append(marker)
    # bodies are in text order too
    for body, text, cited in zip(bodies, texts, citations, strict=True):
        queue = waiting.get(body.label, [])
        anchors: list[Marker] = []
        while queue and queue[-1].end <= body.start:
            anchors.append(queue.pop())
        used.update(anchors)
        raw_start, raw_end = ledger.raw_span(body.start, body.end)
        if not anchors:
            findings.append(
                finding(
                    "footnote.orphan-body",
                    f"note {body.label.bare!r} has no marker in the text",
                    raw_start,
                    raw_end,
                )
            )
        notes.append(
            Footnote(
                body.label.bare,
                text,
                raw_start,
                raw_end,
                tuple(ledger.raw_span(m.start, m.end) for m in anchors),
                cited,
            )
        )
    for marker in markers:
        if marker not in used:
            findings.append(
                finding(
                    "footnote.missing-body",
                    f"footnote marker {marker.label.bare!r} has no note body in the document",
                    *ledger.raw_span(marker.start, marker.end),
                )
            )
    findings.sort(key=lambda f: f.raw_start)
    return notes, findings


def block_proposals(
    block: Sequence[Body],
    lines: Sequence[Line],
    cuts: Sequence[tuple[int, int]],
    text: str,
    options: FootnotesConfig,
) -> list[Proposal]:
    """The removal of ``block`` with its heading, separator and the blank lines around it."""
    first, last = block[0].first, block[-1].last
    if block[0].cut > lines[first].start:
        return _glued_block_proposals(block, lines, text)
    above, heading = first - 1, False
    while above >= 0 and (
        lines[above].blank
        or RULE_LINE.fullmatch(lines[above].text)
        or (not heading and _is_heading(lines[above].text, options))
    ):
        heading = heading or _is_heading(lines[above].text, options)
        above -= 1
    below = last + 1
    while below < len(lines) and lines[below].blank:
        below += 1
    at_end = below == len(lines)
    start = lines[above].stop if above >= 0 else 0
    rule = "notes-section" if heading else "end-block" if at_end else "page-bottom-block"
    if at_end or _interrupts(text, lines, above, below, cuts):
        end = len(text) if at_end else lines[below].start
        lead = "notes-heading" if heading else "separator"
        return [
            Proposal(start, lines[first].start, "", "footnote-body", lead),
            *_body_proposals(block, lines, end, rule),
        ]
    # Between two sentences: keep the blank lines, so a paragraph break stays one.
    furniture = [
        Proposal(lines[k].start, lines[k].stop, "", "footnote-body", "notes-heading")
        for k in range(above + 1, first)
        if not lines[k].blank
    ]
    return furniture + _body_proposals(block, lines, lines[last].stop, rule)


def _body_proposals(
    block: Sequence[Body], lines: Sequence[Line], end: int, rule: str, last: str = ""
) -> list[Proposal]:
    """One removal per body, up to ``end``; the last one leaves ``last`` in its place."""
    starts = [body.cut for body in block]
    ends = [*starts[1:], end]
    return [
        Proposal(a, b, last if k == len(block) - 1 else "", "footnote-body", rule)
        for k, (a, b) in enumerate(zip(starts, ends, strict=True))
    ]


def _glued_block_proposals(
    block: Sequence[Body], lines: Sequence[Line], text: str
) -> list[Proposal]:
    """The removal of a block glued to the end of a text line (``…from neighbour1Report…``).

    The text goes on after the block, on the next page. Where the line ends in a piece of a word
    whose rest starts that next line (the extractor dropped the hyphen when it glued the lines),
    the two pieces are joined; else one line break is left, which the line-wrap stage joins.
    """
    below = block[-1].last + 1
    while below < len(lines) and lines[below].blank:
        below += 1
    if below == len(lines):
        return _body_proposals(block, lines, len(text), "end-block", "\n")
    before = letters_before(text, block[0].cut)
    after = LETTERS_AFTER_SPACE.match(lines[below].text)
    # Joined when the pieces make a word of the text, or the piece before is no word of it and
    # the next line goes on in lower case (``coun`` / ``tries``).
    joined = (
        before
        and after
        and (
            _seen_word(before.group() + after.group(1), text)
            or (after.group(1).islower() and not _seen_word(before.group(), text))
        )
    )
    return _body_proposals(
        block, lines, lines[below].start, "page-bottom-block", "" if joined else "\n"
    )


def _seen_word(word: str, text: str) -> bool:
    """Whether ``word`` is a word of ``text`` (any case)."""
    for match in re.finditer(re.escape(word), text, re.IGNORECASE):
        a, b = match.span()
        if not (text[a - 1 : a].isalnum() or text[b : b + 1].isalnum()):
            return True
    return False


def _is_heading(line: str, options: FootnotesConfig) -> bool:
    name = line.strip().rstrip(":").strip().casefold()
    return name in folded_headings(options.headings)


@compiled
def folded_headings(headings: tuple[str, ...]) -> frozenset[str]:
    """The ``headings``, case-folded (once per configuration, not once per line asked about)."""
    return frozenset(h.casefold() for h in headings)


def _interrupts(
    text: str,
    lines: Sequence[Line],
    above: int,
    below: int,
    cuts: Sequence[tuple[int, int]],
) -> bool:
    """Whether the block between lines ``above`` and ``below`` cuts a sentence in two.

    ``cuts``: the markers' removals, sorted; the sentence is read without its markers.
    """
    if lines[below].text.lstrip()[:1].islower():
        return True
    for k in range(above, -1, -1):
        line = unmarked(text, lines[k], _cuts_on(cuts, lines[k])).rstrip()
        if line.strip():
            return not ENDS_SENTENCE.search(line)
    return False


def _cuts_on(cuts: Sequence[tuple[int, int]], line: Line) -> Sequence[tuple[int, int]]:
    """The ``cuts`` (sorted and disjoint: one per marker) that reach into ``line``, found by
    bisection: a scan of every marker's cut for each block made the stage quadratic on a long
    text with many notes."""
    low = bisect_left(cuts, (line.start,))
    while low > 0 and cuts[low - 1][1] > line.start:  # one starting before the line, into it
        low -= 1
    return cuts[low : bisect_left(cuts, (line.end,))]


def without_overlaps(proposals: Sequence[Proposal]) -> list[Proposal]:
    """Empty proposals dropped and, defensively, any that would overlap an earlier one."""
    kept: list[Proposal] = []
    for p in sorted(proposals, key=lambda p: (p.start, p.end)):
        if p.start < p.end and (not kept or kept[-1].end <= p.start):
            kept.append(p)
    return kept
