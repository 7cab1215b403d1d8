"""Stage ``whitespace``: normalise line ends and invisible or odd spaces.

Artefacts: CRLF and lone CR line ends (Windows tools, old Mac files), no-break and fixed-width
spaces (PDF extraction), zero-width characters and soft hyphens (copied web text, where they
silently break word matching), spaces at the end of lines. Which characters count is data
(``[whitespace]`` in defaults.toml).

Whitespace-only lines are kept as they are (but for odd spaces in them): in double-spaced
extractions they are the only mark of a real paragraph break, and the layout stage reads them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..compiled import compiled
from ..config import Config, WhitespaceConfig
from ..document import Document
from ..ledger import Proposal
from ..text import CR_LINE_END
from .base import Context, StageOutput


@dataclass(frozen=True, slots=True)
class _Patterns:
    """``[whitespace]`` compiled once per configuration."""

    odd: re.Pattern[str]  # a character to delete or to make a space
    trailing: re.Pattern[str]  # the spaces ending a line
    spaces: str  # what they are made of, each once
    # Whether the search for trailing spaces, which tries every space of the text, may start
    # from the line ends after one of them instead (not if a line end is one, an odd config).
    from_line_ends: bool


@compiled
def _patterns(options: WhitespaceConfig) -> _Patterns:
    chars = "".join(sorted({*options.delete, *options.to_space}))
    odd = re.escape(chars)
    return _Patterns(
        re.compile(f"[{odd}]" if odd else "(?!)"),  # (?!) matches nothing
        re.compile(rf"[ \t{odd}]+(?=[\r\n]|\Z)"),
        "".join(dict.fromkeys(" \t" + chars)),
        "\r" not in chars and "\n" not in chars,
    )


def _trailing(text: str, patterns: _Patterns) -> list[tuple[int, int]]:
    """The spans of the spaces ending a line, each from the end of its line back to the last
    character that is not one of them (as ``patterns.trailing`` finds them)."""
    if not patterns.from_line_ends:
        return [match.span() for match in patterns.trailing.finditer(text)]
    # The line ends after a space: each pair of space and line end found with ``str.find``,
    # which runs many times faster than a search of every line end (most spaces of the
    # configuration are not in the text at all, and most texts have no CR).
    ends: list[int] = []
    line_ends = "\n\r" if "\r" in text else "\n"
    for space in patterns.spaces:
        if space not in text:
            continue
        for line_end in line_ends:
            pair = space + line_end
            at = text.find(pair)
            while at >= 0:
                ends.append(at + 1)
                at = text.find(pair, at + 2)
    ends.sort()
    if text[-1:] and text[-1] in patterns.spaces:
        ends.append(len(text))
    spans = []
    for end in ends:
        reach = 16  # most runs are a space or two: the text before is stripped a piece at a time
        while True:
            first = max(0, end - reach)
            kept = len(text[first:end].rstrip(patterns.spaces))
            if kept or first == 0:
                break
            reach *= 4
        spans.append((first + kept, end))
    return spans


@lru_cache(maxsize=256)
def _rule(prefix: str, char: str) -> str:
    name = unicodedata.name(char, f"U+{ord(char):04X}")
    return f"{prefix}-{name.lower().replace(' ', '-')}"


def compile_config(config: Config) -> None:
    """Compile ``[whitespace]`` (when the pipeline is built)."""
    _patterns(config.whitespace)


def normalise_whitespace(doc: Document, ctx: Context) -> StageOutput:
    """Propose ``whitespace`` edits: LF line ends, plain spaces, no invisible characters.

    Each artefact is found by one search over the whole text (a loop over every character of
    every line costs more than the rest of the pipeline)."""
    options = ctx.config.whitespace
    patterns = _patterns(options)
    text = doc.text
    proposals: list[Proposal] = []
    trailing: list[tuple[int, int]] = []
    if options.strip_trailing:  # on lines that have text: not after a line end
        trailing = [(a, b) for a, b in _trailing(text, patterns) if a and text[a - 1] not in "\r\n"]
        proposals += (Proposal(a, b, "", "whitespace", "trailing-space") for a, b in trailing)
    if options.delete or options.to_space:
        proposals += _odd_spaces(text, patterns.odd, trailing, options)
    for match in CR_LINE_END.finditer(text):
        rule = "crlf" if match.group() == "\r\n" else "cr"
        proposals.append(Proposal(match.start(), match.end(), "\n", "whitespace", rule))
    return StageOutput(tuple(proposals))


def _odd_spaces(
    text: str, odd: re.Pattern[str], trailing: list[tuple[int, int]], options: WhitespaceConfig
) -> list[Proposal]:
    """Invisible characters deleted and odd spaces made plain, outside the ``trailing`` spans
    (those go whole)."""
    starts = [start for start, _ in trailing]

    def in_trailing(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < trailing[k][1]

    def carries_a_mark(pos: int) -> bool:
        # A combining mark after an invisible character sits on it; deleting the character
        # would put the mark on the letter before it ("a" + ZWSP + acute is not "á").
        following = pos + 1
        return (
            following < len(text)
            and unicodedata.combining(text[following]) != 0
            and not in_trailing(following)
        )

    proposals: list[Proposal] = []
    for match in odd.finditer(text):
        at, char = match.start(), match.group()
        if in_trailing(at):
            continue
        if char in options.delete and not carries_a_mark(at):
            proposals.append(Proposal(at, at + 1, "", "whitespace", _rule("delete", char)))
        elif char in options.to_space:
            proposals.append(Proposal(at, at + 1, " ", "whitespace", _rule("space", char)))
    return proposals
