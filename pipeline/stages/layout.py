"""Stage ``line-wrap``: paragraphs rebuilt from hard-wrapped lines.

Artefacts: PDF extraction keeps the typeset line breaks (``…we write to the members of the`` /
``Council ahead of its vote…``); some extractors double-space, writing a blank line between every
wrapped line and marking real paragraph breaks only by whitespace-only lines or wider gaps;
page breaks and removed footnote markers leave a line break where the sentence ran on.

Widths are measured against the usual width of a full line, :func:`._lines.typeset_width`
(not the widest line: extractors merge lines, print a note as one line, pad ``-layout`` output).
The stage looks at the gap between each pair of consecutive text lines:

* a *strong* gap (a whitespace-only line, or two or more blank lines) is a paragraph break;
* in a *double-spaced* document one blank line is a wrap; otherwise it is a paragraph break —
  unless a full typeset line stopping mid-sentence is followed by a lowercase one (an extractor
  left a blank line where a page broke or a note block stood). A document is double-spaced when most
  gaps are one blank line, it has strong gaps, and most single blank lines follow a line that
  stops mid-sentence (``layout.double_spaced_share``);
* a gap where a footnote marker or note block or page furniture was removed is joined when the
  sentence runs on across it (always, if no blank line is left: the extractor split the marker's
  line, and the fragment after it continues that line, so it counts its width) — but inside a
  block of kept line breaks (a list of signatories) a capitalised next line keeps its own
  line; so is a gap
  where a double-spaced document lost its blank line mid-sentence (a page break);
* a line ending in a word and a hyphen before a line in lowercase is joined whatever its
  width (``Field-`` / ``based``: the word runs on, and the lines after it are read as the
  paragraph they are; ``hyphenation`` then decides the hyphen);
* a salutation or closing alone on its line (``Dear Ambassador,``, ``Yours faithfully,``; the
  ``[structure]`` patterns), or a date line (``Geneva, 5 March 2015``), is a paragraph of its own
  (across removed page furniture too);
* a line that had room for the next line's first word (``layout.room_line``) was ended by its
  author: a paragraph break if it ends a sentence (justified text shows paragraphs no other
  way), a kept line break at the head of a block (``…Members of the Security Council`` /
  ``New York``);
* a short line inside a paragraph followed by a fragment that completes the typeset line and
  runs on is one line PyMuPDF split where a sentence ends in it (``…now elderly.`` / ``Their
  testimony is irreplaceable, and its`` / ``systematic…``): joined;
* in a PDF read directly (``doc.hints``), "room for the next word" is measured on the page in
  points (``room``), and a line indented from the block's edge after a sentence end starts a
  paragraph (``indented``: LaTeX shows paragraphs no other way);
* any other line break is joined when the line before is full (``layout.full_line`` of the
  width, or between ``short_line`` and that when the next word would not have fit); a short line
  keeps its break — as a paragraph break when it ends a sentence or a wrapped paragraph, else as
  a line break inside the paragraph (address and signature blocks).

The result: paragraphs separated by exactly one blank line, no leading blank lines, one final
newline. Joins are ``line-wrap`` (or ``page-break``) edits; gap clean-up is ``whitespace``. The
risks: a short last line of a paragraph that does not end in punctuation is kept as a line break
rather than a paragraph break; a full-width line that ends a paragraph without a blank line
after it, and with no room left, is joined to the next paragraph; a full line of wide letters
that ends a sentence can read as having room, and end its paragraph early; a paragraph's last
line followed by a one-line paragraph that runs on in lowercase reads as a split line; a full
line without a stop, a blank line, then a line in lowercase are joined even where a paragraph
really ended there.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, itemgetter, not_
from typing import NamedTuple

from ..config import Config
from ..document import Document
from ..edit_kinds import CUTS  # removals that can split a sentence
from ..ledger import Edit, Proposal
from ..text import ENDS_SENTENCE, ENDS_SENTENCE_LAST, ENDS_UNIT, TEXT_LINE
from ._dates import date_line
from ._letter_lines import compile_patterns
from ._lines import has_column, typeset_width
from .base import Context, StageOutput

MAX_DATE_LINE = 40  # characters: "Geneva, 5 March 2015"; a longer line is prose
# "committee—" / "characterizing", "hu-" / "man": no space was there (see also `hyphenation`)
DASHES = "-—–/"  # closing a line right after a word
# "iv COI report, para. 94.": a note labelled in lowercase roman numerals, not a sentence going on
ROMAN_LABEL = re.compile(r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})[.)]?\s*[A-Z“\"(]")
# "well-" / "known", "re -" / "spond": a word broken at the line end, whatever the line's width
HYPHEN_END = re.compile(r"\w ?-\Z")
_CLEAN = attrgetter("clean")
_TEXT = attrgetter("text")
_START = itemgetter(0)  # of a _Line
_END = itemgetter(1)


class _Line(NamedTuple):  # (a tuple: one is made for every line, in a fraction of the time)
    start: int  # offset of the first character of the line's text (after indentation)
    end: int  # offset just after its last non-space character
    text: str  # stripped


@dataclass(frozen=True, slots=True)
class _Gap:
    blanks: int  # blank lines between the two text lines
    strong: bool  # a whitespace-only line among them, or two or more blank lines


def join_wrapped_lines(doc: Document, ctx: Context) -> StageOutput:
    """Propose the joins and gap clean-ups that turn wrapped lines into paragraphs."""
    text = doc.text
    lines, gaps = _scan(text)
    if not lines:
        return StageOutput((Proposal(0, len(text), "", "whitespace", "blank-document"),))
    options = ctx.config.line_wrap
    edits = zip(doc.edits, doc.ledger.clean_starts(), strict=True)
    cuts = [(edit, at) for edit, at in edits if edit.kind in CUTS]
    state = _State(
        doc=doc,
        double=_double_spaced(lines, gaps, options.double_spaced_share),
        width=(width := typeset_width(lengths := [len(line.text) for line in lines])),
        column=has_column(lengths, width),
        short=options.short_line * width,
        full=options.full_line * width,
        room=options.room_line * width,
        cuts=[e for e, _ in cuts],
        cut_starts=[at for _, at in cuts],
        near=max(map(len, map(_CLEAN, doc.edits)), default=0) + 1,
        letter_lines=_letter_lines(ctx.config),
        **_geometry(doc),
    )
    proposals = [Proposal(0, lines[0].start, "", "whitespace", "leading-blank")]
    # Salutations, closings and date lines: a paragraph of their own (found once per line).
    own = [state.letter_line(t) or _date_line(t) for t in map(_TEXT, lines)]
    width, block, wrapped = 0, False, False
    for k, (before, after, gap) in enumerate(zip(lines, lines[1:], gaps, strict=False)):
        width += len(before.text)
        if (
            wrapped
            and k + 2 < len(lines)
            and state.split(width, after, lines[k + 2], gap, gaps[k + 1])
        ):
            kind, rule, joint = "line-wrap", "split-line", " "
            width += 1
        else:
            alone = own[k] or own[k + 1]
            kind, rule, joint = state.decide(before, after, gap, width, block, wrapped, alone)
        if after.start - before.end > 1 or text[before.end : after.start] != joint:
            proposals.append(Proposal(before.end, after.start, joint, kind, rule))
        # (else it changes nothing and no deletion can lie inside it: see `_changes`)
        if not rule.startswith("across-") and rule not in ("lost-blank-line", "split-line"):
            width = 0
        block, wrapped = joint == "\n", joint in ("", " ")
    proposals.append(Proposal(lines[-1].end, len(text), "\n", "whitespace", "final-newline"))
    return StageOutput(tuple(_changes(doc, proposals)))


def _geometry(doc: Document) -> dict[str, frozenset[int]]:
    """``room_ends`` and ``indents`` of :class:`_State` from a PDF's hints (none without)."""
    hints = doc.hints
    if hints is None or not (hints.room or hints.indented):
        return {}
    to_clean = doc.ledger.to_clean
    return {
        "room_ends": frozenset(to_clean(p, "left") for p in hints.room),
        "indents": frozenset(to_clean(p, "right") for p in hints.indented),
    }


