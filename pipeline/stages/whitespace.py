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

from ..document import Document
from ..ledger import Proposal
from .base import Context, StageOutput

LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def _rule(prefix: str, char: str) -> str:
    name = unicodedata.name(char, f"U+{ord(char):04X}")
    return f"{prefix}-{name.lower().replace(' ', '-')}"


def _carries_a_mark(text: str, offset: int) -> bool:
    # A combining mark after an invisible character sits on it; deleting the character would put
    # the mark on the letter before it and change the text ("a" + ZWSP + acute is not "á").
    return offset + 1 < len(text) and unicodedata.combining(text[offset + 1]) != 0


def normalise_whitespace(doc: Document, ctx: Context) -> StageOutput:
    """Propose ``whitespace`` edits: LF line ends, plain spaces, no invisible characters."""
    options = ctx.config.whitespace
    delete, to_space = set(options.delete), set(options.to_space)
    trailing = re.compile("[ \t" + re.escape("".join(sorted(delete | to_space))) + "]+$")
    proposals: list[Proposal] = []
    text = doc.text
    for line in LINE.finditer(text):
        if line.start() == len(text):
            break
        content, end = line.group(1), line.end(1)
        if options.strip_trailing and content.strip("".join(delete | to_space) + " \t"):
            tail = trailing.search(content)
            if tail:
                end = line.start() + tail.start()
                proposals.append(Proposal(end, line.end(1), "", "whitespace", "trailing-space"))
        kept = content[: end - line.start()]
        for offset, char in enumerate(kept):
            if char in delete and not _carries_a_mark(kept, offset):
                replacement, rule = "", _rule("delete", char)
            elif char in to_space:
                replacement, rule = " ", _rule("space", char)
            else:
                continue
            at = line.start() + offset
            proposals.append(Proposal(at, at + 1, replacement, "whitespace", rule))
        if line.group(2) in ("\r\n", "\r"):
            rule = "crlf" if line.group(2) == "\r\n" else "cr"
            proposals.append(Proposal(line.start(2), line.end(2), "\n", "whitespace", rule))
    return StageOutput(tuple(proposals))
