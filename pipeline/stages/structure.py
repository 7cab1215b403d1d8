"""Stage ``structure``: letter furniture — title, date, place, addressees, salutation, closing,
signatories — read into ``metadata`` and the kind of every paragraph.

It runs last, on the rebuilt paragraphs, and changes no text. It reads *lines*, not only
paragraphs: extractors often leave no blank line between a date, an address block and a
salutation, and ``line-wrap`` keeps their line breaks inside one block — or joins a closing to
the body's last line (``…information.8 Sincerely,``) or a labelled date to the title (``…
Korea Date: 2016-03-10``), which are cut off again. A part of a block that is
furniture gets a paragraph span of its own (``paragraphs`` then lists spans inside a block).

A document with a salutation line or a closing line (patterns in ``[structure]``; at most
``structure.max_furniture_line`` characters) is a ``letter``:

* before the salutation: a date line (:mod:`._dates`: ``New York, 8 December 2015`` gives place
  and date; ``Date: 2015-03-05``; else a place and date ending a head line they were joined
  to), the title (the first block of at most three lines, unless it
  is a date or looks like an address), and address blocks (the first line of each is an
  addressee);
* after the closing, the signature: its lines up to furniture — a note line (``6COI report…``,
  ``viUN Doc.…``: a label glued to or before a capital), a notes heading, a line of prose — with
  page labels (``Page 2 of 3``, ``- 2 -``, a bare number, ``Header — page 2``) skipped, and a
  note glued to the last signatory (``…Justice 1Report of …``) cut off, and a note's fragment
  left behind (a line starting with a digit, or ending in a semicolon) ends it; signature lines that
  end the text after the notes it stopped at (a signature on the next page) are taken too.
  When a line is followed by a job title (words from ``structure.job_titles``: ``Director``,
  ``Executive Director, …``) the letter is signed by people: each line followed by a job title is a
  signatory, and the titles and organisations after it are not. Otherwise every line is a
  signatory (a list of organisations).

Anything else is an ``article``: its title is the first Markdown top heading (``# Title``, as
html2text writes a page's ``h1``), else a short first paragraph without a full stop; a paragraph
that is only a date (or a byline ending in one) among the first five is its date.

A document read from an HTML page (or a PDF) whose text gave no title or date takes the file's
own (``Document.hints``: the page's ``<title>``/``og:title``, its published date).

Risks: a letter with neither salutation nor closing is read as an article; an unusual date
format is left ``null``; an organisation whose name starts with a job-title word, in a list, is
read as the title of the line above; a running header left after the signature is read as a
signatory.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..compiled import compiled
from ..config import Config, StructureConfig
from ..document import Document, Metadata, Paragraph
from ._dates import DATE, date_line
from ._letter_lines import (
    SIGNATURE_LINE,
    LetterLine,
    any_of,
    compile_patterns,
    first_line,
    letter_lines,
    split_glued,
    unnumbered,
)
from .base import Context, StageOutput

MAX_TITLE = 250  # characters; a longer first paragraph is prose
MAX_TITLE_LINES = 3
HEADING = re.compile(r"#\s+([^#\s][^\n]{0,248}?)\s*#*")  # "# Title" (a Markdown h1, not "## …")
# A footnote or endnote line: a number or a lowercase roman label, glued to a capital or an
# opening mark, or before a space ("6COI report…", "viUN Doc. …", "12 Ibid.").
NOTE_LINE = re.compile(r"(?:\d{1,3}|[ivxlc]{1,7})(?:\s+\S|(?=[A-Z“\"‘(]))")
PAGE_LABEL = re.compile(
    r"(?:.{0,80}\s[-–—|]\s*)?(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,3})?",
    re.IGNORECASE,
)
ADDRESS_START = re.compile(r"(?:to|h\.\s?e\.|the|his|her|mr|ms|mrs|dr|c/o)\b", re.IGNORECASE)
# A note's label glued to its text after a signatory that line-wrap joined to it
GLUED_NOTE = re.compile(r"(?<=[a-z)’'])\s+(?:\d{1,3}|[ivx]{1,5})(?=[A-Z“\"(])")
# A place and a date ending a head line they were joined to (``…of Korea New York, 8 December
# 2015``): at most two capitalised words of place.
GLUED_DATE = re.compile(
    rf"(?<=\s)(?:(?:[A-Z][\w.’'-]*\s+)?[A-Z][\w.’'-]*,\s*)?(?:{DATE.pattern})\s*$", re.IGNORECASE
)
GLUED_PAGE_LABEL = re.compile(r"page\s+\d{1,3}\s+of\s+\d{1,3}\s+(?=\S)", re.IGNORECASE)
NAME_END = re.compile(r"(?:^|\s)(?:[A-Z][a-z]{0,3}\.|(?:[A-Z]\.){2,})$")  # "Inc.", "Ltd.", "U.K."


def compile_config(config: Config) -> None:
    """Compile the salutations, closings and job titles of ``[structure]`` (when the pipeline
    is built)."""
    options = config.structure
    any_of(compile_patterns(options.salutations))
    any_of(compile_patterns(options.closings))
    _title_words(options.job_titles)


def read_structure(doc: Document, ctx: Context) -> StageOutput:
    """Annotate every paragraph with its kind and fill in the document's metadata."""
    options = ctx.config.structure
    closings = compile_patterns(options.closings)
    lines = split_glued(letter_lines(doc.text), closings)
    salutation = first_line(
        lines, compile_patterns(options.salutations), options.max_furniture_line
    )
    after = -1 if salutation is None else salutation
    closing = first_line(lines, closings, options.max_furniture_line, after)
    kinds = ["body"] * len(lines)
    if salutation is None and closing is None:
        meta = _article(doc.text, lines, kinds)
    else:
        meta = _Letter(lines, kinds, options, ctx).read(salutation, closing)
    if doc.hints is not None:  # a file's own metadata (an HTML page's title), where text had none
        title, date = meta.title or doc.hints.title, meta.date or doc.hints.date
        meta = replace(meta, title=title, date=date)
    spans = _spans(lines, kinds)
    # (mapped to raw offsets all at once: one ledger call per span would cost more than reading)
    raw = doc.ledger.raw_spans([(start, end) for start, end, _ in spans])
    paragraphs = tuple(
        Paragraph(raw_start, raw_end, kind)
        for (raw_start, raw_end), (_, _, kind) in zip(raw, spans, strict=True)
    )
    return StageOutput(paragraphs=paragraphs, metadata=meta)