def _changes(doc: Document, proposals: list[Proposal]) -> list[Proposal]:
    """``proposals`` without those that change nothing (most gaps are kept as they are, and
    each proposal costs the ledger a look-up): one that leaves its text as it is changes nothing
    unless an earlier deletion lies strictly inside it (the ledger then moves text across it)."""
    text = doc.text
    deleted: list[int] | None = None  # where the deletions made so far are, when first asked
    changes: list[Proposal] = []
    for p in proposals:
        if text[p.start : p.end] == p.text:
            if p.end - p.start < 2:
                continue  # no room for a deletion inside
            if deleted is None:  # (in order, as the edits are)
                empty = map(not_, map(_CLEAN, doc.edits))
                deleted = list(compress(doc.ledger.clean_starts(), empty))
            i = bisect_right(deleted, p.start)  # the first deletion after the start
            if i == len(deleted) or deleted[i] >= p.end:
                continue
        changes.append(p)
    return changes


def _date_line(text: str) -> bool:
    """A letter's date line (``Geneva, 5 March 2015``, ``Date: 5 March 2015``, as
    ``structure`` reads one): short, capitalised or a number."""
    return len(text) <= MAX_DATE_LINE and not text[:1].islower() and date_line(text)[1] is not None


def _letter_lines(config: Config) -> tuple[re.Pattern[str], ...]:
    """The salutations and closings of ``[structure]``, compiled."""
    return (
        *compile_patterns(config.structure.salutations),
        *compile_patterns(config.structure.closings),
    )


