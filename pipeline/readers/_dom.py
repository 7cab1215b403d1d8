"""An HTML page's whole text rendered from its DOM line by line, with what the DOM says of each.

The rendering is the document's raw text (see :mod:`pipeline.readers.html`), so it is plain and
deterministic: a block element (``p``, ``div``, ``li``, ``tr``, ``h1`` …) starts and ends a line,
a paragraph-like one (``p``, headings, lists, tables, quotations, figures) a blank line; ``<br>``
is a line break; a table row's cells stay on its line; inline text is joined with its whitespace
collapsed as a browser collapses it (not inside ``<pre>``). ``script``, ``style``, ``noscript``,
``template``, ``svg``, ``iframe``, the ``<head>``, comments and processing instructions are not
text. The same page and lxml version give the same text, byte for byte.

Each line keeps what its ancestors say (:class:`DomLine`): the first one that marks page chrome
(an element ``nav``, ``header``, ``footer``, ``aside``, ``form``; an ARIA role; a class or id
token; ``[html]`` of defaults.toml), looked for up to the nearest ``article``, ``main`` or
``blockquote`` (``[html] content``: inside one, a chrome element must stand below it), and how
much of the line is link text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement, HTMLParser

DROPPED = frozenset(
    ["script", "style", "noscript", "template", "head", "svg", "iframe", "object", "title"]
)
_BLOCK_NAMES = """address article aside blockquote body caption center dd details dialog dir div dl
    dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol option p pre section select summary table tbody tfoot thead tr ul"""
BLOCKS = frozenset(_BLOCK_NAMES.split())
PARAGRAPHS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "table",
        "blockquote",
        "pre",
        "figure",
        "hr",
    ]
)
CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # HTML whitespace (a browser collapses it; not NBSP)
_TOKEN = re.compile(r"[a-z0-9]+")
NONE, LINE, PARAGRAPH = 0, 1, 2  # the break pending before the next text


@dataclass(frozen=True, slots=True)
class DomLine:
    """One line of the rendered text: its span, the DOM's chrome evidence, its link text."""

    start: int
    end: int
    why: str  # "" or the first chrome evidence found: "nav", "role:navigation", "class:menu"
    link_chars: int  # characters of the line inside <a> elements
    chars: int  # characters of the line (not spaces)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What makes an element chrome (``[html]`` of defaults.toml)."""

    tags: frozenset[str]
    roles: frozenset[str]
    tokens: frozenset[str]
    content: frozenset[str] = frozenset()  # elements whose ancestors' marks do not count


def chrome_of(element: HtmlElement, evidence: Evidence) -> str:
    """What marks ``element`` itself as page chrome, or ``""``.

    >>> from lxml.html import fragment_fromstring
    >>> ev = Evidence(frozenset({"nav"}), frozenset({"banner"}), frozenset({"share"}))
    >>> chrome_of(fragment_fromstring('<div class="post-share-bar">x</div>'), ev)
    'class:share'
    """
    tag = str(element.tag)
    if tag in evidence.tags:
        return tag
    role = (element.get("role") or "").strip().lower()
    if role in evidence.roles:
        return f"role:{role}"
    if tag in ("html", "body"):  # a site's body classes name every page's layout
        return ""
    for name in ("class", "id"):
        for token in _TOKEN.findall((element.get(name) or "").lower()):
            if token in evidence.tokens:
                return f"{name}:{token}"
    return ""


