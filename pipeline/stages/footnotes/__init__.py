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
* :mod:`.peeling` — rounds taken at once where one at a time is shown to read the same;
* :mod:`pipeline.citations` — the UN documents each note cites (``Ibid.``, short forms);
* :mod:`.hinted` — in a PDF read directly, its superscripts and footnote band as evidence.

How they meet: candidates first (a label alone on its line opens the note below it only after a
marker with that label; roman markers glued to words are sought only when the text has roman
notes), then note blocks, then the markers outside the blocks that fit the sequence. A block
must open with a linked body: if its first body has no marker, that line is text after all (a
numbered line, ``1 refer the situation…``) and the blocks and markers are read again without it.
The same happens to a block of which fewer than half the bodies have their marker (a results
table after a date whose day fits the sequence), to an apparatus of one note numbered above 1
whose marker is a number alone on a line (an image's size above a line opening with it), and to
a body repeating another's label with no marker of that label between them (the one in the
smaller block goes). Such lines go back one at a time, in text order (a line read as text may
hold the marker of a later note), but the repeats on lines holding no marker candidate go in
one round, checked the round after to have changed nothing but their own bodies (else only
the first goes): a long text with many repeated labels would take a round each. The bodies of
a block without its markers go in one round as far as rounds one at a time are shown to read
the same (see :mod:`.peeling`): a long text with dozens of them would take a round each.
A marker without a body is reported (``footnote.missing-body``), never given one. The rounds
always end: when taking a line back changes nothing more (a body read from a column of labels
owns a line that is not its first, as the line numbers beside a web page's code listing give
it), or after ``MAX_ROUNDS + LAST_ROUNDS`` rounds, the reading has not settled and no line is
read as a note (the text stays as it stands; markers that need no body go, reported).

On a web page (see :func:`_web_page`) a number alone on a line, after a space or glued to a
word is no marker (``web_page_loose_markers``): a page's numbered lists (steps, rankings) would
read as notes after any stray number that fits their sequence.

