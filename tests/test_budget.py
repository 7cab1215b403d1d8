"""The per-document time budget (``stages.time_budget_seconds``): a stage that runs past it is
stopped, the document is kept as the earlier stages left it, with a ``stage.timeout`` warning
naming the stage; in this process, in a pool worker, on dask, and in a thread of the caller's.

No test here asserts how fast anything is: a stage that would spin for a minute is stopped
after a fraction of a second, and what is checked is that it was stopped and what was kept.
"""

from __future__ import annotations

import json
import re
import signal
import threading
from pathlib import Path
from types import FrameType

import pytest
from _budget_helpers import SPIN_LIMIT, budgeted, clean_with_spinning_stage, spinning, warm_up

import pipeline.stages
from pipeline import Config, ConfigError, Severity, clean_text, replay, run
from pipeline.document import Source
from pipeline.ingest import RawInput
from pipeline.machinery.engines import DaskEngine, Engine
from pipeline.machinery.timings import Timings
from pipeline.runtime.budget import OutOfTime, TimeBudget
from pipeline.runtime.worker import process
from pipeline.stages import STAGE_IDS, Context

BUDGET = 1.0  # seconds: far below the spinning stage's minute, far above a letter's stages
LETTER = (
    "Dear Minister,\n\nWe write about the inter-\nnational inquiry and its report.\n\n"
    "Page 2 of 3\n\nThe commission asked for access.1\n\n1 See the report, para. 4.\n"
)


def _item(text: str = LETTER, id: str = "letter") -> RawInput:
    return RawInput(id, text, Source("<t>", "0" * 64, "utf-8"), len(text))


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up(Context(Config.load()), _item())


# --- the runner ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stage_id", ["unicode", "footnotes", "quotes"])
def test_the_stage_that_runs_out_of_time_is_named_and_the_earlier_stages_are_kept(
    stage_id: str,
) -> None:
    config = budgeted(BUDGET)
    ctx = Context(config)
    record = Timings()
    doc = process(_item(), spinning(stage_id), ctx, record)
    timings = record.as_dict()
    [finding] = [f for f in doc.findings if f.code == "stage.timeout"]
    assert finding.severity is Severity.WARNING
    assert f"stage {stage_id} ran out of the document's time budget" in finding.message
    after = STAGE_IDS[STAGE_IDS.index(stage_id) + 1 :]
    assert all(later in finding.message for later in after)
    # What the stages before it did, and nothing of the stage or those after it.
    before = STAGE_IDS[: STAGE_IDS.index(stage_id)]
    earlier = pipeline.stages.STAGES[: len(before)]
    expected = process(_item(), earlier, Context(budgeted(0)), Timings())
    assert doc.text == expected.text
    assert doc.edits == expected.edits
    assert doc.footnotes == expected.footnotes and doc.quotes == expected.quotes
    assert replay(doc.raw, doc.edits) == doc.text
    assert timings[stage_id] > 0 and not any(timings.get(later) for later in after)


def test_a_document_within_its_budget_is_cleaned_as_without_one() -> None:
    with_budget = clean_text(LETTER, config=budgeted(60))
    without = clean_text(LETTER, config=budgeted(0))
    assert with_budget == without
    assert "stage.timeout" not in {f.code for f in with_budget.findings}


def test_no_budget_lets_a_slow_stage_finish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("_budget_helpers.SPIN_LIMIT", 0.5)  # a stage that ends by itself
    doc = process(_item(), spinning("footnotes"), Context(budgeted(0)), Timings())
    assert "stage.timeout" not in {f.code for f in doc.findings}


