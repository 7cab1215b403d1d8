"""``kill -9`` trials: a run killed at any phase leaves no process behind, and the next run over
the same OUT succeeds and validates.

    PYTHONPATH=. python bench/kill_trials.py                      # 20 kills per engine (~4 min)
    PYTHONPATH=. python bench/kill_trials.py --trials 5 --engines jobs-2

Each trial starts ``coi-pipeline run`` over a corpus of :data:`DOCUMENTS` documents (the seeds
under distinct ids, so a pool gets several shards) in a process group of its own, through a
small driver that stops the run at a chosen point of a phase (it prints the phase, then sleeps
there, so every phase is hit however short it is) and lets everything else run as usual: in
``cleaning`` and ``quote-check`` the workers are still busy with the work in flight. The
trial waits a random 0-0.2 s and ``kill -9``\\ s the run's main process only, as the
out-of-memory killer would; then

1. within :data:`SETTLE` seconds no process of the run's group may remain (zombies, dead but
   not reaped, do not count: the reaper of orphans is not ours);
2. the next run over the same OUT (the seeds, same engine) must exit 0, saying in one line on
   stderr that it took over the killed run's lock, and leave nothing beside OUT;
3. ``coi-pipeline validate OUT`` must exit 0.

Phases, and where in each the run is stopped (the event number is drawn at random):

    reading      the n-th input of the corpus index's read, before any worker exists
    cleaning     the n-th cleaned document written, the pool's shards in flight
    quote-check  the n-th quote cluster checked, the engine's labelling maps in flight
    reports      before quotes.json, findings.sarif or report.html is written
    renaming     before OUT and the new output are swapped, or after (before OUT's directory is
                 written to disk); where there is no one-step swap, before OUT is moved aside

Engines: ``jobs-1`` (in the run's process), ``jobs-2`` (a pool of two), ``dask`` (a local
cluster of two workers). The report (stdout, Markdown) has a row per engine and phase; the
exit code is 1 if any trial failed. ``tests/test_kill_trials.py`` runs one trial per engine
and phase in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCUMENTS = 64  # two shards of 32: each worker of a pool of two has one while it is cleaning
SETTLE = 5.0  # seconds the run's processes get to end after the kill
ENGINES: dict[str, tuple[str, ...]] = {
    "jobs-1": ("--jobs", "1"),
    "jobs-2": ("--jobs", "2"),
    "dask": ("--engine", "dask", "--jobs", "2"),
}
PHASES = ("reading", "cleaning", "quote-check", "reports", "renaming")
EVENTS = {"reading": DOCUMENTS, "cleaning": DOCUMENTS, "quote-check": 3, "reports": 3}
EVENTS["renaming"] = 2


# --- the processes of a group -------------------------------------------------------------------


def group(pgid: int) -> list[int]:
    """The live processes (zombies left out) of process group ``pgid``, from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as file:
                fields = file.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):  # it ended meanwhile
            continue
        if fields[0] != b"Z" and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def settle(pgid: int, timeout: float = SETTLE) -> tuple[list[int], float]:
    """Wait for group ``pgid`` to be empty: the processes still there after ``timeout``
    seconds (killed then, so that nothing is left behind), and the seconds it took."""
    started = time.monotonic()
    while (left := group(pgid)) and time.monotonic() - started < timeout:
        time.sleep(0.02)
    spent = time.monotonic() - started
    if left:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    return left, spent


# --- the driver: the run, stopped at a phase ------------------------------------------------------


