"""Stage ``unicode``: repair mojibake and broken Unicode with ftfy.

Artefacts: text decoded with the wrong codec (``Peopleâ€™s``), HTML entities left by web
extraction (``&amp;``), PDF ligatures (``ﬁ``), fullwidth letters, control characters, text not in
NFC. ftfy does the repair; this stage turns each change into ``unicode`` edits whose ``rule`` is
ftfy's own plan (e.g. ``encode:sloppy-windows-1252+decode:utf-8``), so the change is replayable.

Curly quotes are never straightened and line breaks are left to the ``whitespace`` stage:
quotation marks are evidence for the quote checker. Pure-ASCII text is skipped outright: ftfy has
nothing to do there (not even an HTML entity is decoded in ASCII text — that is the price of the
speed, and web text arrives decoded anyway).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal, cast

import ftfy

from ..config import UnicodeConfig
from ..document import Document
from ..ledger import Proposal
from .base import Context, StageOutput

LINE = re.compile(r"[^\n]+")
NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]
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


def repair_unicode(doc: Document, ctx: Context) -> StageOutput:
    """Propose ftfy's repairs, line by line, as minimal ``unicode`` edits."""
    text = doc.text
    if text.isascii():
        return StageOutput()
    config = _ftfy_config(ctx.config.unicode)
    proposals: list[Proposal] = []
    for line in LINE.finditer(text):
        before = line.group()
        if before.isascii():
            continue
        after, plan = ftfy.fix_and_explain(before, config)
        if after == before:
            continue
        rule = "+".join(name if op == "apply" else f"{op}:{name}" for op, name in plan or [])
        matcher = SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                start = line.start()
                proposals.append(Proposal(start + i1, start + i2, after[j1:j2], "unicode", rule))
    return StageOutput(tuple(proposals))
