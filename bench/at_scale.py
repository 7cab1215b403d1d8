"""Benchmark: the whole ``pipeline.run`` at scale on dirty synthetic letters, beside ftfy alone.

    python -m bench.at_scale [--sizes 1000 10000 100000] [--jobs 2] [--engine local|dask]
                             [--keep DIR] [--timeout SECONDS] [--seed 0] [--dirty 0.5]
    python -m bench.at_scale --sizes 100000 --keep /tmp/bench-corpora --generate-only

**The corpus.** For each size, ``bench/corpus.py`` generates a deterministic corpus (seed
paragraphs recombined, 7 to 15 a document, so about 5 KB of text each and 500 MB at 100,000
documents; quotations planted). Its documents are clean text, so a share of them (``--dirty``,
chosen and damaged deterministically from the seed and the document id) gets the artefacts the
repair stages exist for: mojibake of a few words carrying curly quotes (UTF-8 read as cp1252, so
``People’s`` → ``Peopleâ€™s``), hard wraps at about 80 columns, pages of 30 lines with a
running header on top, a page number at the bottom (``Page 2 of 3`` or ``- 2 -``) and a form
feed between them, trailing spaces on some lines, and CRLF line ends in half of them. Documents
are generated, damaged and written as JSONL ``{"id", "text"}`` one at a time, so generating
100,000 takes no more memory than generating 1,000; the file's sha256 is printed (same seed,
same bytes). With ``--keep DIR`` the corpora are written there and reused by later runs: a
corpus is made again only when its file (named by generator version, size, seed and dirty
share) or the ``.meta.json`` beside it is missing, or its size is not the recorded one.

**The measurements**, each in a fresh interpreter (so peaks never accumulate), one after the
other:

* ``pipeline.run([corpus.jsonl], out, jobs=J, engine=E)``: wall time (``time.perf_counter``
  around the call: interpreter start and imports excluded), the per-stage ``timings`` of the
  ``manifest.json`` it wrote, and memory three ways:

  - **peak RSS of the run, process tree (sampled)**, the headline number: every 0.2 s this
    (benchmark) process adds up ``VmRSS`` from ``/proc/<pid>/status`` of the run's process and
    all its descendants (pool workers, a forkserver, dask nannies and workers; found by their
    parent pid in ``/proc/*/stat``) and keeps the largest sum, and when it was seen (the details
    name the phase of the run, placed by the manifest's timings). A page a forked worker shares
    with its parent counts in both, so this over-counts; the largest sum of ``Pss``
    (``/proc/<pid>/smaps_rollup``, shared pages split between the processes sharing them) is
    given beside it. A peak shorter than 0.2 s can be missed. The sampling runs here, not in a
    thread of the measured process: a second thread there would make the local engine start
    its pool with forkserver instead of fork (``pipeline.machinery.engines._pool_context``), a
    different run from the command line's;
  - **main**: ``ru_maxrss`` of the run's process (``resource.getrusage(RUSAGE_SELF)``);
  - **largest worker**: ``ru_maxrss`` of ``RUSAGE_CHILDREN`` after the run, i.e. the largest
    peak of the descendants that have ended and been waited for (the pool's workers).

* ``ftfy.fix_text`` with its default configuration over the same texts, one after another, as
  the reference: only the ``fix_text`` calls are timed (reading and parsing the JSONL, a line at
  a time, is not).

**The report** (Markdown, ready for the README): one table (documents, MB of UTF-8 text, run
time, MB/s, the three peaks, ftfy alone, run/ftfy, and the per-doubling factor
``(t2 / t1) ** (1 / log2(n2 / n1))`` against the previous size); the per-stage seconds of every
size; and issue #6's three targets as met or not met with the numbers: (a) the whole run at
most half the time of ftfy alone (judged at the largest size), (b) peak RSS of the process tree
at most 1 GB at 100,000 documents, (c) at most 2.2× the time per doubling of the corpus (between
every two consecutive sizes). MB and GB are 10^6 and 10^9 bytes. The per-document stages run in
J processes: their manifest timings are summed over the workers, so together they can exceed
the wall time. Progress goes to stderr. Numbers go in the README and the issue note, never into
tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if not __package__:  # run as a script: make ``bench`` (and not this file) the importable names
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = 2  # in corpus file names: bump when the corpus or its artefacts change
PARAGRAPHS = (7, 15)  # seed paragraphs per document: ~5 KB of text, ~500 MB at 100,000
WIDTH = 80  # hard-wrap column
PAGE_LINES = 30  # body lines per page
HEADERS = (
    "Open letter on accountability for crimes against humanity in the DPRK",
    "Joint NGO letter to the UN Security Council",
    "Human Rights Council – 25th session – written statement",
    "CONFIDENTIAL DRAFT – NOT FOR CIRCULATION",
)
CURLY = re.compile(r"\S*[‘’“”]\S*")  # a word carrying a curly quote
SAMPLE_EVERY = 0.2  # seconds between two samples of the process tree's memory
HEARTBEAT = 30.0  # seconds between two progress lines while a measurement runs
MB = 1e6
RSS_TARGET = 1e9  # bytes: issue #6's 1 GB
RSS_TARGET_SIZE = 100_000  # documents at which the memory target applies
RATIO_TARGET = 0.5  # run time / ftfy time
DOUBLING_TARGET = 2.2  # time factor per doubling of the corpus


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


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


def corpus_path(base: Path, n: int, seed: int, share: float) -> Path:
    return base / f"corpus-v{GENERATOR}-{n}-seed{seed}-dirty{share:g}.jsonl"


def _meta_path(corpus: Path) -> Path:
    return corpus.with_name(corpus.name + ".meta.json")


def write_corpus(n: int, seed: int, share: float, path: Path) -> dict[str, Any]:
    """``n`` documents from ``bench/corpus.py``, a ``share`` of them damaged, written as JSONL
    one at a time (nothing but running counts is kept); what was written, in ``.meta.json``
    beside it. The file appears under its name only once complete."""
    from bench.corpus import iter_documents

    started = time.perf_counter()
    counts: dict[str, int] = defaultdict(int)
    size = quotations = 0
    digest = hashlib.sha256()
    partial = path.with_name(path.name + ".part")
    step = max(1000, n // 10)
    with partial.open("wb") as f:
        stream = iter_documents(n, seed, paragraphs_per_document=PARAGRAPHS)
        for number, (doc, _) in enumerate(stream, 1):
            text, found = dirty(doc.id, doc.text, seed, share)
            for key, value in found.items():
                counts[key] += value
            quotations += len(doc.quotes)
            encoded = text.encode("utf-8")
            size += len(encoded)
            line = json.dumps({"id": doc.id, "text": text}, ensure_ascii=False) + "\n"
            data = line.encode("utf-8")
            digest.update(data)
            f.write(data)
            if number % step == 0 and number < n:
                elapsed = time.perf_counter() - started
                _progress(
                    f"  generated {number:,}/{n:,} documents, {size / MB:,.0f} MB, {elapsed:.0f} s"
                )
    meta = {
        "generator": GENERATOR,
        "documents": n,
        "seed": seed,
        "dirty": share,
        "bytes": size,
        "file_bytes": partial.stat().st_size,
        "quotations": quotations,
        "artefacts": dict(counts),
        "sha256": digest.hexdigest(),
        "generate": time.perf_counter() - started,
    }
    _meta_path(path).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
    return meta


def ensure_corpus(base: Path, n: int, seed: int, share: float) -> tuple[Path, dict[str, Any]]:
    """The corpus of ``n`` documents in ``base``: reused if it is there whole (see the module's
    docstring), else generated. ``meta["reused"]`` says which."""
    path = corpus_path(base, n, seed, share)
    meta_path = _meta_path(path)
    if path.exists() and meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
        except ValueError:
            meta = {}
        if meta.get("file_bytes") == path.stat().st_size and meta.get("generator") == GENERATOR:
            _progress(f"{n:,} documents: reusing {path}")
            return path, {**meta, "reused": True}
    _progress(f"{n:,} documents: generating {path.name}")
    meta = write_corpus(n, seed, share, path)
    _progress(
        f"{n:,} documents: generated in {meta['generate']:.1f} s, {meta['bytes'] / MB:,.1f} MB "
        f"of text, sha256 {meta['sha256']}"
    )
    return path, {**meta, "reused": False}


# --- memory of a process tree, sampled from outside -----------------------------------------


def _tree(root: int) -> list[int]:
    """``root`` and every process descending from it (Linux ``/proc``)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:  # ended meanwhile
            continue
        ppid = int(stat.rpartition(b")")[2].split()[1])  # after "pid (comm) state"
        children[ppid].append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _kib(path: str, field: bytes) -> int:
    """The ``field:  N kB`` line of a ``/proc`` file, in bytes; 0 if the process is gone."""
    try:
        with open(path, "rb") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0  # a zombie has no VmRSS


