"""Benchmark: CPU of the whole run beside ftfy alone, the regex floor and the peers (issue #16).

    python -m bench.ratios [--sizes 1000 10000] [--repeat 3] [--keep DIR]

For each corpus size (``bench/corpus.py`` via :mod:`bench.at_scale`: the same deterministic,
half-dirty synthetic letters) every contender runs in a fresh interpreter, the contenders
interleaved round by round (``--repeat`` rounds), and the table gives the median of each:

* **CPU**: user + system seconds of the whole process tree (the contender's process and every
  process it started and waited for: the pool's workers), from ``RUSAGE_CHILDREN`` of this
  process before and after; interpreter start and imports included, as a user pays them;
* **wall**: seconds from the start of the process to its end.

The contenders, all reading the same JSONL and writing their result as JSONL:

* ``floor``: reading, one compiled regex pass (runs of spaces) and ``orjson`` writing, the
  least any Python tool does;
* ``ftfy``: ``ftfy.fix_text`` with ``uncurl_quotes=False`` (the quotation marks are evidence:
  the comparison the issue asks for);
* ``unstructured``: ``unstructured.cleaners.core.clean`` (extra whitespace, dashes, bullets) and
  ``replace_unicode_quotes``, when the package is installed; ``unstructured+ftfy``, both;
* ``clean-text``: ``cleantext.clean`` keeping punctuation and case, when installed;
* ``coi-pipeline --jobs 1`` and ``--jobs 2``: ``python -m pipeline run CORPUS -o OUT``, every
  output written.

The ratio column divides each CPU median by ftfy's. Nothing here asserts; the numbers go in the
README and the issue note.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.at_scale import ensure_corpus

CHILD = r"""
import sys, orjson
kind, corpus, result = sys.argv[1:4]
if kind == "floor":
    import re
    spaces = re.compile(r"[ \t]{2,}")
    fix = lambda text: spaces.sub(" ", text)
elif kind == "ftfy":
    import ftfy
    fix = lambda text: ftfy.fix_text(text, uncurl_quotes=False)
elif kind.startswith("unstructured"):
    from unstructured.cleaners.core import clean, replace_unicode_quotes
    if kind == "unstructured+ftfy":
        import ftfy
        fix = lambda text: ftfy.fix_text(
            replace_unicode_quotes(clean(text, extra_whitespace=True, dashes=True, bullets=True)),
            uncurl_quotes=False,
        )
    else:
        fix = lambda text: replace_unicode_quotes(
            clean(text, extra_whitespace=True, dashes=True, bullets=True)
        )
elif kind == "clean-text":
    from cleantext import clean
    fix = lambda text: clean(text, lower=False, no_punct=False, fix_unicode=True, to_ascii=False)
with open(corpus, "rb") as lines, open(result, "wb") as out:
    for line in lines:
        record = orjson.loads(line)
        record["text"] = fix(record["text"])
        out.write(orjson.dumps(record) + b"\n")
"""

PEERS = {
    "unstructured": "unstructured",
    "unstructured+ftfy": "unstructured",
    "clean-text": "cleantext",
}


def _installed(module: str) -> bool:
    probe = [sys.executable, "-c", f"import {module}"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def contenders() -> list[str]:
    """Every contender this machine can run (a peer only when its package is installed)."""
    found = ["floor", "ftfy"]
    found += [name for name, module in PEERS.items() if _installed(module)]
    return [*found, "coi-pipeline --jobs 1", "coi-pipeline --jobs 2"]


def command(name: str, corpus: Path, scratch: Path) -> list[str]:
    if name.startswith("coi-pipeline"):
        jobs = name.rsplit(" ", 1)[1]
        out = scratch / "out"
        run = ["-m", "pipeline", "run", str(corpus), "-o", str(out), "--jobs", jobs]
        return [sys.executable, *run, "--no-progress", "--quiet", "--fail-on", "never"]
    return [sys.executable, "-c", CHILD, name, str(corpus), str(scratch / "result.jsonl")]


def measure(argv: list[str]) -> tuple[float, float]:
    """CPU seconds of the process tree and wall seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=Path(__file__).parent.parent)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def table(corpus: Path, names: Sequence[str], repeat: int) -> dict[str, tuple[float, float]]:
    """Median (CPU, wall) of each contender, the contenders interleaved round by round."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="coi-ratios-") as scratch:
        for round_ in range(repeat):
            for name in names:
                samples[name].append(measure(command(name, corpus, Path(scratch))))
                print(f"round {round_ + 1}: {name} done", file=sys.stderr)
    return {
        name: (statistics.median(c for c, _ in got), statistics.median(w for _, w in got))
        for name, got in samples.items()
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--keep", type=Path, help="directory of generated corpora to reuse")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dirty", type=float, default=0.5)
    args = parser.parse_args(argv)
    names = contenders()
    base = args.keep or Path(tempfile.mkdtemp(prefix="coi-corpora-"))
    base.mkdir(parents=True, exist_ok=True)  # (a --keep folder not made yet)
    print(f"CPU: user + system seconds of the process tree, median of {args.repeat} interleaved")
    print(f"runs; {os.cpu_count()} CPUs.\n")
    for n in args.sizes:
        corpus, meta = ensure_corpus(base, n, args.seed, args.dirty)
        rows = table(corpus, names, args.repeat)
        ftfy_cpu = rows["ftfy"][0]
        megabytes = meta["bytes"] / 1e6
        print(f"### {n:,} documents ({megabytes:.1f} MB of text)\n")
        print("| what runs | CPU (s) | wall (s) | CPU ÷ ftfy alone |")
        print("| --- | ---: | ---: | ---: |")
        for name, (cpu, wall) in rows.items():
            print(f"| {name} | {cpu:.2f} | {wall:.2f} | {cpu / ftfy_cpu:.2f} |")
        print()


if __name__ == "__main__":
    main()
