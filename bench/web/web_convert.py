"""Two ordinary HTML-to-text converters, as a user without a boilerplate remover would write them.

* :func:`bs4_text`: BeautifulSoup (lxml parser), ``script``/``style``/``noscript``/``template``
  and the ``<head>`` removed, then ``get_text`` with a line break around every block-level
  element and at ``<br>``, and a blank line around paragraph-like ones (``p``, headings, lists,
  tables, quotations, figures); whitespace inside text collapsed as a browser does (not in
  ``<pre>``), lines stripped.
* :func:`html2text_text`: the ``html2text`` package with its defaults (links as
  ``[text](url)``, images as ``![alt](src)``, ``*`` bullets, ``#`` headings, ``**``/``_``
  emphasis) except ``body_width=0``, so that paragraphs are not hard-wrapped at 78 columns.

Both keep every piece of page chrome a page carries in its body (menus, share buttons, footers,
related links, cookie notices): that is what the pipeline's boilerplate stages must remove.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import html2text
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

DROPPED = ("script", "style", "noscript", "template", "head", "svg", "iframe")
_BLOCK_NAMES = """address article aside blockquote body caption center dd details dialog dir div dl
    dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol option p pre section select summary table tbody tfoot thead tr ul"""
BLOCKS = frozenset(_BLOCK_NAMES.split())
CELLS = frozenset(("td", "th"))
_PARAGRAPH_NAMES = "p h1 h2 h3 h4 h5 h6 ul ol dl table blockquote pre figure hr"
PARAGRAPHS = frozenset(_PARAGRAPH_NAMES.split())
LINE, PARAGRAPH = "\x01", "\x02"  # break marks, resolved after get_text
_BREAKS = re.compile(r"\s*[\x01\x02][\s\x01\x02]*")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # HTML whitespace: a browser collapses it (not NBSP)
_BLANK_RUNS = re.compile(r"\n{3,}")


def bs4_text(html: str) -> str:
    """The page's text by BeautifulSoup ``get_text`` with block newlines."""
    soup = BeautifulSoup(html, "lxml")
    for node in soup.find_all(DROPPED):
        node.decompose()
    # comments, the doctype, processing instructions: get_text skips them; so must we
    for special in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
        special.extract()
    for pre in soup.find_all("pre"):  # keep its line breaks: mark them before collapsing
        for piece in pre.find_all(string=True):
            piece.replace_with(NavigableString(piece.replace("\n", "\x00")))
    for text in soup.find_all(string=True):
        text.replace_with(NavigableString(_SPACES.sub(" ", text)))
    for br in soup.find_all("br"):
        br.replace_with(NavigableString(LINE))
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and tag.name in BLOCKS:
            mark = PARAGRAPH if tag.name in PARAGRAPHS else LINE
            tag.insert_before(NavigableString(mark))
            tag.insert_after(NavigableString(mark))
        elif isinstance(tag, Tag) and tag.name in CELLS:  # a row's cells stay on its line
            tag.insert_after(NavigableString(" "))
    text = _BREAKS.sub(_break, soup.get_text()).replace("\x00", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return _tidy("\n".join(lines))


def _break(run: re.Match[str]) -> str:
    """A run of break marks and spaces: a blank line if any mark is a paragraph's, else one."""
    return "\n\n" if PARAGRAPH in run.group() else "\n"


def html2text_text(html: str) -> str:
    """The page's text by ``html2text`` with its default options, lines not wrapped."""
    converter = html2text.HTML2Text()
    converter.body_width = 0
    text = converter.handle(html)
    return _tidy("\n".join(line.rstrip() for line in text.split("\n")))


def _tidy(text: str) -> str:
    """One blank line at most between lines, none at the ends, a final newline."""
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"


CONVERTERS: dict[str, Callable[[str], str]] = {"bs4": bs4_text, "html2text": html2text_text}
