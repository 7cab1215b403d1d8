"""Benchmark: the cross-document quote check at scale, beside a naive all-pairs baseline.

    python bench/quotes.py [--sizes 1000 10000 50000] [--baseline-limit 300] [--seed 0]
    python bench/quotes.py --profile 10000     # cProfile of check_quotes alone, top functions

For each size, a synthetic corpus (``bench/corpus.py``: seed paragraphs recombined, ~200 source
passages quoted with planted mutations) is generated in a fresh process, and ``check_quotes`` is
timed there (``time.perf_counter``) with the process's peak RSS. In another fresh process, on the
same documents (same seed; the corpus digests are compared), the baseline compares every pair of
quotations from different documents with ``rapidfuzz.fuzz.partial_ratio`` and groups pairs scoring
>= 80 with union-find. The baseline runs only where it is expected to finish within
``--baseline-limit`` seconds (quadratic extrapolation from a measured run, or from a sampled
per-pair cost), and is stopped at that limit otherwise.

Prints a Markdown table, the clusters found, how many planted mutations got the label the
generator intended, and the two goals of issue #4 (doubling the corpus costs at most 2.2x the
time; at least 50x faster than all-pairs) as met or not met. Numbers go in the README and the
issue note, never into tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import math
import multiprocessing
import pstats
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if not __package__:  # run as a script: make ``bench`` importable from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process

from bench.corpus import Corpus, generate
from pipeline import Config
from pipeline.consistency import check_quotes

CUTOFF = 80  # partial_ratio score at which the baseline calls two quotations the same passage
PAIR_SAMPLE = 20_000  # pairs timed to estimate the baseline's cost before running it


def _rss_mib() -> float:
    """The current resident set size (Linux ``/proc``; elsewhere the peak so far)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return _peak_mib()
    return pages * resource.getpagesize() / 2**20


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes vs KiB


def _quote_texts(corpus: Corpus) -> tuple[list[str], list[str]]:
    """Every quotation's text and its document id."""
    texts, owners = [], []
    for doc in corpus.documents:
        for quote in doc.quotes:
            texts.append(doc.text[quote.raw_start : quote.raw_end])
            owners.append(doc.id)
    return texts, owners


def measure_check(n: int, seed: int) -> dict[str, Any]:
    """In a fresh process: generate, then time ``check_quotes`` and take its peak RSS."""
    started = time.perf_counter()
    corpus = generate(n, seed)
    generated = time.perf_counter() - started
    options = Config.load().consistency
    gc.collect()
    before = _rss_mib()
    started = time.perf_counter()
    report, findings = check_quotes(corpus.documents, options)
    elapsed = time.perf_counter() - started
    peak = _peak_mib()
    texts, _ = _quote_texts(corpus)
    return {
        "digest": corpus.digest(),
        "quotations": corpus.quotations,
        "generate": generated,
        "time": elapsed,
        "peak": peak,
        "before": before,
        "clusters": len(report["clusters"]),
        "members": sum(len(c["members"]) for c in report["clusters"]),
        "unquoted": sum(m["quote"] is None for c in report["clusters"] for m in c["members"]),
        "findings": len(findings),
        "accuracy": _accuracy(corpus, report),
        "pair_cost": _pair_cost(texts, random.Random(seed)),
    }


def _accuracy(corpus: Corpus, report: dict[str, Any]) -> dict[str, Any]:
    """Per planted mutation: how many, how many got the intended label, how many were in no
    reported cluster; and the wrong labels given, as ``(mutation, label) -> count``."""
    quoted: dict[tuple[str, str], list[str]] = defaultdict(list)
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for cluster in report["clusters"]:
        for m in cluster["members"]:
            if m["quote"] is not None:
                quoted[m["document"], m["quote"]].append(m["variant"])
            else:
                spans[m["document"]].append((m["start"], m["end"], m["variant"]))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    wrong: Counter[tuple[str, str]] = Counter()
    for p in corpus.planted:
        if p.quote is not None:
            labels = quoted.get((p.document, p.quote), [])
        else:
            labels = [v for s, e, v in spans.get(p.document, []) if s < p.end and p.start < e]
        row = counts[p.mutation]
        row[0] += 1
        if not labels:
            row[2] += 1
        elif p.expected in labels:
            row[1] += 1
        else:
            wrong[p.mutation, labels[0]] += 1
    return {"counts": dict(counts), "wrong": dict(wrong)}


