"""Stage ``footnotes``: footnote markers out of the text, note bodies moved out and linked.

Artefacts: PDF extraction leaves the footnote apparatus inside the running text, in a different
shape for each extractor (pdftotext, its ``-layout`` mode, pypdf, pdfminer.six, PyMuPDF and
pdfplumber each have their own). Markers survive as a number alone on a line after the sentence
they annotate (``world.”`` / ``2``), glued to punctuation (``world.”2``, ``2014.1 It``,
``deny.iv``) or to the word (``violations3 are``, ``policiesiv decided``), set off by a space
(``world.” 5 We``), as Unicode superscripts (``humanity¹⁰``) or in brackets (``State.”[1]``,
``puppets.”(3)``). Bodies land at the page bottom, often in the middle of a sentence (``…of the
international`` / notes / ``community as embodied…``), before or after the page furniture, at
the end of the letter, or under a ``Notes`` heading; hard-wrapped, with their label glued to the
text (``2Ibid., para. 74.``), alone on the line above it (``1`` / ``Report of …``), all the
labels in a column before all the texts, or the first note glued to the page's last text line
(``…from neighbour1Report of …``); with words broken at line ends (``Re-`` / ``public``,
``A/`` / ``HRC/25/63``). Numbering may start above 1 (an excerpt) and have gaps (a lost note).

The stage's sub-steps, each a module (rules and word lists are ``[footnotes]`` in defaults.toml):

* :mod:`.labels` — what a label looks like (``1``, ``ii``, ``[1]``, ``(3)``, ``¹``);
* :mod:`.markers` — marker candidates, kept only if they count up with body evidence;
* :mod:`.bodies` — which lines open a note, how far each runs, its text joined clean;
* :mod:`.linking` — bodies linked to markers, findings, and what is removed;
* :mod:`pipeline.citations` — the UN documents each note cites (``Ibid.``, short forms).

How they meet: candidates first (a label alone on its line opens the note below it only after a
marker with that label; roman markers glued to words are sought only when the text has roman
notes), then note blocks, then the markers outside the blocks that fit the sequence. A block
must open with a linked body: if its first body has no marker, that line is text after all (a
numbered line, ``1 refer the situation…``) and the blocks and markers are read again without it.
A marker without a body is reported (``footnote.missing-body``), never given one.

Risks: a numbered list in the letter after footnote markers with the same numbers reads as
notes; a note whose last line has no full stop takes in the text line after it (unless that
line holds a later note's marker); a page number alone on a line above a capitalised line
reads as a note label when its note has not been seen yet; a word ending like a roman numeral
(``taxi``) right where that numeral's marker is due loses its ending.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence

from ...document import Document
from ...ledger import Proposal
from .._lines import Line, split_lines
from ..base import Context, StageOutput
from .bodies import Opening, blocks, has_roman_notes, openings
from .labels import Label
from .linking import block_proposals, first_anchor_ends, link, without_overlaps
from .markers import Marker, candidates, fitting, roman_glued_to_words
from .notetext import FoldedText

MAX_ROUNDS = 50  # rounds of "this line opens no note after all" before the rest go at once


def link_footnotes(doc: Document, ctx: Context) -> StageOutput:
    """Propose the removal of footnote markers and bodies; the linked notes and their findings."""
    options = ctx.config.footnotes
    compound_words = frozenset(ctx.config.hyphenation.compound_words)
    text = doc.text
    lines = split_lines(text)
    # What does not depend on the round: computed once (a round costs little, so many rounds
    # on a long text with many numbered lines stay cheap).
    # Inline roman markers are sought only in a text with roman notes.
    found = candidates(text, lines, options, roman=has_roman_notes(lines, options))
    opening = openings(lines, options, _earliest(found))
    romans = _roman_labels(opening)
    if romans:  # roman notes: look for their markers glued to words too, and read again
        glued = roman_glued_to_words(text, romans, options)
        if glued:
            found = sorted([*found, *glued], key=lambda m: m.start)
            opening = openings(lines, options, _earliest(found))
    marked = _marked_lines(lines, found, opening)
    folded = FoldedText(text)
    not_notes: set[int] = set()  # lines that open a note but turned out to be text
    for rounds in itertools.count():  # ends: each round adds to not_notes, or stops
        noted = blocks(lines, opening, not_notes, options, compound_words, folded, marked)
        markers = fitting(text, lines, noted, found, options)
        anchored = first_anchor_ends(markers)
        unlinked = [
            block[0].first
            for block in noted
            if anchored.get(block[0].label, block[0].start + 1) > block[0].start
        ]
        if not unlinked:
            break
        # In text order, one at a time: a line that turns out to be text may hold the marker of
        # a later note. (All at once after many rounds, to bound the time on odd input: every
        # body up to the first linked one of each block, as rounds one at a time would go.)
        if rounds < MAX_ROUNDS:
            not_notes.add(unlinked[0])
        else:
            for block in noted:
                for body in block:
                    if anchored.get(body.label, body.start + 1) <= body.start:
                        break
                    not_notes.add(body.first)
    if not markers and not noted:
        return StageOutput()
    proposals = [Proposal(*m.cut, "", "footnote-marker", m.rule) for m in markers]
    cuts = sorted(m.cut for m in markers)
    for block in noted:
        proposals += block_proposals(block, lines, cuts, text, options)
    bodies = [body for block in noted for body in block]
    notes, findings = link(doc, bodies, markers, options)
    return StageOutput(tuple(without_overlaps(proposals)), tuple(findings), tuple(notes))


def _marked_lines(
    lines: Sequence[Line], found: list[Marker], opening: dict[int, Opening]
) -> set[int]:
    """The lines holding an inline marker candidate whose label opens a note further on."""
    last_opening: dict[Label, int] = {}
    for i, o in opening.items():
        last_opening[o.label] = max(i, last_opening.get(o.label, i))
    starts = [line.start for line in lines]
    marked: set[int] = set()
    for marker in found:
        if marker.rule == "alone-on-line":
            continue
        k = bisect_right(starts, marker.start) - 1
        if last_opening.get(marker.label, -1) > k:
            marked.add(k)
    return marked


def _earliest(found: list[Marker]) -> dict[Label, int]:
    """Label -> where its first marker candidate ends."""
    earliest: dict[Label, int] = {}
    for marker in found:
        earliest.setdefault(marker.label, marker.end)
    return earliest


def _roman_labels(opening: dict[int, Opening]) -> set[tuple[int, str]]:
    """The roman labels from the lowest roman note to the one after the highest: what a marker
    glued to a word may be."""
    values = [o.label.value for o in opening.values() if o.label.family == "roman"]
    if not values:
        return set()
    return {(v, _roman(v)) for v in range(min(values), max(values) + 2)}


def _roman(value: int) -> str:
    """``value`` (1-89) in lower-case roman numerals."""
    out = ""
    for numeral, amount in (
        ("l", 50),
        ("xl", 40),
        ("x", 10),
        ("ix", 9),
        ("v", 5),
        ("iv", 4),
        ("i", 1),
    ):
        while value >= amount:
            out, value = out + numeral, value - amount
    return out


__all__ = ["link_footnotes"]
