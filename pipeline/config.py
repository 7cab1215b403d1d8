"""The run's configuration: one immutable object, loaded from ``defaults.toml`` plus a user file.

The defaults, with a comment on each option saying what it does and why it is the default, live in
``pipeline/defaults.toml`` (data, not code). A user's TOML file (``--config FILE``) overrides any of
those keys; an unknown key or a value of the wrong type is a :class:`~pipeline.errors.ConfigError`
naming the key.
"""

from __future__ import annotations

import codecs
import dataclasses
import math
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from . import backtracking, reading
from .errors import ConfigError, InputError

NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD", "")
HTML_MODES = ("auto", "always", "never")
MAX_BUDGET = 86_400.0  # seconds: a day per document is no budget; more overflows the timer
MAX_CONFIG_BYTES = 1 << 20  # a config file is a few KB; /dev/zero or a log named by mistake is not
MAX_CONFIG_DEPTH = 4  # tables and lists: [sources.<id>] aliases = [...] is the deepest we read
COUNT = 1_000_000_000  # a count or length beyond any document, within every C integer
T = TypeVar("T")

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
    "pages.edge_lines": (1, COUNT),
    "pages.min_pages": (0, COUNT),
    "pages.max_header_length": (0, COUNT),
    "pages.min_page_lines": (2, COUNT),
    "pages.header_width": (0, 1),
    **{f"layout.{key}": (0, 1) for key in ("short_line", "full_line", "room_line")},
    "layout.double_spaced_share": (0, 1),
    "structure.max_furniture_line": (1, COUNT),
    "footnotes.max_label_digits": (1, 100),  # makes a regex repeat {0,N-1}: a label, not a number
    "footnotes.max_label_gap": (0, COUNT),
    "footnotes.short_form_max_words": (0, COUNT),
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
}


@dataclass(frozen=True, slots=True)
class InputConfig:
    """How inputs are read (see ``[input]`` in defaults.toml)."""

    max_bytes: int
    preferred_encodings: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_range("input.max_bytes", self.max_bytes, 1)
        for name in self.preferred_encodings:
            try:
                codec = codecs.lookup(name)
            except LookupError:
                raise ConfigError(f"input.preferred_encodings: unknown encoding {name!r}") from None
            if not getattr(codec, "_is_text_encoding", True):  # rot13, hex, base64, zlib
                raise ConfigError(
                    f"input.preferred_encodings: {name!r} is not a text encoding (bytes to text)"
                )


@dataclass(frozen=True, slots=True)
class StagesConfig:
    """Which stages run, and for how long at most (see ``[stages]``)."""

    skip: tuple[str, ...]
    time_budget_seconds: float  # per document; 0: no budget (pipeline/budget.py)

    def __post_init__(self) -> None:
        _check_range("stages.time_budget_seconds", self.time_budget_seconds, 0, MAX_BUDGET)


@dataclass(frozen=True, slots=True)
class UnicodeConfig:
    """Options of the ``unicode`` stage, passed on to ftfy (see ``[unicode]``)."""

    unescape_html: str
    fix_latin_ligatures: bool
    fix_character_width: bool
    remove_control_chars: bool
    normalization: str
    compose_stray_accents: bool = True  # not ftfy's: put ``Petrovi´c``'s accent on its letter

    def __post_init__(self) -> None:
        if self.unescape_html not in HTML_MODES:
            raise ConfigError(f"unicode.unescape_html must be one of {', '.join(HTML_MODES)}")
        if self.normalization not in NORMAL_FORMS:
            raise ConfigError("unicode.normalization must be NFC, NFD, NFKC, NFKD or empty")


@dataclass(frozen=True, slots=True)
class WhitespaceConfig:
    """Options of the ``whitespace`` stage (see ``[whitespace]``)."""

    delete: tuple[str, ...]
    to_space: tuple[str, ...]
    strip_trailing: bool


def _check_stoplists(key: str, languages: tuple[str, ...]) -> None:
    """Raise :class:`ConfigError` naming ``key`` for a language the stoplist package lacks."""
    from stop_words import LANGUAGE_MAPPING  # type: ignore[import-untyped]

    for language in languages:
        if language not in LANGUAGE_MAPPING:
            raise ConfigError(f"{key}: no stoplist for language {language!r}")