def test_a_run_writes_a_valid_document_with_the_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole run (in this process): the document is written and validated, the other
    documents are untouched, and ``--fail-on warning`` sees the finding."""
    monkeypatch.setattr(pipeline.stages, "STAGES", spinning("line-wrap"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(LETTER, encoding="utf-8")
    config = tmp_path / "budget.toml"
    config.write_text(f"[stages]\ntime_budget_seconds = {BUDGET}\n", encoding="utf-8")
    result = run([inputs], tmp_path / "out", config=config, jobs=1)
    [placed] = [p for p in result.findings if p.finding.code == "stage.timeout"]
    assert "stage line-wrap ran out" in placed.finding.message
    assert result.exit_code("warning") == 1
    [doc] = result.documents
    assert replay(doc.raw, doc.edits) == doc.text
    assert "inter-\nnational" in doc.text  # line-wrap and hyphenation did not run
    assert doc.footnotes  # footnotes, before line-wrap, did
    stored = json.loads((tmp_path / "out" / "documents" / f"{doc.id}.json").read_text("utf-8"))
    assert any(f["code"] == "stage.timeout" for f in stored["findings"])
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["config"]["stages"]["time_budget_seconds"] == BUDGET


# --- every engine, and a caller's thread ----------------------------------------------------------


@pytest.fixture(scope="module")
def dask_workers() -> int:
    """One worker is enough here (``engine`` and ``dask_engine``: tests/conftest.py)."""
    return 1


def test_every_engine_stops_the_stage(engine: Engine) -> None:
    """In this process and in a pool worker, SIGALRM on the main thread; in a dask worker's
    task thread, the watchdog thread. Each document is stopped, named and kept."""
    ctx = Context(budgeted(BUDGET))
    items = [_item(id=f"d{n}") for n in range(2)]
    outcomes = list(engine.map(clean_with_spinning_stage, (ctx, "hyphenation"), items))
    expected_how = "watchdog" if isinstance(engine, DaskEngine) else "alarm"
    for outcome in outcomes:
        assert outcome.how == expected_how
        assert outcome.codes.count("stage.timeout") == 1
        assert any("stage hyphenation ran out" in m for m in outcome.messages), outcome.messages
        assert outcome.replays
        assert "inter-" in outcome.text  # line-wrap ran, hyphenation did not


def test_a_thread_of_the_caller_is_stopped_by_the_watchdog() -> None:
    found: list[tuple[str, tuple[str, ...]]] = []

    def clean() -> None:
        with TimeBudget(SPIN_LIMIT) as probe:
            how = probe.how
        doc = process(_item(), spinning("structure"), Context(budgeted(BUDGET)), Timings())
        found.append((how, tuple(f.code for f in doc.findings)))

    thread = threading.Thread(target=clean)
    thread.start()
    thread.join(SPIN_LIMIT * 2)
    [(how, codes)] = found
    assert how == "watchdog" and "stage.timeout" in codes, codes


# --- the budget itself --------------------------------------------------------------------------


def test_the_alarm_stops_a_runaway_regex() -> None:
    """The ``re`` engine checks for signals as it backtracks: a catastrophic pattern, which no
    bytecode boundary would reach for ages, is stopped too."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("SIGALRM needs the main thread")
    runaway = re.compile(r"(a+)+$")
    with pytest.raises(OutOfTime), TimeBudget(BUDGET) as budget:
        assert budget.how == "alarm"
        runaway.match("a" * 60 + "b")


def test_the_alarm_is_left_as_it_was() -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("SIGALRM needs the main thread")
    before = signal.getsignal(signal.SIGALRM)
    with TimeBudget(SPIN_LIMIT) as budget:
        assert budget.how == "alarm"
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_someone_elses_alarm_is_not_taken_over() -> None:
    """A SIGALRM handler of the caller's (pytest-timeout's, say) stays, and so does its timer:
    the budget uses the watchdog instead."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("SIGALRM needs the main thread")
    rang: list[int] = []

    def theirs(signum: int, frame: FrameType | None) -> None:
        rang.append(signum)

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        doc = process(_item(), spinning("footnotes"), Context(budgeted(BUDGET)), Timings())
        assert "stage.timeout" in {f.code for f in doc.findings}, doc.findings
        assert signal.getsignal(signal.SIGALRM) is theirs and not rang
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_no_budget_arms_nothing() -> None:
    with TimeBudget(0) as budget:
        assert budget.how == "off"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "'stages.time_budget_seconds' must be between 0 and 86400.0, not -1"),
        ("1e9", "'stages.time_budget_seconds' must be between 0 and 86400.0, not 1000000000.0"),
        ("inf", "'stages.time_budget_seconds' must be between 0 and 86400.0, not inf"),
        ("nan", "'stages.time_budget_seconds' must be a number, not nan"),
        ("'soon'", "'stages.time_budget_seconds' must be a number"),
    ],
)
def test_the_budget_is_range_checked(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"[stages]\ntime_budget_seconds = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        Config.load(path)


def test_a_whole_number_budget_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[stages]\ntime_budget_seconds = 5\n", encoding="utf-8")
    assert Config.load(path).stages.time_budget_seconds == 5.0
