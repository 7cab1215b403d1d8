"""Benchmark: the per-document stages' speed, in milliseconds per MB of input, on real extractor
output (the extraction matrix's texts by default) or any folders of text.

    PYTHONPATH=. python bench/stages.py [--repeat 5] [--cpu] [DIR ...]

Runs ``pipeline.run`` on one process (``jobs=1``) over the folders, ``--repeat`` times, each in a
fresh interpreter (so that no cache a run builds speeds up the next one; one-off costs such as
compiling the rules count, so use inputs of a few MB), and prints, per stage, the fastest run's time
per MB of input (the manifest's timings), so that two checkouts can be compared on the same input:
run it once with ``PYTHONPATH`` on each. The pipeline imported is the one on ``PYTHONPATH``; only
its public API is used, so an older checkout can be measured by this script too. Numbers go in the
README and the issue notes, never into tests.

``--cpu`` times each step in CPU seconds of the running thread instead of wall seconds (the
run's one clock, in ``pipeline.machinery.timings``, is swapped for ``time.thread_time``): far
steadier when other work shares the machine, and still comparable between checkouts, since both
are timed the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
MATRIX_TEXTS = HERE / "matrix" / "text"


def _timings(inputs: list[Path], cpu: bool) -> dict[str, float]:
    """One run over ``inputs`` in this process: the manifest's seconds per step."""
    # Imported here: the checkout PYTHONPATH names, else the installed package.
    import importlib

    import pipeline

    if cpu:  # the run reads its clock as ``time.perf_counter``: give it the thread's CPU
        try:  # the one clock of every timing
            timed = importlib.import_module("pipeline.machinery.timings")
        except ModuleNotFoundError:  # a checkout from before it (issue #18): the runner's
            timed = importlib.import_module("pipeline.runner")
        clock = types.SimpleNamespace(**vars(time))
        clock.perf_counter = time.thread_time
        timed.time = clock
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        pipeline.run(inputs, out, jobs=1)
        timings: dict[str, float] = json.loads((out / "manifest.json").read_text("utf-8"))[
            "timings"
        ]
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=[MATRIX_TEXTS])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="CPU seconds of the thread, not wall")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)  # one run, as JSON
    args = parser.parse_args()
    if args.once:
        print(json.dumps(_timings(args.inputs, args.cpu)))
        return
    # Each repeat in a fresh interpreter: nothing a run caches can speed up the next one.
    command = [sys.executable, __file__, "--once", *(["--cpu"] * args.cpu), *map(str, args.inputs)]
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        for step, seconds in json.loads(done.stdout.splitlines()[-1]).items():
            best[step] = min(best.get(step, seconds), seconds)
    files = [p for d in args.inputs for p in ([d] if d.is_file() else d.rglob("*")) if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    if not size:
        parser.error(f"no input to measure in {', '.join(map(str, args.inputs))}")
    megabytes = size / 1e6
    # Asked from another folder (so the current one is not on the path, as it is not for the
    # runs), with PYTHONPATH's relative entries made absolute (as the runs read them from here).
    path = os.pathsep.join(
        str(Path(entry).resolve())
        for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep)
        if entry
    )
    where = subprocess.run(
        [sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
        env={**os.environ, "PYTHONPATH": path},
    ).stdout.strip()
    print(f"pipeline: {Path(where).parent}")
    print(f"input: {', '.join(map(str, args.inputs))} ({megabytes:.2f} MB)")
    unit = "CPU ms" if args.cpu else "ms"
    print(f"| step | {unit} per MB (fastest of {args.repeat} fresh runs) |")
    print("| --- | ---: |")
    for step, seconds in best.items():
        print(f"| {step} | {seconds * 1000 / megabytes:.0f} |")
    print(f"| all steps | {sum(best.values()) * 1000 / megabytes:.0f} |")


if __name__ == "__main__":
    main()
