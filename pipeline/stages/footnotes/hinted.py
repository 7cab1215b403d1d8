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
* an opening glued to the end of a text line is kept only when its label is raised.

False positives it risks: a raised label that is no note marker (an ordinal's ``st``, a
formula's exponent, which are not labels and are skipped, but ``2`` in ``m²`` set raised is); a
document whose markers the typesetter did not raise loses its glued markers to this rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...document import Document
from ...text import Line
from .. import _hinted
from .bodies import Opening
from .labels import Label, roman_value
from .markers import Marker

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
