"""Stage ``structure``: letter furniture — title, date, place, addressees, salutation, closing,
signatories — read into ``metadata`` and the kind of every paragraph.

It runs last, on the rebuilt paragraphs, and changes no text. A document with a salutation or a
closing (patterns in ``[structure]``) is a ``letter``: what comes before the salutation is its
title (the first paragraph, if it is not a date or an address), a date line (``New York,
December 9, 2014`` gives place and date) and addressee blocks; what follows the closing is the
signature. Anything else is an ``article``: a short first paragraph without a full stop is its
title, a paragraph that is only a date (or a byline ending in one) its date.

Signatories are the lines of the signature blocks; a line made of a job title (``President &
CEO``, ``Executive Director, …`` — words from ``structure.job_titles``) belongs to the name above
it and is not a signatory. The risk: a letter with neither salutation nor closing is read as an
article, and an unusual date format is left as ``null``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document, Metadata, Paragraph
from .base import Context, StageOutput

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))


def _month(n: int) -> str:
    return rf"(?P<month{n}>{_MONTH_NAMES})\.?"


def _day(n: int) -> str:
    return rf"(?P<day{n}>\d{{1,2}})(?:st|nd|rd|th)?"


DATE = re.compile(
    rf"(?:{_month(1)}\s+{_day(1)},?\s+(?P<year1>\d{{4}})"  # December 8, 2016
    rf"|{_day(2)}\s+(?:of\s+)?{_month(2)},?\s+(?P<year2>\d{{4}})"  # 8 Dec 2016
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))",  # 2016-12-08
    re.IGNORECASE,
)
DATE_LINE = re.compile(rf"(?:(?P<prefix>[^\n]{{1,80}}?)[,|–—-]\s*)?{DATE.pattern}\.?", re.I)
MAX_TITLE = 250  # characters; a longer first paragraph is prose
PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")  # lines with no blank line between them


@dataclass(frozen=True, slots=True)
class _Para:
    start: int
    end: int
    text: str


def read_structure(doc: Document, ctx: Context) -> StageOutput:
    """Annotate every paragraph with its kind and fill in the document's metadata."""
    paras = _paragraphs(doc.text)
    options = ctx.config.structure
    salutations, closings = _compile(options.salutations), _compile(options.closings)
    salutation = _first(paras, salutations)
    closing = _first(paras, closings, after=-1 if salutation is None else salutation)
    kinds = ["body"] * len(paras)
    if salutation is None and closing is None:
        meta = _article(paras, kinds)
    else:
        meta = _letter(paras, kinds, salutation, closing, options.job_titles)
    paragraphs = tuple(
        Paragraph(*doc.ledger.raw_span(p.start, p.end), kind)
        for p, kind in zip(paras, kinds, strict=True)
    )
    return StageOutput(paragraphs=paragraphs, metadata=meta)


@lru_cache(maxsize=16)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _paragraphs(text: str) -> list[_Para]:
    """Runs of lines without a blank line between them."""
    return [_Para(m.start(), m.end(), m.group()) for m in PARAGRAPH.finditer(text)]


def _first(
    paras: list[_Para], patterns: tuple[re.Pattern[str], ...], after: int = -1
) -> int | None:
    for i in range(after + 1, len(paras)):
        if any(p.fullmatch(paras[i].text) for p in patterns):
            return i
    return None


def _date(text: str) -> tuple[str | None, str | None]:
    """``(place or byline, ISO date)`` if ``text`` is a date line, else ``(None, None)``."""
    match = DATE_LINE.fullmatch(text.strip())
    if not match:
        return None, None
    try:
        if match["iso"]:
            day = dt.date.fromisoformat(match["iso"])
        else:
            month = MONTHS[(match["month1"] or match["month2"]).lower()]
            year, number = match["year1"] or match["year2"], match["day1"] or match["day2"]
            day = dt.date(int(year), month, int(number))
    except ValueError:  # 31 February
        return None, None
    return (match["prefix"] or "").strip() or None, day.isoformat()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _article(paras: list[_Para], kinds: list[str]) -> Metadata:
    title = date = None
    for i, para in enumerate(paras[:5]):
        iso = next(filter(None, (_date(line)[1] for line in para.text.split("\n"))), None)
        if iso and date is None:  # a date line, or a byline block with one
            kinds[i], date = "date", iso
        elif i == 0 and len(para.text) <= MAX_TITLE and not para.text.rstrip().endswith("."):
            kinds[i], title = "title", _one_line(para.text)
    return Metadata(title=title, date=date, kind="article")


@lru_cache(maxsize=8)
def _title_words(job_titles: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(map(re.escape, job_titles)) + r")\b", re.I)


def _letter(
    paras: list[_Para],
    kinds: list[str],
    salutation: int | None,
    closing: int | None,
    job_titles: tuple[str, ...],
) -> Metadata:
    title = date = place = None
    addressees: list[str] = []
    head = salutation if salutation is not None else 0
    for i, para in enumerate(paras[:head]):
        prefix, iso = _date(para.text)
        if iso and date is None:
            kinds[i], date, place = "date", iso, prefix
        elif i == 0 and "\n" not in para.text.strip() and len(para.text) <= MAX_TITLE:
            kinds[i], title = "title", _one_line(para.text)
        else:
            kinds[i] = "address"
            addressees.append(para.text.strip().split("\n")[0].strip())
    if salutation is not None:
        kinds[salutation] = "salutation"
    if closing is not None:
        kinds[closing] = "closing"
        tail = range(closing + 1, len(paras))
    else:  # no closing: short unpunctuated paragraphs at the end sign the letter
        tail = range(len(paras), len(paras))
        while tail.start > head + 1 and not paras[tail.start - 1].text.rstrip().endswith("."):
            tail = range(tail.start - 1, len(paras))
    signatories: list[str] = []
    title_words = _title_words(job_titles)
    for i in tail:
        kinds[i] = "signature"
        for line in paras[i].text.split("\n"):
            line = line.strip()
            if line and not (title_words.search(line) and signatories):
                signatories.append(line)
    return Metadata(
        title=title,
        date=date,
        place=place,
        addressees=tuple(addressees),
        salutation=_one_line(paras[salutation].text) if salutation is not None else None,
        closing=_one_line(paras[closing].text) if closing is not None else None,
        signatories=tuple(signatories),
        kind="letter",
    )
