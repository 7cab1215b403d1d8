"""Plain data: a document, where it came from, and what the pipeline found in it.

A :class:`Document` holds its raw decoded text and its edit ledger; the clean ``text`` and the
``edits`` are read from the ledger, never stored twice. Annotations made by later stages
(paragraphs, footnotes, quotes) are kept in raw coordinates so that edits made after them cannot
shift them; :meth:`Document.to_json` maps them into the clean text when the document is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .hints import Hints
from .ledger import Edit, Ledger, unreplay

# The version of documents/<id>.json (schemas/document.schema.json). 1.1: every edit names the
# stage that made it ("stage"). Documents of 1.0 (edits without a stage) are still read.
SCHEMA_VERSION = "1.1"
READABLE_VERSIONS = ("1.0", SCHEMA_VERSION)
SELECTOR_CONTEXT = 32  # characters of prefix and suffix in a quote's TextQuoteSelector


class Severity(StrEnum):
    """How bad a finding is; ``--fail-on`` compares against this order."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("note", "warning", "error").index(self.value)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document's text came from."""

    path: str  # as given on the command line (or the JSONL file, with ``line``)
    sha256: str  # of the raw bytes (of the record's text, UTF-8, for JSONL)
    encoding: str  # codec used to decode the bytes, e.g. "utf-8", "utf-8-sig", "cp1252"
    line: int | None = None  # JSONL line number, 1-based
    extractor: str | None = None  # a PDF or HTML file's reader and its version: "pypdfium2 5.15.2"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a user should know about a document; ``code`` is stable, ``message`` is prose."""

    code: str
    severity: Severity
    message: str
    raw_start: int
    raw_end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "raw_start": self.raw_start,
            "raw_end": self.raw_end,
        }


