"""Benchmark: the whole ``pipeline.run`` at scale on dirty synthetic letters, beside ftfy alone.

    python -m bench.pipeline [--sizes 1000 10000] [--jobs 2] [--seed 0] [--dirty 0.5]
    python bench/pipeline.py --sizes 1000 10000 30000 --keep /tmp/bench-corpora

For each size, ``bench/corpus.py`` generates a deterministic corpus (seed paragraphs recombined,
quotations planted). Its documents are clean text, so a share of them (``--dirty``, chosen and
damaged deterministically from the seed and the document id) gets the artefacts the repair
stages exist for: mojibake of a few words carrying curly quotes (UTF-8 read as cp1252, so
``People’s`` → ``Peopleâ€™s``), hard wraps at about 80 columns, pages of 30 lines with a
running header on top, a page number at the bottom (``Page 2 of 3`` or ``- 2 -``) and a form
feed between them, trailing spaces on some lines, and CRLF line ends in half of them. The result
is written as JSONL ``{"id", "text"}``.

Then, each in a fresh subprocess (so peaks never accumulate):

* ``pipeline.run([corpus.jsonl], out, jobs=J)``: wall time (``time.perf_counter`` around the call,
  imports excluded), peak RSS of that process (``resource.getrusage``; the worker processes'
  largest peak separately), and the per-stage ``timings`` of the ``manifest.json`` it wrote;
* ``ftfy.fix_text`` with its default configuration over the same texts, one after another, as
  the reference (reading the JSONL excluded).

Prints a Markdown table (documents, MB of UTF-8 text, run time, MB/s, peak RSS, ftfy alone,
run/ftfy ratio, time ratio against the previous size), the per-stage seconds of every size
sorted by cost, and issue #6's three targets as met or not met with the measured numbers. The
per-document stages run in J processes: their manifest timings are summed over the workers, so
together they can exceed the wall time. Numbers go in the README and the issue note, never into
tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if not __package__:  # run as a script: make ``bench`` (and not this file) the importable names
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 80  # hard-wrap column
PAGE_LINES = 30  # body lines per page
HEADERS = (
    "Open letter on accountability for crimes against humanity in the DPRK",
    "Joint NGO letter to the UN Security Council",
    "Human Rights Council – 25th session – written statement",
    "CONFIDENTIAL DRAFT – NOT FOR CIRCULATION",
)
CURLY = re.compile(r"\S*[‘’“”]\S*")  # a word carrying a curly quote
GB = 1024  # MiB


# --- the dirty corpus -----------------------------------------------------------------------


def _mojibake(text: str, rng: random.Random) -> tuple[str, int]:
    """Up to three words carrying a curly quote, encoded as UTF-8 and decoded as cp1252 (ftfy's
    sloppy variant, so the undefined byte of ``”`` survives as U+009D, as it does in the wild)."""
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

    spans = [m.span() for m in CURLY.finditer(text)]
    chosen = sorted(rng.sample(spans, min(len(spans), rng.randint(1, 3))), reverse=True)
    for start, end in chosen:
        word = text[start:end].encode("utf-8").decode("sloppy-windows-1252")
        text = text[:start] + word + text[end:]
    return text, len(chosen)


def _wrap(text: str) -> list[str]:
    """The text hard-wrapped at ``WIDTH`` columns, one blank line between paragraphs."""
    lines: list[str] = []
    for line in text.split("\n"):
        wrapped = textwrap.wrap(line, WIDTH, break_long_words=False, break_on_hyphens=False)
        lines += wrapped or [""]
    return lines


def _paginate(lines: list[str], rng: random.Random) -> list[str]:
    """Pages of ``PAGE_LINES`` lines: a running header on top, a page number at the bottom, a
    form feed between pages (as pdftotext writes them)."""
    pages = [lines[i : i + PAGE_LINES] for i in range(0, len(lines), PAGE_LINES)]
    if len(pages) < 2:
        return lines
    header = rng.choice(HEADERS)
    style = rng.choice(("Page {k} of {n}", "- {k} -"))
    out: list[str] = []
    for k, page in enumerate(pages, 1):
        top = ("\f" if k > 1 else "") + header
        out += [top, "", *page, "", style.format(k=k, n=len(pages))]
    return out


def dirty(doc_id: str, text: str, seed: int, share: float) -> tuple[str, dict[str, int]]:
    """``text`` with PDF-extraction artefacts, for a ``share`` of the documents; deterministic
    from ``seed`` and ``doc_id``. Also says which artefacts were put in."""
    rng = random.Random(f"artefacts:{seed}:{doc_id}")
    if rng.random() >= share:
        return text, {}
    text, mojibake = _mojibake(text, rng) if rng.random() < 0.5 else (text, 0)
    lines = _wrap(text)
    wrapped = len(lines)
    lines = _paginate(lines, rng)
    pages = sum(line.startswith("\f") for line in lines) + 1
    trailing = 0
    for i, line in enumerate(lines):
        if line and rng.random() < 0.25:
            lines[i] = line + " " * rng.randint(1, 3)
            trailing += 1
    crlf = rng.random() < 0.5
    text = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")
    found = {
        "dirty": 1,
        "mojibake words": mojibake,
        "wrapped lines": wrapped,
        "paginated": int(pages > 1),
        "form feeds": pages - 1,
        "trailing spaces": trailing,
        "crlf": int(crlf),
    }
    return text, found


def write_corpus(n: int, seed: int, share: float, path: Path) -> dict[str, Any]:
    """``n`` documents from ``bench/corpus.py``, a ``share`` of them damaged, written as JSONL."""
    from bench.corpus import generate

    started = time.perf_counter()
    corpus = generate(n, seed)
    counts: dict[str, int] = {}
    size = 0
    digest = hashlib.sha256()
    with path.open("w", encoding="utf-8") as f:
        for doc in corpus.documents:
            text, found = dirty(doc.id, doc.text, seed, share)
            for key, value in found.items():
                counts[key] = counts.get(key, 0) + value
            size += len(text.encode("utf-8"))
            line = json.dumps({"id": doc.id, "text": text}, ensure_ascii=False) + "\n"
            digest.update(line.encode("utf-8"))
            f.write(line)
    return {
        "bytes": size,
        "artefacts": counts,
        "digest": digest.hexdigest(),
        "generate": time.perf_counter() - started,
    }


# --- the measurements, each run in a fresh subprocess ---------------------------------------


def _peaks_mib() -> tuple[float, float]:
    """Peak RSS of this process and of its largest reaped child, in MiB (Linux: KiB)."""
    scale = 2**20 if sys.platform == "darwin" else 2**10
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return own, children


def child_run(corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    """``pipeline.run`` on ``corpus``, timed; the manifest's timings and edit counts.

    Two phases the manifest cannot hold are added under names in parentheses: ``(write)``, from
    the returned ``RunResult`` (the manifest is written before writing ends), and ``(index)``,
    the corpus index built before the stages, timed by wrapping ``runner.build_index`` here.
    """
    import pipeline
    import pipeline.runner as runner

    index = [0.0]
    build_index = getattr(runner, "build_index")  # noqa: B009  (not re-exported)

    def timed_index(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return build_index(*args, **kwargs)
        finally:
            index[0] += time.perf_counter() - started

    setattr(runner, "build_index", timed_index)  # noqa: B010  (this process only)
    started = time.perf_counter()
    result = pipeline.run([corpus], out, jobs=jobs)
    elapsed = time.perf_counter() - started
    own, workers = _peaks_mib()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    timings = dict(manifest["timings"])
    timings["(write)"] = result.timings.get("write", 0.0)
    timings["(index)"] = index[0]
    return {
        "time": elapsed,
        "peak": own,
        "workers": workers,
        "timings": timings,
        "edits": manifest["counts"]["edits"],
        "documents": manifest["counts"]["documents"],
    }


def child_ftfy(corpus: Path) -> dict[str, Any]:
    """``ftfy.fix_text`` (default configuration) over every text of ``corpus``, timed."""
    import ftfy

    with corpus.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    started = time.perf_counter()
    changed = sum(ftfy.fix_text(text) != text for text in texts)
    elapsed = time.perf_counter() - started
    own, _ = _peaks_mib()
    return {"time": elapsed, "peak": own, "changed": changed}


def _fresh(args: Sequence[str], timeout: float) -> dict[str, Any]:
    """``python -m bench.pipeline --child ARGS`` in a new interpreter; its JSON answer, plus the
    subprocess's whole wall time."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.pipeline", "--child", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"child {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


