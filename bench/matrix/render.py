"""Typeset a matrix letter in each layout: LaTeX sources and LibreOffice flat ODT (``.fodt``).

Layouts (``LAYOUTS``):

* ``latex-footnotes`` — LaTeX article, Times, page-bottom footnotes, a running header (the
  letter's ``header``) and a ``Page N of M`` footer (fancyhdr + lastpage);
* ``writer-justified`` — LibreOffice Writer, justified, automatic hyphenation (en-GB), page-bottom
  footnotes, the running header and a bare page number in the footer;
* ``endnotes`` — LaTeX article, Charter, notes gathered at the end under ``Notes`` (endnotes
  package), a bare page number in the footer, no header;
* ``latex-narrow`` — LaTeX, A5 paper, a narrow column at 11pt, page-bottom footnotes, a header
  ``<header> — page N`` on every page;
* ``writer-endnotes`` — LibreOffice Writer, ragged right without hyphenation (line-end hyphens are
  then only compounds), endnotes on a page of their own at the end, ``Page N of M`` footers.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from letters import MARKER, Letter, Note

LAYOUTS = ("latex-footnotes", "writer-justified", "endnotes", "latex-narrow", "writer-endnotes")
WRITER = ("writer-justified", "writer-endnotes")

LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}


def tex(text: str) -> str:
    return "".join(LATEX_SPECIAL.get(ch, ch) for ch in text)


def furniture(letter: Letter, layout: str, pages: int) -> list[str]:
    """The page furniture strings each page of the layout's PDF prints (for the truth)."""
    if layout == "latex-footnotes":
        return [letter.header] + [f"Page {p} of {pages}" for p in range(1, pages + 1)]
    if layout == "writer-justified":
        return [letter.header] + [str(p) for p in range(1, pages + 1)]
    if layout == "endnotes":
        return [str(p) for p in range(1, pages + 1)]
    if layout == "latex-narrow":
        return [f"{letter.header} — page {p}" for p in range(1, pages + 1)]
    if layout == "writer-endnotes":
        return [f"Page {p} of {pages}" for p in range(1, pages + 1)]
    raise ValueError(layout)


# ---------------------------------------------------------------- LaTeX


def with_notes(
    letter: Letter,
    paragraph: str,
    escape_text: Callable[[str], str],
    note_markup: Callable[[Note], str],
) -> str:
    """``paragraph`` in a typesetter's markup: its text escaped, each note marker replaced by the
    note's markup (a real note, or a bare superscript for a lost note), spaces collapsed."""
    out = []
    pos = 0
    for m in MARKER.finditer(paragraph):
        out.append(escape_text(paragraph[pos : m.start()]))
        out.append(note_markup(letter.note(m.group(1))))
        pos = m.end()
    out.append(escape_text(paragraph[pos:]))
    return " ".join("".join(out).split())


def _latex_body(letter: Letter, note_command: str, mark_command: str) -> str:
    def note_markup(note: Note) -> str:
        if note.missing:
            return f"{mark_command}[{note.number}]"
        return f"{note_command}[{note.number}]{{{tex(note.text)}}}"

    def paragraph(p: str) -> str:
        return with_notes(letter, p, tex, note_markup)

    lines = []
    date = tex(letter.date_text)
    lines.append(r"\begin{center}\textbf{" + tex(letter.title) + r"}\end{center}")
    if letter.date_position == "top-right":
        lines.append(r"\begin{flushright}" + date + r"\end{flushright}")
    elif letter.date_position == "top-left":
        lines.append(r"\noindent " + date + "\n")
    lines.append(r"\noindent " + r"\\ ".join(tex(a) for a in letter.addressees) + "\n")
    if letter.date_position == "after-address":
        lines.append(r"\noindent " + date + "\n")
    lines.append(r"\noindent " + tex(letter.salutation) + "\n")
    lines.extend(paragraph(p) + "\n" for p in letter.paragraphs)
    lines.append(r"\noindent " + tex(letter.closing) + "\n")
    lines.append(r"\noindent " + r"\\ ".join(tex(s) for s in letter.signature_lines) + "\n")
    return "\n".join(lines)


def latex(letter: Letter, layout: str) -> str:
    roman = letter.labels == "roman"
    if layout in ("latex-footnotes", "latex-narrow"):
        narrow = layout == "latex-narrow"
        size, paper = ("11pt", "a5paper") if narrow else ("12pt", "a4paper")
        margin = "1.6cm" if narrow else "2.5cm"
        font = r"\usepackage{mathptmx}"
        if narrow:
            furniture_tex = (
                r"\fancyhead[L]{" + tex(letter.header) + r" — page \thepage}"
                r"\renewcommand{\headrulewidth}{0.4pt}"
            )
        else:
            furniture_tex = (
                r"\fancyhead[L]{" + tex(letter.header) + "}"
                r"\fancyfoot[C]{Page \thepage\ of \pageref{LastPage}}"
                r"\renewcommand{\headrulewidth}{0pt}"
            )
        preamble = [
            rf"\documentclass[{size},{paper}]{{article}}",
            r"\usepackage[T1]{fontenc}",
            r"\usepackage[utf8]{inputenc}",
            font,
            r"\usepackage[british]{babel}",
            rf"\usepackage[margin={margin},headheight=14pt]{{geometry}}",
            r"\usepackage{fancyhdr,lastpage}",
            r"\pagestyle{fancy}\fancyhf{}",
            furniture_tex,
            r"\fancypagestyle{plain}{}",
        ]
        if roman:
            preamble.append(r"\renewcommand{\thefootnote}{\roman{footnote}}")
        body = _latex_body(letter, r"\footnote", r"\footnotemark")
    elif layout == "endnotes":
        preamble = [
            r"\documentclass[11pt,a4paper]{article}",
            r"\usepackage[T1]{fontenc}",
            r"\usepackage[utf8]{inputenc}",
            r"\usepackage{charter}",
            r"\usepackage[british]{babel}",
            r"\usepackage[margin=2.7cm]{geometry}",
            r"\usepackage{endnotes}",
            r"\renewcommand{\notesname}{Notes}",
            r"\pagestyle{plain}",
        ]
        if roman:
            preamble.append(r"\renewcommand{\theendnote}{\roman{endnote}}")
        body = _latex_body(letter, r"\endnote", r"\endnotemark") + "\n\\theendnotes\n"
    else:
        raise ValueError(layout)
    # Word spaces that never shrink below a third of an em, as in a word processor: with TeX's
    # shrinkable spaces, pdfplumber's default x_tolerance (3 pt) glues words together.
    preamble += [
        r"\setlength{\parindent}{0pt}",
        r"\setlength{\parskip}{0.7em}",
        r"\AtBeginDocument{\spaceskip=.34em plus .25em minus .02em\relax}",
    ]
    return "\n".join([*preamble, r"\begin{document}", body, r"\end{document}", ""])


