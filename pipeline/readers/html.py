"""Reader of ``.html``/``.htm`` pages: the whole page as raw text, and which lines are chrome.

The raw text is the *whole* page rendered from its DOM (:mod:`._dom`: blocks as lines, a blank
line around paragraph-like blocks, scripts, styles and the ``<head>`` left out), never only its
article: what is dropped from it later is an edit in the ledger (kind ``boilerplate``, rule
``html:…``), so what the page held outside its main content stays visible and recoverable.

Which lines are outside the main content (:attr:`Hints.chrome`) is decided per line from two
extractors' evidence and the line's own shape:

* **trafilatura** (a maintained main-content extractor, 2.x) extracts the page's main text; its
  lines are mapped back onto ours by normalised text (case-folded words: a whole line of its
  output, or, from ``min_match_words`` words, a part of it);
* **the DOM** (:mod:`._dom`): an ancestor ``nav``/``header``/``footer``/``aside``/``form``, an
  ARIA role (``navigation``, ``banner``, ``contentinfo``, ``complementary``), a class or id
  token (``menu``, ``share``, ``related``, ``cookie`` …; ``[html]`` of defaults.toml), and
  the share of the line that is link text.

A line trafilatura kept is content. Of the lines it dropped, those *among* the lines it kept
(between its first and its last) go only when the DOM marks them and they are no paragraph of
prose or mostly link text (a share bar, a related-links box inside the article; not a quoted
tweet, not a sub-heading); those *before or after* them go when the DOM marks them, when they are
mostly link text, or when they are no paragraph of prose (fewer than :data:`MIN_PROSE_WORDS`
words, or no sentence punctuation): a paragraph of prose the DOM does not mark is kept, for
trafilatura cuts some articles short (an odd container, a pull quote). When trafilatura finds no
main text, only the DOM's evidence counts. The boilerplate stage then removes the hinted lines
beside its own rules and captions (:mod:`pipeline.stages.boilerplate.hinted`).

Risks: an article whose container carries a chrome token (``<div class="comment-body">`` for a
blog's own text, a ``<form>`` around a whole page) loses its short lines and, where trafilatura
dropped them too, its paragraphs; a menu item that is also a line of the article (``World``)
is kept; a page in a script without word separators (Japanese, Chinese) is matched by whole
lines only, so more of its content rests on the prose test.

Title, date and site name come from trafilatura's metadata (the ``<title>``, ``og:`` and JSON-LD
fields, htmldate's date; the date is sought in the markup only, never in the URL or today's
date, so the same file gives the same hints).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

from ..config import Config
from ..errors import InputError
from ..hints import Hints
from . import Extracted
from ._dom import DomLine, Evidence, parse, render

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # lxml refuses them in a string
_WORD = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"[.!?:;…。！？」\"”)]\s|[.!?…。！？\"”)]$")
# How a line is judged (see the module's docstring).
# A line found inside trafilatura's text, not as a whole line of it, has at least so many words
# ("Share" is a word of many articles).
MIN_MATCH_WORDS = 4
MIN_PROSE_WORDS = 8  # a paragraph of prose has at least so many words ...
MIN_PROSE_CHARS = 40  # ... or, written without spaces between words, so many characters
MAX_LINK_SHARE = 0.5  # a line this much link text is a menu item or a related link
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@cache
def extractor() -> str:
    """The reader's name and its libraries' versions, as ``Source.extractor`` records them."""
    return f"trafilatura {version('trafilatura')} + lxml {version('lxml')}"


def decode_page(data: bytes, where: object) -> tuple[str, str]:
    """``(text, codec)`` of a page's bytes: its byte-order mark, else the charset its ``<meta>``
    declares, else UTF-8, else cp1252 (what a page without a declaration most often is)."""
    if not data.strip():
        raise InputError(where, "an empty page (no HTML)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            name = ""
        if name and name not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            try:  # a page that says UTF-8 but is not: read it as the fallback below does
                return data.decode(name), name
            except UnicodeDecodeError:
                pass
    if b"\x00" in data:
        raise InputError(where, "binary data, not an HTML page")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


@cache
def evidence() -> Evidence:
    """What marks an element as chrome: the `[html]` table of the default config."""
    options = Config.load().html  # (a reader is given no config: the defaults' [html])
    return Evidence(
        frozenset(options.tags),
        frozenset(options.roles),
        frozenset(options.tokens),
        frozenset(options.content),
    )


def key(text: str) -> str:
    """A line's text as it is compared: NFKC, case-folded, its words joined by one space.

    >>> key("Kim Jong-un’s  REPORT,")
    'kim jong un s report'
    """
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


@dataclass(frozen=True, slots=True)
class Extraction:
    """What trafilatura made of the page: its main text's line keys, the whole padded, metadata."""

    lines: frozenset[str]
    whole: str
    title: str | None
    date: str | None
    site: str | None


