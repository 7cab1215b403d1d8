"""The static check against exponential backtracking (pipeline/backtracking.py) and the numbers
of the config: what is refused, what is not, and that the defaults pass."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Config, ConfigError
from pipeline.backtracking import hazard
from pipeline.config import table_name
from pipeline.config_checks import RANGES

DEFAULTS = Path(__file__).resolve().parent.parent / "pipeline" / "defaults.toml"

REFUSED = [
    r"(a+)+$",
    r"(a|a)*",
    r"(\s*\w+)*",
    r"(a*)*",
    r"(a|aa)*b",
    r"(a?a)*",
    r"(.*,)*x",
    r"(\s*+\w+)*",  # the possessive \s*+ takes no letters: \w+ still splits across repeats
    r"^(\d+)*$",
    r"(?:\s*[|·]?\s*(?:one|two))*",  # the shape the share-bar rules had on main
    r"(ab|a(b))*c",
]
ACCEPTED = [
    r"(x|xy)*",
    r"(ab|ac)*",
    r"\w+\s*",
    r"(?>a+)+",
    r"(\d+,)*\d+",
    r"([a-z]+\.)+com",
    r"(ab?)*",
    r"( a| b)*",
    r"(x( yz)?\s*)*",
    r"(\s*+[|·]?\s*+(?:one|two))*",  # the share-bar rules now
    r"((privacy|cookies?)( (policy|notice))?\s*([|·•]\s*|$))+",  # legal-links
    r"\S{1,40}( [A-Z]\S{0,30}){0,2} says:",
    r"(x|\w)+",  # one character either way: re makes it the class [x\w], which cannot backtrack
]


@pytest.mark.parametrize("pattern", REFUSED, ids=str)
def test_nested_quantifiers_that_split_text_two_ways_are_refused(pattern: str) -> None:
    re.compile(pattern)
    assert hazard(pattern) is not None


@pytest.mark.parametrize("pattern", ACCEPTED, ids=str)
def test_loops_that_cannot_split_text_two_ways_pass(pattern: str) -> None:
    assert hazard(pattern) is None


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_the_defaults_pass_the_check() -> None:
    # Config.load() checks every regex key; this also checks every other string that compiles.
    Config.load()
    for text in _strings(tomllib.loads(DEFAULTS.read_text("utf-8"))):
        pattern = text.partition(": ")[2] if re.match(r"[a-z-]+: ", text) else text
        try:
            re.compile(pattern)
        except re.error:
            continue
        assert hazard(pattern) is None, text


# The two share-bar rules as they were on main (exponential: 22 network names took 4.9 s on one
# line), and as they are now (possessive spaces): the same lines match.
OLD_SHARE_BARS = [
    r"share( this( article| page| story| post)?)?:?(\s*[|·•]?\s*(facebook|twitter|x|e-?mail|"
    r"whatsapp|linkedin|print|reddit|telegram|bluesky|copy link))*",
    r"((facebook|twitter|linkedin|instagram|youtube|pinterest|tumblr|reddit|whatsapp|telegram|"
    r"messenger|e-?mail|sms|vk|flipboard|pocket|print|copy link)\s*[|·•,]?\s*)+",
]


def _share_bars() -> list[str]:
    rules = tomllib.loads(DEFAULTS.read_text("utf-8"))["boilerplate"]["rules"]
    bars = [rule.partition(": ")[2] for rule in rules if rule.startswith("share-bar: ")]
    return [bars[0], bars[2]]


def test_the_share_bar_rules_were_exponential_and_are_not() -> None:
    assert all(hazard(old) for old in OLD_SHARE_BARS)
    assert not any(hazard(new) for new in _share_bars())


TOKENS = ["share", " this", " page", ":", " ", "  ", "\t", "|", "·", ",", "facebook", "Email",
          "e-mail", "x", "print", "copy link", "sms", "word", "!"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=9))
def test_the_share_bar_rules_match_what_they_matched(tokens: list[str]) -> None:
    line = "".join(tokens)
    for old, new in zip(OLD_SHARE_BARS, _share_bars(), strict=True):
        was = re.fullmatch(old, line, re.IGNORECASE)
        now = re.fullmatch(new, line, re.IGNORECASE)
        assert (was is None) == (now is None), line


def _numbers(obj: Any, prefix: str) -> list[str]:
    found = []
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if dataclasses.is_dataclass(value):
            name = field.name if prefix else table_name(field.name)  # a table: its stage id
            found += _numbers(value, f"{prefix}{name}.")
        elif type(value) in (int, float):
            found.append(prefix + field.name)
    return found


def test_every_number_of_the_config_has_a_range() -> None:
    numbers = _numbers(Config.load(), "")
    assert sorted(numbers) == sorted(RANGES)
    for key in numbers:
        low, high = RANGES[key]
        assert low <= high < 1 << 63, key  # within a C integer, so nothing downstream overflows


@pytest.mark.parametrize("key", sorted(RANGES))
def test_each_number_beyond_its_range_is_refused_naming_the_key(tmp_path: Path, key: str) -> None:
    table, name = key.split(".")
    path = tmp_path / "config.toml"
    for value in (RANGES[key][1] * 2 + 1, RANGES[key][0] - 1, "nan"):
        path.write_text(f"[{table}]\n{name} = {value}\n", "utf-8")
        with pytest.raises(ConfigError, match=f"config key '{re.escape(key)}' must be"):
            Config.load(path)