def _spans(lines: list[LetterLine], kinds: list[str]) -> list[tuple[int, int, str]]:
    """Runs of lines of one kind within one paragraph, as ``(start, end, kind)``."""
    spans: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        same = i and lines[i - 1].block == line.block and kinds[i - 1] == kinds[i]
        if same:
            spans[-1] = (spans[-1][0], line.end, kinds[i])
        else:
            spans.append((line.start, line.end, kinds[i]))
    return spans


def _one_line(lines: list[LetterLine]) -> str:
    return " ".join(" ".join(line.text.split()) for line in lines)


def _article(text: str, lines: list[LetterLine], kinds: list[str]) -> Metadata:
    title = date = None
    for i, line in enumerate(lines):  # a converter's Markdown: the top heading is the title
        heading = HEADING.fullmatch(line.text)
        if heading is not None:
            kinds[i], title = "title", heading[1]
            break
    # The lines of the first five paragraphs: a paragraph's lines are a run (its number counts
    # up from line to line), so they are the first lines, not looked for among all of them.
    blocks: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.block not in blocks:
            if len(blocks) == 5:
                break
            blocks[line.block] = []
        blocks[line.block].append(i)
    for block, members in blocks.items():
        iso = next(filter(None, (date_line(lines[i].text)[1] for i in members)), None)
        body = "\n".join(lines[i].text for i in members)
        if iso and date is None:  # a date line, or a byline block with one
            date = iso
            for i in members:
                kinds[i] = "date"
        elif (
            title is None
            and block == lines[0].block
            and len(body) <= MAX_TITLE
            and not body.endswith(".")
        ):
            title = _one_line([lines[i] for i in members])
            for i in members:
                kinds[i] = "title"
    return Metadata(title=title, date=date, kind="article")