def _pair_cost(texts: Sequence[str], rng: random.Random) -> float:
    """Seconds per ``partial_ratio`` comparison, timed on a sample of quotation pairs."""
    if len(texts) < 2:
        return 0.0
    queries = [rng.choice(texts) for _ in range(20)]
    choices = [rng.choice(texts) for _ in range(PAIR_SAMPLE // 20)]
    started = time.perf_counter()
    for query in queries:
        process.extract(query, choices, scorer=fuzz.partial_ratio, score_cutoff=CUTOFF, limit=None)
    return (time.perf_counter() - started) / PAIR_SAMPLE


def measure_baseline(n: int, seed: int) -> dict[str, Any]:
    """In a fresh process: generate, then the all-pairs baseline, timed."""
    corpus = generate(n, seed)
    texts, owners = _quote_texts(corpus)
    started = time.perf_counter()
    clusters = all_pairs(texts, owners)
    elapsed = time.perf_counter() - started
    return {"digest": corpus.digest(), "time": elapsed, "clusters": clusters}


def all_pairs(texts: Sequence[str], owners: Sequence[str]) -> int:
    """Groups of quotations linked by ``partial_ratio >= CUTOFF`` across documents (union-find
    over every pair); the number of groups of two or more."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, text in enumerate(texts):
        # One C++ loop per row over the later quotations: every pair is scored exactly once.
        hits = process.extract(
            text, texts[i + 1 :], scorer=fuzz.partial_ratio, score_cutoff=CUTOFF, limit=None
        )
        for _, _, k in hits:
            j = i + 1 + k
            if owners[j] != owners[i]:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    sizes = Counter(find(i) for i in range(len(texts)))
    return sum(1 for size in sizes.values() if size > 1)


def _in_fresh_process(
    function: Any, args: tuple[int, int], timeout: float | None = None
) -> dict[str, Any] | None:
    """``function(*args)`` in a new process (so peaks never accumulate); None on timeout."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1, maxtasksperchild=1) as pool:
        pending = pool.apply_async(function, args)
        try:
            result: dict[str, Any] = pending.get(timeout)
        except multiprocessing.TimeoutError:
            return None  # leaving the with-block terminates the worker
    return result


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def run(sizes: Sequence[int], limit: float, seed: int) -> None:
    rows: list[list[str]] = []
    notes: list[str] = []
    per_doubling: list[float] = []
    speedups: list[tuple[int, float]] = []
    previous: dict[str, Any] | None = None
    measured: tuple[int, float] | None = None  # (pairs, seconds) of the last baseline run
    for n in sorted(sizes):
        print(f"… {n:,} documents: check_quotes", file=sys.stderr, flush=True)
        check = _in_fresh_process(measure_check, (n, seed))
        assert check is not None  # no timeout was given
        q = check["quotations"]
        pairs = q * (q - 1) // 2
        ratio = "—"
        if previous is not None:
            factor = check["time"] / previous["time"]
            doublings = math.log2(n / previous["n"])
            per_doubling.append(factor ** (1 / doublings))
            ratio = (
                f"{factor:.2f}× for {n / previous['n']:g}× documents "
                f"({per_doubling[-1]:.2f}× per doubling)"
            )
        if measured is not None:
            estimate = measured[1] * pairs / measured[0]
        else:
            estimate = check["pair_cost"] * pairs
        baseline_cell = speedup_cell = f"not run (> {limit:g} s estimated)"
        if estimate <= limit:
            print(
                f"… {n:,} documents: all-pairs baseline (~{estimate:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
            timeout = limit + check["generate"] * 2 + 30
            baseline = _in_fresh_process(measure_baseline, (n, seed), timeout)
            if baseline is None:
                baseline_cell = speedup_cell = f"not run (stopped after {limit:g} s)"
            else:
                if baseline["digest"] != check["digest"]:
                    notes.append(f"{n:,}: the baseline saw a different corpus (digest mismatch)")
                measured = (pairs, baseline["time"])
                speedup = baseline["time"] / check["time"]
                speedups.append((n, speedup))
                baseline_cell = _seconds(baseline["time"])
                speedup_cell = f"{speedup:.0f}×"
                notes.append(
                    f"{n:,}: baseline found {baseline['clusters']:,} groups (partial_ratio ≥ "
                    f"{CUTOFF}, union-find); corpus digest {baseline['digest'][:12]} in both runs"
                )
        else:
            notes.append(f"{n:,}: baseline estimated at {estimate:,.0f} s ({pairs:,} pairs)")
        rows.append(
            [
                f"{n:,}",
                f"{q:,}",
                _seconds(check["time"]),
                f"{check['peak']:,.0f} (+{check['peak'] - check['before']:,.0f})",
                ratio,
                baseline_cell,
                speedup_cell,
            ]
        )
        check["n"] = n
        previous = check
        _print_details(n, check)

    print()
    print(
        "| documents | quotations | check_quotes time | peak MiB (+ over corpus) "
        "| time ratio vs previous size | baseline time | speed-up |"
    )
    print("| ---: | ---: | ---: | ---: | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    for note in notes:
        print(f"- {note}")
    print()
    worst = max(per_doubling, default=float("nan"))
    met = "met" if per_doubling and worst <= 2.2 else "NOT met"
    shown = ", ".join(f"{f:.2f}×" for f in per_doubling) or "n/a (one size)"
    print(f"Goal: doubling the corpus costs at most 2.2× the time — {met} (per doubling: {shown})")
    if speedups:
        n, speedup = speedups[-1]
        met = "met" if speedup >= 50 else "NOT met"
        print(
            f"Goal: at least 50× faster than all-pairs at the largest size both finish "
            f"({n:,} documents: {speedup:.0f}×) — {met}"
        )
    else:
        print("Goal: at least 50× faster than all-pairs — not measured (no baseline finished)")


def _print_details(n: int, check: dict[str, Any]) -> None:
    accuracy = check["accuracy"]
    counts: dict[str, list[int]] = accuracy["counts"]
    total = sum(c[0] for c in counts.values())
    right = sum(c[1] for c in counts.values())
    missing = sum(c[2] for c in counts.values())
    per = ", ".join(
        f"{name} {c[1]}/{c[0]}" + (f" ({c[2]} in no cluster)" if c[2] else "")
        for name, c in sorted(counts.items())
    )
    wrong = ", ".join(
        f"{mutation}→{label} {count}"
        for (mutation, label), count in sorted(accuracy["wrong"].items(), key=lambda kv: -kv[1])
    )
    print(
        f"{n:,} documents: {check['clusters']:,} clusters, {check['members']:,} members "
        f"({check['unquoted']:,} unquoted), {check['findings']:,} findings; "
        f"corpus generated in {check['generate']:.1f} s, digest {check['digest'][:12]}"
    )
    print(
        f"{n:,} documents: accuracy {right:,}/{total:,} planted passages "
        f"({100 * right / max(total, 1):.1f}%) labelled as intended, {missing:,} in no "
        f"reported cluster — {per}"
    )
    if wrong:
        print(f"{n:,} documents: labelled otherwise: {wrong}")
    sys.stdout.flush()


def profile(n: int, seed: int, top: int = 20) -> None:
    """cProfile of ``check_quotes`` alone on ``n`` documents: top functions by own and
    cumulative time."""
    corpus = generate(n, seed)
    options = Config.load().consistency
    profiler = cProfile.Profile()
    profiler.runcall(check_quotes, corpus.documents, options)
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument(
        "--baseline-limit", type=float, default=300, help="seconds (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", type=int, metavar="N", help="profile check_quotes on N docs")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.seed)
    else:
        run(args.sizes, args.baseline_limit, args.seed)


if __name__ == "__main__":
    main()