# --- the report -----------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def run(
    sizes: Sequence[int], jobs: int, seed: int, share: float, keep: Path | None, timeout: float
) -> None:
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        base = keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for n in sorted(sizes):
            corpus = base / f"corpus-{n}-seed{seed}.jsonl"
            log = f"… {n:,} documents:"
            print(f"{log} generating {corpus.name}", file=sys.stderr, flush=True)
            made = write_corpus(n, seed, share, corpus)
            print(f"{log} pipeline.run, jobs={jobs}", file=sys.stderr, flush=True)
            out = Path(tmp) / f"out-{n}"
            measured = _fresh(["run", str(corpus), str(out), str(jobs)], timeout)
            print(f"{log} ftfy.fix_text alone", file=sys.stderr, flush=True)
            reference = _fresh(["ftfy", str(corpus)], timeout)
            results.append({"n": n, **made, "run": measured, "ftfy": reference})
            _print_details(results[-1])
    _print_tables(results, jobs)


def _print_details(r: dict[str, Any]) -> None:
    artefacts = ", ".join(f"{k} {v:,}" for k, v in r["artefacts"].items())
    edits = ", ".join(f"{k} {v:,}" for k, v in r["run"]["edits"].items())
    print(
        f"{r['n']:,} documents: corpus generated in {r['generate']:.1f} s, sha256 "
        f"{r['digest'][:12]}; artefacts put in: {artefacts}"
    )
    print(f"{r['n']:,} documents: edits in the manifest: {edits}")
    print(
        f"{r['n']:,} documents: run subprocess {r['run']['wall']:.1f} s in all (interpreter and "
        f"imports included); ftfy changed {r['ftfy']['changed']:,} texts, its peak RSS "
        f"{r['ftfy']['peak']:,.0f} MiB"
    )
    sys.stdout.flush()


