"""Date lines of letters and articles, for the ``structure`` stage.

A date line is a line that is only a date, with what may stand around it in a letter:

* a place or a byline before it, after a comma, a bar or a dash (``New York, 8 December 2015``,
  ``By Jane Doe | March 23, 2016``);
* a label (``Date: 5 March 2015``, ``Date : …``, ``Dated …``), or a colon after it
  (``19 February 2014 :``);
* the padding ``pdftotext -layout`` puts before a date set at the top right (stripped first).

Dates: ``5 March 2015``, ``5th March 2015``, ``5 of March, 2015``, ``March 5, 2015``,
``Mar. 5th, 2015``, ISO ``2015-03-05``, and numeric ``05.03.2015`` / ``05/03/2015`` only when
unambiguous: the numbers are read day first, month second, and a date is given only when the
other reading is impossible (a number above 12) or the same (``05.05.2015``); ``05.03.2015``
is ``None``, since it is 5 March in Europe and May 3 in the United States. Impossible dates
(``31 February``) are ``None``. A line of prose that mentions a date is not a date line.
"""

from __future__ import annotations

import datetime as dt
import re

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
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"  # 2016-12-08
    r"|(?P<nday>\d{1,2})(?P<sep>[./])(?P<nmonth>\d{1,2})(?P=sep)(?P<nyear>\d{4}))",  # 08.12.2016
    re.IGNORECASE,
)
DIGIT = re.compile(r"\d")
LABEL = r"(?:date[ds]?|dated|le)\s*:?\s*"  # "Date: ", "Date : ", "Dated "
DATE_LINE = re.compile(
    rf"(?:{LABEL}|(?P<prefix>[^\n]{{1,80}}?)[,|–—-]\s*)?{DATE.pattern}\s*[.:]?",
    re.IGNORECASE,
)


def date_line(text: str) -> tuple[str | None, str | None]:
    """``(place or byline, ISO date)`` if ``text`` is a date line, else ``(None, None)``."""
    if not DIGIT.search(text):  # every date has a digit: most lines are done here
        return None, None
    match = DATE_LINE.fullmatch(text.strip())
    if not match:
        return None, None
    try:
        if match["iso"]:
            day = dt.date.fromisoformat(match["iso"])
        elif match["nday"]:
            first, second = int(match["nday"]), int(match["nmonth"])
            if first != second and first <= 12 and second <= 12:
                return None, None  # 05.03.2015: 5 March or May 3
            day_number, month = (first, second) if second <= 12 else (second, first)
            day = dt.date(int(match["nyear"]), month, day_number)
        else:
            month = MONTHS[(match["month1"] or match["month2"]).lower()]
            year, number = match["year1"] or match["year2"], match["day1"] or match["day2"]
            day = dt.date(int(year), month, int(number))
    except ValueError:  # 31 February
        return None, None
    return (match["prefix"] or "").strip() or None, day.isoformat()