class TreeSampler(threading.Thread):
    """Every ``interval`` seconds, the summed RSS and PSS of process ``pid`` and its descendants;
    keeps the largest sums, when the RSS peak was seen and the most processes at once."""

    def __init__(self, pid: int, interval: float = SAMPLE_EVERY) -> None:
        super().__init__(name="tree-sampler", daemon=True)
        self.pid, self.interval = pid, interval
        self.available = Path("/proc/self/status").exists()
        self.rss = self.pss = self.now = 0
        self.peak_at = 0.0  # time.time() of the largest RSS sum
        self.processes = self.samples = 0
        self._done = threading.Event()

    def sample(self) -> None:
        pids = _tree(self.pid)
        rss = sum(_kib(f"/proc/{pid}/status", b"VmRSS:") for pid in pids)
        pss = sum(_kib(f"/proc/{pid}/smaps_rollup", b"Pss:") for pid in pids)
        self.samples += 1
        self.now = rss
        self.processes = max(self.processes, len(pids))
        self.pss = max(self.pss, pss)
        if rss > self.rss:
            self.rss, self.peak_at = rss, time.time()

    def run(self) -> None:
        if not self.available:
            return
        while True:
            self.sample()
            if self._done.wait(self.interval):
                return

    def stop(self) -> dict[str, Any] | None:
        """Stop sampling; the peaks (bytes), or None where there is no ``/proc``."""
        self._done.set()
        self.join()
        if not self.available or not self.samples:
            return None
        return {
            "rss": self.rss,
            "pss": self.pss,
            "peak_at": self.peak_at,
            "processes": self.processes,
            "samples": self.samples,
        }


