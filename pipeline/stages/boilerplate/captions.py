"""Photo captions: with a credit (``… © 2015 Reuters``), or naming who is pictured.

A caption with a credit ends in one (patterns in ``credits``, agencies in ``agencies``); a credit
alone on its line takes the short caption line above it. A caption without a credit is known by
the same kind of evidence as chrome: a short paragraph of its own (one sentence at most, no
sentence running on into the next line) that says who or what is pictured — ``(left)``,
``(centre)``, ``pictured``, ``Above:`` (patterns in ``pictured``). What a line holds is read
with the document's feature table (:mod:`.features`, :func:`credit`, :func:`pictured`); this
module places the captions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from ...text import ENDS_SENTENCE, Line
from .literals import may_match
from .rules import Rules

CLOSED = tuple('.!?”")')  # a caption sentence before an inline credit ends like this
Credit = tuple[int, bool]  # where a line's credit starts, whether it is in brackets


def credit(text: str, rules: Rules) -> Credit | None:
    """Where the first credit pattern that ends ``text`` finds its credit, and whether the
    credit is in brackets; None when none does."""
    if not may_match(text, rules.credit_needs):
        return None  # most lines: a few exact tests on the lowered line, no search at all
    if rules.any_credit is not None and not rules.any_credit.search(text):
        return None  # most lines: one search instead of one per pattern
    credit = next((m for r in rules.credits if (m := r.search(text))), None)
    return None if credit is None else (credit.start(), credit.group().startswith("("))


def pictured(text: str, rules: Rules) -> bool:
    """``text`` says who or what is pictured (one of ``pictured``)."""
    if rules.pictured is None or not may_match(text, rules.pictured_needs):
        return False
    return rules.pictured.search(text) is not None


def credit_captions(
    lines: Sequence[Line],
    candidates: Sequence[int],
    taken: Mapping[int, str],
    credits: Mapping[int, Credit],
    limit: int,
) -> Iterator[tuple[int, str]]:
    """Caption lines with a credit: ``(index, rule)``; a lone credit takes the line above.
    ``credits``: the lines of at most ``limit`` characters that end in one (:func:`credit`)."""
    title = next((i for i in candidates if i not in taken), None)  # never taken for a caption
    usable = set(candidates)
    for i in sorted(credits):
        text = lines[i].text.strip()
        start, bracketed = credits[i]
        caption = text[:start].rstrip()
        if caption and not (caption.endswith(CLOSED) or bracketed):
            continue  # a wrapped line of prose that happens to end like a credit
        yield i, "caption:credit"
        above = i - 1
        if (
            not caption
            and above in usable
            and above not in taken
            and above != title
            and len(lines[above].text.strip()) <= limit
        ):
            yield above, "caption:credited"


def _standalone(lines: Sequence[Line], i: int) -> bool:
    """Line ``i`` is a paragraph of its own: blank lines (or the text's ends) around it, and the
    text before it ends a sentence, so it is not the middle of a wrapped paragraph."""
    before = lines[i - 1] if i > 0 else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    if (before is not None and not before.blank) or (after is not None and not after.blank):
        return False
    previous = next((line for line in reversed(lines[:i]) if not line.blank), None)
    following = next((line for line in lines[i + 1 :] if not line.blank), None)
    if following is not None and following.text.lstrip()[:1].islower():
        return False  # the sentence runs on past a blank line (a hard-wrapped PDF)
    return previous is None or bool(ENDS_SENTENCE.search(previous.text.rstrip()))


def pictured_captions(
    lines: Sequence[Line], candidates: Iterable[int], taken: Mapping[int, object]
) -> Iterator[tuple[int, str]]:
    """Captions without a credit that name who is pictured: ``(index, "caption:pictured")``.
    ``candidates``: the lines short enough whose judged text is one sentence saying who is
    pictured (:func:`pictured`, :func:`~.shape.sentences`), in order."""
    for i in candidates:
        if i not in taken and _standalone(lines, i):
            yield i, "caption:pictured"