# ---------------------------------------------------------------- LibreOffice Writer

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
  style:font-family-generic="roman" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt"
   fo:language="en" fo:country="GB" fo:hyphenate="true"
   fo:hyphenation-remain-char-count="3" fo:hyphenation-push-char-count="3"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
 </style:style>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.25cm"/>
  <style:text-properties fo:hyphenate="true"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Right" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="end" fo:margin-bottom="0.3cm"/>
 </style:style>
 <style:style style:name="Block" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-bottom="0.3cm"/>
  <style:text-properties fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties fo:font-size="9pt" fo:hyphenate="true"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="10pt"/>
 </style:style>
 <style:style style:name="Sup" style:family="text">
  <style:text-properties style:text-position="super 58%"/>
 </style:style>
 <style:style style:name="Ragged" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.25cm"/>
  <style:text-properties fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Endnote" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-bottom="0.15cm"/>
  <style:text-properties fo:font-size="10pt" fo:hyphenate="false"/>
 </style:style>
 <text:notes-configuration text:note-class="footnote" style:num-format="1"
  text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>
 <text:notes-configuration text:note-class="endnote" style:num-format="i"
  text:start-value="0" text:master-page-name="Endnote"/>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.4cm" fo:margin-right="2.4cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm"
   fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm"
   fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
"""


def _x(text: str) -> str:
    return escape(text)


def fodt(letter: Letter, layout: str = "writer-justified") -> str:
    endnotes = layout == "writer-endnotes"
    note_class = "endnote" if endnotes else "footnote"
    body_style = "Ragged" if endnotes else "Body"

    def note_markup(note: Note) -> str:
        if note.missing:
            return f'<text:span text:style-name="Sup">{note.label}</text:span>'
        return (
            f'<text:note text:id="n{note.number}" text:note-class="{note_class}">'
            f'<text:note-citation text:label="{note.label}">{note.label}'
            "</text:note-citation><text:note-body>"
            f'<text:p text:style-name="{"Endnote" if endnotes else "Footnote"}">'
            f"{_x(note.text)}</text:p>"
            "</text:note-body></text:note>"
        )

    def paragraph(p: str) -> str:
        return with_notes(letter, p, _x, note_markup)

    def block(lines: tuple[str, ...] | list[str], style: str = "Block") -> str:
        return (
            f'<text:p text:style-name="{style}">'
            + "<text:line-break/>".join(_x(line) for line in lines)
            + "</text:p>"
        )

    body = [f'<text:p text:style-name="Title">{_x(letter.title)}</text:p>']
    if letter.date_position == "top-right":
        body.append(block([letter.date_text], "Right"))
    elif letter.date_position == "top-left":
        body.append(block([letter.date_text]))
    body.append(block(letter.addressees))
    if letter.date_position == "after-address":
        body.append(block([letter.date_text]))
    body.append(block([letter.salutation]))
    body.extend(
        f'<text:p text:style-name="{body_style}">{paragraph(p)}</text:p>' for p in letter.paragraphs
    )
    body.append(block([letter.closing]))
    body.append(block(letter.signature_lines))
    if endnotes:  # no header; "Page N of M" in the footer, on the endnotes page too
        furniture_xml = (
            '<style:footer><text:p text:style-name="Footer">Page '
            '<text:page-number text:select-page="current">1</text:page-number> of '
            "<text:page-count>1</text:page-count></text:p></style:footer>"
        )
    else:
        furniture_xml = (
            '<style:header><text:p text:style-name="Header">'
            f"{_x(letter.header)}</text:p></style:header>"
            '<style:footer><text:p text:style-name="Footer">'
            '<text:page-number text:select-page="current">1</text:page-number></text:p>'
            "</style:footer>"
        )
    master = (
        "<office:master-styles>"
        '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
        + furniture_xml
        + '</style:master-page><style:master-page style:name="Endnote" '
        'style:page-layout-name="pm1">'
        + furniture_xml
        + "</style:master-page></office:master-styles>"
    )
    return (
        FODT_HEAD
        + master
        + "<office:body><office:text>"
        + "\n".join(body)
        + "</office:text></office:body></office:document>\n"
    )
