"""The configuration: documented defaults, user overrides, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import Config, ConfigError
from pipeline.cli import main
from pipeline.stages import STAGE_IDS, STAGES, selected


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load_and_round_trip_to_the_manifest_form() -> None:
    config = Config.load()
    assert config.unicode.normalization == "NFC"
    assert "\u00a0" in config.whitespace.to_space
    assert config.to_dict()["input"]["preferred_encodings"] == ["utf-8", "cp1252"]


def test_a_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    config = Config.load(write(tmp_path, "[whitespace]\nstrip_trailing = false\n"))
    assert config.whitespace.strip_trailing is False
    assert config.whitespace.delete == Config.load().whitespace.delete


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[unicode]\nuncurl_quotes = true\n", "unknown config key 'unicode.uncurl_quotes'"),
        ("[colour]\nred = 1\n", "unknown config key 'colour'"),
        ("[input]\nmax_bytes = 'big'\n", "'input.max_bytes' must be an integer"),
        ("[input]\nmax_bytes = -1\n", "'input.max_bytes' must be at least 1"),
        ("[input]\npreferred_encodings = ['nope']\n", "unknown encoding 'nope'"),
        ("[consistency]\nshingle_size = 0\n", "'consistency.shingle_size' must be at least 1"),
        ("[consistency]\ncontainment = 5\n", "'consistency.containment' must be between 0"),
        ("[stages]\nskip = 'unicode'\n", "'stages.skip' must be a list of strings"),
        ("[unicode]\nnormalization = 'NFX'\n", "unicode.normalization must be"),
        ("[input\nmax_bytes = 1\n", "not valid TOML: .*line 1"),
    ],
    ids=[
        "quotes-are-evidence",
        "unknown-table",
        "wrong-type",
        "negative-size",
        "unknown-encoding",
        "zero-shingle",
        "containment-above-1",
        "not-a-list",
        "bad-value",
        "bad-toml",
    ],
)
def test_bad_config_is_an_error_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as error:
        Config.load(path)
    assert str(error.value).startswith(f"{path}: ")


def test_a_bad_config_on_the_command_line_is_exit_2(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "[stages]\nskip = ['nonsense']\n")
    assert main(["run", "--config", str(path), "-o", str(tmp_path / "out")]) == 2
    assert "stages.skip names unknown stage 'nonsense'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_skip_that_leaves_a_stage_without_its_input_is_refused(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "[stages]\nskip = ['line-wrap']\n")
    assert main(["run", "--config", str(path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "stages.skip leaves out 'line-wrap', which 'hyphenation' needs" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_skipping_a_stage_with_the_stages_that_need_it_is_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "[stages]\nskip = ['footnotes', 'quotes']\n")
    assert [stage.id for stage in selected(Config.load(path))] == [
        stage_id for stage_id in STAGE_IDS if stage_id not in ("footnotes", "quotes")
    ]


def test_every_requirement_names_an_earlier_stage() -> None:
    for position, stage in enumerate(STAGES):
        for need in stage.requires:
            assert need.stage in STAGE_IDS[:position], (stage.id, need.stage)


def test_every_stage_table_is_named_by_its_stage_id() -> None:
    tables = set(Config.load().to_dict())
    assert set(STAGE_IDS) <= tables
    assert not {"pages", "layout"} & tables


def test_an_old_table_name_is_read_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "[pages]\nedge_lines = 2\n[layout]\nshort_line = 0.5\n")
    with pytest.warns(FutureWarning) as caught:
        config = Config.load(path)
    assert (config.page_break.edge_lines, config.line_wrap.short_line) == (2, 0.5)
    messages = [str(w.message) for w in caught]
    assert f"{path}: config table [pages] is now [page-break]" in messages[0]
    assert f"{path}: config table [layout] is now [line-wrap]" in messages[1]


def test_an_error_under_an_old_table_name_names_the_key_as_the_file_spells_it(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "[pages]\nedge_lines = 0\n")
    with pytest.warns(FutureWarning), pytest.raises(ConfigError) as error:
        Config.load(path)
    assert str(error.value) == (
        f"{path}: config key 'pages.edge_lines' must be at least 1, not 0 (at line 2)"
    )


def test_a_table_under_both_names_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "[pages]\nedge_lines = 2\n[page-break]\nedge_lines = 3\n")
    with pytest.raises(ConfigError, match=r"\[pages\] and \[page-break\] are one table"):
        Config.load(path)


def test_the_command_line_prints_the_rename_as_one_line(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "[layout]\nshort_line = 0.5\n")
    seed = tmp_path / "letter.txt"
    seed.write_text("Dear Sir,\n\nA short letter.\n", encoding="utf-8")
    code = main(["run", str(seed), "--config", str(path), "-o", str(tmp_path / "out"), "--quiet"])
    assert code == 0
    err = capsys.readouterr().err
    assert err == (
        f"coi-pipeline: warning: {path}: config table [layout] is now [line-wrap], the id of the"
        " stage it configures; the old name is still read, for now\n"
    )
