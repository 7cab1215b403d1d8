"""A member's words against the canonical wording, as HTML, aligned by the one aligner of
:mod:`pipeline.consistency.align` (the labels use it too). The member's own characters are plain
text put together by :meth:`Html.join <markupsafe.Markup.join>`, which escapes them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...consistency.align import align
from ...consistency.tokens import TYPOGRAPHIC
from ...text import APOSTROPHES, WORD_OR_MARK
from .markup import EMPTY, Html

UNAPOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES))


def highlight(member: str, canonical: str) -> Html:
    """``member`` as HTML, its words aligned to ``canonical``: canonical words it lacks shown
    struck through (``<del>``), words it adds underlined (``<ins>``); a change of letter case
    only has class ``case``, of punctuation only (an apostrophe left out too) class ``punct``;
    straight marks for curly ones are no change. Canonical words before the member's first or
    after its last matching word are left out: a truncated quotation is not a changed one.

    >>> print(highlight("a report without equal", "a report that does not have any equal"))
    a report <del class="word">that does not have any</del><ins class="word">without</ins> equal
    >>> print(highlight("found a state", "they found a State that"))
    found a <del class="case">State</del><ins class="case">state</ins>
    >>> print(highlight("the DPRKs camps and the State's", "the DPRK’s camps and the State’s"))
    the <del class="punct">DPRK’s</del><ins class="punct">DPRKs</ins> camps and the State&#x27;s
    >>> highlight("<b>", "<i>")
    Html('&lt;<del class="word">i</del><ins class="word">b</ins>&gt;')
    """
    mine, theirs = list(WORD_OR_MARK.finditer(member)), list(WORD_OR_MARK.finditer(canonical))
    runs = _runs(theirs, mine)
    if len(runs) > 1 or (runs and runs[0][0] == "equal"):
        if runs[0][0] == "change":  # member words before its first match replace canonical
            _, deleted, inserted = runs[0]  # words just before it; earlier ones are not quoted
            runs[0] = (
                "change",
                deleted[len(deleted) - len(inserted) :] if inserted else [],
                inserted,
            )
        if runs[-1][0] == "change":
            _, deleted, inserted = runs[-1]
            runs[-1] = ("change", deleted[: len(inserted)], inserted)
    else:  # nothing in common: the member is all new
        runs = [("change", [], mine)] if mine else []
    out: list[str] = []  # member text (escaped by the join) and Html
    pos = 0
    for tag, deleted, inserted in runs:
        if tag == "equal":
            end = inserted[-1].end()
            out.append(member[pos:end])
            pos = end
            continue
        old = canonical[deleted[0].start() : deleted[-1].end()] if deleted else ""
        new = member[inserted[0].start() : inserted[-1].end()] if inserted else ""
        css = _change_class(old, new)
        if inserted:
            out.append(member[pos : inserted[0].start()])
            pos = inserted[-1].end()
        if old:
            out.append(Html('<del class="{}">{}</del>').format(css, old))
        if new:
            out.append(Html('<ins class="{}">{}</ins>').format(css, new))
    out.append(member[pos:])
    return EMPTY.join(out)


_Run = tuple[str, list[re.Match[str]], list[re.Match[str]]]


def _runs(theirs: Sequence[re.Match[str]], mine: Sequence[re.Match[str]]) -> list[_Run]:
    """The alignment as alternating runs ``(tag, canonical words, member words)``: ``equal``
    stretches and ``change`` stretches (every deletion and insertion between two equal ones)."""
    return [
        (
            "equal" if run.equal else "change",
            list(theirs[run.left_start : run.left_end]),
            list(mine[run.right_start : run.right_end]),
        )
        for run in align(
            [t.group().translate(TYPOGRAPHIC) for t in theirs],
            [t.group().translate(TYPOGRAPHIC) for t in mine],
        )
    ]


def _change_class(old: str, new: str) -> str:
    if old and new and old.casefold() == new.casefold():
        return "case"
    if not re.search(r"\w", old + new):
        return "punct"
    if old and new and old.translate(UNAPOSTROPHE) == new.translate(UNAPOSTROPHE):
        return "punct"
    return "word"
