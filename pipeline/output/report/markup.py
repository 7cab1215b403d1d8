"""Markup shared by the page's sections, and the type that makes escaping the default.

Every function of this package that builds HTML returns :class:`Html`, a
:class:`markupsafe.Markup`: a ``str`` that is known to be markup. The page's literal markup is
written as ``Html("...")`` templates, filled with :meth:`~markupsafe.Markup.format` or put
together with :meth:`~markupsafe.Markup.join` and ``+``, which escape every value that is not
already markup. Corpus text (document text and ids, quotations, rules, messages, paths) is a
plain ``str``, so it cannot reach the page unescaped even where a caller forgets it is text;
nothing in this package wraps it in ``Html(...)``, which would trust it.

:class:`Html` escapes as :func:`html.escape` does (``&quot;`` and ``&#x27;`` for quotes, where
markupsafe writes ``&#34;`` and ``&#39;``): the page stays byte for byte what it was before the
type enforced it, and what readers and tests that compare against :func:`html.escape` expect.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Self

from markupsafe import Markup

from ..summary import Summary

PREVIEW = 90  # characters of a removed piece shown before its raw text is opened


class Html(Markup):
    """A piece of the page: literal markup of this package, or text it escaped.

    >>> Html("<p>{}</p>").format('<b class="x">Tom & Jerry\\'s</b>')
    Html('<p>&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/b&gt;</p>')
    >>> Html("<li>{}</li>").format(Html("<em>kept</em>"))
    Html('<li><em>kept</em></li>')
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Self:
        """``s`` as HTML text or attribute content (markup as it is): what every template,
        :meth:`join` and ``+`` apply to their plain values."""
        if hasattr(s, "__html__"):
            return cls(s)
        # (str.__new__: markupsafe's own asks again whether the text is markup)
        return str.__new__(cls, html.escape(str(s), quote=True))

    def format(self, /, *args: Any, **kwargs: Any) -> Self:
        """The template filled, every value escaped (:meth:`escape`) but numbers, which need
        none. markupsafe's own ``format`` runs :class:`string.Formatter` in Python, a field at a
        time, and cost three times the rest of a document's section: a template whose fields
        are plain (``{}``, ``{0}``, ``{name}``) is filled by :meth:`str.format` on escaped
        values, the same text; one with a format spec, a conversion, an attribute or an index
        (``{:,}``) is left to markupsafe, which formats before it escapes."""
        if _formatted_fields(self):
            return super().format(*args, **kwargs)
        escaped = [_escaped(value) for value in args]
        named = {name: _escaped(value) for name, value in kwargs.items()}
        return str.__new__(self.__class__, str.format(self, *escaped, **named))

    def join(self, seq: Iterable[Any], /) -> Self:
        """The values joined by this markup, each escaped (:meth:`escape`): as markupsafe's own
        ``join``, without making an :class:`Html` of each value first (a document's section
        joins thousands)."""
        return str.__new__(self.__class__, str.join(self, map(_joined, seq)))


# A field with a format spec, a conversion, an attribute or an index: ``{:,}``, ``{!r}``, ``{a.b}``
NOT_PLAIN_FIELD = re.compile(r"(?<!\{)\{[^{}]*[:!.\[][^{}]*\}")


@lru_cache(maxsize=1024)  # the templates are the package's own literals: a few dozen
def _formatted_fields(template: str) -> bool:
    return NOT_PLAIN_FIELD.search(template) is not None


def _escaped(value: Any) -> Any:
    """A value as a plain field takes it: a number as it is, markup as its text, anything else
    escaped (as :meth:`Html.escape` does, without making an :class:`Html` of it)."""
    if type(value) in (int, float):
        return value
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value), quote=True)


def _joined(value: Any) -> str:
    """A value as :meth:`Html.join` takes it: as a plain field takes it, as text."""
    return str(_escaped(value))


EMPTY = Html()


# (a few kinds and severities, one badge per removed piece; typed: markup and the text it
# equals are escaped differently)
@lru_cache(maxsize=1024, typed=True)
def badge(text: str, css: str) -> Html:
    """A labelled pill; ``css`` is built from a known vocabulary, made safe anyway."""
    return Html('<span class="badge {}">{}</span>').format(re.sub(r"[^a-z-]", "", css), text)


def one_line(text: str, limit: int = PREVIEW) -> str:
    """``text`` on one line, shortened to ``limit`` characters (text still: escaped where it is
    put into the page).

    >>> one_line("Skip to\\n\\nmain   content\\n", 12)
    'Skip to mai…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def html_table(
    head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> Html:
    """A table; every header and cell is escaped unless it is already :class:`Html`."""

    def cells(tag: str, values: Sequence[str]) -> Html:
        plain, number = Html("<{0}>{1}</{0}>"), Html("<{0} class='num'>{1}</{0}>")
        return EMPTY.join(
            (number if i in numeric else plain).format(tag, v) for i, v in enumerate(values)
        )

    body = EMPTY.join(Html("<tr>{}</tr>").format(cells("td", row)) for row in rows)
    return Html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>").format(
        cells("th", head), body
    )


@dataclass(frozen=True, slots=True)
class Anchors:
    """Fragment ids by position, never by corpus text: a document id cannot break an attribute."""

    documents: dict[str, str]

    @classmethod
    def of(cls, documents: Sequence[Summary]) -> Anchors:
        return cls({doc.id: document_anchor(i) for i, doc in enumerate(documents)})

    def link(self, doc_id: str) -> Html:
        anchor = self.documents.get(doc_id)
        if not anchor:
            return Html.escape(doc_id)
        return Html('<a href="#{}">{}</a>').format(anchor, doc_id)


def document_anchor(number: int) -> str:
    """The fragment id of the document with input number ``number`` (0-based)."""
    return f"doc-{number + 1}"


def more_note(shown: int, total: int, what: str, where: Html) -> Html:
    """A line saying what a capped list left out, and where the rest is (``where``: markup)."""
    if total <= shown:
        return EMPTY
    return Html('<p class="muted">{:,} more {} not shown here: see {}.</p>').format(
        total - shown, what, where
    )