def _extract(text: str) -> Extraction:
    import trafilatura  # (the extra's: imported when a page is read)
    from trafilatura.metadata import extract_metadata

    try:
        main = trafilatura.extract(
            text, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception:  # trafilatura's own failure on odd markup: no main-content evidence
        main = None
    try:
        meta = extract_metadata(
            text, date_config={"extensive_search": False, "original_date": True}
        )
    except Exception:  # (as above: no metadata rather than no document)
        meta = None
    lines = frozenset(filter(None, map(key, (main or "").split("\n"))))
    whole = f" {key(main or '')} "
    title = (getattr(meta, "title", None) or None) if meta else None
    date = (getattr(meta, "date", None) or None) if meta else None
    site = (getattr(meta, "sitename", None) or None) if meta else None
    return Extraction(lines, whole, title, date, site)


def _kept(line_key: str, found: Extraction) -> bool:
    """Trafilatura's main text has the line: as a whole line, or (a long one) as a part."""
    if line_key in found.lines:
        return True
    return len(line_key.split()) >= MIN_MATCH_WORDS and f" {line_key} " in found.whole


def _prose(text: str, line_key: str) -> bool:
    """A paragraph of running text: enough words, and a sentence's punctuation in it."""
    words = len(line_key.split())
    if words < MIN_PROSE_WORDS and len(line_key) < MIN_PROSE_CHARS:
        return False
    return bool(_SENTENCE.search(text))


def judge(text: str, lines: tuple[DomLine, ...], found: Extraction) -> tuple[tuple[int, int], ...]:
    """The spans of the lines outside the page's main content (see the module's docstring)."""
    keys = [key(text[line.start : line.end]) for line in lines]
    kept = [bool(k) and bool(found.lines) and _kept(k, found) for k in keys]
    inside = [i for i, k in enumerate(kept) if k]
    first, last = (inside[0], inside[-1]) if inside else (len(lines), -1)
    chrome: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        if not keys[i] or kept[i]:
            continue
        links = line.chars > 0 and line.link_chars >= MAX_LINK_SHARE * line.chars
        prose = _prose(text[line.start : line.end], keys[i])
        if first <= i <= last:  # among the article's lines: only the DOM's word removes one
            outside = bool(line.why) and (links or not prose)
        elif inside:
            outside = bool(line.why) or links or not prose
        else:  # no main text found: the DOM's evidence alone
            outside = bool(line.why)
        if outside:
            chrome.append((line.start, line.end))
    return tuple(chrome)


def read(data: bytes, where: object) -> Extracted:
    """The page in ``data`` (the file at ``where``): its whole text, and hints of which lines are
    outside its main content, of its title, date and site; :class:`InputError` if it is not an
    HTML page (empty, binary, no markup)."""
    page, encoding = decode_page(data, where)
    page = _CONTROLS.sub(" ", _XML_DECLARATION.sub("", page))
    if not _MARKUP.search(page):
        raise InputError(where, "not an HTML page (no markup)")
    try:
        root = parse(page)
    except ValueError as error:
        raise InputError(where, f"not an HTML page ({error})") from None
    text, lines = render(root, evidence())
    if not text.strip():
        raise InputError(where, "an HTML page with no text")
    found = _extract(page)
    chrome = judge(text, lines, found)
    hints = Hints(chrome=chrome, web_page=True, title=found.title, date=found.date, site=found.site)
    return Extracted(text, hints, extractor(), encoding)
