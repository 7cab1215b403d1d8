"""An article's own tables, written as Markdown: rows whose cells are set apart by ``|``.

A converter that writes Markdown (html2text) gives a table as a header row, a delimiter row of
dashes (``---|---|---``) and one line per row, cells between `` | ``; the same table through a
converter that writes plain text is one line per row, cells between spaces. The table bar is a
menu separator too (``Home | News | Contact``), so each row of a Markdown table reads as strong
chrome shape and a run of them as a long menu: a table after the article's last paragraph ends
it, and a table between two of its paragraphs splits it in two. :func:`table_rows` finds the
rows of a Markdown table — the lines of a block (no blank line between them) holding a
delimiter row — so that a row whose only strong shape is its bars is judged as a plain-text
converter's row is: a short line of the article, by position. Where the article's main run of
paragraphs is sought the rows still weigh as strong lines: a long table between a page's
teasers and its article must not join them into one run (and so change which run is the
article).

False positives it risks: a site's menu or footer laid out as a table with a delimiter row (old
layout tables); its rows lose only the separators evidence: a row of links is still links, and
a row beyond the article's bounds is still chrome by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ...text import Line

# A Markdown table's delimiter row: at least two cells of dashes (colons for alignment).
DELIMITER = re.compile(r"\|?\s*+:?-{3,}:?\s*+(?:\|\s*+:?-{3,}:?\s*+)+\|?")
BAR = "|"


def table_rows(lines: Sequence[Line], order: Sequence[int]) -> Iterator[int]:
    """The judged lines (``order``) of each block of consecutive lines holding ``|`` that has a
    delimiter row: a Markdown table, header and rows."""
    block: list[int] = []
    for i in [*order, -1]:
        barred = i >= 0 and BAR in lines[i].text
        if barred and (not block or i == block[-1] + 1):
            block.append(i)
            continue
        if block and any(DELIMITER.fullmatch(lines[j].text.strip()) for j in block):
            yield from block  # (a block is asked only when there is one: most lines have none)
        block = [i] if barred else []