def _print_tables(results: Sequence[dict[str, Any]], jobs: int) -> None:
    print()
    print(
        f"| documents | MB | run time (jobs={jobs}) | MB/s | peak RSS MiB (largest worker) "
        "| ftfy alone | run/ftfy ratio | time ratio vs previous size |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    per_doubling: list[float] = []
    previous: dict[str, Any] | None = None
    for r in results:
        mb = r["bytes"] / 1e6
        t = r["run"]["time"]
        ratio = "—"
        if previous is not None:
            factor = t / previous["run"]["time"]
            per_doubling.append(factor ** (1 / math.log2(r["n"] / previous["n"])))
            ratio = (
                f"{factor:.2f}× for {r['n'] / previous['n']:g}× documents "
                f"({per_doubling[-1]:.2f}× per doubling)"
            )
        cells = [
            f"{r['n']:,}",
            f"{mb:.1f}",
            _seconds(t),
            f"{mb / t:.2f}",
            f"{r['run']['peak']:,.0f} ({r['run']['workers']:,.0f})",
            _seconds(r["ftfy"]["time"]),
            f"{t / r['ftfy']['time']:.2f}",
            ratio,
        ]
        print("| " + " | ".join(cells) + " |")
        previous = r
    print()

    last = results[-1]["run"]["timings"]
    stages = sorted(last, key=lambda k: -last[k])
    header = " | ".join(f"{r['n']:,} docs" for r in results)
    print(
        f"Per-stage seconds (manifest `timings`, per-document stages summed over {jobs} "
        "workers; `(write)` and `(index)` measured beside it)"
    )
    print()
    print(f"| stage | {header} | share at {results[-1]['n']:,} |")
    print("| --- |" + " ---: |" * (len(results) + 1))
    total = sum(last.values())
    for stage in stages:
        cells = [f"{r['run']['timings'].get(stage, 0.0):.2f}" for r in results]
        print(f"| `{stage}` | " + " | ".join(cells) + f" | {100 * last[stage] / total:.1f} % |")
    serial = ("read", "(index)", "consistency", "(write)")
    cells = [
        f"{r['run']['time'] - sum(r['run']['timings'].get(k, 0.0) for k in serial):.2f}"
        for r in results
    ]
    print(
        "| wall time of the per-document stages (run − read − index − consistency − write; "
        "worker start-up included) | " + " | ".join(cells) + " | |"
    )
    print()

    r = results[-1]
    ratio = r["run"]["time"] / r["ftfy"]["time"]
    met = "met" if ratio <= 0.5 else "NOT met"
    print(
        f"Target: the whole pipeline takes at most half the time of ftfy alone — {met} "
        f"({r['n']:,} documents: {_seconds(r['run']['time'])} vs "
        f"{_seconds(r['ftfy']['time'])}, ratio {ratio:.2f}; at every size: "
        + ", ".join(f"{x['run']['time'] / x['ftfy']['time']:.2f}" for x in results)
        + ")"
    )
    big = [x for x in results if x["n"] >= 100_000]
    if big:
        x = big[0]
        total_mib = x["run"]["peak"] + jobs * x["run"]["workers"]
        met = "met" if x["run"]["peak"] <= GB else "NOT met"
        print(
            f"Target: peak RSS at most 1 GB at 100k documents — {met} ({x['n']:,} documents: "
            f"{x['run']['peak']:,.0f} MiB in the run process; with {jobs} workers of up to "
            f"{x['run']['workers']:,.0f} MiB, at most {total_mib:,.0f} MiB together)"
        )
    else:
        largest = results[-1]
        print(
            "Target: peak RSS at most 1 GB at 100k documents — not measured (100k not run; "
            f"largest: {largest['n']:,} documents, {largest['run']['peak']:,.0f} MiB)"
        )
    if per_doubling:
        worst = max(per_doubling)
        met = "met" if worst <= 2.2 else "NOT met"
        shown = ", ".join(f"{f:.2f}×" for f in per_doubling)
        print(
            f"Target: doubling the corpus costs at most 2.2× the time — {met} "
            f"(per doubling: {shown})"
        )
    else:
        print("Target: doubling the corpus costs at most 2.2× the time — n/a (one size)")


def main(argv: Sequence[str] | None = None) -> None:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--child"]:  # a measurement, in its fresh interpreter
        kind, *rest = args_list[1:]
        if kind == "run":
            result = child_run(Path(rest[0]), Path(rest[1]), int(rest[2]))
        else:
            result = child_ftfy(Path(rest[0]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2, help="pipeline.run(jobs=...)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--dirty", type=float, default=0.5, help="share of documents given artefacts"
    )
    parser.add_argument("--keep", type=Path, help="write the corpora here (default: a temp dir)")
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds per measurement (%(default)s)"
    )
    args = parser.parse_args(args_list)
    run(args.sizes, args.jobs, args.seed, args.dirty, args.keep, args.timeout)


if __name__ == "__main__":
    main()