Risks: a numbered list in the letter after footnote markers with the same numbers reads as
notes; a note whose last line has no full stop takes in the text line after it (unless that
line holds a later note's marker); a page number alone on a line above a capitalised line
reads as a note label when its note has not been seen yet; a word ending like a roman numeral
(``taxi``) right where that numeral's marker is due loses its ending; a letter whose notes
share a page with a numbered code listing may never settle, and keeps its notes in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from ... import citations
from ...config import Config, FootnotesConfig
from ...document import Document
from ...ledger import Proposal
from ...text import Line, split_lines
from .._compounds import word_rule
from ..base import Context, StageOutput
from . import hinted
from .bodies import Body, Opening, blocks, note_texts, openings
from .labels import Label, has_roman_notes, label_lines, patterns
from .linking import block_proposals, first_anchor_ends, folded_headings, link, without_overlaps
from .markers import Marker, candidates, fitting, roman_glued_to_words
from .notetext import FoldedText
from .peeling import Peeler
from .peeling import enough_linked as _enough_linked
from .peeling import linked as _linked

LOOSE_MARKERS = ("alone-on-line",)  # a number by itself: one note on it alone is a coincidence
MAX_ROUNDS = 50  # rounds of "this line opens no note after all" before the rest go at once
LAST_ROUNDS = 10  # rounds after those before the reading is given up (no line is a note)


def compile_config(config: Config) -> None:
    """Compile ``[footnotes]`` (labels, headings, citations) and the word rule of
    ``[hyphenation]`` that joins note text (when the pipeline is built)."""
    patterns(config.footnotes)
    folded_headings(config.footnotes.headings)
    citations.compile_config(config.footnotes)
    word_rule(config.hyphenation)


def link_footnotes(doc: Document, ctx: Context) -> StageOutput:
    """Propose the removal of footnote markers and bodies; the linked notes and their findings."""
    options = ctx.config.footnotes
    text = doc.text
    lines = split_lines(text)
    # What does not depend on the round: computed once (a round costs little, so many rounds
    # on a long text with many numbered lines stay cheap).
    # Inline roman markers are sought only in a text with roman notes.
    labelled = label_lines(text)  # the lines that begin as a label does
    roman = has_roman_notes(lines, options, labelled)
    found = candidates(text, lines, options, roman=roman, labelled=labelled)
    raised = hinted.raised(doc)  # a PDF's superscripts, when it was read directly
    if raised:
        found = hinted.markers(text, found, raised)
    if _web_page(doc, options):  # a web page's numbered lists: only markers in the text count
        found = [m for m in found if m.rule not in options.web_page_loose_markers]
    if not found and not roman:  # no marker candidate, so no roman note glued to a word's end
        return StageOutput()  # to read (see below: nothing to do, known before the openings)
    opening = openings(lines, options, _earliest(found), labelled)
    romans = _roman_labels(opening)
    if romans and not raised:  # roman notes: look for their markers glued to words too
        glued = roman_glued_to_words(text, romans, options)
        if glued:
            found = sorted([*found, *glued], key=lambda m: m.start)
            opening = openings(lines, options, _earliest(found), labelled)
    if raised:
        opening = hinted.openings(opening, lines, raised)
    if not found:  # no marker candidate: no body is ever linked, so the rounds take back every
        # block and end with no note and no marker (most web pages): nothing to read. (Without
        # a marker a line opens a note only with its text after its label: a roman one makes
        # ``roman``, the lines with roman notes, true, and its markers are sought above.)
        return StageOutput()
    marked = _marked_lines(text, found, opening)
    held = _candidate_lines(text, found)
    read = partial(_Reading.of, text, lines, opening, found, options, marked)
    not_notes: set[int] = set()  # lines that open a note but turned out to be text
    undo: tuple[set[int], _Reading, list[int]] | None = None  # a batch taken back, to check
    peeler: Peeler | None = None  # built on the first block without its markers
    foreseen: list[list[Body]] | None = None  # the next round's blocks, when known already
    same: list[Marker] | None = None  # the next round's markers, when known already
    rounds = -1
    while True:  # ends: each round adds to not_notes, or stops
        rounds += 1
        reading = read(not_notes, foreseen, same)
        foreseen = same = None
        if undo is not None:
            # The repeats taken back at once last round must have changed nothing but their
            # own bodies, as rounds one at a time would have found it; else only the first goes.
            before, last, batch = undo
            undo = None
            if not _only_taken(last, reading, batch):
                not_notes = before | {batch[0]}
                reading = read(not_notes)
        noted, markers = reading.noted, reading.markers
        # The repeats count only once every block has its markers, or in the last rounds.
        repeats = reading.repeats() if not reading.unlinked or rounds >= MAX_ROUNDS else []
        unlinked = reading.unlinked or repeats
        if not unlinked:
            break
        if all(i in not_notes for i in unlinked) or rounds >= MAX_ROUNDS + LAST_ROUNDS:
            # Taking lines back changes nothing more (a body read from a column of labels owns
            # a line that is not its first: a code listing's column of line numbers), or it has
            # gone on too long: the reading never settles, so no line is a note and the text
            # stays as it stands (only markers that need no body go, reported). The stage ends.
            noted = []
            markers = fitting(text, lines, noted, found, options)
            break
        # In text order, one at a time: a line that turns out to be text may hold the marker of
        # a later note. Repeats whose lines hold no marker candidate go at once (a long text
        # with many repeated labels would take a round each), checked the next round. (All at
        # once after many rounds, to bound the time on odd input: every body up to the first
        # linked one of each block, as rounds one at a time would go.)
        if rounds < MAX_ROUNDS:
            if not reading.unlinked:  # with the first repeat, the others on lines without
                # a marker candidate (a block's first line goes alone: taking it back may
                # change the markers, and so which later blocks have theirs)
                batch = [i for i in repeats[1:] if i not in held]
                if batch:
                    undo = (set(not_notes), reading, [repeats[0], *batch])
                    not_notes.update(batch)
                not_notes.add(unlinked[0])
            else:  # a block without its first marker: the rounds that would take back its
                # bodies one by one, each reading the whole text again, are taken in one where
                # that is shown to read the same (see :mod:`.peeling`)
                first = unlinked[0]
                most = MAX_ROUNDS - rounds
                bodies = next(block for block in noted if block[0].first == first)
                peeler = peeler or Peeler(lines, opening, found, held)
                peel = peeler.peelable(noted, reading.anchored, first, most)
                foreseen = peel.noted
                same = markers if peel.noted is not None and peel.same_markers else None
                not_notes.update(body.first for body in bodies[: peel.count])
                rounds += peel.count - 1  # the rounds skipped count as rounds
        else:
            not_notes.update(repeats)
            for block in noted:
                weak = reading.lone or not _enough_linked(block, reading.anchored)
                for body in block:
                    if not weak and _linked(body, reading.anchored):
                        break
                    not_notes.add(body.first)
    if not markers and not noted:
        return StageOutput()
    if raised:  # a PDF's notes end with their page's footnote band
        noted = hinted.clipped(noted, hinted.band_lines(doc, lines), lines)
    proposals = [Proposal(*m.cut, "", "footnote-marker", m.rule) for m in markers]
    cuts = sorted(m.cut for m in markers)
    for block in noted:
        proposals += block_proposals(block, lines, cuts, text, options)
    bodies = [body for block in noted for body in block]
    compounds = partial(word_rule, ctx.config.hyphenation)  # looked up only if a word is broken
    whole = FoldedText(text)
    texts = note_texts(lines, bodies, options, compounds, whole)
    if raised:  # a PDF's notes continued in the next page's footnote band
        texts, moved = hinted.continued(doc, lines, bodies, texts, compounds, whole)
        proposals += moved
    notes, findings = link(doc, bodies, texts, markers, options)
    return StageOutput(tuple(without_overlaps(proposals)), tuple(findings), tuple(notes))


@dataclass(frozen=True, slots=True)
class _Reading:
    """One round's reading: the note blocks without the lines taken back, the markers that fit,
    and what the round finds wrong with them."""

    noted: list[list[Body]]
    markers: list[Marker]
    anchored: dict[Label, int]  # label -> where its first marker ends
    lone: bool  # the apparatus is one late note on loose markers (see :func:`_lone_late_note`)
    unlinked: list[int]  # first lines of blocks that do not open with a linked body, or enough

    @classmethod
    def of(
        cls,
        text: str,
        lines: Sequence[Line],
        opening: dict[int, Opening],
        found: list[Marker],
        options: FootnotesConfig,
        marked: set[int],
        not_notes: set[int],
        noted: list[list[Body]] | None = None,
        markers: list[Marker] | None = None,
    ) -> _Reading:
        """The reading of ``text`` with the lines ``not_notes`` opening no note (``noted``:
        its blocks, ``markers``: the markers that fit, if known)."""
        if noted is None:
            noted = blocks(lines, opening, not_notes, options, marked)
        if markers is None:
            markers = fitting(text, lines, noted, found, options)
        anchored = first_anchor_ends(markers)
        lone = _lone_late_note(noted, markers)
        unlinked = [
            block[0].first
            for block in noted
            if not _linked(block[0], anchored) or not _enough_linked(block, anchored)
        ]
        if not unlinked and lone:
            unlinked = [noted[0][0].first]
        return cls(noted, markers, anchored, lone, unlinked)

    def repeats(self) -> list[int]:
        """The first lines of bodies repeating a label (see :func:`_repeats`)."""
        return _repeats(self.noted, self.markers)


def _only_taken(before: _Reading, after: _Reading, taken: Sequence[int]) -> bool:
    """Whether taking the repeats ``taken`` back changed the reading ``before`` only by their
    bodies, as rounds one at a time would have: the same markers, no block left without its
    first marker, and the other bodies in the same blocks (a taken body's lines go to the one
    before it)."""
    if after.markers != before.markers or after.unlinked:
        return False
    gone = set(taken)
    left = [[b.first for b in block if b.first not in gone] for block in before.noted]
    return [firsts for firsts in left if firsts] == [[b.first for b in bl] for bl in after.noted]


def _lone_late_note(noted: Sequence[Sequence[Body]], markers: Sequence[Marker]) -> bool:
    """Whether the whole apparatus is one note whose label is not its family's first, and whose
    markers are only numbers alone on a line: an excerpt's notes start above 1 but come
    several, while one such number that fits (an image's size, a count alone on a line, then a
    line opening with it) is a coincidence. A marker on a word, after a sentence, a superscript
    or a bracket is evidence enough for one note."""
    if len(noted) != 1 or len(noted[0]) != 1 or noted[0][0].label.value == 1:
        return False
    label = noted[0][0].label
    return all(m.rule in LOOSE_MARKERS for m in markers if m.label == label)


def _repeats(noted: Sequence[Sequence[Body]], markers: Sequence[Marker]) -> list[int]:
    """The first lines of bodies repeating another body's label with no marker of that label
    between the two: a letter's notes have one body per marker, so one of the two is text (a
    page number above a line, a repeated ``30 minutes …`` line of a web page). The one in the
    smaller block goes (the later one, in blocks of one size)."""
    ends: dict[Label, list[int]] = {}
    for marker in markers:
        ends.setdefault(marker.label, []).append(marker.end)
    size = {body.first: len(block) for block in noted for body in block}
    seen: dict[Label, Body] = {}
    repeats: list[int] = []
    for body in sorted((b for block in noted for b in block), key=lambda b: b.start):
        before = seen.get(body.label)
        if before is None or any(before.start < e <= body.start for e in ends.get(body.label, ())):
            seen[body.label] = body
        elif size[before.first] >= size[body.first]:
            repeats.append(body.first)
        else:
            repeats.append(before.first)
            seen[body.label] = body
    return repeats


def _marked_lines(text: str, found: list[Marker], opening: dict[int, Opening]) -> set[int]:
    """The lines holding an inline marker candidate whose label opens a note further on."""
    last_opening: dict[Label, int] = {}
    for i, o in opening.items():
        last_opening[o.label] = max(i, last_opening.get(o.label, i))
    marked: set[int] = set()
    k, pos = 0, 0  # the line holding offset pos: the line ends before it (``found`` in order)
    for marker in found:
        if marker.rule == "alone-on-line":
            continue
        k += text.count("\n", pos, marker.start)
        pos = marker.start
        if last_opening.get(marker.label, -1) > k:
            marked.add(k)
    return marked


def _candidate_lines(text: str, found: list[Marker]) -> set[int]:
    """The lines holding a marker candidate (``found`` in text order)."""
    held: set[int] = set()
    k, pos = 0, 0  # the line holding offset pos
    for marker in found:
        k += text.count("\n", pos, marker.start)
        pos = marker.start
        held.add(k)
    return held


def _web_page(doc: Document, options: FootnotesConfig) -> bool:
    """Whether the boilerplate stage removed at least ``web_page_chrome_lines`` chrome lines of
    ``doc`` by their position around the article (rules ``…+head-run``, ``…+tail-run``), which
    it does only on a document that shows itself a web page — or the document was read from a
    web page (``doc.hints.web_page``)."""
    if options.web_page_chrome_lines <= 0:
        return False
    if doc.hints is not None and doc.hints.web_page:
        return True
    runs = sum(
        1
        for e in doc.edits
        if e.kind == "boilerplate" and e.rule.endswith(("+head-run", "+tail-run"))
    )
    return runs >= options.web_page_chrome_lines


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


__all__ = ["compile_config", "link_footnotes"]
