"""Stage ``unicode``: repair mojibake and broken Unicode with ftfy.

Artefacts: text decoded with the wrong codec (``Peopleâ€™s``), HTML entities left by web
extraction (``&amp;``), PDF ligatures (``ﬁ``), fullwidth letters, control characters, text not in
NFC. ftfy does the repair; this stage turns each change into ``unicode`` edits whose ``rule`` is
ftfy's own plan (e.g. ``encode:sloppy-windows-1252+decode:utf-8``), so the change is replayable.

Curly quotes are never straightened and line breaks are left to the ``whitespace`` stage:
quotation marks are evidence for the quote checker. Pure-ASCII text is skipped outright: ftfy has
nothing to do there (not even an HTML entity is decoded in ASCII text — that is the price of the
speed, and web text arrives decoded anyway); ASCII with control characters is not skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, cast

import ftfy
from ftfy.badness import is_bad
from rapidfuzz.distance import Levenshtein

from ..config import UnicodeConfig
from ..document import Document
from ..ledger import Proposal
from .base import Context, StageOutput

CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # ASCII controls ftfy removes
LINE = re.compile(r"[^\r\n]+")  # lines as the whitespace stage sees them
NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]
Spaces = tuple[frozenset[str], frozenset[str]]  # (deleted, made a space) by `whitespace`
HTML_MODES: dict[str, str | bool] = {"auto": "auto", "always": True, "never": False}


@lru_cache(maxsize=8)
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


def _fix_line(line: str, config: ftfy.TextFixerConfig, spaces: Spaces) -> tuple[str, str]:
    """``(fixed line, rule)``: ftfy's repair, also of mojibake next to odd whitespace.

    ftfy leaves ``\u00adâ€™``, ``â€\u200b™``, ``\u00a0â€™’`` or ``â€™é’ `` alone; once the
    whitespace stage has deleted the invisible character or the trailing space, or made the
    no-break space a space, a second run would repair the mojibake. So ftfy also looks at the
    line as the whitespace stage will leave it, and its repairs there are mapped back onto it.
    """
    fixed, plan = ftfy.fix_and_explain(line, config)
    steps = list(plan or [])
    invisible, to_space = spaces
    content_end = len(fixed.rstrip("".join(invisible | to_space) + " \t")) or len(fixed)
    kept = [i for i, char in enumerate(fixed[:content_end]) if char not in invisible]
    view = "".join(" " if fixed[i] in to_space else fixed[i] for i in kept)
    if view != fixed and is_bad(view):  # is_bad: ftfy's own cheap test for mojibake
        refixed, replan = ftfy.fix_and_explain(view, config)
        if refixed != view:
            kept.append(content_end)
            pieces, pos = [], 0
            for i1, i2, j1, j2 in _opcodes(view, refixed):
                start, end = kept[i1], (kept[i2 - 1] + 1 if i2 > i1 else kept[i1])
                pieces += [fixed[pos:start], refixed[j1:j2]]
                pos = end
            fixed = "".join([*pieces, fixed[pos:]])
            steps += list(replan or [])
    rule = "+".join(name if op == "apply" else f"{op}:{name}" for op, name in steps)
    return fixed, rule


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


def _nothing_to_fix(line: str) -> bool:
    # In a document that is not plain ASCII, every line that could change goes to ftfy: lines
    # are joined later, and a line left out now would be repaired by a second run.
    return line.isascii() and "&" not in line and not CONTROL.search(line)


def repair_unicode(doc: Document, ctx: Context) -> StageOutput:
    """Propose ftfy's repairs, line by line, as minimal ``unicode`` edits."""
    text = doc.text
    if text.isascii() and not CONTROL.search(text):  # the fast path: ASCII is left as it is
        return StageOutput()
    config = _ftfy_config(ctx.config.unicode)
    spaces = (frozenset(ctx.config.whitespace.delete), frozenset(ctx.config.whitespace.to_space))
    proposals: list[Proposal] = []
    for line in LINE.finditer(text):
        before = line.group()
        if _nothing_to_fix(before):
            continue
        after, rule = _fix_line(before, config, spaces)
        if after == before:
            continue
        for i1, i2, j1, j2 in _opcodes(before, after):
            start = line.start()
            proposals.append(Proposal(start + i1, start + i2, after[j1:j2], "unicode", rule))
    return StageOutput(tuple(proposals))
