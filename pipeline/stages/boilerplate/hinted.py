"""Chrome lines an HTML reader saw outside the page's main content (``Hints.chrome``), removed.

A page read from its HTML (:mod:`pipeline.readers.html`) comes with the spans of the lines that
trafilatura's main text and the page's DOM (``nav``, ``footer``, share bars, link lists) put
outside the article, in raw coordinates; the reader has already asked the text's own question of
each (a paragraph of prose trafilatura dropped goes only with the DOM's or its links' word). Each
span is mapped into the current text and the line it falls on is removed (kind ``boilerplate``,
rule ``html:outside-content``).

The stage's own evidence is combined with it as far as it is not a stand-in for the DOM: its data
rules (``rule:…``: a skip link, a share bar, a cookie notice, a copyright line) and its captions
(``caption:…``) run on every line and keep their rule; its guesses from a line's shape, its
position around the article's paragraphs and its recurrence across the corpus are what a page's
DOM says better, and on a page with hints they give way to it (on the web benchmark they removed
almost no chrome the hints had not, and cost content lines: a sub-heading, a product name).

Risks: what the reader's evidence risks (a container named like chrome around the article's own
short lines); a page whose reader found no chrome at all is judged by the stage alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...document import Document
from ...text import Line
from .. import _hinted

RULE = "html:outside-content"
KEPT = ("rule:", "caption:")  # the stage's own verdicts that stand beside the hints


def hinted_lines(doc: Document, lines: Sequence[Line]) -> list[int]:
    """The indices of the non-blank lines of the current text that hold a hinted chrome span,
    in order (a span an earlier stage removed whole is gone)."""
    if doc.hints is None:
        return []
    found = _hinted.hinted_lines(doc, doc.hints.chrome, [line.start for line in lines])
    return sorted(i for i in found if i >= 0 and lines[i].text.strip())


def with_hints(
    doc: Document, lines: Sequence[Line], removed: Mapping[int, tuple[str, str]]
) -> Mapping[int, tuple[str, str]]:
    """The lines to remove from a page with hinted chrome: the stage's rule and caption verdicts
    (``removed``), then every hinted line; ``removed`` unchanged when nothing is hinted."""
    hinted = hinted_lines(doc, lines)
    if not hinted:
        return removed
    found = {i: verdict for i, verdict in removed.items() if verdict[1].startswith(KEPT)}
    for i in hinted:
        found.setdefault(i, ("boilerplate", RULE))
    return found
