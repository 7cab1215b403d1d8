"""``report.html``: the run's report for people, one self-contained page.

The page needs nothing but itself: inline CSS, no scripts, no fonts, no images, and a
Content-Security-Policy that forbids loading or running anything, so it can be opened from an
untrusted corpus safely and read offline. "On demand" parts (raw text, clean text) are
``<details>`` elements, which work without JavaScript.

Every piece of text that comes from the corpus — document text and ids, quotations, rules,
messages, paths — is escaped before it reaches the page, and not by each caller remembering to:
escaping is enforced by a type. Every function here that builds HTML returns
:class:`~.markup.Html`, a :class:`markupsafe.Markup`; the page's literal markup is written as
``Html("...")`` templates, filled with ``.format`` or put together with ``.join`` and ``+``,
which escape any plain ``str`` (the corpus's text always is one) and keep ``Html`` as it is. So
the only markup on the page is the literal markup of this package (and its style sheet). Its
modules:

- :mod:`.page` — what the page shows of a run (:class:`ReportInput`), the contents, the
  **Overview** (documents, findings by severity, quote clusters by status, one row per
  document) and **Findings** (severity, code, document, line, message) sections, and the page
  put together (:func:`render_report`);
- :mod:`.clusters` — **Quote clusters**: the canonical wording, then every member beside it
  with its variant, grouped by variant, its words aligned to the canonical;
- :mod:`.highlight` — that alignment as HTML (:func:`highlight`, with the one aligner of
  :mod:`pipeline.consistency.align`): removed words struck through (``<del>``), added words
  underlined (``<ins>``);
- :mod:`.documents` — **Documents**: metadata, paragraphs, the cleanup summary (edit counts by
  kind and rule; what was removed or moved, with the raw text on demand) and footnote
  integrity, made in the worker that cleaned the document (:func:`document_section`);
- :mod:`.markup` — the markup type (:class:`~.markup.Html`), badges, tables and anchors,
  shared by the sections;
  :mod:`.style` — the style sheet (Okabe–Ito colours, each with a text label), kept as
  package data in ``style.css`` beside the modules, and the Content-Security-Policy.
"""

from __future__ import annotations

from .documents import document_section
from .highlight import highlight
from .markup import Html
from .page import ReportInput, render_report

__all__ = ["Html", "ReportInput", "document_section", "highlight", "render_report"]