def compile_config(config: Config) -> None:
    """Compile the salutations and closings of ``[structure]`` (when the pipeline is built)."""
    _letter_lines(config)


def _scan(text: str) -> tuple[list[_Line], list[_Gap]]:
    """The text lines, and the gap after each but the last."""
    make = tuple.__new__  # (not the named tuple's own __new__, a Python function: see text.Line)
    lines = [make(_Line, (m.start(), m.end(), m.group())) for m in TEXT_LINE.finditer(text)]
    gaps: list[_Gap] = []
    kinds: dict[str, _Gap] = {}  # most gaps are alike ("\n", "\n\n"): each read once
    for end, start in zip(map(_END, lines), map(_START, lines[1:]), strict=False):
        between = text[end:start]  # whitespace, with one line end or more
        gap = kinds.get(between)
        if gap is None:
            blanks = between.count("\n") - 1
            # A blank line holding whitespace: more than the line ends between first and last.
            strong = blanks >= 2 or (blanks == 1 and between.rindex("\n") - between.index("\n") > 1)
            gap = kinds[between] = _Gap(blanks, strong)
        gaps.append(gap)
    return lines, gaps


def _double_spaced(lines: list[_Line], gaps: list[_Gap], share: float) -> bool:
    single = [i for i, gap in enumerate(gaps) if gap.blanks == 1 and not gap.strong]
    if len(single) < max(2, len(gaps) // 2) or not any(gap.strong for gap in gaps):
        return False  # double spacing puts a blank line in most gaps, and marks breaks apart
    mid_sentence = sum(not _ends_sentence(lines[i].text) for i in single)
    return mid_sentence >= share * len(single)


def _ends_sentence(line: str) -> bool:
    """``ENDS_SENTENCE`` on a stripped line: a look at its last character spares most lines the
    search (a line ending in a letter cannot end a sentence)."""
    return line[-1:] in ENDS_SENTENCE_LAST and ENDS_SENTENCE.search(line) is not None


def _raw_start(cut: Edit) -> int:
    return cut.raw_start


def _space(line: str) -> str:
    """What joins ``line`` to the next: a space, or nothing after a closed dash (``word—``)."""
    # A dash right after a non-space; ``line`` is stripped, so it ends in a non-space.
    return "" if len(line) > 1 and line[-1] in DASHES and not line[-2].isspace() else " "


@dataclass(frozen=True, slots=True)
class _State:
    """What the decision about one gap needs to know about the whole document."""

    doc: Document
    double: bool  # double-spaced extraction
    width: float  # the usual width of a full line
    column: bool  # the text has a column of wrapped lines of that width
    short: float  # lines narrower than this were ended by their author
    full: float  # lines at least this wide are full; between, a line is full if the next word
    # would not have fit on it (else its author ended it: "Member States of the Council" / "Via")
    room: float  # a line ending a sentence with room for the next word on it ended a paragraph
    cuts: list[Edit]  # removed footnote markers and bodies, and page furniture
    cut_starts: list[int]  # where each of them starts in the clean text
    near: int  # a cut that is in a gap starts less than this far outside it (the longest
    # clean text of an edit, plus one: the output of the edit next to it may cover the gap's end)
    letter_lines: tuple[re.Pattern[str], ...]  # salutations and closings (``[structure]``)
    # A PDF read directly (``doc.hints``): the clean offsets of the line ends with room for the
    # next word, measured on the page, and of the line starts indented; else None.
    room_ends: frozenset[int] | None = None
    indents: frozenset[int] = frozenset()

    def letter_line(self, text: str) -> bool:
        """A salutation or closing alone on its line (``Dear Ambassador,``, ``Sincerely,``):
        capitalised and ending in a comma or colon, so a wrapped ``dear to us`` is not one."""
        return (
            text[-1:] in ",:"
            and len(text) < self.full
            and text[:1].isupper()
            and any(p.fullmatch(text) for p in self.letter_lines)
        )

    def _cut(self, start: int, end: int) -> Edit | None:
        """The removal (marker, note block, page furniture) in the gap ``[start, end)``, if any."""
        cuts = self.cuts
        if not cuts:  # most documents: no mapping to raw offsets for every gap
            return None
        # A cut in the gap starts in the clean text within ``near`` of it: most gaps have none
        # there, and are done without mapping the gap to raw offsets.
        i = bisect_left(self.cut_starts, start - self.near)
        if i == len(cuts) or self.cut_starts[i] > end + self.near:
            return None
        raw_start, raw_end = self.doc.ledger.raw_span(start, end)
        i = bisect_left(cuts, raw_start, key=_raw_start)
        return cuts[i] if i < len(cuts) and cuts[i].raw_start <= raw_end else None

    def split(
        self, width: int, fragment: _Line, following: _Line, gap: _Gap, next_gap: _Gap
    ) -> bool:
        """Whether ``fragment`` is the rest of the typeset line whose first part, ``width`` wide,
        ends inside a paragraph: PyMuPDF breaks a line where a sentence ends in it (``…now
        elderly.`` / ``Their testimony is irreplaceable, and its`` / ``systematic…``).

        The two parts make one full line between them, and the fragment runs on into the next
        line; the first part was itself joined to the line above it (the caller checks), so
        this is not an address block.
        """
        return (
            not self.double
            and gap.blanks == 0
            and next_gap.blanks == 0
            and self.full <= width + 1 + len(fragment.text) <= self.width * 1.1
            and following.text[:1].islower()
            and not _ends_sentence(fragment.text)
            and not self.letter_line(fragment.text)
        )

    def _runs_on(self, before: _Line, after: _Line) -> bool:
        """Whether the sentence runs on from ``before`` to ``after``: no full stop, then a line
        in lowercase (not a note labelled ``iv``). A page break or a footnote block taken out by
        an extractor's own layout analysis leaves a blank line there, with no edit to show."""
        return (
            after.text[:1].islower()
            and not ROMAN_LABEL.match(after.text)
            and not _ends_sentence(before.text)
            and not self.letter_line(before.text)
            and not self.letter_line(after.text)
        )

    def decide(
        self,
        before: _Line,
        after: _Line,
        gap: _Gap,
        width: int,
        block: bool,
        wrapped: bool,
        alone: bool,
    ) -> tuple[str, str, str]:
        """``(kind, rule, replacement)`` for the gap between ``before`` and ``after``.

        ``width``: of the visual line ``before`` ends; ``block``: ``before`` follows a kept
        line break (an address, a list of signatories), so only a lowercase continuation joins;
        ``wrapped``: ``before`` was joined to the line above it, so if it is short it is the
        last line of its paragraph; ``alone``: one of the two is a salutation, closing or date
        line (:meth:`letter_line`, :func:`_date_line`).
        """
        cut = self._cut(before.end, after.start)
        if cut is not None and (gap.blanks == 0 or not _ends_sentence(before.text)):
            if alone and not after.text[:1].islower():
                # "Dear Ambassador," after a page break: its own paragraph, as without the break.
                return "whitespace", "letter-line", "\n\n"
            kind = "page-break" if cut.kind == "page-break" else "line-wrap"
            if block and not after.text[:1].islower():
                # A list of signatories (or an address) broken by a page or a note block: its
                # next line is still a line of its own, as within the list — or a paragraph of
                # its own where, without the cut, it would be one (as a second run reads it).
                uncut = self._uncut(before, after, gap, width, block, wrapped, alone)
                if uncut[2] == "\n\n":
                    return uncut
                return kind, f"across-{cut.kind}-line-kept", "\n"
            return kind, f"across-{cut.kind}", _space(before.text)
        return self._uncut(before, after, gap, width, block, wrapped, alone)

    def _uncut(
        self,
        before: _Line,
        after: _Line,
        gap: _Gap,
        width: int,
        block: bool,
        wrapped: bool,
        alone: bool,
    ) -> tuple[str, str, str]:
        """:meth:`decide` for a gap where nothing was cut."""
        # A sentence running on across a blank line: after one typeset line of full width (not
        # a paragraph already joined: a second run must keep what the first kept).
        one_line = self.column and self.full <= width <= 1.1 * self.width
        if gap.blanks and not self.double and one_line and self._runs_on(before, after):
            return "line-wrap", "blank-line-mid-sentence", _space(before.text)
        if gap.strong or (gap.blanks and not self.double):
            return "whitespace", "paragraph-gap", "\n\n"
        if gap.blanks == 0 and self.double:
            if _ends_sentence(before.text):
                return "whitespace", "lost-blank-line-paragraph", "\n\n"
            return "page-break", "lost-blank-line", _space(before.text)
        if (
            gap.blanks == 0
            and after.text[:1].islower()
            and before.text[-1] == "-"  # (a look at the last character spares most the search)
            and HYPHEN_END.search(before.text)
        ):
            # The hyphenation stage joins such a break even after a short line; joined here, the
            # lines after it are read as the paragraph they are, on this run as on the next.
            return "line-wrap", "join", _space(before.text)
        if alone:
            return "whitespace", "letter-line", "\n\n"  # "Dear Ambassador," / "5 March 2015"
        continues = after.text[0].islower()
        space = after.text.find(" ")
        word = len(after.text) if space < 0 else space  # the first word's length
        full = width >= self.full or width + 1 + word > self.full
        room = width + 1 + word <= self.room  # the next word would have fit on this line
        if self.room_ends is not None:  # measured on the page: the widths in points
            if after.start in self.indents and not continues and _ends_sentence(before.text):
                return "whitespace", "indented-paragraph", "\n\n"
            room = before.end in self.room_ends
        if room and not continues and not self.double:  # the author ended this line
            if _ends_sentence(before.text):
                return "whitespace", "ended-line-paragraph", "\n\n"  # justified: no other sign
            if not wrapped:
                return (
                    "line-wrap",
                    "ended-line-kept",
                    "\n",
                )  # "…of the Security Council" / "New York"
        if width >= self.short and (continues or (full and not block)):
            return "line-wrap", "double-spaced" if self.double else "join", _space(before.text)
        if self.double and wrapped:  # breaks are marked in double spacing: a short line wraps too
            return "line-wrap", "double-spaced", _space(before.text)
        if wrapped and self._runs_on(before, after):
            return "line-wrap", "join", _space(before.text)  # as across a blank line (_runs_on)
        if wrapped or ENDS_UNIT.search(before.text):
            return "whitespace", "short-line-paragraph", "\n\n"
        return "line-wrap", "short-line-kept", "\n"
