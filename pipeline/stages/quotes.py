"""Stage ``quotes``: passages in quotation marks, with their footnote and attribution.

Goal: every quotation the consistency check compares, exactly as written — the characters between
the marks, editorial marks (``[t]he``, ``…``, ``[sic]``) included, in raw coordinates. The stage
proposes no edits; it runs last, on the final clean text, one paragraph at a time (a quotation
may span a former line or page break, which ``line-wrap`` has joined, but never a paragraph
break: a mark still open at a paragraph's end is unbalanced).

Marks are paired by :func:`~._quote_marks.pair_marks` (its docstring gives the rules: curly,
guillemet and straight marks, apostrophes told from closing marks). A quotation nested in
another (``“… responsible for ‘systematic … violations’ …”``) is a quotation of its own too,
recorded after the one holding it: the press release quoting a letter that quotes the COI
quotes the COI as well. Quote ids number the quotations in order of their opening marks.

**Footnote**: the label of a footnote marker (``Footnote.anchors``) sitting right after the
closing mark, with at most ``[quotes] footnote_gap`` characters of space or punctuation between
(``…association,”ii``); for a nested quotation, before the closing mark of the one
holding it.

**Attribution**, in order of evidence: the first document the linked footnote cites, or the
first source of the sources table (``[sources]``, :mod:`pipeline.sources`) its text names
(``Korean Central News Agency, statement of …``); else the last source named in the quote's
sentence before its opening mark (text inside other quotations does not count, and a source
being asked or written to — ``call on the Security Council “to…”``, per ``[quotes] addressee``
— is not the speaker); else, when that
sentence points back with a word from ``[quotes] anaphors`` (``In that report, he noted``), the
first source of the previous sentence, which for a paragraph's first sentence is the end of the
previous paragraph (``…the COI concluded that “…”`` / ``The report found “…”``); else null.
Risks: the last source named is not always the speaker (``the government’s response to the
General Assembly’s committee, calling it “hostile”``); a source named only after the quotation
(``“…,” the Special Rapporteur said``) is not seen; an addressee who then speaks (``referred it
to the Security Council, which said “…”``) is skipped. Sentences end at ``.``/``!``/``?``/``…``
before a capital, except after the abbreviations of ``[footnotes] abbreviations`` and single
initials.

**Source**: the id of the source the attribution names, else of the first document the linked
footnote cites that the table knows (:meth:`~pipeline.sources.SourceTable.source_of`), else null.

**Kind**: ``scare`` for at most ``[quotes] scare_max_words`` words with no footnote (“two track”,
“hostile”), else ``quotation``. Risk: a short, uncited real quotation is not compared.

**Nested** quotations are attributed from their own sentence inside the quotation holding them
(a source named there before the opening mark: ``“… as the COI put it, ‘…’ …”``), else as the
quotation holding them is.

>>> from pipeline import clean_text
>>> doc = clean_text('The Special Rapporteur called it “a “two track” approach”.\\n')
>>> [(q.id, q.source, q.kind) for q in doc.quotes]
[('q1', 'special-rapporteur', 'quotation'), ('q2', 'special-rapporteur', 'scare')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..codes import finding
from ..compiled import compiled
from ..config import Config, QuotesConfig, SourcesConfig
from ..document import Document, Finding, Quote
from ..sources import SourceTable, source_table
from ..text import INITIAL, PARAGRAPH_BREAK, SENTENCE_BREAK
from ._quote_marks import Pair, mark_offsets, marks_between, pair_marks
from .base import Context, StageOutput


@dataclass(frozen=True, slots=True)
class _Rules:
    """The compiled ``[quotes]`` options."""

    sources: SourceTable
    addressee: re.Pattern[str]
    anaphors: re.Pattern[str] | None


def compile_config(config: Config) -> None:
    """Compile ``[quotes]`` and the sources table (when the pipeline is built)."""
    _rules(config.quotes, config.sources)
    _function_words(config.quotes)


def extract_quotes(doc: Document, ctx: Context) -> StageOutput:
    """Record the document's quotations; a ``quote.unbalanced`` note for each unpaired mark."""
    text = doc.text
    options = ctx.config.quotes
    rules = _rules(options, ctx.config.sources)
    notes = {note.label: note.citations for note in doc.footnotes}
    abbreviations = frozenset(ctx.config.footnotes.abbreviations)
    function_words = _function_words(options)
    marks = mark_offsets(text)
    paragraphs = [
        (
            start,
            end,
            *pair_marks(text, start, end, function_words, marks_between(marks, start, end)),
        )
        for start, end in _paragraphs(text)
    ]
    # (read only for a quotation's closing mark: most documents quote nothing)
    anchors = _anchors(doc, rules) if any(pairs for _, _, pairs, _ in paragraphs) else {}
    outermost = [[pair for pair in pairs if pair.parent < 0] for _, _, pairs, _ in paragraphs]
    masked = _mask(text, [pair for pairs in outermost for pair in pairs])
    # Sentence starts: a quote's sentence and, for an anaphor, the one before it, which may end
    # the paragraph before; a paragraph with no quotation before another with none gives only
    # its start (where the sentence before the next one ends), its sentences never asked about.
    asked = [bool(pairs) for pairs in outermost[1:]] + [False]
    starts = [
        pos
        for (start, end, _, _), pairs, before in zip(paragraphs, outermost, asked, strict=True)
        for pos in (
            _sentence_starts(text, start, end, pairs, abbreviations)
            if pairs or before
            else (start,)
        )
    ]
    sentences = _Sentences(masked, starts, rules)
    quotes: list[Quote] = []
    findings: list[Finding] = []
    for _, _, pairs, strays in paragraphs:
        if not pairs and not strays:
            continue  # (most paragraphs)
        for pos in strays:
            raw_start, raw_end = doc.ledger.raw_span(pos, pos + 1)
            message = f"quotation mark {text[pos]} has no partner in its paragraph"
            findings.append(finding("quote.unbalanced", message, raw_start, raw_end))
        holders = {pair.open: pair for pair in pairs}
        said: dict[int, str | None] = {}  # attribution by opening mark, for what nests in it
        inner: dict[int, dict[int, str | None]] = {}  # by holder: its sentences' sources
        for pair in pairs:
            inside = text[pair.open + 1 : pair.close]
            if not inside.strip():
                continue  # “” or “ ”: nothing quoted
            raw_start, raw_end = doc.ledger.raw_span(pair.open + 1, pair.close)
            gap = options.footnote_gap
            if pair.parent >= 0:  # a nested quotation's own note stands inside its holder
                gap = min(gap, holders[pair.parent].close - pair.close - 1)
            footnote = _footnote_after(text, pair.close + 1, anchors, gap)
            cited = footnote[1] if footnote else None
            if pair.parent < 0:
                attribution = cited or sentences.attribution(pair.open)
            else:
                if pair.parent not in inner:
                    inner[pair.parent] = _nested_attributions(
                        text, holders[pair.parent], pairs, rules, abbreviations
                    )
                attribution = cited or inner[pair.parent][pair.open] or said.get(pair.parent)
            said[pair.open] = attribution
            source = rules.sources.source_of(
                attribution, notes.get(footnote[0], ()) if footnote else ()
            )
            short = footnote is None and len(inside.split()) <= options.scare_max_words
            quotes.append(
                Quote(
                    f"q{len(quotes) + 1}",
                    raw_start,
                    raw_end,
                    footnote[0] if footnote else None,
                    attribution,
                    "scare" if short else "quotation",
                    source,
                )
            )
    return StageOutput(quotes=tuple(quotes), findings=tuple(findings))