class _Renderer:
    """The walk over the tree: text pieces of the current line, breaks pending, lines made."""

    def __init__(self) -> None:
        self.parts: list[str] = []  # the text so far
        self.size = 0
        self.pieces: list[str] = []  # the current line's pieces
        self.link_chars = 0
        self.why = ""
        self.pre = False  # the current line has a <pre>'s text
        self.pending = NONE
        self.lines: list[DomLine] = []

    def text(self, piece: str, pre: bool, link: bool, why: str) -> None:
        """Add ``piece`` to the current line (a ``<pre>``'s line breaks end lines)."""
        if pre:
            first, *rest = piece.split("\n")
            self.pre = True
            self._piece(first, link, why)
            for part in rest:
                self.brk(LINE)
                self.pre = True
                self._piece(part, link, why)
        else:
            self._piece(_SPACES.sub(" ", piece), link, why)

    def _piece(self, piece: str, link: bool, why: str) -> None:
        if not piece:
            return
        if not self.why and piece.strip():
            self.why = why
        self.pieces.append(piece)
        if link:
            self.link_chars += len(piece.strip())

    def brk(self, kind: int) -> None:
        """End the current line; the next one starts after a line break or a blank line."""
        self.flush()
        self.pending = max(self.pending, kind)

    def flush(self) -> None:
        line = "".join(self.pieces)
        # Where two collapsed pieces meet, two spaces make one; a <pre>'s spaces are its own.
        line = line.rstrip() if self.pre else _SPACES.sub(" ", line).strip(" ")
        why, links = self.why, self.link_chars
        self.pieces, self.link_chars, self.why, self.pre = [], 0, "", False
        if not line.strip():
            return
        if self.lines:
            self._add("\n\n" if self.pending == PARAGRAPH else "\n")
        self.pending = NONE
        start = self.size
        self._add(line)
        chars = sum(not c.isspace() for c in line)
        self.lines.append(DomLine(start, self.size, why, min(links, chars), chars))

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)


def _events(root: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """``("start", e)`` and ``("end", e)`` of every element in document order, without
    recursion (a page can nest deeper than Python's recursion limit)."""
    stack: list[tuple[HtmlElement, Iterator[HtmlElement]]] = [(root, iter(root))]
    yield "start", root
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield "end", element
        else:
            yield "start", child
            stack.append((child, iter(child)))


def render(root: HtmlElement, evidence: Evidence) -> tuple[str, tuple[DomLine, ...]]:
    """The page's text (ending in a newline) and its lines, from the tree at ``root``."""
    out = _Renderer()
    # Per open element: its chrome evidence (inherited), inside <pre>, inside <a>, dropped.
    context: list[tuple[str, bool, bool, bool]] = [("", False, False, False)]
    for event, element in _events(root):
        tag = element.tag if isinstance(element.tag, str) else ""
        why, pre, link, dropped = context[-1]
        if event == "start":
            if not tag or tag in DROPPED or dropped:  # a comment or PI: skip it, keep its tail
                context.append((why, pre, link, True))
                continue
            own = chrome_of(element, evidence)
            if tag in evidence.content and not own:
                why = ""  # the article's own parts (or a quotation): only chrome inside counts
            context.append((why or own, pre or tag == "pre", link or tag == "a", False))
            if tag in BLOCKS:
                out.brk(PARAGRAPH if tag in PARAGRAPHS else LINE)
            elif tag == "br":
                out.brk(LINE)
            if element.text:
                out.text(element.text, context[-1][1], context[-1][2], context[-1][0])
            continue
        context.pop()
        if not dropped and tag:
            if tag in BLOCKS:
                out.brk(PARAGRAPH if tag in PARAGRAPHS else LINE)
            elif tag in CELLS:
                out.text(" ", False, False, "")
        why, pre, link, dropped = context[-1]
        if element.tail and not dropped and element is not root:
            out.text(element.tail, pre, link, why)
    out.flush()
    text = "".join(out.parts)
    return (text + "\n" if text else text), tuple(out.lines)


def parse(text: str) -> HtmlElement:
    """The page's tree (lxml's HTML parser, which mends any markup); ``ValueError`` when
    nothing can be parsed."""
    try:
        root = etree.fromstring(
            text, HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
        )
    except (etree.ParserError, etree.XMLSyntaxError) as error:
        raise ValueError(str(error) or "not HTML") from None
    if root is None:
        raise ValueError("no markup")
    return root
