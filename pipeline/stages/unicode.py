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
:func:`~._ftfy_lines.suspect_offsets`); clean text with curly quotes and accents never does.

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
from typing import cast

import ftfy
from ftfy.badness import is_bad
from rapidfuzz.distance import Levenshtein

from ..compiled import compiled
from ..config import Config, UnicodeConfig, WhitespaceConfig
from ..document import Document
from ..ledger import Proposal
from ..text import LETTER
from ._ftfy_lines import (
    MOJIBAKE_SEED,
    NON_ASCII,
    NormalForm,
    Spaces,
    lines_at,
    suspect_offsets,
    suspects,
)
from .base import Context, StageOutput

CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # ASCII controls ftfy removes
HTML_MODES: dict[str, str | bool] = {"auto": "auto", "always": True, "never": False}


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
    A ``clean`` line holds nothing ftfy changes (no offset that
    :func:`~._ftfy_lines.suspect_offsets` finds ftfy might change): ftfy, which would leave it
    as it is, is only asked about that view of it.
    """
    fixed, steps = line, []
    if not clean:
        fixed, plan = ftfy.fix_and_explain(line, config)
        steps = list(plan or [])
    invisible, to_space = spaces
    content_end = len(fixed.rstrip("".join(invisible | to_space) + " \t")) or len(fixed)
    view = fixed[:content_end].translate(_view_table(spaces))
    # is_bad: ftfy's own test for mojibake, which holds a seed (and is slow: see suspect_offsets)
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
def _spaces(options: WhitespaceConfig) -> Spaces:
    return frozenset(options.delete), frozenset(options.to_space)


def compile_config(config: Config) -> None:
    """Compile ``[unicode]`` and the spaces of ``[whitespace]`` (when the pipeline is built)."""
    _ftfy_config(config.unicode)
    spaces = _spaces(config.whitespace)
    _view_table(spaces)
    suspects(spaces)


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
    fixable, viewed = suspect_offsets(text, form, spaces)
    offsets = fixable + viewed
    if accents:
        offsets += [match.start() for match in STRAY_MARK.finditer(text)]
    lines = lines_at(text, offsets)
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
    for start, end in lines_at(text, [run.start() for run in NON_ASCII.finditer(text)]):
        before = text[start:end]
        after = unicodedata.normalize(cast(NormalForm, form), before)
        for i1, i2, j1, j2 in _opcodes(before, after) if after != before else ():
            proposals.append(
                Proposal(start + i1, start + i2, after[j1:j2], "unicode", f"normalize:{form}")
            )
    return StageOutput(tuple(proposals))
