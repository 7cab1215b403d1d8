"""Stage ``hyphenation``: words hyphenated across a line end.

Artefact: typeset text breaks words at line ends (``hu-`` / ``man``); extraction keeps the hyphen
and the break. It runs after ``line-wrap``, which decides which line breaks are wraps and joins a
line ending in a hyphen to the next without a space (``hu-man``, ``long-standing``). This stage
then looks at each hyphen that such a join left and removes it only with evidence, in order:

1. the hyphenated form occurs elsewhere (in this document or the corpus): keep it;
2. the joined word occurs elsewhere: drop the hyphen;
3. the compound has a compound's shape — a digit on either side, a capitalised part
   (``Jong-un``, ``Jong-Un``), or a first part from ``hyphenation.compound_words`` (``well-``):
   keep it;
4. otherwise drop it (typesetting hyphens are far more common) and, if configured, say so in a
   ``hyphenation.uncertain-join`` note.

A hyphen before a paragraph break is never touched: it was not a wrap. The risk is a wrong guess
in case 4, which the note makes visible.
"""

from __future__ import annotations

import re

from ..document import Document, Finding, Severity
from ..ledger import Proposal
from .base import Context, StageOutput

LEFT = re.compile(r"(\w+)-$")
RIGHT = re.compile(r"\w+")
JOINS = ("line-wrap", "page-break")  # the kinds of edit that join a line to the next


def join_hyphenated_words(doc: Document, ctx: Context) -> StageOutput:
    """Propose ``hyphenation`` edits removing typesetting hyphens at former line ends."""
    text = doc.text
    compound_words = set(ctx.config.hyphenation.compound_words)
    proposals: list[Proposal] = []
    findings: list[Finding] = []
    for point in sorted({_end_of(doc, i) for i, e in enumerate(doc.edits) if e.kind in JOINS}):
        if text[point - 1 : point] != "-":
            continue
        left, right = LEFT.search(text, max(0, point - 100), point), RIGHT.match(text, point)
        if left is None or right is None:
            continue
        drop, rule = _decide(left.group(1), right.group(), text, ctx, compound_words)
        if drop:
            proposals.append(Proposal(point - 1, point, "", "hyphenation", rule))
        if rule == "no-evidence" and ctx.config.hyphenation.note_uncertain:
            raw_start, raw_end = doc.ledger.raw_span(left.start(), right.end())
            message = f"joined {left.group()}/{right.group()} without evidence either way"
            findings.append(
                Finding("hyphenation.uncertain-join", Severity.NOTE, message, raw_start, raw_end)
            )
    return StageOutput(tuple(proposals), tuple(findings))


def _end_of(doc: Document, index: int) -> int:
    """Clean offset where edit ``index`` ends."""
    edit = doc.edits[index]
    return doc.ledger.clean_span(edit.raw_start, edit.raw_end)[1]


def _seen(word: str, text: str, ctx: Context) -> bool:
    if ctx.corpus.documents_with_word(word):
        return True
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) is not None


def _decide(
    left: str, right: str, text: str, ctx: Context, compound_words: set[str]
) -> tuple[bool, str]:
    """``(drop the hyphen?, rule)`` for ``left-`` / ``right`` broken at a line end."""
    if _seen(f"{left}-{right}", text.replace(f"{left}-{right}", "", 1), ctx):
        return False, "compound-seen"
    if _seen(left + right, text, ctx):
        return True, "word-seen"
    if (
        any(c.isdigit() for c in left + right)
        or left[0].isupper()
        or right[0].isupper()
        or left.casefold() in compound_words
    ):
        return False, "compound-shape"
    return True, "no-evidence"