# --- the measurements, each run in a fresh subprocess ---------------------------------------


def _peaks() -> tuple[int, int]:
    """Peak RSS of this process and of its largest reaped descendant, in bytes."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return own, children


def child_run(corpus: Path, out: Path, jobs: int, engine: str) -> dict[str, Any]:
    """``pipeline.run`` on ``corpus``, timed; its peaks, the manifest's timings and counts, and
    the size of what it wrote."""
    import pipeline

    began = time.time()  # wall clock, to place the sampled peak in a phase
    started = time.perf_counter()
    pipeline.run([corpus], out, jobs=jobs, engine=engine)
    elapsed = time.perf_counter() - started
    own, workers = _peaks()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "time": elapsed,
        "began": began,
        "main": own,
        "workers": workers,
        "timings": manifest["timings"],
        "stages": manifest["stages"],
        "counts": manifest["counts"],
        "written": written,
    }


def child_ftfy(corpus: Path) -> dict[str, Any]:
    """``ftfy.fix_text`` (default configuration) over every text of ``corpus``: the calls alone
    timed, the file read a line at a time."""
    import ftfy

    elapsed = 0.0
    changed = 0
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            started = time.perf_counter()
            fixed = ftfy.fix_text(text)
            elapsed += time.perf_counter() - started
            changed += fixed != text
    own, _ = _peaks()
    return {"time": elapsed, "main": own, "changed": changed}


def _fresh(args: Sequence[str], timeout: float, label: str) -> dict[str, Any] | None:
    """``python -m bench.at_scale --child ARGS`` in a new interpreter, its process tree's memory
    sampled meanwhile; its JSON answer plus ``wall`` (interpreter and imports included) and
    ``tree`` (the sampled peaks). None if it ran out of ``timeout`` (its processes are killed)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.at_scale", "--child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: on a timeout, workers go with it
    )
    sampler = TreeSampler(child.pid)
    sampler.start()
    stdout = ""
    try:
        while True:
            remaining = timeout - (time.perf_counter() - started)
            try:
                stdout, _ = child.communicate(timeout=max(0.0, min(HEARTBEAT, remaining)))
                break
            except subprocess.TimeoutExpired:
                elapsed = time.perf_counter() - started
                if elapsed >= timeout:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.communicate()
                    _progress(f"{label}: stopped after {elapsed:.0f} s (--timeout {timeout:g})")
                    return None
                _progress(
                    f"{label}: {elapsed:.0f} s, process tree RSS {sampler.now / MB:,.0f} MB "
                    f"(peak {sampler.rss / MB:,.0f} MB)"
                )
    except BaseException:  # Ctrl-C: take the measured processes down too
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        raise
    finally:
        tree = sampler.stop()
    wall = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{label} failed (exit status {child.returncode}); see its stderr above")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["tree"] = tree
    return result


