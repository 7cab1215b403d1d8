"""Checking a user's config file and pointing at the line at fault: the helpers of
:mod:`pipeline.config`.

Every refusal is a :class:`~pipeline.errors.ConfigError` naming the key: a regex that does not
compile or can backtrack exponentially (:mod:`pipeline.backtracking`), a stoplist language the
package lacks, a number out of its range, tables nested too deep. :func:`key_line` finds the line
of the file that sets a key, so that the message can say where.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from . import backtracking
from .errors import ConfigError

MAX_CONFIG_DEPTH = 4  # tables and lists: [sources.<id>] aliases = [...] is the deepest we read
COUNT = 1_000_000_000  # a count or length beyond any document, within every C integer
MAX_BUDGET = 86_400.0  # seconds: a day per document is no budget; more overflows the timer

# Every number of the config, (lowest, highest): checked when the file is read, naming the key,
# so that no value can overflow a C integer, a regex repeat or a timer further on.
RANGES: dict[str, tuple[float, float]] = {
    "input.max_bytes": (1, 1 << 40),  # 1 TiB: reading asks for the file's size, never this
    "stages.time_budget_seconds": (0, MAX_BUDGET),
    **{
        f"boilerplate.{key}": (0, COUNT)
        for key in (
            "min_paragraph_words",
            "min_web_evidence",
            "min_web_menu_lines",
            "min_documents",
        )
    },
    **{
        f"boilerplate.{key}": (1, COUNT)
        for key in (
            "max_line_length",
            "max_caption_length",
            "max_chrome_length",
            "max_chrome_words",
            "max_menu_words",
            "menu_run",
            "long_line_words",
            "max_article_gap",
        )
    },
    **{
        f"boilerplate.{key}": (0, 1)
        for key in (
            "min_stop_share",
            "relative_stop_share",
            "max_link_share",
            "min_link_share",
            "weak_gap_weight",
            "lone_strong_weight",
            "main_run_share",
        )
    },
    "page-break.edge_lines": (1, COUNT),
    "page-break.min_pages": (0, COUNT),
    "page-break.max_header_length": (0, COUNT),
    "page-break.min_page_lines": (2, COUNT),
    "page-break.header_width": (0, 1),
    **{f"line-wrap.{key}": (0, 1) for key in ("short_line", "full_line", "room_line")},
    "line-wrap.double_spaced_share": (0, 1),
    "structure.max_furniture_line": (1, COUNT),
    "footnotes.max_label_digits": (1, 100),  # makes a regex repeat {0,N-1}: a label, not a number
    "footnotes.max_label_gap": (0, COUNT),
    "footnotes.short_form_max_words": (0, COUNT),
    "footnotes.web_page_chrome_lines": (0, COUNT),
    "consistency.shingle_size": (1, COUNT),
    "consistency.min_words": (1, COUNT),
    "consistency.containment": (0, 1),
    "consistency.max_shingle_documents": (1, COUNT),
    "consistency.max_shingle_share": (0, 1),
    "consistency.dispute_ratio": (0, 1),
    "consistency.dispute_min_support": (1, COUNT),
    "quotes.scare_max_words": (0, COUNT),
    "quotes.footnote_gap": (0, COUNT),
    "report.max_documents": (0, COUNT),
    "report.max_findings": (0, COUNT),
    "report.max_clusters": (0, COUNT),
    "report.max_members": (1, COUNT),
    "sarif.max_results": (1, 25_000),
}


def check_stoplists(key: str, languages: tuple[str, ...]) -> None:
    """Raise :class:`ConfigError` naming ``key`` for a language the stoplist package lacks."""
    from stop_words import LANGUAGE_MAPPING  # type: ignore[import-untyped]

    for language in languages:
        if language not in LANGUAGE_MAPPING:
            raise ConfigError(f"{key}: no stoplist for language {language!r}")


def check_patterns(key: str, patterns: tuple[str, ...], *, named: bool = False) -> None:
    """Raise :class:`ConfigError` naming ``key`` for a regex that does not compile.

    ``named``: entries are ``"name: regex"``; otherwise a regex that must capture ``(?P<n>…)``
    when ``key`` is a page-number pattern.
    """
    for entry in patterns:
        name, _, pattern = entry.partition(": ") if named else ("", "", entry)
        if named and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
            raise ConfigError(f"{key}: {entry!r} is not 'name: regex' (name in lowercase-dashes)")
        try:
            compiled = re.compile(pattern.replace("{agency}", "x"))
            hazard = backtracking.hazard(pattern.replace("{agency}", "x"))
        except re.error as error:
            raise ConfigError(f"{key}: bad regex {entry!r}: {error}") from error
        except (RecursionError, OverflowError):  # groups nested 1,000 deep; {99999999999}
            raise ConfigError(
                f"{key}: regex {shown_key(entry)!r} is too deep or too large"
            ) from None
        if hazard:  # `(a+)+$` would hang a run on one line of `a`s
            raise ConfigError(
                f"{key}: regex {shown_key(entry)!r} can backtrack exponentially ({hazard}): "
                "make the inner repeat possessive (\\s*+) or atomic ((?>...))"
            )
        needs_number = key.startswith("page-break.") and key != "page-break.sentence_end"
        if needs_number and "n" not in compiled.groupindex:
            raise ConfigError(f"{key}: {entry!r} must capture the page number as (?P<n>...)")


def too_deep() -> str:
    return f"nests tables or arrays more than {MAX_CONFIG_DEPTH} deep"


def shown_key(key: str) -> str:
    return key if len(key) <= 60 else key[:60] + "…"


def too_deep_key(user: dict[str, Any]) -> str | None:
    """The first dotted key of ``user`` under which tables or arrays nest more than
    :data:`MAX_CONFIG_DEPTH` deep (without recursion: a file can nest 1,000 deep), if any."""
    pending: list[tuple[str, Any, int]] = [(key, value, 1) for key, value in user.items()]
    while pending:
        key, value, depth = pending.pop()
        if isinstance(value, (dict, list)) and depth > MAX_CONFIG_DEPTH:
            return key
        if isinstance(value, dict):
            pending += [(f"{key}.{k}", v, depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [(key, v, depth + 1) for v in value]
    return None


def dotted_keys(table: dict[str, Any], prefix: str = "") -> Iterator[str]:
    # Recursion is bounded: Config.load refuses tables nested beyond MAX_CONFIG_DEPTH first.
    for key, value in table.items():
        yield prefix + key
        if isinstance(value, dict):
            yield from dotted_keys(value, f"{prefix}{key}.")


def named_key(message: str, user: dict[str, Any]) -> str | None:
    """The longest key of the user's file that ``message`` names (``'unicode.x'``, or
    ``unicode.normalization must be ...``), if any."""
    named = [
        key
        for key in dotted_keys(user)
        if re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", message)
    ]
    return max(named, key=len, default=None)


TABLE_LINE = re.compile(r"\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?")
KEY_LINE = re.compile(r"\s*([\w\-\"'. ]+?)\s*=")


def _bare(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def key_line(text: str, key: str) -> int | None:
    """The line of ``text`` (TOML) that sets ``key`` (dotted) or opens it as a table, else the
    line of its nearest parent (a key inside an inline table): found by scanning for
    ``[table]`` headers and ``name =`` lines, which is enough for an error message."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        line = _line_of(text, ".".join(parts[:end]))
        if line is not None:
            return line
    return None


