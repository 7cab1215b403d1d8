"""Footnote evidence from a PDF's layout (``doc.hints``): which characters were set as
superscripts.

In a PDF read directly the reader knows each character's size and baseline. A note marker is
a raised, smaller label; a glued label in the text that is not raised is not a marker (``2014.1``
set at body size is a number), and a note glued to a text line starts with a raised label or not
at all (``Eun-ji`` is a name, not ``Eun-j`` and note ``i``). So, when the reader saw any
superscripts:

* every raised label inside a line is a marker candidate that needs no body evidence beyond the
  sequence (rule ``superscript``, as a Unicode ``¹`` is), set off by a space or not;
* the text's own inline candidates that guess at a superscript from a glued or spaced digit
  (rules ``glued``, ``glued-to-word``, ``spaced``) are kept only where a raised label is;
* an opening glued to the end of a text line is kept only when its label is raised;
* a note that starts in a page's footnote band (``doc.hints.notes``) ends with the band: the
  lines after it are the next page's text, even when the note stops mid-sentence;
* lines of a page's footnote band that come before the band's first note continue the last note
  of the page before, when that note stops mid-sentence (a long note the typesetter split
  across the page break): they are moved out with it (rule ``continued-note``) and its text
  runs on into them.

False positives it risks: a band's first lines that are no note at all (a caption set small at
a page's foot) are taken as a note's continuation when the note above ends mid-sentence; a
raised label that is no note marker (``2`` in ``m²`` set raised; an ordinal's ``st`` is no
label and is skipped); a document whose markers the typesetter did not raise loses its glued
markers to this rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import replace

from ...document import Document
from ...ledger import Proposal
from ...text import ENDS_SENTENCE, Line
from .. import _hinted
from .._compounds import WordRule
from .bodies import Body, Opening
from .labels import Label, roman_value
from .markers import Marker
from .notetext import join_note_lines

GUESSED = frozenset({"glued", "glued-to-word", "spaced"})  # the text's guesses at a superscript
LABEL = re.compile(r"(?P<arabic>[0-9]{1,3})|(?P<roman>[ivxl]{1,6})")


def raised(doc: Document) -> list[tuple[int, int]]:
    """The clean spans of the superscripts the reader saw (empty without hints)."""
    if doc.hints is None or not doc.hints.superscripts:
        return []
    return _hinted.clean_spans(doc, doc.hints.superscripts)


def _label(run: str) -> Label | None:
    match = LABEL.fullmatch(run)
    if match is None:
        return None
    if match.group("roman"):
        return Label(run, "roman", roman_value(run))
    return Label(str(int(run)), "arabic", int(run))


def markers(text: str, found: Sequence[Marker], spans: list[tuple[int, int]]) -> list[Marker]:
    """``found`` with the raised labels inside lines as markers and the text's guesses that
    are not raised dropped, in text order."""
    kept = [m for m in found if m.rule not in GUESSED or _hinted.covered(m.start, spans)]
    taken = {m.start for m in kept}
    for start, end in spans:
        line_start = text.rfind("\n", 0, start) + 1
        if start in taken or not text[line_start:start].strip():
            continue  # already a candidate, or a note body's label at its line's start
        label = _label(text[start:end])
        if label is None:
            continue
        spaced = text[start - 1 : start] == " " and text[end : end + 1] in ("", " ", "\n")
        cut = (start - 1 if spaced else start, end)
        kept.append(Marker(label, start, end, cut, "superscript", "none"))
    return sorted(kept, key=lambda m: m.start)


def openings(
    opening: dict[int, Opening], lines: Sequence[Line], spans: list[tuple[int, int]]
) -> dict[int, Opening]:
    """``opening`` without the notes glued to a text line whose label is not raised."""
    return {
        i: o
        for i, o in opening.items()
        if o.at == 0 or _hinted.covered(lines[i].start + o.at, spans)
    }


def band_lines(doc: Document, lines: Sequence[Line]) -> set[int]:
    """The indices of the lines in a page's footnote band (empty without hints)."""
    if doc.hints is None or not doc.hints.notes:
        return set()
    return _hinted.hinted_lines(doc, doc.hints.notes, [line.start for line in lines])


def clipped(noted: list[list[Body]], band: set[int], lines: Sequence[Line]) -> list[list[Body]]:
    """The blocks with each body that starts in the footnote ``band`` ended at the band's last
    line (blank lines inside the band allowed)."""
    if not band:
        return noted
    out = []
    for block in noted:
        kept = []
        for body in block:
            last = body.first
            if body.first in band:
                for k in range(body.first + 1, body.last + 1):
                    if k in band:
                        last = k
                    elif lines[k].text.strip():
                        break
                if last < body.last:
                    end = lines[last].start + len(lines[last].text.rstrip())
                    body = replace(body, last=last, end=end)
            kept.append(body)
        out.append(kept)
    return out


def continued(
    doc: Document,
    lines: Sequence[Line],
    bodies: Sequence[Body],
    texts: list[str],
    compounds: Callable[[], WordRule],
    whole: Container[str],
) -> tuple[list[str], list[Proposal]]:
    """The note texts with their continuations on the next page's band, and the removals of
    those lines (see the module's docstring)."""
    if doc.hints is None or not doc.hints.notes or not bodies:
        return texts, []
    owned = {k for body in bodies for k in range(body.first, body.last + 1)}
    free = sorted(band_lines(doc, lines) - owned)
    runs: list[list[int]] = []
    for k in free:  # runs of band lines no body owns, blank lines allowed between
        if runs and all(not lines[j].text.strip() for j in range(runs[-1][-1] + 1, k)):
            runs[-1].append(k)
        else:
            runs.append([k])
    texts = list(texts)
    proposals: list[Proposal] = []
    for run in runs:
        before = [j for j, body in enumerate(bodies) if body.last < run[0]]
        if not before:
            continue
        j = before[-1]
        if ENDS_SENTENCE.search(texts[j]) or not _page_between(doc, lines, bodies[j].last, run[0]):
            continue
        parts = [texts[j], *(lines[k].text.strip() for k in run)]
        texts[j] = join_note_lines(parts, compounds, whole)
        start, stop = lines[run[0]].start, lines[run[-1]].stop
        proposals.append(Proposal(start, stop, "", "footnote-body", "continued-note"))
    return texts, proposals


def _page_between(doc: Document, lines: Sequence[Line], a: int, b: int) -> bool:
    """Whether a page of the original starts between the lines ``a`` and ``b``."""
    assert doc.hints is not None
    low, high = lines[a].start, lines[b].start
    return any(low < doc.ledger.to_clean(p, "right") <= high for p in doc.hints.pages)
