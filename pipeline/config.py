"""The run's configuration: one immutable object, loaded from ``defaults.toml`` plus a user file.

The defaults, with a comment on each option saying what it does and why it is the default, live in
``pipeline/defaults.toml`` (data, not code). A user's TOML file (``--config FILE``) overrides any of
those keys, and so does a ``coi-pipeline.toml`` or a ``pyproject.toml``'s ``[tool.coi-pipeline]``
table that the command line finds (:mod:`pipeline.config_files`); an unknown key or a value of the
wrong type is a :class:`~pipeline.errors.ConfigError` naming the key.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import tomllib
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from . import backtracking, config_files, reading
from .config_checks import (
    MAX_BUDGET,
    RANGES,
    check_patterns,
    check_per_path_ignores,
    check_range,
    check_stoplists,
    key_line,
    named_key,
    shown_key,
    too_deep,
    too_deep_key,
)
from .config_files import ConfigOrigin
from .errors import ConfigError, InputError

NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD", "")
HTML_MODES = ("auto", "always", "never")
# Tables renamed to the ids of the stages they configure (issue #18): old name -> new name.
RENAMED_TABLES = {"pages": "page-break", "layout": "line-wrap"}
MAX_CONFIG_BYTES = 1 << 20  # a config file is a few KB; /dev/zero or a log named by mistake is not
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InputConfig:
    """How inputs are read (see ``[input]`` in defaults.toml)."""

    max_bytes: int
    preferred_encodings: tuple[str, ...]
    follow_links_out: bool = False  # read a link in an input directory to a file outside it
    suffixes: tuple[str, ...] = (".txt",)  # the files a directory input is read for

    def __post_init__(self) -> None:
        check_range("input.max_bytes", self.max_bytes, 1)
        for suffix in self.suffixes:
            if not suffix.startswith(".") or len(suffix) < 2 or "/" in suffix:
                raise ConfigError(f"input.suffixes: {suffix!r} is not a file suffix like '.txt'")
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
class HtmlConfig:
    """What marks a web page's element as chrome, for the HTML reader (see ``[html]``)."""

    tags: tuple[str, ...]  # element names
    roles: tuple[str, ...]  # ARIA roles
    tokens: tuple[str, ...]  # words of a class or id attribute
    content: tuple[str, ...]  # elements below which the marks above them do not count