def _line_of(text: str, key: str) -> int | None:
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):  # TOML lines end at \n
        header = TABLE_LINE.fullmatch(line)
        if header:
            table = _bare(header.group(1))
            if table == key:
                return number
            continue
        assignment = KEY_LINE.match(line)
        if assignment:
            full = _bare(f"{table}.{assignment.group(1)}" if table else assignment.group(1))
            if full == key or full.startswith(key + "."):
                return number
    return None


def _shown(value: float) -> str:
    """``value`` for a message: a 4,000-digit integer is not printed whole."""
    text = f"{value:,}" if isinstance(value, int) and abs(value) > 9999 else str(value)
    return text if len(text) <= 40 else f"{text[:12]}… ({len(text):,} characters)"


def check_range(key: str, value: float, low: float, high: float | None = None) -> None:
    if math.isnan(value):  # nan passes every comparison
        raise ConfigError(f"config key {key!r} must be a number, not nan")
    if value < low or (high is not None and value > high):
        # A bound at COUNT or beyond is a guard, not an opinion: only the side broken is named.
        if high is None or (high >= COUNT and value < low):
            bounds = f"at least {_shown(low)}"
        elif high >= COUNT:
            bounds = f"at most {_shown(high)}"
        else:
            bounds = f"between {_shown(low)} and {_shown(high)}"
        raise ConfigError(f"config key {key!r} must be {bounds}, not {_shown(value)}")


def check_per_path_ignores(
    key: str, table: dict[str, Any]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[findings] per_path_ignores`` (glob -> selectors) as (glob, selectors) pairs, in the
    file's order; :class:`ConfigError` naming ``key`` for a value that is not a list of
    strings or a selector that matches no finding code (as ``--ignore`` refuses it)."""
    from .selection import Selection, SelectorError  # selection needs the codes, not the config

    pairs = []
    for glob, selectors in table.items():
        if not glob:
            raise ConfigError(f"config key {key!r}: an empty glob")
        if not (isinstance(selectors, list) and all(isinstance(s, str) for s in selectors)):
            raise ConfigError(f"config key {key!r}: {glob!r} must be a list of selectors")
        try:
            pairs.append((glob, Selection.of((), selectors).ignore))
        except SelectorError as error:
            raise ConfigError(f"config key {key!r}: {glob!r}: {error}") from None
    return tuple(pairs)
