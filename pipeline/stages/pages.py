"""Stage ``page-break``: form feeds, page-number lines, running headers and footers.

Artefact: text extracted from a paginated PDF carries the page around it: a form feed between
pages (pdftotext), a page number (``- 1 -``, ``Page 2 of 3``, a bare ``3``), and a header or footer
line repeated on every page, often right in the middle of a sentence that runs on to the next page
(``…including`` / ``- 1 -`` / form feed / header / ``through referral…``). All of it is removed
(kind ``page-break``; rules ``form-feed``, ``page-number``, ``running-header``,
``running-footer``, ``page-header``), and the halves of a split sentence are left one ``"\\n"``
apart so the line-wrap stage rejoins them; a page that ended a sentence keeps the paragraph break
it had.

Pages must be proven before anything is removed: by form feeds (one inside a line, where pages
were glued, counts as a line end), or, without them, by the evidence :mod:`._pagination` reads
(a ``Page 2 of 3`` line or one glued to a body line, page labels that count up a page apart, a
short line recurring at the top or the end of the text); a text with none is left alone. Then,
at the first and last ``edge_lines`` lines of each page:

* a line shaped like a page number (``page_numbers``) is one; a bare number only when it is the
  very first or last line of its page, set off from the body by a blank line, and fits the page
  sequence (page *k* reads *k*, or *k* plus the offset the other page numbers show);
* a line that recurs at the same edge (top or bottom) of at least ``min_pages`` pages, and of at
  least half of them, is a running header or footer — on page 1 too, above the real title; not
  a note's text (a number, words, a full stop: ``2 COI report, para. 80.`` / ``5 COI report,
  para. 91.`` close two pages);
* a header or footer printed once (a two-page letter, rule ``page-header``) is the short line
  right beside a removed label or form feed, between the halves of a sentence the page break
  split (the line before stops mid-sentence, the one after starts in lowercase);
* ``Page 1 of 2`` glued to the last (or first) line of a page is cut from it.

False positives it risks: a footnote marker or a count alone on the last line of a page that
happens to equal the page number; a short line that really opens (or closes) several pages the
same way; a short line opening a page mid-sentence beside its label (``Commission of Inquiry``
between ``…findings of the`` and ``report were…``) is read as a header; a paragraph split by a
page break exactly at a sentence end reads as two paragraphs (and a page break after a line
ending in a comma joins the lines, ``Sincerely,`` included).
Roman page numbers are not read: footnote markers ``ii``, ``iii`` look the same.

A document read from its original file (``doc.hints``, :mod:`pipeline.readers`) is not guessed
at: a PDF's furniture is the lines its reader saw in a page's head or foot band, and a web page
has none; only form feeds are tidied besides. (Its risk is the reader's: a line it did not see in
a band stays.)
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import islice, pairwise

from ..compiled import compiled
from ..config import Config, PagesConfig
from ..document import Document
from ..ledger import Proposal
from ..text import A_LETTER, Line, Lines
from . import _hinted
from ._lines import removal_proposals, typeset_width
from ._pagination import (
    NOTE_LIKE,
    Glued,
    glued_heads,
    glued_labels,
    glued_patterns,
    header_keys,
    maybe_labels,
    page_starts,
)
from ._pagination import page_label as _number
from .base import Context, StageOutput

KIND = "page-break"
FORM_FEED = re.compile("\f")


@dataclass(frozen=True, slots=True)
class _Rules:
    """``[page-break]`` compiled once per configuration."""

    page_numbers: tuple[re.Pattern[str], ...]
    boundaries: tuple[re.Pattern[str], ...]
    bare: re.Pattern[str]
    sentence_end: re.Pattern[str]


@compiled
def _compile(options: PagesConfig) -> _Rules:
    def each(patterns: Sequence[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in patterns)

    return _Rules(
        each(options.page_numbers),
        each(options.boundary_page_numbers),
        re.compile(options.bare_page_number),
        re.compile(options.sentence_end),
    )


def _pages(
    text: str,
    lines: Lines,
    rules: _Rules,
    options: PagesConfig,
    stripped: Sequence[str] | None = None,
    labelled: Sequence[int] | None = None,
) -> tuple[list[list[int]], set[int], list[Glued] | None]:
    """Non-blank line indices per page (``[]`` when nothing proves a page boundary), the
    lines that proved one as page labels counting up, and the boundary labels glued to the
    non-blank lines when they were sought (they are removed too: sought once). ``stripped``:
    the text of each of ``lines``, stripped; ``labelled``: the :func:`maybe_labels` of
    ``stripped`` (each found here if not given)."""
    if stripped is None:
        stripped = [piece.strip() for piece in lines.texts]
    if labelled is None:
        labelled = maybe_labels(stripped)
    content = [i for i, text in enumerate(stripped) if text]  # not blank
    if "\f" in text:
        # A line is on the page its first character is on: a page ends, in `content`, before
        # the first line that starts after the form feed. Found per form feed, not per line.
        cuts = [0]
        for match in FORM_FEED.finditer(text):
            feed = match.start()
            at = bisect_right(lines.starts, feed) - 1  # the line holding the form feed
            cut = bisect_left(content, at)
            if cut < len(content) and content[cut] == at:
                line = lines[at]
                cut += bool(line.text[: feed - line.start].strip())  # it starts before the feed
            cuts.append(cut)
        cuts.append(len(content))
        return [content[a:b] for a, b in pairwise(cuts)], set(), None
    glued = glued_labels(lines, content, rules.boundaries)
    starts, labels = page_starts(
        lines,
        content,
        [stripped[i] for i in content],
        (rules.boundaries, rules.page_numbers, rules.bare),
        rules.sentence_end,
        options,
        glued,
        # Their positions in `content`: a line that may be a label has a digit, so is not blank.
        [bisect_left(content, i) for i in labelled],
    )
    if not starts:
        return [], set(), glued
    cuts = [0, *sorted(starts), len(content)]
    return [content[a:b] for a, b in pairwise(cuts)], {content[k] for k in labels}, glued


def _page_numbers(
    lines: Lines,
    pages: Sequence[list[int]],
    edge: int,
    rules: _Rules,
    labelled: Sequence[int],
) -> Iterator[int]:
    """Indices of page-number lines; ``labelled``: the lines that may be page labels (short,
    with a digit: see :func:`._pagination.maybe_labels`), in order."""
    texts = lines.texts
    offsets: Counter[int] = Counter()
    bare: dict[int, tuple[int, bool]] = {}  # line -> (its number minus its page's, set off)
    for k, page in enumerate(pages, start=1):
        edges = set(page[:edge] + page[-edge:])
        # A page is a run of `content`: its labelled lines are those between its first and last.
        # The others, most lines, are not read against each pattern.
        first, last = (page[0], page[-1]) if page else (0, -1)
        for i in labelled[bisect_left(labelled, first) : bisect_right(labelled, last)]:
            number = _number(texts[i], rules.boundaries)
            if number is None and i in edges:
                number = _number(texts[i], rules.page_numbers)
            if number is not None:
                offsets[number - k] += 1
                yield i
        for i, body in ((page[0], 1), (page[-1], -1)) if page else ():
            number = _number(texts[i], (rules.bare,))
            set_off = 0 <= i + body < len(texts) and not texts[i + body].strip()  # blank
            if number is not None and i not in bare:
                offsets[number - k] += 1
                bare[i] = (number - k, set_off)
    if bare:
        best = max(offsets, key=lambda offset: (offsets[offset], offset == 0))
        # A number set off by a blank line fitting the page is one; one the extractor wrote
        # right under the text (pypdf writes no blank lines) must fit on two pages or more: a
        # footnote marker under the last line of a page looks the same.
        sequence = offsets[best] > 1
        yield from (
            i
            for i, (o, set_off) in bare.items()
            if o == best and (sequence or (set_off and best == 0))
        )


def _running(
    lines: Lines,
    pages: Sequence[list[int]],
    numbers: set[int],
    options: PagesConfig,
    rules: _Rules,
) -> Iterator[tuple[int, str]]:
    """Running headers and footers: ``(index, rule)``."""
    edge = options.edge_lines
    edges = (_edges(page, numbers, edge) for page in pages)
    zoned = [zones for zones in edges if zones is not None]  # pages with lines not numbers
    needed = max(options.min_pages, math.ceil(len(zoned) / 2))
    # The key of each line in a zone, found for them all at once.
    at_edges = sorted({i for head, tail in zoned for i in (*head, *tail)})
    texts = [lines.texts[i] for i in at_edges]
    found = dict(zip(at_edges, header_keys(texts), strict=True))
    for rule, zones in (
        ("running-header", [head for head, _ in zoned]),
        ("running-footer", [tail for _, tail in zoned]),
    ):
        keys: dict[int, str] = {}
        for zone in zones:
            for i in zone:
                key = found[i]
                short = len(lines.texts[i].strip()) <= options.max_header_length
                # Not a note's text: "2 COI report, para. 80." recurs too.
                if short and key and not (NOTE_LIKE.match(key) and rules.sentence_end.search(key)):
                    keys[i] = key
        pages_with = Counter(key for zone in zones for key in {keys[i] for i in zone if i in keys})
        yield from ((i, rule) for i, key in keys.items() if pages_with[key] >= needed)


def _edges(page: list[int], numbers: set[int], edge: int) -> tuple[list[int], list[int]] | None:
    """The first and the last ``edge`` lines of ``page`` that are not page numbers, or ``None``
    when there are none; the lines in between are not looked at."""
    if edge < 1:  # (no head; the tail, as a slice ``[-0:]``, is the whole page)
        kept = [i for i in page if i not in numbers]
        return ([], kept) if kept else None
    head = list(islice((i for i in page if i not in numbers), edge))
    if not head:
        return None
    tail = list(islice((i for i in reversed(page) if i not in numbers), edge))
    return head, tail[::-1]


def _continues(rules: _Rules, before: Line, after: Line) -> bool:
    """Whether the kept lines around a page break are halves of one sentence."""
    following = after.text.lstrip(" \t\f")
    return not rules.sentence_end.search(before.text.rstrip()) or following[:1].islower()


def _stray_form_feeds(text: str, taken: Sequence[Proposal]) -> Iterator[Proposal]:
    """Form feeds outside the deleted spans: dropped, or a line end between two words."""
    covered = sorted((p.start, p.end) for p in taken)
    for match in FORM_FEED.finditer(text):
        pos = match.start()
        k = bisect_right(covered, (pos, len(text))) - 1
        if k >= 0 and covered[k][0] <= pos < covered[k][1]:
            continue
        glued = 0 < pos < len(text) - 1 and "\n" not in (text[pos - 1], text[pos + 1])
        yield Proposal(pos, pos + 1, "\n" if glued else "", KIND, "form-feed")


def _lone_headers(
    lines: Sequence[Line],
    pages: Sequence[list[int]],
    found: set[int],
    rules: _Rules,
    short: Callable[[], float],
) -> Iterator[int]:
    """A header or footer line printed once, beside removed furniture, inside a split sentence.

    A two-page letter shows its running header once, so it cannot recur; it still sits between
    the halves of a sentence the page break split (the body line before the page break stops
    mid-sentence, the one after it starts in lowercase), right next to a removed page label,
    and it is shorter than a wrapped line of that sentence would be.
    """

    def shaped(i: int) -> bool:
        text = lines[i].text.strip()
        return (
            not text[:1].islower()
            and not text[:1].isdigit()
            and not rules.sentence_end.search(text)
            and len(A_LETTER.findall(text)) > 1
            and len(text) < short()
        )

    def beside_furniture(i: int) -> bool:
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and lines[j].blank:
                j += step
            neighbours.append(j)
        return any(
            j in found or (0 <= j < len(lines) and "\f" in lines[j].text) for j in neighbours
        )

    for before, after in pairwise(pages):
        # The two kept lines either side of the break (not the whole pages' kept lines).
        last = list(islice((i for i in reversed(before) if i not in found), 2))
        first = list(islice((i for i in after if i not in found), 2))
        if len(last) < 2 or len(first) < 2:
            continue
        for candidate, above, below in (
            (first[0], last[0], first[1]),
            (last[0], last[1], first[0]),
        ):
            # The cheap tests of the split sentence first: most page breaks fall between
            # sentences, and then the candidate's shape (the text's width) is not measured.
            if (
                lines[below].text.lstrip()[:1].islower()
                and not rules.sentence_end.search(lines[above].text.rstrip())
                and shaped(candidate)
                and beside_furniture(candidate)
            ):
                yield candidate
                break


def _glued_form_feeds(text: str) -> str:
    """``text`` with each form feed inside a line read as a line end (the same length); the
    text itself when there is none (so the lines split from it are those ``boilerplate`` split)."""
    pieces: list[str] = []
    done = 0  # `text` up to here is in `pieces`
    # Found with `str.find`, not a regex: a lookbehind makes one try at every character.
    feed = text.find("\f", 1)
    while 0 < feed < len(text) - 1:
        if text[feed - 1] != "\n" and text[feed + 1] != "\n":  # between two characters of a line
            pieces += (text[done:feed], "\n")
            done = feed + 1
        feed = text.find("\f", feed + 1)
    return "".join((*pieces, text[done:])) if pieces else text


def compile_config(config: Config) -> None:
    """Compile ``[page-break]`` (when the pipeline is built)."""
    rules = _compile(config.page_break)
    boundaries = tuple(p.pattern for p in rules.boundaries)
    glued_patterns(boundaries)
    glued_heads(boundaries)


def _hinted_furniture(doc: Document, lines: Lines, rules: _Rules) -> dict[int, tuple[str, str]]:
    """The lines a PDF reader saw in a page's header or footer band (``doc.hints``): a page
    number, or else a running header (above the page's middle) or footer."""
    assert doc.hints is not None
    feeds = [i for i, piece in enumerate(lines.texts) if "\f" in piece]
    found: dict[int, tuple[str, str]] = {}
    for i in _hinted.hinted_lines(doc, doc.hints.furniture, lines.starts):
        text = lines.texts[i].strip()
        if _number(text, rules.page_numbers) is not None or rules.bare.fullmatch(text):
            found[i] = (KIND, "page-number")
            continue
        k = bisect_right(feeds, i)  # a line holding a form feed starts its page
        above = feeds[k - 1] if k else -1
        below = feeds[k] if k < len(feeds) else len(lines.texts)
        found[i] = (KIND, "running-header" if i - above < below - i else "running-footer")
    return found


def remove_page_furniture(doc: Document, ctx: Context) -> StageOutput:
    """Propose deleting form feeds, page numbers and running headers/footers (``page-break``).

    A document read from its original file (``doc.hints``) has its furniture from the page
    geometry: a PDF's hinted lines go, a web page has none (it has no pages), and the text
    evidence is not asked (it cannot see that a short line before a page number is the body's
    own, nor that a web page's repeated lines are no running footer)."""
    options = ctx.config.page_break
    rules = _compile(options)
    text = doc.text
    lines = Lines(_glued_form_feeds(text))
    if doc.hints is not None:
        hinted = removal_proposals(
            text, lines, _hinted_furniture(doc, lines, rules), joins=partial(_continues, rules)
        )
        hinted += _stray_form_feeds(text, hinted)
        return StageOutput(tuple(sorted(hinted, key=lambda p: (p.start, p.end))))
    stripped = [piece.strip() for piece in lines.texts]
    labelled = maybe_labels(stripped)  # (blank lines are not: no digit)
    pages, labels, glued_lines = _pages(text, lines, rules, options, stripped, labelled)
    found: dict[int, tuple[str, str]] = {}
    proposals: list[Proposal] = []
    if pages:
        numbers = labels.union(_page_numbers(lines, pages, options.edge_lines, rules, labelled))
        found.update((i, (KIND, "page-number")) for i in numbers)
        for i, rule in _running(lines, pages, numbers, options, rules):
            found.setdefault(i, (KIND, rule))

        @cache
        def short() -> float:  # measured only when a line is shaped like a lone header
            return options.header_width * typeset_width(map(len, stripped))

        for i in _lone_headers(lines, pages, set(found), rules, short):
            found.setdefault(i, (KIND, "page-header"))
        content = [i for page in pages for i in page if i not in found]
        if glued_lines is None:
            glued_lines = glued_labels(lines, content, rules.boundaries)
        else:  # found on every non-blank line: those on the lines kept
            kept = set(content)
            glued_lines = [glued for glued in glued_lines if glued.line in kept]
        for glued in glued_lines:
            proposals.append(Proposal(glued.start, glued.end, "", KIND, "page-number"))
    proposals += removal_proposals(text, lines, found, joins=partial(_continues, rules))
    proposals += _stray_form_feeds(text, proposals)
    return StageOutput(tuple(sorted(proposals, key=lambda p: (p.start, p.end))))
