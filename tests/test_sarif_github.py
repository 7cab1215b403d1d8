"""``findings.sarif`` as GitHub code scanning takes it: results capped by ``[sarif] max_results``
in order of severity with a note on what was left out; related locations linked from the
message; a ``helpUri`` per rule to its README anchor; the driver's ``informationUri``."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from conftest import SEEDS, TESTS
from hypothesis import given
from hypothesis import strategies as st

from pipeline import run
from pipeline.codes import CODES
from pipeline.config import ConfigError
from pipeline.document import Severity
from pipeline.output.sarif import PROJECT_URL, README_URL, cap

REPO = TESTS.parent
SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif_with(tmp_path: Path, max_results: int | None = None) -> dict[str, Any]:
    config = None
    if max_results is not None:
        config = tmp_path / "c.toml"
        config.write_text(f"[sarif]\nmax_results = {max_results}\n", encoding="utf-8")
    out = tmp_path / f"out{max_results}"
    run([SEEDS], out, config=config)
    log: dict[str, Any] = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    return log


@pytest.fixture(scope="module")
def seeds_log(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return sarif_with(tmp_path_factory.mktemp("full"))


def test_every_rule_links_to_its_own_anchor_in_the_readme_code_table(
    seeds_log: dict[str, Any],
) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    anchors = re.findall(r'<a id="([^"]+)"></a>`([^`]+)`', readme)
    assert sorted(code for _, code in anchors) == sorted(CODES)
    assert len({a for a, _ in anchors}) == len(anchors)  # one anchor per code
    driver = seeds_log["runs"][0]["tool"]["driver"]
    for rule in driver["rules"]:
        assert rule["helpUri"] == f"{README_URL}#{CODES[rule['id']].anchor}"
        assert (CODES[rule["id"]].anchor, rule["id"]) in anchors
    assert driver["informationUri"] == README_URL


def test_a_quote_finding_links_each_related_location_from_its_message(
    seeds_log: dict[str, Any],
) -> None:
    linked = [r for r in seeds_log["runs"][0]["results"] if "relatedLocations" in r]
    assert linked  # the seeds have quote clusters
    for result in linked:
        text = result["message"]["text"]
        ids = [int(n) for n in re.findall(r"(?<!\\)\]\((\d+)\)", text)]
        assert ids == [loc["id"] for loc in result["relatedLocations"]]
        for loc, label in zip(
            result["relatedLocations"], re.findall(r"(?<!\\)\[([^\]]+)\]\(\d+\)", text), strict=True
        ):
            assert loc["message"]["text"].startswith(label.replace("\\", "") + ":")


def test_an_uncapped_run_has_no_note_of_omitted_results(seeds_log: dict[str, Any]) -> None:
    assert "invocations" not in seeds_log["runs"][0]


def test_a_capped_log_keeps_the_most_severe_and_says_what_it_left_out(
    tmp_path: Path, seeds_log: dict[str, Any]
) -> None:
    full = seeds_log["runs"][0]["results"]
    assert len(full) >= 3
    limit = len(full) - 2
    capped = sarif_with(tmp_path, limit)
    jsonschema_rs.validator_for(SCHEMA).validate(capped)
    results = capped["runs"][0]["results"]
    assert len(results) == limit
    rank = {s.value: s.rank for s in Severity}
    kept_worst = min(rank[r["level"]] for r in results)
    dropped = Counter(json.dumps(r, sort_keys=True) for r in full)
    dropped.subtract(json.dumps(r, sort_keys=True) for r in results)
    left_out = [json.loads(k) for k, n in dropped.items() for _ in range(n)]
    assert len(left_out) == 2  # the kept results are the full log's, unchanged
    assert all(rank[r["level"]] <= kept_worst for r in left_out)
    # kept in the log's own order
    order = [json.dumps(r, sort_keys=True) for r in full]
    positions = [order.index(json.dumps(r, sort_keys=True)) for r in results]
    assert positions == sorted(positions)
    (note,) = capped["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].startswith(f"2 of {len(full)} findings are left out")
    assert "documents/<id>.json" in note["message"]["text"]
    assert "quotes.json" in note["message"]["text"]
    assert capped["runs"][0]["properties"] == {"resultsOmitted": 2, "resultsTotal": len(full)}


def test_the_default_cap_is_well_under_githubs_limit_and_bounded() -> None:
    from pipeline.config import Config

    assert 0 < Config.load().sarif.max_results <= 25_000


def test_a_cap_above_githubs_limit_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[sarif]\nmax_results = 30000\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sarif\.max_results"):
        from pipeline.config import Config

        Config.load(config)


@given(
    st.dictionaries(st.sampled_from(list(Severity)), st.integers(0, 50)),
    st.integers(1, 120),
)
def test_the_cap_takes_whole_severities_most_severe_first(
    severities: dict[Severity, int], limit: int
) -> None:
    result = cap(severities, limit)
    kept = dict(result.kept)
    assert sum(kept.values()) == min(limit, sum(severities.values()))
    assert result.omitted == sum(severities.values()) - sum(kept.values())
    for severity, n in kept.items():
        assert 0 <= n <= severities[severity]
        if n:  # a kept severity: every more severe one is kept whole
            assert all(kept[s] == severities[s] for s in kept if s.rank > severity.rank)


def test_the_sarif_links_point_at_the_project_address_pyproject_declares() -> None:
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Homepage"] == PROJECT_URL
    assert urls["Documentation"] == README_URL