def _drive(phase: str, event: int, argv: list[str]) -> int:
    """Run ``coi-pipeline ARGV`` in this process, stopped at the ``event``-th event of
    ``phase`` (see the module doc): it prints ``phase PHASE`` and sleeps there."""
    import pipeline.output.emit
    import pipeline.output.swap
    import pipeline.runtime.runner
    from pipeline.cli import main

    seen: defaultdict[str, int] = defaultdict(int)

    def at(name: str) -> None:
        if name == phase and seen[name] == event:
            print(f"phase {name}", flush=True)
            time.sleep(600)  # until the kill
        seen[name] += 1

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            at(name)
            return function(*args, **kwargs)

        return counted

    reads = pipeline.runtime.runner.iter_inputs

    def iter_inputs(*args: Any, **kwargs: Any) -> Iterator[Any]:
        first = not seen["read-calls"]
        seen["read-calls"] += 1
        for item in reads(*args, **kwargs):
            if first:  # the corpus index's read (the second read is the cleaning's)
                at("reading")
            yield item

    pipeline.runtime.runner.iter_inputs = iter_inputs  # type: ignore[assignment]
    writer = pipeline.output.emit.Writer
    writer.document = counting("cleaning", writer.document)  # type: ignore[method-assign]
    selection = pipeline.runtime.runner.ClusterSelection
    selection.offer = counting("quote-check", selection.offer)  # type: ignore[method-assign]
    writer.stream = counting("reports", writer.stream)  # type: ignore[method-assign]
    writer.write = counting("reports", writer.write)  # type: ignore[method-assign]
    swap = pipeline.output.swap
    rename = os.rename

    def renaming(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if ".tmp-" in Path(src).name or ".old-" in Path(dst).name:  # the swap, not a tidy-up
            at("renaming")
        rename(src, dst, *args, **kwargs)

    os.rename = renaming
    # The one-step swap (and, after it or the two renames, the sync of OUT's directory).
    swap.exchange = counting("renaming", swap.exchange)  # type: ignore[assignment]
    swap.sync_dir = counting("renaming", swap.sync_dir)  # type: ignore[assignment]
    return main(argv)


# --- a trial --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Trial:
    engine: str
    phase: str
    event: int
    reached: bool  # the run got to the phase (and was killed there)
    survivors: tuple[int, ...]  # processes of the run still there SETTLE seconds after the kill
    settled: float  # seconds until the run's group was empty
    recovered: str  # "" if the next run and validate succeeded, else what went wrong

    @property
    def ok(self) -> bool:
        return self.reached and not self.survivors and not self.recovered


def _python(*args: str | Path) -> list[str]:
    return [sys.executable, *map(str, args)]


def corpus(path: Path, documents: int = DOCUMENTS) -> Path:
    """A JSONL corpus of the seeds under distinct ids."""
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(documents):
            handle.write(json.dumps({"id": f"d{n:05}", "text": texts[n % len(texts)]}) + "\n")
    return path


def trial(engine: str, phase: str, event: int, jsonl: Path, out: Path, rng: random.Random) -> Trial:
    """Kill a run into ``out`` at ``phase``, then check what it left and the next run."""
    args = ["run", str(jsonl), "-o", str(out), "--no-progress", *ENGINES[engine]]
    with tempfile.TemporaryFile() as err:
        run = subprocess.Popen(
            _python(__file__, "--drive", phase, str(event), "--", *args),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,
        )
        assert run.stdout is not None
        reached = run.stdout.readline().strip() == f"phase {phase}"  # ("" if the run ended)
        time.sleep(rng.uniform(0, 0.2))
        with contextlib.suppress(ProcessLookupError):
            os.kill(run.pid, signal.SIGKILL)
        run.wait()
        err.seek(0)
        said = err.read().decode("utf-8", "replace").strip()
    survivors, settled = settle(run.pid)
    recovered = recover(engine, out)
    if not reached:
        recovered = f"the run never reached {phase} ({said[-300:]!r}); {recovered}"
    return Trial(engine, phase, event, reached, tuple(survivors), settled, recovered)


def recover(engine: str, out: Path) -> str:
    """Run again into ``out`` (the seeds) and validate it: "" if all went well."""
    stale = (out.parent / f".{out.name}.lock").exists()
    args = ["-m", "pipeline", "run", SEEDS, "-o", out, "--no-progress", *ENGINES[engine]]
    again = subprocess.Popen(
        _python(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _, stderr = again.communicate(timeout=300)
    left, _ = settle(again.pid, timeout=1)  # (its own group: start_new_session)
    notes = [line for line in stderr.splitlines() if "taking over the lock" in line]
    litter = sorted(p.name for p in out.parent.iterdir() if p != out)
    problems = []
    if again.returncode != 0:
        problems.append(f"the next run exited {again.returncode}: {stderr.strip()}")
    if stale and len(notes) != 1:
        problems.append(f"no one-line note on the stale lock: {stderr.strip()!r}")
    if litter:
        problems.append(f"left beside OUT: {litter}")
    if left:
        problems.append(f"the next run left processes: {left}")
    from pipeline.output.emit import validate_dir  # (here: run as a script, sys.path is set by now)

    if out.is_dir() and (invalid := validate_dir(out)):
        problems.append(f"OUT does not validate: {invalid[:3]}")
    elif not out.is_dir():
        problems.append("no OUT")
    return "; ".join(problems)


def plan(engines: Sequence[str], count: int) -> list[tuple[str, str]]:
    """``count`` trials per engine, the phases in turn."""
    return [(engine, PHASES[n % len(PHASES)]) for engine in engines for n in range(count)]


def trials(
    planned: Sequence[tuple[str, str]], seed: int, work: Path, report: Callable[[Trial], None]
) -> list[Trial]:
    """The ``planned`` trials (engine, phase), in order; the trials of an engine run into one
    OUT, made complete by a first run (so that the renaming phase has an OUT to move aside)."""
    rng = random.Random(seed)
    jsonl = corpus(work / "corpus.jsonl")
    done = []
    for engine, phase in planned:
        out = work / engine / "out"
        if not out.parent.exists():
            out.parent.mkdir(parents=True)
            if problem := recover(engine, out):
                raise SystemExit(f"kill_trials: the first run failed: {problem}")
        done.append(trial(engine, phase, rng.randrange(EVENTS[phase]), jsonl, out, rng))
        report(done[-1])
    return done


def table(done: Sequence[Trial]) -> str:
    rows = ["| engine | phase | kills | reached | survivors | slowest end (s) | next run |"]
    rows.append("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    cells: dict[tuple[str, str], list[Trial]] = defaultdict(list)
    for t in done:
        cells[t.engine, t.phase].append(t)
    for (engine, phase), ts in cells.items():
        failed = [t.recovered for t in ts if t.recovered]
        rows.append(
            f"| {engine} | {phase} | {len(ts)} | {sum(t.reached for t in ts)} | "
            f"{sum(len(t.survivors) for t in ts)} | {max(t.settled for t in ts):.2f} | "
            f"{'ok' if not failed else failed[0]} |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20, help="kills per engine (default 20)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory(prefix="kill-trials-") as work:
        planned = plan(engines, args.trials)
        done = trials(planned, args.seed, Path(work), lambda t: print(t, flush=True))
    print(table(done))
    return 0 if all(t.ok for t in done) else 1


if __name__ == "__main__":
    # Run as a script, this directory comes first on sys.path, and its pipeline.py (the whole-
    # pipeline benchmark) would hide the package.
    if sys.path[0] == str(Path(__file__).resolve().parent):
        del sys.path[0]
    if sys.argv[1:2] == ["--drive"]:
        sys.exit(_drive(sys.argv[2], int(sys.argv[3]), sys.argv[5:]))
    sys.exit(main())