@compiled
def _title_words(job_titles: tuple[str, ...]) -> re.Pattern[str]:
    """A line that is a job title: one of its first two words is a title word (``Director``,
    ``Executive Director, …``, ``President & CEO``)."""
    words = "|".join(map(re.escape, job_titles))
    return re.compile(rf"(?:[\w.&-]+\s+)?(?:{words})\b", re.IGNORECASE)


class _Letter:
    """The reading of one letter's lines; fills ``kinds`` in as it goes."""

    def __init__(
        self, lines: list[LetterLine], kinds: list[str], options: StructureConfig, ctx: Context
    ) -> None:
        self.lines, self.kinds, self.options = lines, kinds, options
        self.note_headings = {h.casefold() for h in ctx.config.footnotes.headings}

    def read(self, salutation: int | None, closing: int | None) -> Metadata:
        lines, kinds = self.lines, self.kinds
        head = salutation if salutation is not None else 0
        before = len(lines)
        title, date, place, addressees = self._head(head)
        shift = len(lines) - before  # a glued date cut off into a line of its own
        head += shift
        salutation = None if salutation is None else salutation + shift
        closing = None if closing is None else closing + shift
        if salutation is not None:
            kinds[salutation] = "salutation"
        if closing is not None:
            kinds[closing] = "closing"
            signatories = self._signature(closing + 1)
        else:
            signatories = self._unclosed_signature(head)
        return Metadata(
            title=title,
            date=date,
            place=place,
            addressees=tuple(addressees),
            salutation=_one_line([lines[salutation]]) if salutation is not None else None,
            closing=unnumbered(_one_line([lines[closing]])) if closing is not None else None,
            signatories=tuple(signatories),
            kind="letter",
        )

    def _head(self, head: int) -> tuple[str | None, str | None, str | None, list[str]]:
        """Title, date, place and addressees from the lines before the salutation."""
        lines, kinds = self.lines, self.kinds
        date = place = title = None
        for i in range(head):
            prefix, iso = date_line(lines[i].text)
            if iso:
                kinds[i], date, place = "date", iso, prefix
                break
        else:  # no date line: a place and date joined to the end of a head line
            for i in range(head):
                glued = GLUED_DATE.search(lines[i].text)
                if glued is not None and date_line(glued.group())[1]:
                    place, date = date_line(glued.group())
                    line = lines[i]
                    cut = line.start + glued.start()
                    lines[i] = LetterLine(
                        line.start, cut, line.text[: glued.start()].rstrip(), line.block
                    )
                    lines.insert(i + 1, LetterLine(cut, line.end, glued.group(), line.block))
                    kinds.insert(i + 1, "date")
                    head += 1
                    break
        # Blocks of the head: paragraphs, cut at the date line.
        blocks: list[list[int]] = []
        for i in range(head):
            if kinds[i] == "date":
                blocks.append([])
                continue
            if not blocks or not blocks[-1] or lines[blocks[-1][-1]].block != lines[i].block:
                blocks.append([])
            blocks[-1].append(i)
        blocks = [block for block in blocks if block]
        if blocks and self._is_title(blocks[0]):
            title = _one_line([lines[i] for i in blocks[0]])
            for i in blocks[0]:
                kinds[i] = "title"
            blocks = blocks[1:]
        addressees = []
        for block in blocks:
            for i in block:
                kinds[i] = "address"
            addressees.append(lines[block[0]].text)
        return title, date, place, addressees

    def _is_title(self, block: list[int]) -> bool:
        lines = [self.lines[i].text for i in block]
        text = " ".join(lines)
        return (
            block[0] == 0
            and len(lines) <= MAX_TITLE_LINES
            and len(text) <= MAX_TITLE
            and not any(line.endswith(",") for line in lines)
            and not ADDRESS_START.match(lines[0])
            and not any(map(str.isdigit, lines[-1]))
        )

    def _signature(self, start: int) -> list[str]:
        """Signatories from the lines after the closing, up to furniture."""
        lines, kinds = self.lines, self.kinds
        taken: list[int] = []
        for i in range(start, len(lines)):
            label = GLUED_PAGE_LABEL.match(lines[i].text)  # `Page 1 of 3 Hanbit Survivors’…`
            if label is not None:
                line = lines[i]
                lines[i] = LetterLine(
                    line.start + label.end(), line.end, line.text[label.end() :], line.block
                )
            text = lines[i].text
            glued = GLUED_NOTE.search(text)
            if glued is not None and not NOTE_LINE.match(text):  # `…Justice 1Report of …`
                end = lines[i].start + glued.start()
                lines[i] = LetterLine(lines[i].start, end, text[: glued.start()], lines[i].block)
                taken.append(i)
                break
            if self._ends_signature(text):
                break
            if PAGE_LABEL.fullmatch(text):
                continue  # page furniture the page-break stage left
            taken.append(i)
        else:
            i = len(lines)
        names = {lines[j].text for j in taken}
        taken += [j for j in self._last_run(i + 1) if lines[j].text not in names]  # a header
        for i in taken:
            kinds[i] = "signature"
        return self._signatories([lines[i] for i in taken])

    def _last_run(self, start: int) -> list[int]:
        """The signature lines that end the text after a block of notes the signature stopped
        at (page-bottom notes between the closing and a signature on the next page)."""
        run: list[int] = []
        for i in range(len(self.lines) - 1, start - 1, -1):
            text = self.lines[i].text
            if PAGE_LABEL.fullmatch(text):
                continue
            if self._ends_signature(text) or GLUED_NOTE.search(text):
                break
            run.append(i)
        return run[::-1]  # (found from the end: appended, then turned, not inserted at 0)

    def _ends_signature(self, text: str) -> bool:
        return (
            "\f" in text
            or len(text) > SIGNATURE_LINE
            or bool(NOTE_LINE.match(text))
            or text.split()[0].rstrip(":").casefold() in self.note_headings  # "Notes", "Notes 1"
            or (text.endswith(".") and not NAME_END.search(text))
            # a sentence, or the end of one ("Commission.", "para. 69."): not "Inc." or "Ltd."
            # a note's fragment ("67-69; and,"): no name starts so, nor ends in a semicolon
            or (text[:1].isdigit() and not PAGE_LABEL.fullmatch(text))
            or text.endswith(";")
        )

    def _signatories(self, lines: list[LetterLine]) -> list[str]:
        """Names in signature lines: the lines before a job title if the second line of a
        block is one (people), else every line (organisations)."""
        titles = _title_words(self.options.job_titles)
        is_title = [bool(titles.match(line.text)) for line in lines]
        people = any(is_title[i] and i > 0 and not is_title[i - 1] for i in range(len(lines)))
        if not people:
            return [line.text for line in lines]
        return [
            line.text
            for i, line in enumerate(lines)
            if not is_title[i] and i + 1 < len(lines) and is_title[i + 1]
        ]

    def _unclosed_signature(self, head: int) -> list[str]:
        """No closing: short unpunctuated paragraphs at the end sign the letter."""
        lines, kinds = self.lines, self.kinds
        by_block: dict[int, list[int]] = {}
        for i in range(head, len(lines)):
            by_block.setdefault(lines[i].block, []).append(i)
        signing: list[list[int]] = []  # the signing blocks, from the last back
        for block in sorted(by_block)[1:][::-1]:
            members = [i for i in by_block[block] if not PAGE_LABEL.fullmatch(lines[i].text)]
            if not members:
                continue
            if lines[members[-1]].text.endswith("."):
                break
            signing.append(members)
        signed = [i for members in signing[::-1] for i in members]
        for i in signed:
            kinds[i] = "signature"
        return [lines[i].text for i in signed]