@compiled
def _rules(options: QuotesConfig, sources: SourcesConfig) -> _Rules:
    words = sorted(options.anaphors, key=len, reverse=True)
    anaphors = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
        if words
        else None
    )
    return _Rules(source_table(sources), re.compile(options.addressee, re.IGNORECASE), anaphors)


@compiled
def _function_words(options: QuotesConfig) -> frozenset[str]:
    return frozenset(word.casefold() for word in options.function_words)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` (separated by a blank line)."""
    breaks = list(PARAGRAPH_BREAK.finditer(text))
    starts = [0, *map(re.Match.end, breaks)]
    return list(zip(starts, [*map(re.Match.start, breaks), len(text)], strict=True))


def _anchors(doc: Document, rules: _Rules) -> dict[int, tuple[str, str | None]]:
    """Clean offset of each footnote marker -> (label, what the note says is quoted or None)."""
    found: dict[int, tuple[str, str | None]] = {}
    for note in doc.footnotes:
        cited: str | None
        if note.citations:
            cited = note.citations[0].document
        else:  # (its first source: searched only when it cites no document)
            named = _mentions(note.text, 0, len(note.text), rules)
            cited = named[0] if named else None
        for raw_start, raw_end in note.anchors:
            found.setdefault(doc.ledger.clean_span(raw_start, raw_end)[0], (note.label, cited))
    return found


def _footnote_after(
    text: str, pos: int, anchors: dict[int, tuple[str, str | None]], gap: int
) -> tuple[str, str | None] | None:
    """The footnote whose marker follows clean offset ``pos`` across space or punctuation."""
    for end in range(pos, min(pos + gap, len(text)) + 1):
        if any(c.isalnum() or c == "\n" for c in text[pos:end]):
            return None
        if end in anchors:
            return anchors[end]
    return None


def _mask(text: str, pairs: list[Pair]) -> str:
    """``text`` with the inside of every quotation in ``pairs`` blanked (same offsets)."""
    pieces, pos = [], 0
    for pair in pairs:
        pieces += [text[pos : pair.open + 1], " " * (pair.close - pair.open - 1)]
        pos = pair.close
    return "".join([*pieces, text[pos:]])


def _nested_attributions(
    text: str, holder: Pair, pairs: list[Pair], rules: _Rules, abbreviations: frozenset[str]
) -> dict[int, str | None]:
    """For each quotation directly inside ``holder`` (by opening mark), the source its sentence
    inside ``holder`` names before it, as :meth:`_Sentences.attribution` finds it there."""
    lo, hi = holder.open + 1, holder.close
    children = [p for p in pairs if p.parent == holder.open]
    local = [Pair(p.open - lo, p.close - lo) for p in children]
    inside = text[lo:hi]
    starts = _sentence_starts(inside, 0, len(inside), local, abbreviations)
    sentences = _Sentences(_mask(inside, local), starts, rules)
    return {p.open: sentences.attribution(p.open - lo) for p in children}


def _sentence_starts(
    text: str, start: int, end: int, pairs: list[Pair], abbreviations: frozenset[str]
) -> list[int]:
    """Offsets where sentences of the paragraph ``[start, end)`` begin, outside quotations."""
    starts = [start]
    opens = [p.open for p in pairs]  # outermost pairs: sorted and disjoint
    for match in SENTENCE_BREAK.finditer(text, start, end):
        word = _last_word(text, start, match.start() + 1).lstrip('([“‘«"')
        if word in abbreviations or INITIAL.fullmatch(word):
            continue
        k = bisect_left(opens, match.end()) - 1  # the one pair that may hold it
        if k >= 0 and match.end() < pairs[k].close:
            continue
        starts.append(match.end())
    return starts


def _last_word(text: str, start: int, stop: int) -> str:
    """``text[start:stop].rsplit(None, 1)[-1]`` (``text[stop - 1]`` is no space), without copying
    the text from ``start``: a paragraph's sentences would cost the square of its length."""
    lo = max(start, stop - 64)
    piece = text[lo:stop]
    parts = piece.rsplit(None, 1)
    if len(parts) == 2 or lo == start or piece[0].isspace():
        return parts[-1]
    while lo > start and not text[lo - 1].isspace():  # a word longer than the piece
        lo -= 1
    return text[lo:stop]


class _Sentences:
    """The sentences of the masked text, each searched for sources and anaphors once (not once per
    quotation in it: a long run of quotations without a full stop would take quadratic time)."""

    def __init__(self, masked: str, starts: list[int], rules: _Rules) -> None:
        self.masked, self.starts, self.rules = masked, starts, rules
        self._scanned: dict[int, _Scan] = {}
        self._anaphors: dict[int, int | None] = {}  # sentence -> where its first anaphor ends

    def _scan(self, k: int) -> _Scan:
        if k not in self._scanned:
            start = self.starts[k]
            end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.masked)
            found = _mention_spans(self.masked, start, end, self.rules)
            ends: list[int] = []
            latest: list[tuple[int, str]] = []
            for mention_start, mention_end, name in sorted(found, key=lambda m: m[1]):
                ends.append(mention_end)
                here = (mention_start, name)
                latest.append(max(latest[-1], here) if latest else here)
            first = min((s, name) for s, _, name in found)[1] if found else None
            self._scanned[k] = _Scan(ends, latest, first)
        return self._scanned[k]

    def _anaphor_end(self, k: int) -> int | None:
        """Where the first anaphor of sentence ``k`` ends (sought only for a quotation that no
        source named before it: most are attributed without one)."""
        if k not in self._anaphors:
            anaphors, found = self.rules.anaphors, None
            if anaphors is not None:
                end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.masked)
                found = anaphors.search(self.masked, self.starts[k], end)
            self._anaphors[k] = found.end() if found else None
        return self._anaphors[k]

    def attribution(self, opening: int) -> str | None:
        """Who the sentence before ``opening`` says is quoted (see the module docstring)."""
        k = bisect_right(self.starts, opening) - 1
        scan = self._scan(k)
        before = bisect_right(scan.ends, opening)  # mentions ending before the opening mark
        if before:
            return scan.latest[before - 1][1]
        if k == 0:
            return None
        anaphor_end = self._anaphor_end(k)
        if anaphor_end is None or anaphor_end > opening:
            return None
        return self._scan(k - 1).first


@dataclass(frozen=True, slots=True)
class _Scan:
    """A sentence's sources: the ends of its mentions, sorted; for each, the last-starting
    mention ending there or before, as ``(start, name)``; the first mention's name."""

    ends: list[int]
    latest: list[tuple[int, str]]
    first: str | None


def _mention_spans(masked: str, start: int, end: int, rules: _Rules) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of the sources named in ``masked[start:end]`` (not as addressees)."""
    return sorted(
        (m.start, m.end, m.name)
        for m in rules.sources.mentions(masked, start, end)
        if not rules.addressee.search(masked, max(start, m.start - 80), m.start)
    )


def _mentions(masked: str, start: int, end: int, rules: _Rules) -> list[str]:
    """Names of the sources named in ``masked[start:end]`` (not as addressees), in order."""
    return [name for _, _, name in _mention_spans(masked, start, end, rules)]
