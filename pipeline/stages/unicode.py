"""Stage ``unicode``: repair mojibake and broken Unicode with ftfy.

Artefacts: text decoded with the wrong codec (``Peopleâ€™s``), HTML entities left by web
extraction (``&amp;``), PDF ligatures (``ﬁ``), fullwidth letters, control characters, text not in
NFC. ftfy does the repair; this stage turns each change into ``unicode`` edits whose ``rule`` is
ftfy's own plan (e.g. ``encode:sloppy-windows-1252+decode:utf-8``), so the change is replayable.
Once every stage has run, :func:`restore_normal_form` (called by the runner) composes what a
later deletion brought together (a note marker taken from between a letter and its accent),
so the clean text is in the normal form whatever the stages removed.

Curly quotes are never straightened and line breaks are left to the ``whitespace`` stage:
quotation marks are evidence for the quote checker. Pure-ASCII text is skipped outright: ftfy has
nothing to do there (not even an HTML entity is decoded in ASCII text — that is the price of the
speed, and web text arrives decoded anyway); ASCII with control characters is not skipped.
ftfy is slow, so in other text only the lines it could change go to it: lines with a stretch its
mojibake test flags, an HTML entity, a character it maps, or text not in the normal form (see
:func:`_suspect_offsets`); clean text with curly quotes and accents never does.

PDF extractors print a TeX accent as its own glyph beside the letter it sits on (``Petrovi´c``,
``Petrovic´``, ``Petrovi ́c``): :func:`_compose_accents` puts it back on its letter, when the
result is a letter NFC has. Its false positives: a spacing accent used as an apostrophe or a quote
mark (``it´s``, ``´word´``) — an acute or grave before a contraction's ending or after a word that
opened with a quote mark is left alone, and a mark between words is never touched.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Literal, cast

import ftfy
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES, WIDTH_MAP
from rapidfuzz.distance import Levenshtein

from ..compiled import compiled
from ..config import Config, UnicodeConfig, WhitespaceConfig
from ..document import Document
from ..ledger import Proposal
from ..text import LETTER, LINE_END_CHARACTER
from .base import Context, StageOutput

CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # ASCII controls ftfy removes
NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]
Spaces = tuple[frozenset[str], frozenset[str]]  # (deleted, made a space) by `whitespace`
HTML_MODES: dict[str, str | bool] = {"auto": "auto", "always": True, "never": False}


# Characters one of ftfy's character fixers changes, whatever the options (a superset only
# sends more text to ftfy): C0 and C1 controls (the terminal escape among them), surrogates,
# ligatures, fullwidth and halfwidth forms, and the other control characters ftfy removes.
FIXABLE = frozenset(
    [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0xD800, 0xE000))]
    + [chr(c) for c in (*LIGATURES, *WIDTH_MAP, *CONTROL_CHARS)]
) - frozenset("\t\n\f\r")
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# ftfy's mojibake test (BADNESS_RE) matches sequences of at most 7 characters, each holding a
# non-ASCII character: beyond this reach of the non-ASCII characters it sees nothing.
BADNESS_REACH = 6
# What each of those sequences holds: two non-ASCII characters side by side, the second of them
# one of SEED_SECOND, or one of SEED_ALONE alone among ASCII (a C1 control, Â, Ã, Œ, œ) —
# tests/test_unicode.py reads ftfy's regex to check it. A non-ASCII character with neither within
# reach (a curly quote, a dash, an accented letter in a word) is never tested: it is most of them.
# SEED_SECOND is what ftfy's sequences are made of (its MOJIBAKE_CATEGORIES) but its Greek and
# Cyrillic letters: those come second only as the few letters its Windows-1251, Windows-1253 and
# MacRoman sequences spell. So a word in lower-case Cyrillic or Greek, Chinese or Korean holds no
# seed, and such a text is not tested word by word.
# (Written to start with a character class, which ``re`` skips ahead to; an alternation it tries
# at every offset.)
COMMON_LETTERS = ("lower_common", "upper_common")  # ftfy's names for its Greek and Cyrillic
SEED_SECOND = (
    "".join(chars for name, chars in MOJIBAKE_CATEGORIES.items() if name not in COMMON_LETTERS)
    + "\u0386\u0392\u0393\u039e\u039f\u03c0\u0402\u0412\u0413\u0420\u0421\u045e"  # ΆΒΓΞΟπЂВГРСў
)
SEED_ALONE = "[\x80-\x9f\u00c2\u00c3\u0152\u0153]"
MOJIBAKE_SEED = re.compile(rf"[^\x00-\x7f](?:[{SEED_SECOND}]|(?<={SEED_ALONE}))")
# A line longer than this (characters: a paragraph is a few thousand at most) goes to ftfy in
# pieces, each reaching at least PIECE_REACH either side of what sent it there: ftfy and the
# alignment of its output grow faster than the length (one 8 MB line took minutes).
LONG_LINE = 1 << 14
PIECE_REACH = 1 << 12
# Where a long line is cut: a space between two ASCII letters or digits, which no mojibake
# sequence, entity or combining mark spans (ftfy's own fix_text cuts long texts too).
PIECE_CUT = re.compile(r"(?<=[0-9A-Za-z]) (?=[0-9A-Za-z])")


@compiled
def _ftfy_config(options: UnicodeConfig) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        unescape_html=HTML_MODES[options.unescape_html],
        fix_latin_ligatures=options.fix_latin_ligatures,
        fix_character_width=options.fix_character_width,
        remove_control_chars=options.remove_control_chars,
        normalization=cast(NormalForm | None, options.normalization or None),
        uncurl_quotes=False,
        fix_line_breaks=False,
        explain=True,
    )


def _fix_line(
    line: str,
    config: ftfy.TextFixerConfig,
    spaces: Spaces,
    accents: bool = True,
    clean: bool = False,
) -> tuple[str, str]:
    """``(fixed line, rule)``: ftfy's repair, also of mojibake next to odd whitespace.

    ftfy leaves ``\u00adâ€™``, ``â€\u200b™``, ``\u00a0â€™’`` or ``â€™é’ `` alone; once the
    whitespace stage has deleted the invisible character or the trailing space, or made the
    no-break space a space, a second run would repair the mojibake. So ftfy also looks at the
    line as the whitespace stage will leave it, and its repairs there are mapped back onto it.
    A ``clean`` line holds nothing ftfy changes (no offset :func:`_suspect_offsets` finds ftfy
    might change): ftfy, which would leave it as it is, is only asked about that view of it.
    """
    fixed, steps = line, []
    if not clean:
        fixed, plan = ftfy.fix_and_explain(line, config)
        steps = list(plan or [])
    invisible, to_space = spaces
    content_end = len(fixed.rstrip("".join(invisible | to_space) + " \t")) or len(fixed)
    view = fixed[:content_end].translate(_view_table(spaces))
    # is_bad: ftfy's own test for mojibake, which holds a seed (and is slow: see _suspect_offsets)
    if view != fixed and MOJIBAKE_SEED.search(view) and is_bad(view):
        refixed, replan = ftfy.fix_and_explain(view, config)
        if refixed != view:
            kept = [i for i, char in enumerate(fixed[:content_end]) if char not in invisible]
            kept.append(content_end)
            pieces, pos = [], 0
            for i1, i2, j1, j2 in _opcodes(view, refixed):
                start, end = kept[i1], (kept[i2 - 1] + 1 if i2 > i1 else kept[i1])
                pieces += [fixed[pos:start], refixed[j1:j2]]
                pos = end
            fixed = "".join([*pieces, fixed[pos:]])
            steps += list(replan or [])
    if accents and STRAY_MARK.search(fixed):
        composed = _compose_accents(fixed)
        if composed != fixed:
            fixed = composed
            steps.append(ftfy.ExplanationStep("apply", "compose_stray_accents"))
    rule = "+".join(name if op == "apply" else f"{op}:{name}" for op, name in steps)
    return fixed, rule


@compiled
def _view_table(spaces: Spaces) -> dict[int, str | None]:
    """The line as the whitespace stage leaves it, as a ``str.translate`` table: invisible
    characters deleted, odd spaces made plain."""
    invisible, to_space = spaces
    return {**{ord(char): " " for char in to_space}, **{ord(char): None for char in invisible}}


# Spacing accents (and the combining mark each stands for) that extractors print beside a letter.
# The ASCII backtick, caret and tilde are left out: they are code and quote marks far more often.
SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # acute
    "\u02ca": "\u0301",  # modifier acute
    "\u02cb": "\u0300",  # modifier grave
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
    "\u00b8": "\u0327",  # cedilla
    "\u02db": "\u0328",  # ogonek
    "\u02dd": "\u030b",  # double acute
    "\u02d9": "\u0307",  # dot above
    "\u02da": "\u030a",  # ring above
    "\u00af": "\u0304",  # macron
}
SPACING = "".join(SPACING_ACCENTS)
COMBINING = "\u0300-\u036f"
# What sends a line to the composer: a spacing accent, or a combining mark after a space (the
# pattern starts with the marks, so the search skips ahead to one instead of trying every offset).
STRAY_MARK = re.compile(rf"[{SPACING}{COMBINING}](?:(?<=[{SPACING}])|(?<= [{COMBINING}]))")
# The letter a stray accent belongs to: TeX prints the accent before its letter, so a mark
# between two letters (a combining one carried by a space) is the next letter's; pdfplumber sorts
# glyphs by position and prints it after, so a mark ending a word is the last letter's.
STRAY_ACCENT = re.compile(
    rf"(?<={LETTER})(?P<between>[{SPACING}]| [{COMBINING}])(?P<next>{LETTER})"
    rf"|(?P<last>{LETTER})(?P<end>[{SPACING}])(?!{LETTER})"
)
# An acute or grave before these endings is an apostrophe (``it´s``, ``don´t``, ``we´ll``).
CONTRACTION = re.compile(rf"(?:s|t|d|m|ll|re|ve)(?!{LETTER})", re.IGNORECASE)
APOSTROPHE_LIKE = frozenset("\u00b4\u02ca\u02cb")
QUOTE_OPENERS = frozenset("\u00b4\u02ca\u02cb`'\u2018\u201b")


def _compose(letter: str, mark: str) -> str | None:
    """``letter`` with the accent ``mark`` (spacing or combining) on it, if NFC has that letter."""
    composed = unicodedata.normalize("NFC", letter + SPACING_ACCENTS.get(mark, mark))
    return composed if len(composed) == 1 else None


def _compose_accents(line: str) -> str:
    """``line`` with each accent printed beside its letter put back on it (see the module doc)."""

    def repair(match: re.Match[str]) -> str:
        if match["end"]:
            start = match.start()
            while start > 0 and line[start - 1].isalpha():
                start -= 1
            if match["end"] in APOSTROPHE_LIKE and line[start - 1 : start] in QUOTE_OPENERS:
                return match[0]  # a closing quote mark: ´word´
            return _compose(match["last"], match["end"]) or match[0]
        mark = match["between"].strip()
        if mark in APOSTROPHE_LIKE and CONTRACTION.match(line, match.start("next")):
            return match[0]  # an apostrophe: it´s
        return _compose(match["next"], mark) or match[0]

    return STRAY_ACCENT.sub(repair, line)


def _opcodes(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """The changed stretches ``(i1, i2, j1, j2)`` between ``before`` and ``after``.

    Adjacent changes are merged: ``â€™`` -> ``’`` is one replacement, not three.
    """
    changes: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(before, after):
        if op.tag == "equal":
            continue
        if changes and changes[-1][1] == op.src_start and changes[-1][3] == op.dest_start:
            changes[-1] = (changes[-1][0], op.src_end, changes[-1][2], op.dest_end)
        else:
            changes.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return changes


@compiled
def _suspects(spaces: Spaces) -> re.Pattern[str]:
    """Characters that send a line to ftfy: those it fixes one by one, and those the whitespace
    stage deletes or makes a space (after which ftfy may read the line otherwise)."""
    chars = sorted(FIXABLE | spaces[0] | spaces[1])
    return re.compile("[" + "".join(re.escape(char) for char in chars) + "]")


def _suspect_offsets(text: str, form: str, spaces: Spaces) -> tuple[list[int], list[int]]:
    """An offset on every line of ``text`` that ftfy might change (and maybe on others), and
    one on every other line that the whitespace stage changes so that ftfy might read it
    otherwise (a character it deletes or makes a space) — found without running ftfy, which is
    costly. The first are in text order.

    ftfy changes a line only through its mojibake test (:func:`is_bad`), an HTML entity, a
    character one of its character fixers maps, or normalisation. (What :func:`_fix_line` gives
    ftfy besides a line is that line as the whitespace stage leaves it: one of the second.)
    The mojibake test is run only around the non-ASCII characters, where it can match
    (see :data:`BADNESS_REACH`): its regex, tried at every offset of a text, is slow.
    """
    fixable: list[int] = []
    viewed: list[int] = []
    for match in _suspects(spaces).finditer(text):
        (fixable if match.group() in FIXABLE else viewed).append(match.start())
    fixable += [match.start() for match in HTML_ENTITY_RE.finditer(text)]
    normal = not form or unicodedata.is_normalized(cast(NormalForm, form), text)
    if not normal:  # ASCII is in every normal form
        fixable += [run.start() for run in NON_ASCII.finditer(text)]
    else:
        fixable += _mojibake_offsets(text)
    fixable.sort()
    return fixable, viewed


def _mojibake_offsets(text: str) -> list[int]:
    """The start of every run of non-ASCII characters in ``text`` whose stretch (:func:`_stretch`)
    ftfy's mojibake test flags: the runs tested are those within reach of a seed, found from the
    seeds (in most text there are few; there is a run in every word of a Cyrillic text)."""
    offsets: list[int] = []
    tested = 0  # where the last run tested ends
    for seed in MOJIBAKE_SEED.finditer(text):
        # A sequence in the stretch holds a seed, which starts at most one character before it
        # (a pair found from the left may start on the character before): the runs to test end
        # after seed - BADNESS_REACH and start at most BADNESS_REACH + 1 after it.
        at = seed.start()
        pos = max(at - BADNESS_REACH, tested)
        while pos > tested and not text[pos - 1].isascii():
            pos -= 1  # back to the start of the run holding pos
        for run in NON_ASCII.finditer(text, pos):
            start, end = run.span()
            if start > at + BADNESS_REACH + 1:
                break
            tested = end
            if is_bad(_stretch(text, start, end)):
                offsets.append(start)
    return offsets


def _stretch(text: str, start: int, end: int) -> str:
    """``text[start:end]`` and up to :data:`BADNESS_REACH` characters either side on its line
    (cut at the line's ends, so that ``^`` in ftfy's regex reads the same as on the line)."""
    first = max(0, start - BADNESS_REACH)
    stretch = text[first : end + BADNESS_REACH]
    if "\n" in stretch or "\r" in stretch:
        at = start - first
        line_start = max(stretch.rfind("\n", 0, at), stretch.rfind("\r", 0, at)) + 1
        ends = [i for i in (stretch.find("\n", at), stretch.find("\r", at)) if i >= 0]
        stretch = stretch[line_start : min(ends, default=len(stretch))]
    return stretch


def _lines_at(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The spans of the lines holding ``offsets`` (none of them a line break), in text order;
    of a line longer than :data:`LONG_LINE`, the pieces of it holding them (:func:`_piece`)."""
    spans: list[tuple[int, int]] = []
    end = -1  # where the last span found ends: the next one starts after it
    line_end = -1  # where the line holding it ends
    for pos in sorted(offsets):
        if pos < end:
            continue  # in the span just found
        # Searched from the offset, each way only as far as the line's ends (a text with no
        # "\r" is not scanned to its end for one), and each line's end once.
        start = max(text.rfind("\n", end + 1, pos), text.rfind("\r", end + 1, pos), end) + 1
        if pos >= line_end:
            after = LINE_END_CHARACTER.search(text, pos)
            line_end = len(text) if after is None else after.start()
        start, end = _piece(text, start, line_end, pos)
        spans.append((start, end))
    return spans


