"""Layout evidence from the original file: what a PDF or HTML reader saw that text cannot show.

A ``.txt`` input has no :class:`Hints` (``Document.hints`` is ``None``) and every stage decides
from the text alone. A reader of the original file (:mod:`pipeline.readers`) knows more: which
characters were set as superscript, where a page ended, which lines sat in a page's header or
footer band or its footnote band, which lines had room left for the next line's first word and
which started indented, which
lines a web page showed outside its main content. Every span is in raw coordinates (the reader's
own text, which the ledger's edits apply to), so the hints stay true whatever earlier stages
edited; a stage maps them into its clean text with :meth:`Ledger.clean_span` and uses them
*beside* its text evidence: a hint can make a repair certain, never make one without the text
agreeing.
"""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]  # raw start, raw end


@dataclass(frozen=True, slots=True)
class Hints:
    """What the reader of the original file saw, in raw coordinates (each tuple sorted)."""

    pages: tuple[int, ...] = ()  # where each page after the first starts
    superscripts: tuple[Span, ...] = ()  # runs of characters set raised and smaller
    furniture: tuple[Span, ...] = ()  # lines in a header or footer band (running head, page no.)
    notes: tuple[Span, ...] = ()  # lines in a page's footnote band (smaller, below a rule or gap)
    room: tuple[int, ...] = ()  # line ends with room for the next line's first word
    indented: tuple[int, ...] = ()  # line starts indented from the text block's left edge
    chrome: tuple[Span, ...] = ()  # lines outside a web page's main content
    web_page: bool = False  # the file is a web page: no pages, and its numbered lists no notes
    title: str | None = None  # from the file's metadata (a PDF's Title, an HTML page's title)
    date: str | None = None  # ISO 8601, from the file's metadata
    site: str | None = None  # the web site's name