@dataclass(frozen=True, slots=True)
class StagesConfig:
    """Which stages run, and for how long at most (see ``[stages]``)."""

    skip: tuple[str, ...]
    time_budget_seconds: float  # per document; 0: no budget (pipeline/runtime/budget.py)

    def __post_init__(self) -> None:
        check_range("stages.time_budget_seconds", self.time_budget_seconds, 0, MAX_BUDGET)


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
        check_patterns("boilerplate.rules", self.rules, named=True)
        check_patterns("boilerplate.link_lists", self.link_lists)
        check_patterns("boilerplate.credits", self.credits)
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
                    f"boilerplate.credits: regex {shown_key(entry)!r} with boilerplate.agencies "
                    f"can backtrack exponentially ({hazard})"
                )
        check_patterns("boilerplate.pictured", self.pictured)
        check_stoplists("boilerplate.languages", self.languages)
        check_range("boilerplate.min_stop_share", self.min_stop_share, 0.0, 1.0)
        check_range("boilerplate.max_link_share", self.max_link_share, 0.0, 1.0)
        check_range("boilerplate.min_link_share", self.min_link_share, 0.0, 1.0)
        check_range("boilerplate.max_article_gap", self.max_article_gap, 1)
        check_range("boilerplate.main_run_share", self.main_run_share, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class PagesConfig:
    """Options of the ``page-break`` stage (see ``[page-break]``)."""

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
        check_patterns("page-break.page_numbers", self.page_numbers)
        check_patterns("page-break.boundary_page_numbers", self.boundary_page_numbers)
        check_patterns("page-break.bare_page_number", (self.bare_page_number,))
        check_patterns("page-break.sentence_end", (self.sentence_end,))
        if self.edge_lines < 1:
            raise ConfigError("page-break.edge_lines must be at least 1")
        if self.min_page_lines < 2:
            raise ConfigError("page-break.min_page_lines must be at least 2")
        check_range("page-break.header_width", self.header_width, 0, 1)


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
    """Options of the ``line-wrap`` stage (see ``[line-wrap]``)."""

    short_line: float
    full_line: float
    room_line: float
    double_spaced_share: float

    def __post_init__(self) -> None:
        check_range("line-wrap.short_line", self.short_line, 0, 1)
        check_range("line-wrap.full_line", self.full_line, self.short_line, 1)
        check_range("line-wrap.room_line", self.room_line, 0, 1)
        check_range("line-wrap.double_spaced_share", self.double_spaced_share, 0, 1)


@dataclass(frozen=True, slots=True)
class StructureConfig:
    """Options of the ``structure`` stage (see ``[structure]``)."""

    salutations: tuple[str, ...]
    closings: tuple[str, ...]
    max_furniture_line: int
    job_titles: tuple[str, ...]

    def __post_init__(self) -> None:
        check_range("structure.max_furniture_line", self.max_furniture_line, 1)


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
    web_page_chrome_lines: int
    web_page_loose_markers: tuple[str, ...]


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
        check_range("consistency.shingle_size", self.shingle_size, 1)
        check_range("consistency.min_words", self.min_words, 1)
        check_range("consistency.containment", self.containment, 0, 1)
        check_range("consistency.max_shingle_documents", self.max_shingle_documents, 1)
        check_range("consistency.max_shingle_share", self.max_shingle_share, 0, 1)
        check_range("consistency.dispute_ratio", self.dispute_ratio, 0, 1)
        check_range("consistency.dispute_min_support", self.dispute_min_support, 1)


@dataclass(frozen=True, slots=True)
class QuotesConfig:
    """Options of the ``quotes`` stage (see ``[quotes]``; who is quoted is ``[sources]``)."""

    addressee: str
    anaphors: tuple[str, ...]
    scare_max_words: int
    footnote_gap: int
    function_words: tuple[str, ...]

    def __post_init__(self) -> None:
        check_patterns("quotes.addressee", (self.addressee,))
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
        check_patterns(f"{key}.symbol_patterns", self.symbol_patterns)
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
        check_range("report.max_documents", self.max_documents, 0)
        check_range("report.max_findings", self.max_findings, 0)
        check_range("report.max_clusters", self.max_clusters, 0)
        check_range("report.max_members", self.max_members, 1)


@dataclass(frozen=True, slots=True)
class SarifConfig:
    """How many results ``findings.sarif`` lists (see ``[sarif]``)."""

    max_results: int

    def __post_init__(self) -> None:
        check_range("sarif.max_results", self.max_results, 1, 25_000)


@dataclass(frozen=True, slots=True)
class FindingsConfig:
    """Which findings ``check``'s exit code counts, by input path (see ``[findings]``)."""

    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...]  # (glob, selectors), file order

    def to_dict(self) -> dict[str, Any]:
        """The table as TOML would hold it, for the manifest."""
        return {"per_path_ignores": {glob: list(s) for glob, s in self.per_path_ignores}}


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run can be told; build it with :meth:`load`, never by hand."""

    input: InputConfig
    html: HtmlConfig
    stages: StagesConfig
    unicode: UnicodeConfig
    whitespace: WhitespaceConfig
    boilerplate: BoilerplateConfig
    page_break: PagesConfig  # table [page-break]
    footnotes: FootnotesConfig
    hyphenation: HyphenationConfig
    line_wrap: LayoutConfig  # table [line-wrap]
    structure: StructureConfig
    consistency: ConsistencyConfig
    quotes: QuotesConfig
    sources: SourcesConfig
    report: ReportConfig
    sarif: SarifConfig
    findings: FindingsConfig

    origin: ConfigOrigin | None = None  # the file read, if any (not a section: see to_dict)

    @classmethod
    def load(
        cls, path: str | Path | None = None, *, table: str | None = None, found_by: str = "--config"
    ) -> Config:
        """The defaults, overridden by the TOML file at ``path`` when given: the whole file, or
        only its dotted ``table`` (``tool.coi-pipeline`` of a ``pyproject.toml``, see
        :mod:`pipeline.config_files`)."""
        defaults = _defaults()
        if path is None:
            return _default_config()
        prefix = f"{table}." if table else ""
        try:  # a regular file of at most MAX_CONFIG_BYTES: never a FIFO's wait or /dev/zero
            data = reading.read_bytes(path, MAX_CONFIG_BYTES)
            text = data.decode("utf-8")
            user = _table(tomllib.loads(text), table)
        except InputError as error:
            raise ConfigError(f"{path}: cannot read config: {error.reason}") from None
        except UnicodeDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: not UTF-8 text") from error
        except tomllib.TOMLDecodeError as error:  # its message ends "(at line N, column M)"
            raise ConfigError(f"{path}: not valid TOML: {error}") from error
        except RecursionError:  # tomllib recurses once per nested array or inline table
            raise ConfigError(f"{path}: not valid TOML: {too_deep()}") from None
        except ConfigError as error:  # the table is not a table
            line = key_line(text, table or "")
            where = f" (at line {line})" if line else ""
            raise ConfigError(f"{path}: {error}{where}") from None
        except ValueError:  # int() of more than 4,300 digits (sys.int_info)
            long = re.search(r"\d{4300}", text)
            where = f" (at line {text.count(chr(10), 0, long.start()) + 1})" if long else ""
            raise ConfigError(f"{path}: not valid TOML: an integer too long{where}") from None
        user, spelled = _renamed_tables(user, path, prefix)
        deep = too_deep_key(user)
        if deep is not None:
            line = key_line(text, prefix + deep)
            where = f" (at line {line})" if line else ""
            raise ConfigError(
                f"{path}: config key {shown_key(prefix + deep)!r} {too_deep()}{where}"
            )
        try:
            config = _build(cls, defaults, user, "")
        except ConfigError as error:
            message, key = str(error), named_key(str(error), user)
            table_of = key.split(".", 1)[0] if key else ""
            if key and table_of in spelled:  # under a table's old name: as the file spells it
                old = spelled[table_of] + key[len(table_of) :]
                message, key = message.replace(f"'{key}'", f"'{old}'", 1), old
            if key and prefix:  # name the key as the file spells it
                message = message.replace(f"'{key}'", f"'{prefix}{key}'", 1)
            line = key_line(text, prefix + key) if key else None
            where = f" (at line {line})" if line else ""
            raise ConfigError(f"{path}: {message}{where}") from error
        found = config_files.origin(Path(path), data, table=table, found_by=found_by)
        return dataclasses.replace(config, origin=found)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, as saved in the manifest (keyed by table name)."""
        return {
            table_name(f.name): {
                k: list(v) if isinstance(v, tuple) else v for k, v in _fields(getattr(self, f.name))
            }
            if f.name not in ("sources", "findings")
            else getattr(self, f.name).to_dict()
            for f in dataclasses.fields(self)
            if f.name != "origin"
        }


