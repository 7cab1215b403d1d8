"""Benchmark: time and peak memory of ``pipeline.run`` on the embedded seeds.

    python bench/run_seeds.py [--repeat 20]

Prints the median wall time of a whole run (read, stages, validate, write) and the per-stage
timings of the manifest. Numbers go in the README and the issue note, never into tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

# The checkout this script is in, before an installed copy of the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        run(out=out)  # warm-up: imports, schema compilation
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = run(out=out)
            times.append(time.perf_counter() - started)
        stages = json.loads((out / "manifest.json").read_text("utf-8"))["timings"]
        size = sum(len(doc.raw) for doc in result.documents)  # read back from OUT
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median(times)
    print(f"documents: {len(result.documents)}, characters: {size:,}")
    print(
        f"run (median of {args.repeat}): {median * 1000:.1f} ms, "
        f"{size / median / 1e6:.2f} M chars/s"
    )
    print(
        "per stage (last run, ms): " + ", ".join(f"{k} {v * 1000:.2f}" for k, v in stages.items())
    )
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