def _piece(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The span of the line ``text[start:end]`` that goes to ftfy for ``pos``: the whole line
    if it is at most :data:`LONG_LINE` long, else from the last :data:`PIECE_CUT` at least
    :data:`PIECE_REACH` before ``pos`` (its space opens the piece) to the first one as far after
    it. A line with no such cut (no spaces between words) goes whole."""
    if end - start <= LONG_LINE:
        return start, end
    first = start
    at = pos - PIECE_REACH
    while at > start:
        at = text.rfind(" ", start, at)
        if at <= start:
            break
        if PIECE_CUT.match(text, at):
            first = at
            break
    cut = PIECE_CUT.search(text, max(pos + PIECE_REACH, first + 1), end)
    return first, end if cut is None else cut.start()


@compiled
def _spaces(options: WhitespaceConfig) -> Spaces:
    return frozenset(options.delete), frozenset(options.to_space)


def compile_config(config: Config) -> None:
    """Compile ``[unicode]`` and the spaces of ``[whitespace]`` (when the pipeline is built)."""
    _ftfy_config(config.unicode)
    spaces = _spaces(config.whitespace)
    _view_table(spaces)
    _suspects(spaces)


def repair_unicode(doc: Document, ctx: Context) -> StageOutput:
    """Propose ftfy's repairs, line by line, as minimal ``unicode`` edits."""
    text = doc.text
    if text.isascii() and not CONTROL.search(text):  # the fast path: ASCII is left as it is
        return StageOutput()
    form = ctx.config.unicode.normalization
    spaces = _spaces(ctx.config.whitespace)
    # In a document that is not plain ASCII, every line that could change goes to ftfy: lines
    # are joined later, and a line left out now would be repaired by a second run.
    accents = ctx.config.unicode.compose_stray_accents
    fixable, viewed = _suspect_offsets(text, form, spaces)
    offsets = fixable + viewed
    if accents:
        offsets += [match.start() for match in STRAY_MARK.finditer(text)]
    lines = _lines_at(text, offsets)
    if not lines:  # most text: curly quotes, accents, no mojibake
        return StageOutput()
    config = _ftfy_config(ctx.config.unicode)
    proposals: list[Proposal] = []
    for start, end in lines:
        before = text[start:end]
        k = bisect_left(fixable, start)
        clean = k == len(fixable) or fixable[k] >= end  # only a no-break space, a stray accent
        after, rule = _fix_line(before, config, spaces, accents=accents, clean=clean)
        if after == before:
            continue
        for i1, i2, j1, j2 in _opcodes(before, after):
            proposals.append(Proposal(start + i1, start + i2, after[j1:j2], "unicode", rule))
    return StageOutput(tuple(proposals))


def restore_normal_form(doc: Document, ctx: Context) -> StageOutput:
    """After every stage: the text put back in the config's normal form where a later stage's
    deletion brought a letter and a combining mark together (a note marker removed from
    ``i¹\u0301`` leaves ``i\u0301``, which NFC writes ``í``), as ``unicode`` edits with the rule
    ``normalize:<form>``. The runner calls it once the stages are done; it costs one
    :func:`unicodedata.is_normalized` check of a text that is already normal (almost every one).
    """
    form = ctx.config.unicode.normalization
    text = doc.text
    if not form or unicodedata.is_normalized(cast(NormalForm, form), text):
        return StageOutput()
    proposals: list[Proposal] = []
    for start, end in _lines_at(text, [run.start() for run in NON_ASCII.finditer(text)]):
        before = text[start:end]
        after = unicodedata.normalize(cast(NormalForm, form), before)
        for i1, i2, j1, j2 in _opcodes(before, after) if after != before else ():
            proposals.append(
                Proposal(start + i1, start + i2, after[j1:j2], "unicode", f"normalize:{form}")
            )
    return StageOutput(tuple(proposals))