@cache
def _defaults() -> dict[str, Any]:
    # Read once per process: `clean_text` without a config loads the defaults on every call.
    text = resources.files(__package__).joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _default_config() -> Config:
    return _build(Config, _defaults(), {}, "")


def _table(document: dict[str, Any], table: str | None) -> dict[str, Any]:
    """The dotted ``table`` of a parsed TOML document (the whole document when None)."""
    found: Any = document
    for part in table.split(".") if table else ():
        found = found.get(part, {}) if isinstance(found, dict) else None
    if not isinstance(found, dict):
        raise ConfigError(f"config key {table!r} must be a table")
    return found


def _fields(obj: Any) -> list[tuple[str, Any]]:
    return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]


def table_name(field: str) -> str:
    """The TOML table of a :class:`Config` field: the stage id it configures (``page_break``:
    ``[page-break]``), or the field's name."""
    return field.replace("_", "-")


def _renamed_tables(
    user: dict[str, Any], path: str | Path, prefix: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """``user`` with the tables of :data:`RENAMED_TABLES` under their new names, and the old
    name of each one the file spells so (new -> old). Each old name read gives a
    :class:`FutureWarning` (the CLI prints it as one line); both names given is an error, for
    which of the two should win cannot be told."""
    renamed, spelled = dict(user), {}
    for old, new in RENAMED_TABLES.items():
        if old not in renamed:
            continue
        if new in renamed:
            raise ConfigError(
                f"{path}: config tables [{prefix}{old}] and [{prefix}{new}] are one table:"
                f" keep [{prefix}{new}]"
            )
        renamed[new] = renamed.pop(old)
        spelled[new] = old
        warnings.warn(
            f"{path}: config table [{prefix}{old}] is now [{prefix}{new}], the id of the stage it"
            " configures; the old name is still read, for now",
            FutureWarning,
            stacklevel=3,
        )
    return renamed, spelled


def _build(cls: type[T], defaults: dict[str, Any], user: dict[str, Any], where: str) -> T:
    """Dataclass ``cls`` from ``defaults`` overridden by ``user``, keys and types checked."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    # Config's fields are tables: named by stage id, hyphens and all (see table_name)
    key_of = table_name if cls is Config else str
    names = {key_of(f.name): f for f in fields if key_of(f.name) in defaults}  # not Config.origin
    for key in user:
        if key not in names:
            raise ConfigError(f"unknown config key {where + key!r}")
    values: dict[str, Any] = {}
    for name, field in names.items():
        default, value = defaults[name], user.get(name, defaults[name])
        attribute = field.name
        key = f"{where}{name}"
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"config key {key!r} must be a table")
            if cls is FindingsConfig and name == "per_path_ignores":  # globs are the user's keys
                values[attribute] = check_per_path_ignores(key, value)
                continue
            sub = field.type if not isinstance(field.type, str) else globals()[field.type]
            given = value if value is not default else {}
            if sub is SourcesConfig:  # a table of tables, keyed by source id
                values[attribute] = SourcesConfig.build(default, given)
            else:
                values[attribute] = _build(sub, default, given, key + ".")
        elif isinstance(default, list):
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"config key {key!r} must be a list of strings")
            values[attribute] = tuple(value)
        elif type(value) is int and type(default) is float:
            values[attribute] = float(value)  # 1 for 1.0
        elif type(value) is not type(default):
            kind = {"int": "an integer", "float": "a number", "bool": "true or false"}
            raise ConfigError(
                f"config key {key!r} must be {kind.get(type(default).__name__, 'a string')}"
            )
        else:
            values[attribute] = value
        if type(values[attribute]) in (int, float):
            check_range(key, values[attribute], *RANGES[key])
    return cls(**values)
