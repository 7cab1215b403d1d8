"""An article's own lists: the short lines a sentence of the article introduces with a colon.

An article announces its lists in prose — "You will need the following tools for the job:" —
and the items under it are short lines with no sentence punctuation, often three or more in a
row: exactly a menu's shape. Where such a list stands outside the article's main run of
paragraphs (before its first real paragraph, or after its last), position alone would take it
for chrome. :func:`introduced_lists` gives it back: a line that the stage keeps, reads as prose
(as many words as a real paragraph, function words of the document's language), is not a
heading and ends in a colon introduces the lines right under it, up to the first line the stage
keeps that is not a short item of the list itself (a kept item — one in the article's bounds —
does not end the list it stands in) or that was removed by other evidence than position (a
rule, a caption, recurrence within the article's bounds). The lead-in itself may have been
taken for its shape alone (a sentence ending in a colon is no paragraph) where it follows a kept
line: then it and the one block of lines right under it (no blank line between two of them)
are given back.

False positives it risks: a box of links under a sentence-long lead ("If you enjoyed this story
you may want to read these ones too:") when no link-list rule names it; chrome that follows an
article's last list with no kept line between them; a sign-up form's fields under its sentence
when a kept line stands right above it. A short lead ("Explore more:", "Find us on:") is not a
sentence and protects nothing; a heading (``## Read next:``) neither; a lead-in that recurs on
the site's other pages (a consent banner's "… process data to provide:") was removed by other
evidence than its shape and protects nothing either.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ...config import BoilerplateConfig
from ...text import Line
from .shape import Shape

POSITION = ("+head-run", "+tail-run")  # the rules of removals by shape and position alone
# ... and by its weak shape alone (no strong shape, no recurrence): what a lead-in may have had
SHAPE_ONLY = ("shape+head-run", "shape+tail-run")
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


def _item(shape: Shape, options: BoilerplateConfig) -> bool:
    """A short line of a list, kept (in the article's bounds): no sentence, no lead-in of its
    own. The list it stands in goes on past it."""
    return (
        not shape.ends_sentence
        and shape.words <= options.max_chrome_words
        and not shape.text.endswith(":")
    )


def introduced_lists(
    lines: Sequence[Line],
    order: Sequence[int],
    shapes: Mapping[int, Shape],
    removed: Mapping[int, tuple[str, str]],
    options: BoilerplateConfig,
    threshold: float,
) -> Iterator[int]:
    """The lines ``removed`` by position alone that a lead-in line introduces (see the
    module); ``threshold``: the share of function words asked of a paragraph."""
    listing = False  # under a kept lead-in
    block: list[int] = []  # a lead-in taken for its shape alone, and its one block of lines
    after_kept = False  # the line before was kept
    for i in order:
        found = removed.get(i)
        if block:
            # its first line may follow a blank line, the others follow one another
            follows = len(block) == 1 or i == block[-1] + 1
            if follows and found is not None and found[1].endswith(POSITION):
                block.append(i)
                after_kept = False
                yield i
                continue
            block = []
        if found is None:
            shape = shapes[i]
            listing = (listing and _item(shape, options)) or _lead_in(
                lines[i], shape, options, threshold
            )
        elif listing and found[1].endswith(POSITION):
            yield i
        elif (
            after_kept
            and found[1] in SHAPE_ONLY
            and _lead_in(lines[i], shapes[i], options, threshold)
        ):
            block = [i]
            yield i
        else:
            listing = False
        after_kept = found is None
