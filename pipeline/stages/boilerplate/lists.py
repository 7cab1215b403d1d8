"""An article's own lists: the short lines a sentence of the article introduces with a colon.

An article announces its lists in prose — "You will need the following tools for the job:" —
and the items under it are short lines with no sentence punctuation, often three or more in a
row: exactly a menu's shape. Where such a list stands outside the article's main run of
paragraphs (before its first real paragraph, or after its last), position alone would take it
for chrome. :func:`introduced_lists` gives it back: a line that the stage keeps, reads as prose
(as many words as a real paragraph, function words of the document's language), is not a
heading and ends in a colon introduces the lines right under it, up to the first line the stage
keeps or that was removed by other evidence than position (a rule, a caption, recurrence
within the article's bounds).

False positives it risks: a box of links under a sentence-long lead ("If you enjoyed this story
you may want to read these ones too:") when no link-list rule names it; chrome that follows an
article's last list with no kept line between them. A short lead ("Explore more:", "Find us
on:") is not a sentence and protects nothing; a heading (``## Read next:``) neither.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ...config import BoilerplateConfig
from .._lines import Line
from .shape import Shape

POSITION = ("+head-run", "+tail-run")  # the rules of removals by shape and position alone
HEADING = "#"  # a converter's heading mark: a heading ending in a colon is a section's title


def _lead_in(line: Line, shape: Shape, options: BoilerplateConfig, threshold: float) -> bool:
    """``line`` is a sentence of the article that announces a list."""
    return (
        shape.text.endswith(":")
        and not line.text.lstrip().startswith(HEADING)
        and shape.words >= options.min_paragraph_words
        and shape.stop_share >= threshold
        and not shape.button
    )


def introduced_lists(
    lines: Sequence[Line],
    order: Sequence[int],
    shapes: Mapping[int, Shape],
    removed: Mapping[int, tuple[str, str]],
    options: BoilerplateConfig,
    threshold: float,
) -> Iterator[int]:
    """The lines ``removed`` by position alone that a kept lead-in line introduces (see the
    module); ``threshold``: the share of function words asked of a paragraph."""
    listing = False
    for i in order:
        found = removed.get(i)
        if found is None:
            listing = _lead_in(lines[i], shapes[i], options, threshold)
        elif listing and found[1].endswith(POSITION):
            yield i
        else:
            listing = False