@dataclass(frozen=True, slots=True)
class Citation:
    """A document a footnote cites, e.g. ``A/HRC/25/63`` paras ``("26",)``."""

    document: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote or endnote body, linked to its markers. Spans are raw coordinates."""

    label: str  # as printed: "1", "ii"
    text: str  # the body, joined and clean, without its label
    raw_start: int  # the body's span in the raw text (it is moved out of the clean text)
    raw_end: int
    anchors: tuple[tuple[int, int], ...] = ()  # raw spans of the markers that point to it
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the clean text and what it is; the span is in raw coordinates."""

    raw_start: int
    raw_end: int
    kind: str  # title | date | address | salutation | body | closing | signature


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage in quotation marks. The span (raw coordinates) covers the text inside the marks."""

    id: str  # "q1", "q2", … in document order
    raw_start: int
    raw_end: int
    footnote: str | None = None  # label of the footnote marker right after the closing mark
    attribution: str | None = None  # "Commission of Inquiry", "A/HRC/25/63", … when stated
    kind: str = "quotation"  # "quotation" | "scare" (a short term, not cited)
    source: str | None = None  # id in the sources table the attribution or cited note names


@dataclass(frozen=True, slots=True)
class Metadata:
    """Letter furniture and what kind of document it is; empty until the structure stage runs."""

    title: str | None = None
    date: str | None = None  # ISO 8601
    place: str | None = None
    addressees: tuple[str, ...] = ()
    salutation: str | None = None
    closing: str | None = None
    signatories: tuple[str, ...] = ()
    kind: str | None = None  # "letter" | "article"; None when not determined

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "place": self.place,
            "addressees": list(self.addressees),
            "salutation": self.salutation,
            "closing": self.closing,
            "signatories": list(self.signatories),
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """One input document and everything the pipeline made of it."""

    id: str
    source: Source
    ledger: Ledger
    metadata: Metadata = field(default_factory=Metadata)
    paragraphs: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    quotes: tuple[Quote, ...] = ()
    findings: tuple[Finding, ...] = ()
    hints: Hints | None = None  # a PDF or HTML reader's layout evidence (not written out)

    @property
    def raw(self) -> str:
        """The decoded input, exactly as read."""
        return self.ledger.raw

    @property
    def text(self) -> str:
        """The clean text: ``raw`` with every edit applied."""
        return self.ledger.text

    @property
    def edits(self) -> tuple[Edit, ...]:
        """Every change made to ``raw``, sorted and non-overlapping, in raw coordinates."""
        return self.ledger.edits

    def _paragraph_json(self, paragraph: Paragraph) -> dict[str, Any]:
        start, end = self.ledger.clean_span(paragraph.raw_start, paragraph.raw_end)
        return {"start": start, "end": end, "kind": paragraph.kind}

    def _footnote_json(self, note: Footnote) -> dict[str, Any]:
        anchors = [self.ledger.clean_span(start, end) for start, end in note.anchors]
        return {
            "label": note.label,
            "text": note.text,
            "anchors": [{"start": start, "end": end} for start, end in anchors],
            "raw_start": note.raw_start,
            "raw_end": note.raw_end,
            "citations": [
                {"document": c.document, "paragraphs": list(c.paragraphs)} for c in note.citations
            ],
        }

    def _quote_json(self, quote: Quote) -> dict[str, Any]:
        start, end = self.ledger.clean_span(quote.raw_start, quote.raw_end)
        text = self.text
        return {
            "id": quote.id,
            "text": text[start:end],
            "start": start,
            "end": end,
            "raw_start": quote.raw_start,
            "raw_end": quote.raw_end,
            "footnote": quote.footnote,
            "attribution": quote.attribution,
            "source": quote.source,
            "kind": quote.kind,
            "selector": {  # W3C Web Annotation TextQuoteSelector
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - SELECTOR_CONTEXT) : start],
                "suffix": text[end : end + SELECTOR_CONTEXT],
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, annotations: bool = True) -> Document:
        """The document again from its JSON (:meth:`to_json`): the raw text is rebuilt from the
        clean text and the edits. Text, raw, edits, metadata, quotes, footnote bodies and
        findings come back exactly; paragraph and footnote-marker spans, stored in the clean
        text, are mapped back to the raw text (:meth:`Ledger.raw_span`). Without
        ``annotations``, only the text, edits, source and quotes come back (faster).

        Documents of schema 1.0 are read too: their edits name no stage (``Edit.stage`` is
        ``""``), and such a document cannot be written again (:meth:`to_json` refuses)."""
        version = data.get("schema_version", SCHEMA_VERSION)
        if version not in READABLE_VERSIONS:
            raise ValueError(
                f"document {data.get('id')!r} has schema_version {version!r}; this version reads"
                f" {' and '.join(READABLE_VERSIONS)}"
            )
        staged = version != "1.0"
        edits = tuple(
            Edit(
                e["raw_start"],
                e["raw_end"],
                e["raw"],
                e["clean"],
                e["kind"],
                e["rule"],
                e["stage"] if staged else "",
            )
            for e in data["edits"]
        )
        ledger = Ledger(unreplay(data["text"], edits), edits)
        src = data["source"]
        doc = cls(
            id=data["id"],
            source=Source(
                src["path"], src["sha256"], src["encoding"], src.get("line"), src.get("extractor")
            ),
            ledger=ledger,
            quotes=tuple(
                Quote(
                    q["id"],
                    q["raw_start"],
                    q["raw_end"],
                    q["footnote"],
                    q["attribution"],
                    q["kind"],
                    q.get("source"),  # documents written before sources were resolved lack it
                )
                for q in data["quotes"]
            ),
        )
        if not annotations:
            return doc
        meta = data["metadata"]
        return replace(
            doc,
            metadata=Metadata(
                **{
                    **meta,
                    "addressees": tuple(meta["addressees"]),
                    "signatories": tuple(meta["signatories"]),
                }
            ),
            paragraphs=tuple(
                Paragraph(*ledger.raw_span(p["start"], p["end"]), p["kind"])
                for p in data["paragraphs"]
            ),
            footnotes=tuple(
                Footnote(
                    n["label"],
                    n["text"],
                    n["raw_start"],
                    n["raw_end"],
                    tuple(ledger.raw_span(a["start"], a["end"]) for a in n["anchors"]),
                    tuple(Citation(c["document"], tuple(c["paragraphs"])) for c in n["citations"]),
                )
                for n in data["footnotes"]
            ),
            findings=tuple(
                Finding(
                    f["code"], Severity(f["severity"]), f["message"], f["raw_start"], f["raw_end"]
                )
                for f in data["findings"]
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The document as ``schemas/document.schema.json`` describes it (field order is fixed).

        Every edit must name its stage: a document read from a schema 1.0 file, whose edits name
        none, is refused (``ValueError``) rather than written as 1.1 with the stages missing."""
        unstaged = next((e for e in self.edits if not e.stage), None)
        if unstaged is not None:
            raise ValueError(
                f"document {self.id!r}: edit {unstaged!r} names no stage (read from a schema 1.0"
                f" document?); clean the input again to write it as schema {SCHEMA_VERSION}"
            )
        source: dict[str, Any] = {
            "path": self.source.path,
            "sha256": self.source.sha256,
            "encoding": self.source.encoding,
        }
        if self.source.line is not None:
            source["line"] = self.source.line
        if self.source.extractor is not None:
            source["extractor"] = self.source.extractor
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": source,
            "metadata": self.metadata.to_json(),
            "text": self.text,
            "paragraphs": [self._paragraph_json(p) for p in self.paragraphs],
            "footnotes": [self._footnote_json(f) for f in self.footnotes],
            "quotes": [self._quote_json(q) for q in self.quotes],
            "edits": [
                {
                    "raw_start": e.raw_start,
                    "raw_end": e.raw_end,
                    "raw": e.raw,
                    "clean": e.clean,
                    "kind": e.kind,
                    "rule": e.rule,
                    "stage": e.stage,
                }
                for e in self.edits
            ],
            "findings": [f.to_json() for f in self.findings],
        }
