"""The worst-case benchmark's own logic (bench/adversarial.py): its inputs, and how it reads a
run's timings and a hung run's stack dump. No timing is asserted."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline.stages import STAGE_IDS

# Loaded from its file: bench/ is not a package on the test path.
_SPEC = importlib.util.spec_from_file_location(
    "adversarial", Path(__file__).resolve().parent.parent / "bench" / "adversarial.py"
)
assert _SPEC is not None and _SPEC.loader is not None
adversarial = importlib.util.module_from_spec(_SPEC)
sys.modules["adversarial"] = adversarial  # (its dataclasses look their module up)
_SPEC.loader.exec_module(adversarial)

SHAPES = {shape.name: shape for shape in adversarial.SHAPES}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_is_the_same_text_every_time_and_of_about_its_size(name: str) -> None:
    shape = SHAPES[name]
    text = adversarial.generate(shape, 20_000)
    assert text == adversarial.generate(shape, 20_000)
    assert 20_000 <= len(text.encode("utf-8")) < 24_000
    larger = adversarial.generate(shape, 200_000)
    assert 200_000 <= len(larger.encode("utf-8")) < 204_000


def test_the_shapes_are_what_they_say() -> None:
    lines = adversarial.generate(SHAPES["inter-lines"], 7_000).splitlines()
    assert set(lines) == {"inter-"} and len(lines) == 1_000
    assert "\n" not in adversarial.generate(SHAPES["one-enormous-line"], 50_000)
    hyphens = adversarial.generate(SHAPES["line-end-hyphens"], 20_000).splitlines()
    assert sum(line.endswith("-") for line in hyphens) > len(hyphens) * 0.8
    pages = adversarial.generate(SHAPES["page-labels"], 20_000)
    assert "\f" in pages and "Page 4 of 999" in pages and "\n- 6 -\n" in pages


def test_a_hung_run_is_put_down_to_the_innermost_stage_of_the_main_thread() -> None:
    stages = {
        "/x/pipeline/stages/footnotes": "footnotes",
        "/x/pipeline/stages/layout.py": "line-wrap",
    }
    dump = (
        "Thread 0x00007f (most recent call first):\n"
        '  File "/usr/lib/python3.11/threading.py", line 320 in wait\n\n'
        "Current thread 0x00007e (most recent call first):\n"
        '  File "/x/pipeline/stages/_lines.py", line 40 in split_lines\n'
        '  File "/x/pipeline/stages/footnotes/bodies.py", line 88 in bodies\n'
        '  File "/x/pipeline/stages/footnotes/__init__.py", line 12 in link_footnotes\n'
        '  File "/x/pipeline/runner.py", line 160 in process\n'
    )
    assert adversarial._hung_step(dump, stages) == "footnotes"
    outside = "Current thread 0x1 (most recent call first):\n" + (
        '  File "/x/pipeline/corpus.py", line 9 in build_index\n'
    )
    assert adversarial._hung_step(outside, stages) == "corpus"


def test_a_run_in_a_subprocess_reports_every_stage(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text(adversarial.generate(SHAPES["mixed"], 3_000), encoding="utf-8")
    package, files = adversarial.stage_files()
    assert Path(package) == Path(pipeline.__file__).parent  # the checkout under test
    assert set(files.values()) == set(STAGE_IDS)
    measured = adversarial.measure(path, 1, 120.0, files)
    assert measured.error is None and measured.hung is None
    assert measured.stages == STAGE_IDS
    assert set(STAGE_IDS) <= set(measured.timings)


def test_the_mixed_shape_holds_every_shape_at_the_small_size_too() -> None:
    # (the ratio of two sizes means something only if both hold the same mix)
    small = adversarial.generate(SHAPES["mixed"], 35_000)
    large = adversarial.generate(SHAPES["mixed"], 350_000)
    for mark in ("inter-\n", "“", "«", "Submission to", " | ", "\f"):
        assert 7 <= large.count(mark) / max(small.count(mark), 1) <= 13, mark


def test_the_worst_case_table_gives_time_per_mb_and_the_worst_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = argparse.Namespace(timeout=60.0, flag=12.0, floor=50.0, factor=10)
    measured = adversarial.Measured
    results = [
        (SHAPES["inter-lines"], (50_000, 500_000), measured({"quotes": 0.010}, ("quotes",)),
         measured({"quotes": 0.100}, ("quotes",))),
        (SHAPES["quotes-nested"], (100_000, 1_000_000), measured({"quotes": 0.010}, ("quotes",)),
         measured({"quotes": 0.300}, ("quotes",))),
        (SHAPES["short-lines"], (100_000, 1_000_000), measured({"quotes": 0.010}, ("quotes",)),
         measured({}, (), hung="quotes")),
    ]  # fmt: skip
    _, table, failures = adversarial.rows(results[:2], args)
    assert failures == []
    assert [(r.shape, r.per_mb(0), r.per_mb(1), r.flag) for r in table] == [
        ("inter-lines", "200", "200", ""),  # 10 ms for 0.05 MB, 100 ms for 0.5 MB
        ("quotes-nested", "100", "300", "SLOW"),  # 30 times the time for 10 times the input
    ]
    adversarial.worst_case_table(table, ["quotes"], args)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "| quotes | quotes-nested | 100 | 300 | 30.0 SLOW | quotes-nested | 300 |"
    _, table, _ = adversarial.rows(results, args)
    adversarial.worst_case_table(table, ["quotes"], args)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "| quotes | short-lines | 100 | > 60 s |  HANG | quotes-nested | 300 |"
