"""The text of a note: its lines joined, line-end hyphens and slash breaks repaired.

The lines are joined by spaces, except that a line ending in ``/`` (a document symbol broken
after a slash: ``A/`` / ``HRC/25/63``) joins without one, and a word broken by a hyphen (``Re-``
/ ``public``) is joined without its hyphen unless it looks like a compound: seen hyphenated
elsewhere in the text (``long-standing``), a capital after the break, a digit either side
(``59-`` / ``61``), or the ``hyphenation`` stage's word rule (:mod:`.._compounds`: listed
compounds, prefixes, a name's syllables). Risk: a name broken at its own hyphen and shaped like an
English word, not seen whole elsewhere, loses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence

from ...text import LETTER, LETTERS
from .._compounds import WordRule

HYPHEN_BREAK = re.compile(rf"({LETTER}+)-$")  # a line ending in a word and its hyphen


class FoldedText:
    """The document's text, case-folded at the first question only: most notes break no word,
    and the stage reads the notes again in each round."""

    __slots__ = ("_folded", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._folded: str | None = None

    def __contains__(self, piece: object) -> bool:
        if self._folded is None:
            self._folded = self._text.casefold()
        return isinstance(piece, str) and piece in self._folded


def join_note_lines(
    parts: Sequence[str], rule: Callable[[], WordRule], whole: Container[str]
) -> str:
    """The lines of a note joined into its text, line-end hyphens and slash breaks repaired.

    ``rule``: gives the hyphenation stage's word rule, asked for only at a word broken by a
    hyphen (most notes have none, and looking the rule up costs more than joining a note).
    ``whole``: the document's text case-folded (a :class:`FoldedText`), where a hyphenated form
    seen elsewhere proves a compound.

    >>> from pipeline import Config
    >>> from pipeline.stages._compounds import word_rule
    >>> rule = word_rule(Config.load().hyphenation)
    >>> join_note_lines(["Democratic Re-", "public, UN Doc. A/", "HRC/25/63, paras. 59-", "61"],
    ...                 lambda: rule, "")
    'Democratic Republic, UN Doc. A/HRC/25/63, paras. 59-61'
    """
    text = ""
    for part in parts:
        broken = HYPHEN_BREAK.search(text, max(0, len(text) - 60)) if text.endswith("-") else None
        after = LETTERS.match(part) if broken else None  # (read only at a broken word)
        if not text or text.endswith("/"):
            text += part
        elif broken and after and not _compound(broken.group(1), after.group(), rule, whole):
            text = text[:-1] + part
        elif text.endswith("-") and text[-2:-1].isalnum():
            text += part  # a compound or a range broken at its hyphen: long-/standing, 59-/61
        else:
            text += " " + part
    return text


def _compound(left: str, right: str, rule: Callable[[], WordRule], whole: Container[str]) -> bool:
    """Whether ``left-`` / ``right`` is a real compound, judged as the hyphenation stage does:
    the hyphenated form seen in the text, else the joined word seen, else its word rule.
    (``whole`` is the text case-folded; seen means found in it, inside a longer word too.)"""
    if f"{left}-{right}".casefold() in whole:
        return True
    if (left + right).casefold() in whole:
        return False
    return rule().keeps(left, right, lambda part: part.casefold() in whole) is not None