def _check_patterns(key: str, patterns: tuple[str, ...], *, named: bool = False) -> None:
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
                f"{key}: regex {_shown_key(entry)!r} is too deep or too large"
            ) from None
        if hazard:  # `(a+)+$` would hang a run on one line of `a`s
            raise ConfigError(
                f"{key}: regex {_shown_key(entry)!r} can backtrack exponentially ({hazard}): "
                "make the inner repeat possessive (\\s*+) or atomic ((?>...))"
            )
        needs_number = key.startswith("pages.") and key != "pages.sentence_end"
        if needs_number and "n" not in compiled.groupindex:
            raise ConfigError(f"{key}: {entry!r} must capture the page number as (?P<n>...)")


@dataclass(frozen=True, slots=True)
class BoilerplateConfig:
    """Options of the ``boilerplate`` stage (see ``[boilerplate]``)."""

    rules: tuple[str, ...]
    link_lists: tuple[str, ...]
    credits: tuple[str, ...]
    agencies: tuple[str, ...]
    navigation_words: tuple[str, ...]
    separators: tuple[str, ...]
    web_separators: tuple[str, ...]
    buttons: tuple[str, ...]
    labels: tuple[str, ...]
    pictured: tuple[str, ...]
    languages: tuple[str, ...]
    max_line_length: int
    max_caption_length: int
    max_chrome_length: int
    max_chrome_words: int
    max_menu_words: int
    menu_run: int
    min_paragraph_words: int
    long_line_words: int
    min_stop_share: float
    relative_stop_share: float
    max_link_share: float
    min_link_share: float
    max_article_gap: int
    weak_gap_weight: float
    lone_strong_weight: float
    main_run_share: float
    min_web_evidence: int
    min_web_menu_lines: int
    min_documents: int

    def __post_init__(self) -> None:
        _check_patterns("boilerplate.rules", self.rules, named=True)
        _check_patterns("boilerplate.link_lists", self.link_lists)
        _check_patterns("boilerplate.credits", self.credits)
        # As the stage compiles them (stages/boilerplate/rules.py): with the agencies in place of
        # {agency}, whose alternatives can make a loop ambiguous that "x" did not.
        agency = "(?:" + "|".join(re.escape(name) for name in self.agencies) + ")"
        for entry in self.credits:
            try:
                hazard = backtracking.hazard(f"(?:{entry.replace('{agency}', agency)})$")
            except (re.error, RecursionError, OverflowError):
                hazard = "it does not compile with them"
            if hazard:
                raise ConfigError(
                    f"boilerplate.credits: regex {_shown_key(entry)!r} with boilerplate.agencies "
                    f"can backtrack exponentially ({hazard})"
                )
        _check_patterns("boilerplate.pictured", self.pictured)
        _check_stoplists("boilerplate.languages", self.languages)
        _check_range("boilerplate.min_stop_share", self.min_stop_share, 0.0, 1.0)
        _check_range("boilerplate.max_link_share", self.max_link_share, 0.0, 1.0)
        _check_range("boilerplate.min_link_share", self.min_link_share, 0.0, 1.0)
        _check_range("boilerplate.max_article_gap", self.max_article_gap, 1)
        _check_range("boilerplate.main_run_share", self.main_run_share, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class PagesConfig:
    """Options of the ``page-break`` stage (see ``[pages]``)."""

    page_numbers: tuple[str, ...]
    boundary_page_numbers: tuple[str, ...]
    bare_page_number: str
    edge_lines: int
    min_pages: int
    max_header_length: int
    sentence_end: str
    min_page_lines: int
    header_width: float

    def __post_init__(self) -> None:
        _check_patterns("pages.page_numbers", self.page_numbers)
        _check_patterns("pages.boundary_page_numbers", self.boundary_page_numbers)
        _check_patterns("pages.bare_page_number", (self.bare_page_number,))
        _check_patterns("pages.sentence_end", (self.sentence_end,))
        if self.edge_lines < 1:
            raise ConfigError("pages.edge_lines must be at least 1")
        if self.min_page_lines < 2:
            raise ConfigError("pages.min_page_lines must be at least 2")
        _check_range("pages.header_width", self.header_width, 0, 1)


@dataclass(frozen=True, slots=True)
class HyphenationConfig:
    """Options of the ``hyphenation`` stage (see ``[hyphenation]``)."""

    compounds: tuple[str, ...]
    first_parts: tuple[str, ...]
    always_prefixes: tuple[str, ...]
    vowel_prefixes: tuple[str, ...]
    second_parts: tuple[str, ...]
    soft_prefixes: tuple[str, ...]
    word_endings: tuple[str, ...]
    closed_second_parts: tuple[str, ...]
    number_second_parts: tuple[str, ...]
    note_uncertain: bool


@dataclass(frozen=True, slots=True)
class LayoutConfig:
    """Options of the ``line-wrap`` stage (see ``[layout]``)."""

    short_line: float
    full_line: float
    room_line: float
    double_spaced_share: float

    def __post_init__(self) -> None:
        _check_range("layout.short_line", self.short_line, 0, 1)
        _check_range("layout.full_line", self.full_line, self.short_line, 1)
        _check_range("layout.room_line", self.room_line, 0, 1)
        _check_range("layout.double_spaced_share", self.double_spaced_share, 0, 1)


@dataclass(frozen=True, slots=True)
class StructureConfig:
    """Options of the ``structure`` stage (see ``[structure]``)."""

    salutations: tuple[str, ...]
    closings: tuple[str, ...]
    max_furniture_line: int
    job_titles: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_range("structure.max_furniture_line", self.max_furniture_line, 1)


@dataclass(frozen=True, slots=True)
class FootnotesConfig:
    """Options of the ``footnotes`` stage and of :mod:`pipeline.citations` (see ``[footnotes]``)."""

    max_label_digits: int
    max_label_gap: int
    abbreviations: tuple[str, ...]
    headings: tuple[str, ...]
    units: tuple[str, ...]
    paragraph_words: tuple[str, ...]
    ibid_words: tuple[str, ...]
    short_form_max_words: int
    short_form_prefixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConsistencyConfig:
    """Options of the cross-document quote check (see ``[consistency]``)."""

    shingle_size: int
    min_words: int
    containment: float
    max_shingle_documents: int
    max_shingle_share: float
    dispute_ratio: float
    dispute_min_support: int

    def __post_init__(self) -> None:
        _check_range("consistency.shingle_size", self.shingle_size, 1)
        _check_range("consistency.min_words", self.min_words, 1)
        _check_range("consistency.containment", self.containment, 0, 1)
        _check_range("consistency.max_shingle_documents", self.max_shingle_documents, 1)
        _check_range("consistency.max_shingle_share", self.max_shingle_share, 0, 1)
        _check_range("consistency.dispute_ratio", self.dispute_ratio, 0, 1)
        _check_range("consistency.dispute_min_support", self.dispute_min_support, 1)


@dataclass(frozen=True, slots=True)
class QuotesConfig:
    """Options of the ``quotes`` stage (see ``[quotes]``; who is quoted is ``[sources]``)."""

    addressee: str
    anaphors: tuple[str, ...]
    scare_max_words: int
    footnote_gap: int
    function_words: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_patterns("quotes.addressee", (self.addressee,))
        if self.scare_max_words < 0 or self.footnote_gap < 0:
            raise ConfigError("quotes.scare_max_words and quotes.footnote_gap must be >= 0")


SOURCE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SOURCE_KEYS = ("aliases", "symbols", "symbol_patterns", "exclude")  # of a ``[sources.<id>]``


def name_key(name: str) -> str:
    """The form in which two names of a source are the same name: casefolded, apostrophes
    unified, spaces collapsed (``the  Commission`` = ``The commission``; ``People’s`` =
    ``People's``).

    >>> name_key("  The Commission of  Inquiry’s ")
    "the commission of inquiry's"
    """
    return " ".join(name.replace("\u2019", "'").split()).casefold()


@dataclass(frozen=True, slots=True)
class QuotedSource:
    """One row of the sources table (``[sources.<id>]``): who or what a quotation can be
    attributed to, by the names texts give it and the symbols of its documents."""

    id: str  # lowercase-dashes: a quote's ``source`` in the document JSON
    aliases: tuple[str, ...]  # names as texts write them; the first is what attribution reports
    symbols: tuple[str, ...]  # UN document symbols of its texts ("A/HRC/25/63")
    symbol_patterns: tuple[str, ...]  # regexes for a family of symbols ("every GA resolution")
    exclude: tuple[str, ...]  # longer names of other bodies that hold an alias

    def __post_init__(self) -> None:
        key = f"sources.{self.id}"
        if not SOURCE_ID.fullmatch(self.id):
            raise ConfigError(f"config key {key!r}: a source id is lowercase-dashes (e.g. 'coi')")
        if not self.aliases:
            raise ConfigError(f"config key '{key}.aliases' must name the source at least once")
        for field in ("aliases", "symbols", "exclude"):
            if any(not name.strip() for name in getattr(self, field)):
                raise ConfigError(f"config key '{key}.{field}' holds an empty name")
        _check_patterns(f"{key}.symbol_patterns", self.symbol_patterns)
        if any(re.compile(pattern).groupindex for pattern in self.symbol_patterns):
            raise ConfigError(f"config key '{key}.symbol_patterns': no named groups (?P<…>)")

    def names(self) -> tuple[str, ...]:
        """Every name ``--source`` accepts for it: its id, aliases and symbols."""
        return (self.id, *self.aliases, *self.symbols)


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    """The sources table (see ``[sources]``): one :class:`QuotedSource` per source, in the order
    of defaults.toml, then the user's. A name (id, alias or symbol, compared by
    :func:`name_key`) belongs to one source only."""

    table: tuple[QuotedSource, ...]

    def __post_init__(self) -> None:
        owner: dict[str, str] = {}
        for row in self.table:
            keyed = [(f"sources.{row.id}", row.id)]
            keyed += [(f"sources.{row.id}.aliases", alias) for alias in row.aliases]
            keyed += [(f"sources.{row.id}.symbols", symbol) for symbol in row.symbols]
            for key, name in keyed:
                first = owner.setdefault(name_key(name), row.id)
                if first != row.id:
                    raise ConfigError(
                        f"config key {key!r}: {name!r} already names source {first!r}"
                    )

    @classmethod
    def build(cls, defaults: dict[str, Any], user: dict[str, Any]) -> SourcesConfig:
        """The table of ``defaults`` with the user's tables: a new id adds a source, a known id
        changes the keys it sets."""
        empty: dict[str, Any] = {key: [] for key in SOURCE_KEYS}
        rows = []
        for source_id in [*defaults, *(k for k in user if k not in defaults)]:
            given = user.get(source_id, {})
            if not isinstance(given, dict):
                raise ConfigError(f"config key 'sources.{source_id}' must be a table")
            if "id" in given:  # the table's name is the id
                raise ConfigError(f"unknown config key 'sources.{source_id}.id'")
            base = {"id": source_id, **empty, **defaults.get(source_id, {})}
            rows.append(_build(QuotedSource, base, given, f"sources.{source_id}."))
        return cls(tuple(rows))

    def to_dict(self) -> dict[str, Any]:
        """The table as TOML would hold it, for the manifest."""
        return {row.id: {key: list(getattr(row, key)) for key in SOURCE_KEYS} for row in self.table}


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """How much ``report.html`` shows of a large corpus (see ``[report]``)."""

    max_documents: int
    max_findings: int
    max_clusters: int
    max_members: int

    def __post_init__(self) -> None:
        _check_range("report.max_documents", self.max_documents, 0)
        _check_range("report.max_findings", self.max_findings, 0)
        _check_range("report.max_clusters", self.max_clusters, 0)
        _check_range("report.max_members", self.max_members, 1)


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run can be told; build it with :meth:`load`, never by hand."""

    input: InputConfig
    stages: StagesConfig
    unicode: UnicodeConfig
    whitespace: WhitespaceConfig
    boilerplate: BoilerplateConfig
    pages: PagesConfig
    footnotes: FootnotesConfig
    hyphenation: HyphenationConfig
    layout: LayoutConfig
    structure: StructureConfig
    consistency: ConsistencyConfig
    quotes: QuotesConfig
    sources: SourcesConfig
    report: ReportConfig

    @classmethod
    def load(cls, path: str | Path | None = None) -> Config:
        """The defaults, overridden by the TOML file at ``path`` when given."""
        defaults = _defaults()
        if path is None:
            return _default_config()
        try:  # a regular file of at most MAX_CONFIG_BYTES: never a FIFO's wait or /dev/zero
            text = reading.read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8")
            user = tomllib.loads(text)
        except InputError as error:
            raise ConfigError(f"{path}: cannot read config: {error.reason}") from None
        except UnicodeDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: not UTF-8 text") from error
        except tomllib.TOMLDecodeError as error:  # its message ends "(at line N, column M)"
            raise ConfigError(f"{path}: not valid TOML: {error}") from error
        except RecursionError:  # tomllib recurses once per nested array or inline table
            raise ConfigError(f"{path}: not valid TOML: {_too_deep()}") from None
        except ValueError:  # int() of more than 4,300 digits (sys.int_info)
            long = re.search(r"\d{4300}", text)
            where = f" (at line {text.count(chr(10), 0, long.start()) + 1})" if long else ""
            raise ConfigError(f"{path}: not valid TOML: an integer too long{where}") from None
        deep = _too_deep_key(user)
        if deep is not None:
            line = _key_line(text, deep)
            where = f" (at line {line})" if line else ""
            raise ConfigError(f"{path}: config key {_shown_key(deep)!r} {_too_deep()}{where}")
        try:
            return _build(cls, defaults, user, "")
        except ConfigError as error:
            key = _named_key(str(error), user)
            line = _key_line(text, key) if key else None
            where = f" (at line {line})" if line else ""
            raise ConfigError(f"{path}: {error}{where}") from error

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, as saved in the manifest."""
        return {
            f.name: {
                k: list(v) if isinstance(v, tuple) else v for k, v in _fields(getattr(self, f.name))
            }
            if f.name != "sources"
            else self.sources.to_dict()
            for f in dataclasses.fields(self)
        }


def _too_deep() -> str:
    return f"nests tables or arrays more than {MAX_CONFIG_DEPTH} deep"


def _shown_key(key: str) -> str:
    return key if len(key) <= 60 else key[:60] + "…"


def _too_deep_key(user: dict[str, Any]) -> str | None:
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


def _dotted_keys(table: dict[str, Any], prefix: str = "") -> Iterator[str]:
    # Recursion is bounded: Config.load refuses tables nested beyond MAX_CONFIG_DEPTH first.
    for key, value in table.items():
        yield prefix + key
        if isinstance(value, dict):
            yield from _dotted_keys(value, f"{prefix}{key}.")


def _named_key(message: str, user: dict[str, Any]) -> str | None:
    """The longest key of the user's file that ``message`` names (``'unicode.x'``, or
    ``unicode.normalization must be ...``), if any."""
    named = [
        key
        for key in _dotted_keys(user)
        if re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", message)
    ]
    return max(named, key=len, default=None)


TABLE_LINE = re.compile(r"\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?")
KEY_LINE = re.compile(r"\s*([\w\-\"'. ]+?)\s*=")


def _bare(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def _key_line(text: str, key: str) -> int | None:
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


def _check_range(key: str, value: float, low: float, high: float | None = None) -> None:
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


@cache
def _defaults() -> dict[str, Any]:
    # Read once per process: `clean_text` without a config loads the defaults on every call.
    text = resources.files(__package__).joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _default_config() -> Config:
    return _build(Config, _defaults(), {}, "")


def _fields(obj: Any) -> list[tuple[str, Any]]:
    return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]


def _build(cls: type[T], defaults: dict[str, Any], user: dict[str, Any], where: str) -> T:
    """Dataclass ``cls`` from ``defaults`` overridden by ``user``, keys and types checked."""
    names = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in user:
        if key not in names:
            raise ConfigError(f"unknown config key {where + key!r}")
    values: dict[str, Any] = {}
    for name, field in names.items():
        default, value = defaults[name], user.get(name, defaults[name])
        key = f"{where}{name}"
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"config key {key!r} must be a table")
            sub = field.type if not isinstance(field.type, str) else globals()[field.type]
            given = value if value is not default else {}
            if sub is SourcesConfig:  # a table of tables, keyed by source id
                values[name] = SourcesConfig.build(default, given)
            else:
                values[name] = _build(sub, default, given, key + ".")
        elif isinstance(default, list):
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"config key {key!r} must be a list of strings")
            values[name] = tuple(value)
        elif type(value) is int and type(default) is float:
            values[name] = float(value)  # 1 for 1.0
        elif type(value) is not type(default):
            kind = {"int": "an integer", "float": "a number", "bool": "true or false"}
            raise ConfigError(
                f"config key {key!r} must be {kind.get(type(default).__name__, 'a string')}"
            )
        else:
            values[name] = value
        if type(values[name]) in (int, float):
            _check_range(key, values[name], *RANGES[key])
    return cls(**values)