# --- the report -----------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:,.2f} s"


def _mb(value: float) -> str:
    return f"{value / MB:,.0f} MB"


def _per_doubling(results: Sequence[dict[str, Any]]) -> list[float | None]:
    """For each size, ``(t2 / t1) ** (1 / log2(n2 / n1))`` against the previous size."""
    factors: list[float | None] = [None]
    for previous, r in itertools.pairwise(results):
        ratio = r["run"]["time"] / previous["run"]["time"]
        factors.append(ratio ** (1 / math.log2(r["n"] / previous["n"])))
    return factors


def _print_generated(results: Sequence[dict[str, Any]]) -> None:
    print("| documents | MB of text | JSONL file MB | quotations | generated in | sha256 |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        took = "reused" if r["reused"] else _seconds(r["generate"])
        print(
            f"| {r['n']:,} | {r['bytes'] / MB:,.1f} | {r['file_bytes'] / MB:,.1f} "
            f"| {r['quotations']:,} | {took} | `{r['sha256']}` |"
        )
    peak, _ = _peaks()
    print()
    print(
        f"Peak RSS of the generating process, all sizes one after the other: {_mb(peak)} "
        "(documents are generated and written one at a time)."
    )


def _print_report(results: Sequence[dict[str, Any]], args: argparse.Namespace) -> None:
    print(
        f"`python -m bench.at_scale --sizes {' '.join(str(r['n']) for r in results)} "
        f"--jobs {args.jobs} --engine {args.engine}` on {os.cpu_count()} cores "
        f"({platform.system()}, Python {platform.python_version()}; seed {args.seed}, "
        f"{args.dirty:g} of the documents dirty):"
    )
    print()
    print(
        f"| documents | MB | run time (jobs={args.jobs}, {args.engine}) | MB/s "
        "| peak RSS, process tree (sampled) | main process | largest worker "
        "| ftfy alone | run / ftfy | per doubling |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    factors = _per_doubling(results)
    for r, factor in zip(results, factors, strict=True):
        run, ftfy, tree = r["run"], r["ftfy"], r["run"]["tree"]
        mb = r["bytes"] / MB
        cells = [
            f"{r['n']:,}",
            f"{mb:,.1f}",
            _seconds(run["time"]),
            f"{mb / run['time']:.2f}",
            _mb(tree["rss"]) if tree else "n/a",
            _mb(run["main"]),
            _mb(run["workers"]),
            _seconds(ftfy["time"]),
            f"{run['time'] / ftfy['time']:.2f}",
            "—" if factor is None else f"{factor:.2f}×",
        ]
        print("| " + " | ".join(cells) + " |")
    print()
    _print_stages(results, args.jobs)
    _print_targets(results, factors, args.jobs)
    print()
    _print_details(results)


def _parts(timings: dict[str, float], step: str) -> list[str]:
    return sorted((k for k in timings if k.startswith(f"{step}/")), key=lambda k: -timings[k])


def _print_stages(results: Sequence[dict[str, Any]], jobs: int) -> None:
    last = results[-1]["run"]
    in_workers = {*last["stages"], "serialise"}
    # A step's parts ("consistency/reuse") follow it, and are not counted again in the sums.
    steps = [k for k in last["timings"] if "/" not in k]
    order = sorted(steps, key=lambda k: (k not in in_workers, -last["timings"][k]))
    order = [part for step in order for part in [step, *_parts(last["timings"], step)]]
    sizes = " | ".join(f"{r['n']:,}" for r in results)
    print(
        f"Seconds per step (the manifest's `timings`; steps in the workers are summed over the "
        f"{jobs} of them):"
    )
    print()
    print(f"| step | where | {sizes} | share at {results[-1]['n']:,} |")
    print("| --- | --- |" + " ---: |" * (len(results) + 1))
    total = sum(last["timings"][step] for step in steps) or 1.0
    for step in order:
        where = "workers" if step in in_workers else "main"
        cells = " | ".join(f"{r['run']['timings'].get(step, 0.0):,.2f}" for r in results)
        share = 100 * last["timings"][step] / total
        name = f"↳ `{step.partition('/')[2]}`" if "/" in step else f"`{step}`"
        print(f"| {name} | {where} | {cells} | {share:.1f} % |")

    def row(name: str, values: list[float]) -> None:
        print(f"| {name} | | " + " | ".join(f"{v:,.2f}" for v in values) + " | |")

    def summed(r: dict[str, Any], inside: bool) -> float:
        timings: dict[str, float] = r["run"]["timings"]
        return sum(v for k, v in timings.items() if (k in in_workers) == inside and "/" not in k)

    row("**per-document work, summed over the workers**", [summed(r, True) for r in results])
    row("**main process, timed**", [summed(r, False) for r in results])
    phases = ("read", "consistency", "reports")
    row(
        "**documents phase, wall** (run − read − consistency − reports: the second read, "
        "`write`, pool start, waiting for workers)",
        [r["run"]["time"] - sum(r["run"]["timings"].get(k, 0.0) for k in phases) for r in results],
    )
    row("**run, wall**", [r["run"]["time"] for r in results])
    print()


def _print_targets(
    results: Sequence[dict[str, Any]], factors: Sequence[float | None], jobs: int
) -> None:
    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    print("Issue #6 targets:")
    print()
    r = results[-1]
    ratio = r["run"]["time"] / r["ftfy"]["time"]
    every = ", ".join(f"{x['n']:,}: {x['run']['time'] / x['ftfy']['time']:.2f}" for x in results)
    print(
        f"- (a) the whole run in at most {RATIO_TARGET:g} × the time of ftfy alone — "
        f"{verdict(ratio <= RATIO_TARGET)} at the largest size ({r['n']:,} documents: "
        f"{_seconds(r['run']['time'])} against {_seconds(r['ftfy']['time'])}, ratio "
        f"{ratio:.2f}; at every size: {every})"
    )
    big = [x for x in results if x["n"] >= RSS_TARGET_SIZE]
    if big:
        x = big[0]
        tree, run = x["run"]["tree"], x["run"]
        if tree:
            peak, how = tree["rss"], "process tree, sampled"
        else:  # no /proc: a bound from the two ru_maxrss
            peak = run["main"] + jobs * run["workers"]
            how = f"no /proc: main + {jobs} × largest worker, an upper bound"
        print(
            f"- (b) peak RSS at most {RSS_TARGET / 1e9:g} GB at {RSS_TARGET_SIZE:,} documents — "
            f"{verdict(peak <= RSS_TARGET)} ({x['n']:,} documents: {_mb(peak)}, {how}; main "
            f"process {_mb(run['main'])}, largest worker {_mb(run['workers'])})"
        )
    else:
        x = results[-1]
        tree = x["run"]["tree"]
        largest = _mb(tree["rss"]) if tree else _mb(x["run"]["main"])
        print(
            f"- (b) peak RSS at most {RSS_TARGET / 1e9:g} GB at {RSS_TARGET_SIZE:,} documents — "
            f"not measured (no size of {RSS_TARGET_SIZE:,}; at {x['n']:,} documents: "
            f"{largest}, process tree)"
        )
    measured = [f for f in factors if f is not None]
    if measured:
        shown = ", ".join(
            f"{a['n']:,} → {b['n']:,}: {f:.2f}×"
            for (a, b), f in zip(itertools.pairwise(results), factors[1:], strict=True)
            if f is not None
        )
        print(
            f"- (c) doubling the corpus costs at most {DOUBLING_TARGET:g}× the time — "
            f"{verdict(max(measured) <= DOUBLING_TARGET)} (per doubling: {shown})"
        )
    else:
        print(f"- (c) doubling the corpus costs at most {DOUBLING_TARGET:g}× the time — n/a")


def _phase(run: dict[str, Any], at: float) -> str:
    """Which phase of the run was under way ``at`` (``time.time()``), from the manifest's
    timings: read, then the documents (whatever the run's wall time leaves), then the quote
    check and the reports, in that order."""
    offset = at - run["began"]
    if offset < 0:
        return "before the run (interpreter start, imports)"
    timings = run["timings"]
    read, check, reports = (timings.get(k, 0.0) for k in ("read", "consistency", "reports"))
    documents = run["time"] - read - check - reports
    end = 0.0
    for name, seconds in (
        ("`read`", read),
        ("the documents phase", documents),
        ("`consistency`", check),
        ("`reports`", reports),
    ):
        end += seconds
        if offset <= end:
            return f"{offset:.1f} s into the run, during {name}"
    return f"{offset:.1f} s into the run, after it (writing the manifest, reading it back)"


def _print_details(results: Sequence[dict[str, Any]]) -> None:
    print("Details:")
    print()
    for r in results:
        run, ftfy, tree = r["run"], r["ftfy"], r["run"]["tree"]
        made = "reused" if r["reused"] else f"generated in {r['generate']:.1f} s"
        artefacts = ", ".join(f"{k} {v:,}" for k, v in r["artefacts"].items())
        edits = ", ".join(f"{k} {v:,}" for k, v in run["counts"]["edits"].items())
        print(
            f"- {r['n']:,} documents: corpus {made}, {r['quotations']:,} quotations planted, "
            f"sha256 `{r['sha256'][:16]}…`; artefacts put in: {artefacts}"
        )
        print(f"  - edits in the manifest: {edits}")
        if tree:
            print(
                f"  - process tree: peak RSS {_mb(tree['rss'])} "
                f"{_phase(run, tree['peak_at'])}; peak PSS {_mb(tree['pss'])}; up to "
                f"{tree['processes']} processes; {tree['samples']:,} samples"
            )
        print(
            f"  - run subprocess {run['wall']:.1f} s in all (interpreter and imports included); "
            f"OUT holds {_mb(run['written'])}"
        )
        print(
            f"  - ftfy changed {ftfy['changed']:,} texts (its defaults straighten curly quotes, "
            f"which every document has), {r['bytes'] / MB / ftfy['time']:.2f} MB/s, its peak "
            f"RSS {_mb(ftfy['main'])}"
        )


# --- the command line -----------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    sizes = sorted(set(args.sizes))
    results: list[dict[str, Any]] = []
    generated: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-at-scale-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            corpus, meta = ensure_corpus(base, n, args.seed, args.dirty)
            generated.append({"n": n, **meta})
            if args.generate_only:
                continue
            label = f"{n:,} documents: pipeline.run (jobs={args.jobs}, {args.engine})"
            _progress(label)
            out = Path(tmp) / f"out-{n}"
            child = ["run", str(corpus), str(out), str(args.jobs), args.engine]
            measured = _fresh(child, args.timeout, label)
            shutil.rmtree(out, ignore_errors=True)
            if measured is None:
                break
            _progress(f"{label}: {measured['time']:.1f} s")
            label = f"{n:,} documents: ftfy.fix_text alone"
            _progress(label)
            reference = _fresh(["ftfy", str(corpus)], args.timeout, label)
            if reference is None:
                break
            _progress(f"{label}: {reference['time']:.1f} s")
            results.append({"n": n, **meta, "run": measured, "ftfy": reference})
            if not args.keep:
                corpus.unlink()
    if args.generate_only:
        _print_generated(generated)
    elif results:
        if len(results) < len(sizes):
            print(f"Stopped at {sizes[len(results)]:,} documents (--timeout {args.timeout:g} s).")
            print()
        _print_report(results, args)
    else:
        raise SystemExit("no size finished within --timeout")


def main(argv: Sequence[str] | None = None) -> None:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--child"]:  # a measurement, in its fresh interpreter
        kind, *rest = args_list[1:]
        if kind == "run":
            result = child_run(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3])
        else:
            result = child_ftfy(Path(rest[0]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="Progress goes to stderr, the Markdown report to stdout.",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 10000, 100000],
        metavar="N",
        help="documents per corpus (default: %(default)s)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="pipeline.run(jobs=...) (%(default)s)")
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="pipeline.run(engine=...)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--dirty", type=float, default=0.5, help="share of documents given artefacts (%(default)s)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the corpora here and reuse them later (default: a temporary directory)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=3 * 3600,
        help="seconds each measurement (run, ftfy) may take (%(default)s)",
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="only generate (or find) the corpora: their size, time and sha256",
    )
    run(parser.parse_args(args_list))


if __name__ == "__main__":
    main()
