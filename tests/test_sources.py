"""The sources table: names and symbols resolved to a source id, in attributions, in a quote's
``source``, and for ``--source``; the table extended by a user's config; hostile tables refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_quotes_extraction import with_note

from pipeline import Config, ConfigError, Document, clean_text, run
from pipeline.cli import main
from pipeline.consistency import check_quotes
from pipeline.document import Citation
from pipeline.sources import source_table
from pipeline.stages import Context
from pipeline.stages.quotes import extract_quotes

TABLE = source_table(Config.load().sources)
COI_NAMES = [
    "coi",
    "COI",
    "Commission of Inquiry",
    "commission of inquiry",
    "the commission",
    "The Commission",
    "A/HRC/25/63",
    "A/HRC/25/CRP.1",
    "UN Commission of Inquiry",
    "Commission of Inquiry on Human Rights in the DPRK",
    "Commission of Inquiry on Human Rights in the Democratic People’s Republic of Korea",
    "COI report",
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the table: names, symbols, families -----------------------------------------------------------


@pytest.mark.parametrize("name", COI_NAMES)
def test_every_name_of_the_coi_resolves_to_it(name: str) -> None:
    assert TABLE.lookup(name) == "coi"


RESOLVED = [
    ("resolution-of-the-assembly", "A/RES/69/188", "general-assembly"),
    ("resolution-of-the-council", "A/HRC/RES/25/25", "human-rights-council"),
    ("resolution-of-the-security-council", "S/RES/2094 (2013)", "security-council"),
    ("rapporteur-in-lower-case", "special rapporteur", "special-rapporteur"),
    ("agency-by-its-full-name", "Korean Central News Agency", "kcna"),
    ("spaces-collapsed", "  High   Commissioner ", "high-commissioner"),
    ("a-letter-to-the-council-is-not-its-words", "S/2014/872", None),
    ("another-report-of-the-council", "A/HRC/22/57", None),
    ("nobody", "Human Rights Watch", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "source"), [c[1:] for c in RESOLVED], ids=[c[0] for c in RESOLVED]
)
def test_resolve(name: str, source: str | None) -> None:
    assert TABLE.resolve(name) == source


# -- mentions in text: (text, [(name reported, source id)]) ----------------------------------------

MENTIONS = [
    ("acronym-in-capitals", "The COI found it.", [("Commission of Inquiry", "coi")]),
    ("acronym-only-in-capitals", "The coi found it.", []),
    ("name-in-any-case", "The special rapporteur said so.",
     [("Special Rapporteur", "special-rapporteur")]),
    ("plural", "Both Special Rapporteurs said so.", [("Special Rapporteur", "special-rapporteur")]),
    ("justified-spacing", "The   Commission   noted it.", [("Commission of Inquiry", "coi")]),
    ("longest-name-wins", "The Commission of Inquiry on Human Rights in the DPRK wrote.",
     [("Commission of Inquiry", "coi")]),
    ("not-inside-a-symbol", "See A/HRC/25/63 for it.", [("A/HRC/25/63", "coi")]),
    ("symbol-family-in-text", "Resolution A/RES/69/188 says so.",
     [("A/RES/69/188", "general-assembly")]),
    ("other-commission-excluded", "The Commission on Human Rights met.", []),
    ("other-high-commissioner-excluded", "The High Commissioner for Refugees spoke.", []),
    ("not-inside-a-word", "The Commissioner spoke; the HRCs did not.",
     [("Human Rights Council", "human-rights-council")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in MENTIONS], ids=[c[0] for c in MENTIONS]
)
def test_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.name, m.source) for m in TABLE.mentions(text, 0, len(text))] == expected


# -- a quote's source: from its attribution or its cited note --------------------------------------

FROM_SENTENCES = [
    ("the-commission", "The Commission concluded that “a b c d e”.", "Commission of Inquiry",
     "coi"),
    ("rapporteur", "The Special Rapporteur noted “a b c d e”.", "Special Rapporteur",
     "special-rapporteur"),
    ("symbol-in-the-sentence", "Resolution A/HRC/RES/25/25 reads “a b c d e”.", "A/HRC/RES/25/25",
     "human-rights-council"),
    ("no-source", "Observers agree that “a b c d e”.", None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "attribution", "source"),
    [c[1:] for c in FROM_SENTENCES],
    ids=[c[0] for c in FROM_SENTENCES],
)
def test_source_from_the_attribution(raw: str, attribution: str | None, source: str | None) -> None:
    [quote] = clean_text(raw + "\n").to_json()["quotes"]
    assert (quote["attribution"], quote["source"]) == (attribution, source)


FROM_NOTES = [
    ("detailed-findings", (Citation("A/HRC/25/CRP.1", ("80",)),), "A/HRC/25/CRP.1", "coi"),
    ("first-known-document", (Citation("S/2014/872"), Citation("A/HRC/25/63", ("5",))),
     "S/2014/872", "coi"),
    ("unknown-document", (Citation("A/HRC/22/57"),), "A/HRC/22/57", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("citations", "attribution", "source"),
    [c[1:] for c in FROM_NOTES],
    ids=[c[0] for c in FROM_NOTES],
)
def test_source_from_the_cited_note(
    citations: tuple[Citation, ...], attribution: str, source: str | None
) -> None:
    doc = with_note(
        "Observers read “no parallel in the world.”[2] Then.", "[2]", "A note.", citations
    )
    [quote] = extract_quotes(doc, Context(Config.load())).quotes or ()
    assert (quote.footnote, quote.attribution, quote.source) == ("2", attribution, source)


def test_source_survives_the_document_json() -> None:
    doc = clean_text("The COI found “a b c d e”.\n")
    again = Document.from_json(doc.to_json())
    assert [q.source for q in again.quotes] == ["coi"]


# -- --source: any name of the COI keeps its clusters and fails on the seeds' misquote -------------


def clusters_and_codes(out: Path) -> tuple[list[set[str]], set[str]]:
    report = json.loads((out / "quotes.json").read_text("utf-8"))
    members = [{m["document"][:3] for m in c["members"]} for c in report["clusters"]]
    return members, {f["code"] for f in report["findings"]}


COI_CLUSTERS = [{"000", "001", "004"}, {"000", "001"}]  # "reveal a State…", the reused list


@pytest.mark.parametrize("name", COI_NAMES)
def test_check_source_by_every_name_of_the_coi(tmp_path: Path, name: str, capsys) -> None:
    out = tmp_path / "out"
    assert main(["check", "--source", name, "-o", str(out), "--quiet"]) == 1
    members, codes = clusters_and_codes(out)
    assert members == COI_CLUSTERS
    assert "quote.wording-mismatch" in codes  # 004's “without parallel”
    html = (out / "report.html").read_text("utf-8")
    report = json.loads((out / "quotes.json").read_text("utf-8"))
    assert all(c["id"] in html for c in report["clusters"])


@pytest.mark.parametrize("name", COI_NAMES)
def test_run_source_by_every_name_of_the_coi(tmp_path: Path, name: str) -> None:
    result = run(out=tmp_path / "out", source=name)
    assert [{m.document[:3] for m in c.members} for c in result.clusters] == COI_CLUSTERS
    assert ("error", "quote.wording-mismatch") in result.tally


def test_check_quotes_takes_any_name() -> None:
    quoted = "“the wells of the eastern valley ran dry early in the spring”.\n"
    texts = ["The COI found " + quoted, "The commission wrote " + quoted, "Someone said " + quoted]
    docs = [clean_text(text, id=f"d{k}") for k, text in enumerate(texts)]
    report, _ = check_quotes(docs, Config.load().consistency, source="Commission of Inquiry")
    [cluster] = report["clusters"]
    assert [m["document"] for m in cluster["members"]] == ["d0", "d1"]  # not the unattributed


def test_another_source_keeps_only_its_quotations(tmp_path: Path) -> None:
    result = run(out=tmp_path / "out", source="Special Rapporteur")
    assert result.clusters == ()  # 002's and 004's quotations of the rapporteur share no passage
    assert ("error", "quote.wording-mismatch") not in result.tally


def test_an_unknown_source_is_a_usage_error_naming_close_matches(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["check", "--source", "Comission of Inqiury", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "'Comission of Inqiury' names no source" in err
    assert "did you mean 'Commission of Inquiry'" in err
    assert not out.exists()


def test_an_unknown_source_without_close_matches_lists_the_ids(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="known sources: coi, special-rapporteur, "):
        run(out=tmp_path / "out", source="zzz")
    assert not (tmp_path / "out").exists()


# -- the table from a user's config ----------------------------------------------------------------

USER_SOURCE = """
[sources.rights-group]
aliases = ["Citizens' Alliance for Rights", "CAR"]
symbols = ["CAR/2015/7"]
"""


def test_a_user_adds_a_source_with_aliases(tmp_path: Path) -> None:
    config = Config.load(write(tmp_path, USER_SOURCE))
    assert [row.id for row in config.sources.table][-1] == "rights-group"
    assert source_table(config.sources).lookup("car") == "rights-group"
    doc = clean_text("The Citizens’ Alliance for Rights wrote “a b c d e”.\n", config=config)
    [quote] = doc.to_json()["quotes"]
    assert (quote["attribution"], quote["source"]) == (
        "Citizens' Alliance for Rights",
        "rights-group",
    )
    assert Config.load().sources.table == config.sources.table[:-1]  # the defaults all stay
    assert config.to_dict()["sources"]["rights-group"]["aliases"] == [
        "Citizens' Alliance for Rights",
        "CAR",
    ]


def test_the_user_source_by_alias_on_the_command_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "The CAR wrote that “the wells of the eastern valley ran dry early in the spring”.\n"
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text.replace("spring", "autumn"), encoding="utf-8")
    out = tmp_path / "out"
    args = ["check", str(corpus), "--config", str(write(tmp_path, USER_SOURCE)), "-o", str(out)]
    assert main([*args, "--source", "Citizens' Alliance for Rights", "--quiet"]) == 1
    assert clusters_and_codes(out)[0] == [{"a", "b"}]
    assert main([*args, "--source", "COI", "--quiet"]) == 0
    assert clusters_and_codes(out)[0] == []


def test_a_user_changes_the_keys_of_a_source_it_names(tmp_path: Path) -> None:
    config = Config.load(write(tmp_path, '[sources.kcna]\naliases = ["KCNA", "the agency"]\n'))
    table = source_table(config.sources)
    assert table.lookup("The Agency") == "kcna"
    assert table.resolve("Korean Central News Agency") is None
    assert [r.symbols for r in config.sources.table if r.id == "coi"] == [
        ("A/HRC/25/63", "A/HRC/25/CRP.1")
    ]


HOSTILE = [
    ("empty-aliases", "[sources.mine]\naliases = []\n", "'sources.mine.aliases' must name"),
    ("no-aliases", "[sources.mine]\nsymbols = ['X/1/2']\n", "'sources.mine.aliases' must name"),
    ("blank-alias", "[sources.mine]\naliases = ['  ']\n", "'sources.mine.aliases' holds an empty"),
    ("alias-of-another", "[sources.mine]\naliases = ['Our group', 'coi']\n",
     "'coi' already names source 'coi'"),
    ("alias-of-another-in-other-case", "[sources.mine]\naliases = ['special RAPPORTEUR']\n",
     "already names source 'special-rapporteur'"),
    ("symbol-of-another", "[sources.mine]\naliases = ['Us']\nsymbols = ['A/HRC/25/63']\n",
     "'A/HRC/25/63' already names source 'coi'"),
    ("alias-is-another-id", "[sources.mine]\naliases = ['KCNA-watch', 'kcna']\n",
     "already names source 'kcna'"),
    ("duplicate-id", "[sources.mine]\naliases = ['A']\n[sources.mine]\naliases = ['B']\n",
     "not valid TOML"),
    ("id-not-lowercase", "[sources.Mine]\naliases = ['A']\n", "a source id is lowercase-dashes"),
    ("id-key-inside", "[sources.mine]\nid = 'coi'\naliases = ['A']\n",
     "unknown config key 'sources.mine.id'"),
    ("unknown-key", "[sources.mine]\naliases = ['A']\nregex = 'x'\n",
     "unknown config key 'sources.mine.regex'"),
    ("aliases-not-a-list", "[sources.mine]\naliases = 'A'\n",
     "'sources.mine.aliases' must be a list of strings"),
    ("source-not-a-table", "[sources]\nmine = 'A'\n", "'sources.mine' must be a table"),
    ("bad-symbol-pattern", "[sources.mine]\naliases = ['A']\nsymbol_patterns = ['X/(']\n",
     "sources.mine.symbol_patterns: bad regex"),
    ("named-group-in-a-symbol-pattern",
     "[sources.mine]\naliases = ['A']\nsymbol_patterns = ['X/(?P<n>\\d+)']\n", "no named groups"),
    ("old-name-regex-list", "[quotes]\nsources = ['Name: regex']\n",
     "unknown config key 'quotes.sources'"),
]  # fmt: skip


@pytest.mark.parametrize(("toml", "message"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_a_hostile_table_is_a_one_line_config_error(
    tmp_path: Path, toml: str, message: str
) -> None:
    path = write(tmp_path, toml)
    with pytest.raises(ConfigError, match=message) as error:
        Config.load(path)
    assert str(error.value).startswith(f"{path}: ") and "\n" not in str(error.value)


def test_a_hostile_table_on_the_command_line_is_exit_2(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "[sources.mine]\naliases = ['COI']\n")
    assert main(["check", "--config", str(path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'COI' already names source 'coi'" in err
    assert "(at line 2)" in err


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        # a plain first character: only places starting with one of the table's are tried
        (r"X/\d+", "See X/12 and A/HRC/25/63.", ["X/12", "A/HRC/25/63"]),
        # a first character the pattern does not spell out plainly: every place is tried
        (r"[XY]/\d+", "See Y/12 and A/HRC/25/63.", ["Y/12", "A/HRC/25/63"]),
        (r"X/\d+|Z-\d+", "See Z-12 and A/HRC/25/63.", ["Z-12", "A/HRC/25/63"]),
        (r"\d+/X", "See 12/X and A/HRC/25/63.", ["12/X", "A/HRC/25/63"]),
    ],
)
def test_symbols_are_found_whatever_their_pattern_starts_with(
    tmp_path: Path, pattern: str, text: str, found: list[str]
) -> None:
    config = Config.load(
        write(
            tmp_path, f"[sources.filings]\naliases = ['Filings']\nsymbol_patterns = ['{pattern}']\n"
        )
    )
    table = source_table(config.sources)
    assert [m.name for m in table.mentions(text, 0, len(text))] == found
