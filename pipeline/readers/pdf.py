"""Reader of ``.pdf`` files: PDFium's characters, with their boxes and font sizes, to raw text
and layout :class:`~pipeline.hints.Hints`.

Why PDFium (pypdfium2): it is the fastest of the libraries that expose each character's font
size, baseline origin and box (pdfminer.six and pdfplumber, pure Python, take several times as
long on the same pages), its licences (Apache-2.0 / BSD-3-Clause) allow any use (PyMuPDF's AGPL
does not), and it ships as a wheel with no system library. See docs/inputs.md for the figures.

The raw text is made from the characters alone, deterministically (the same file and the same
pypdfium2 build give the same text): the characters of a page in PDFium's reading order,
regrouped into visual lines by baseline (PDFium starts a new line where a superscript lifts the
baseline: a marker and the words after it are put back on their line); a line is its characters
with PDFium's word spaces; a vertical gap of more than ``page_layout.GAP`` line pitches is a
blank line;
pages are joined with a form feed. PDFium's placeholder for a typesetter's line-end hyphen
(U+0002) is written as the hyphen it shows.

The layout hints (superscripts, page bands, the footnote band, room and indents) are read from
the characters' sizes and positions by :mod:`.page_layout`, which says what each risks. This
module's own risk: two columns read as one where PDFium's reading order interleaves them (there
is no column detection yet).

A file PDFium cannot open, an encrypted one, and one whose pages have no text at all (a scan:
it needs OCR first) are :class:`~pipeline.errors.InputError`; a page without text among pages
with text gets an ``input.page-without-text`` finding.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..codes import finding
from ..errors import InputError
from . import Extracted
from .page_layout import Char, Page, assemble, make_line, merge, new_line

EXTRACTOR = f"pypdfium2 {pdfium.version.PYPDFIUM_INFO}"
PAGE_WITHOUT_TEXT = "input.page-without-text"
MADE_FROM = re.compile(r"(?i)^microsoft \w+ - |\.(?:docx?|odt|rtf|tex|pdf|txt|html?)$")
RULE_HEIGHT = 2.0  # points: a path object flatter than this and ...
RULE_WIDTH = 30.0  # ... wider than this is a rule (the line above a footnote band)
HYPHEN_PLACEHOLDER = "\x02"  # PDFium's code for a hyphen the typesetter put at a line's end


def _chars(page: pdfium.PdfPage) -> list[list[Char]]:
    """The page's characters in PDFium's order, cut where PDFium starts a new line."""
    textpage = page.get_textpage()
    raw = textpage.raw
    unicode, generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    origin, box, font_size = (
        pdfium_c.FPDFText_GetCharOrigin,
        pdfium_c.FPDFText_GetCharBox,
        pdfium_c.FPDFText_GetFontSize,
    )
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    segments: list[list[Char]] = [[]]
    last: Char | None = None  # the last positioned character of the current segment
    for i in range(textpage.count_chars()):
        code = unicode(raw, i)
        text = chr(code) if code else ""
        if text in ("\r", "\n"):
            if segments[-1]:
                segments.append([])
                last = None
            continue
        if text == HYPHEN_PLACEHOLDER:
            text = "-"
        if not text or (text < " " and text not in "\t"):
            continue
        if generated(raw, i):
            segments[-1].append(Char(" " if text.isspace() else text, 0.0, 0.0, 0.0, 0.0))
            continue
        origin(raw, i, x, y)
        box(raw, i, left, right, bottom, top)
        char = Char(text, round(font_size(raw, i), 2), x.value, y.value, right.value)
        if last is not None and new_line(last, char):
            segments.append([])
        segments[-1].append(char)
        last = char
    textpage.close()
    return [s for s in segments if any(c.size for c in s)]


def _title(given: str) -> str | None:
    """The information dictionary's title, unless it is the name of the file it was made from
    (``Microsoft Word - letter.docx``, ``draft3.tex``), as word processors write it."""
    title = given.strip()
    return None if not title or MADE_FROM.search(title) else title


def _rules(page: pdfium.PdfPage) -> tuple[float, ...]:
    heights = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < RULE_HEIGHT and right - left > RULE_WIDTH:
            heights.append(round(top, 1))
    return tuple(sorted(heights, reverse=True))


def _read_pages(pdf: pdfium.PdfDocument) -> list[Page]:
    pages = []
    for number in range(len(pdf)):
        page = pdf[number]
        lines = [line.row() for line in merge(make_line(s) for s in _chars(page))]
        pages.append(Page(tuple(lines), _rules(page)))
        page.close()
    return pages


def read(data: bytes, where: object) -> Extracted:
    """The raw text and layout hints of the PDF ``data`` (the file at ``where``)."""
    if not data:
        raise InputError(where, "empty file")
    if b"%PDF-" not in data[:1024]:
        raise InputError(where, "not a PDF (no %PDF- header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise InputError(where, "an encrypted PDF (it needs a password)") from None
        cut = b"%%EOF" not in data[-1024:]
        what = "a truncated PDF (no %%EOF at its end)" if cut else "a damaged PDF"
        raise InputError(where, f"{what}: {reason.rstrip('.')}") from None
    try:
        pages = _read_pages(pdf)
        info = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    if not pages:
        raise InputError(where, "a PDF with no pages")
    if not any(page.lines for page in pages):
        raise InputError(where, "a PDF with no text layer (a scan?): it needs OCR first")
    text, hints = assemble(pages, _title(info.get("Title") or ""))
    findings = []
    for number, page in enumerate(pages):
        if not page.lines:
            at = hints.pages[number - 1] if number else 0
            message = f"page {number + 1} has no text (a scanned page? it needs OCR)"
            findings.append(finding(PAGE_WITHOUT_TEXT, message, at, at))
    return Extracted(text, hints, EXTRACTOR, "pdf", tuple(findings))
