"""Benchmark: each stage on worst-case inputs at two sizes, to show which step is super-linear.

    PYTHONPATH=. python bench/adversarial.py [--timeout 60] [--repeat 3] [--clock cpu|wall]
                                             [--shapes a,b] [--keep DIR]

Generates deterministic inputs of our own words, one shape per artefact a stage looks for —
thousands of line-end hyphens, 50,000 lines reading ``inter-``, note labels and markers,
quotation marks (balanced, unbalanced, nested), page labels, short lines, boilerplate-shaped
lines, one enormous line, and a mix of them all — each at a small size and at ``--factor``
times it (35 KB and 350 KB by default; the enormous line 200 KB and 2 MB). Each input is run
by ``pipeline.run`` in a subprocess of its own (one document, in-process, ``--repeat`` times,
the fastest kept), and every step's time is read from the run's manifest, as
``bench/stages.py`` does. By default (``--clock cpu``) those times are the CPU time of the
thread running the stages: the subprocess has ``time.perf_counter``, the runner's clock, read
``time.thread_time`` instead, so that other processes on a busy machine do not inflate the
large input's times more than the small one's (``--clock wall`` keeps wall time). A
subprocess that runs past ``--timeout`` seconds (wall time) is killed and reported as
``> N s``; a stack dump taken just before (``faulthandler``) names the stage it was in. The
checkout's per-document time budget, where it has one, is turned off for the measurement, so
that a slow stage is timed and not cut short.

The Markdown table on stdout gives, per shape and step, the time at both sizes, the time per MB
of input at both, and the ratio of the times; ``SLOW`` flags a ratio above ``--flag`` (12: ten
times the input in more than twelve times the time is super-linear) when the large input took
at least ``--floor`` ms (below it, timer noise and fixed costs decide the ratio). After it: the
flagged (shape, step) pairs, each stage's slowest input, and a table of one row per step (the
README's "Worst-case inputs"): the shape it scales worst on, with the time per MB at both sizes
and the ratio, and the shape it is slowest on per MB. Numbers go in the README and the issue
notes, never into tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL = 35_000  # bytes of the small input of a shape, unless the shape says otherwise

# Our own words: neutral prose about letters and a commission, so that the stages see sentences.
PROSE = (
    "the commission found that many witnesses described long detention without any trial "
    "and families were never told where their relatives had been taken by the officials "
    "we urge every member state to support a resolution calling for accountability and "
    "access for independent monitors to all places of detention in the country"
)
WORDS = tuple(PROSE.split())
SPLITS = (
    "inter-national", "com-mission", "account-ability", "detent-ion", "re-solution", "wit-nesses",
    "in-dependent", "mon-itors", "rel-atives", "of-ficials", "re-port", "gov-ernment",
    "self-determination", "follow-up", "long-term", "non-governmental", "co-operation",
)  # fmt: skip
MENUS = (
    "Home", "About Us", "Our Work", "News", "Reports", "Get Involved", "Donate", "Contact",
    "Press Releases", "Publications", "Events", "Careers", "Privacy Policy", "Terms of Use",
)  # fmt: skip


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _sentence(rng: random.Random) -> str:
    text = _words(rng, rng.randint(8, 20))
    return text[0].upper() + text[1:] + "."


def _prose_lines(rng: random.Random, width: int = 70) -> Iterator[str]:
    """Hard-wrapped prose, line after line, as a PDF extractor gives it."""
    line = ""
    while True:
        for word in _sentence(rng).split():
            if line and len(line) + 1 + len(word) > width:
                yield line
                line = word
            else:
                line = f"{line} {word}" if line else word


# --- the shapes: each yields pieces of text (lines or blocks, newline included) forever ---------


def hyphens(rng: random.Random) -> Iterator[str]:
    """Every line ends in a word split by a hyphen, carried on at the next line's start."""
    carried = ""
    for n, line in enumerate(_prose_lines(rng, 60)):
        left, right = rng.choice(SPLITS).split("-", 1)
        yield f"{carried}{line} {left}-\n"
        carried = f"{right} "
        if n % 12 == 11:
            yield f"{carried.strip()}.\n\n"
            carried = ""


def inter(rng: random.Random) -> Iterator[str]:
    """Line after line reading ``inter-``: a hyphen at every line end, no second half anywhere."""
    while True:
        yield "inter-\n"


def notes(rng: random.Random) -> Iterator[str]:
    """Pages of text with markers glued to words, superscript and bracketed, then their note
    bodies at the page foot: labels climb to 999 and start again."""
    label = 0
    supers = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    lines = _prose_lines(rng)
    while True:
        page = []
        for _ in range(12):
            label = label % 999 + 1
            style = label % 3
            marker = (
                f"{label}"
                if style == 0
                else str(label).translate(supers)
                if style == 1
                else f"[{label}]"
            )
            page.append(f"{next(lines)}.{marker} {next(lines)}\n")
        yield "".join(page) + "\n"
        first = label - 11
        yield (
            "".join(
                f"{n} See the annual report of the commission, para. {n * 7}.\n"
                for n in range(first, label + 1)
            )
            + "\n"
        )


def quotes_balanced(rng: random.Random) -> Iterator[str]:
    """Paragraphs full of short quotations, curly and straight, each closed."""
    while True:
        pieces = []
        for _ in range(6):
            open_, close = rng.choice((("“", "”"), ('"', '"'), ("‘", "’")))
            pieces.append(f"The commission wrote {open_}{_words(rng, rng.randint(2, 9))}{close}.")
        yield " ".join(pieces) + "\n\n"


def quotes_unbalanced(rng: random.Random) -> Iterator[str]:
    """Opening marks that never close and closing marks that never opened."""
    while True:
        pieces = []
        for _ in range(6):
            mark = rng.choice(("“", "”", '"', "‘", "’", "«", "»"))
            pieces.append(f"The letter says {mark}{_words(rng, rng.randint(3, 10))}.")
        yield " ".join(pieces) + "\n\n"


def quotes_nested(rng: random.Random) -> Iterator[str]:
    """Quotations inside quotations inside quotations, several deep."""
    while True:
        depth = rng.randint(2, 6)
        opens = [("“", "”"), ("‘", "’")] * 3
        inner = _words(rng, 4)
        for open_, close in opens[:depth]:
            inner = f"{open_}{_words(rng, 3)} {inner} {_words(rng, 2)}{close}"
        yield f"As the report recalls, {inner}.\n\n"


def page_labels(rng: random.Random) -> Iterator[str]:
    """Short pages, each ended by a label of another kind: ``Page 3 of 9``, a bare number, a
    dashed number, with form feeds and a running header."""
    lines = _prose_lines(rng)
    page = 0
    while True:
        page += 1
        body = "".join(next(lines) + "\n" for _ in range(rng.randint(3, 8)))
        label = (f"Page {page} of 999", f"{page}", f"- {page} -", f"{page}\f")[page % 4]
        header = "Open letter on accountability" if page % 2 else "Submission to the council"
        yield f"{header}\n{body}{label}\n"
        if page % 5 == 0:
            yield "\f"


def short_lines(rng: random.Random) -> Iterator[str]:
    """Line after line of one to three words, as an address block or a table."""
    while True:
        yield _words(rng, rng.randint(1, 3)) + "\n"
        if rng.random() < 0.05:
            yield "\n"


def boilerplate(rng: random.Random) -> Iterator[str]:
    """Web chrome: title-case menus one item a line, menus joined by `` | `` and breadcrumbs
    joined by `` › ``, separator lines, and now and then a sentence of article text."""
    while True:
        kind = rng.randrange(5)
        if kind == 0:
            yield "".join(f"{item}\n" for item in rng.sample(MENUS, rng.randint(3, 8)))
        elif kind == 1:
            yield " | ".join(rng.sample(MENUS, rng.randint(3, 7))) + "\n"
        elif kind == 2:
            yield " › ".join(rng.sample(MENUS, rng.randint(2, 5))) + "\n"
        elif kind == 3:
            yield rng.choice(("-" * 40, "* * *", "=" * 20, "Share | Tweet | Email")) + "\n"
        else:
            yield _sentence(rng) + "\n\n"


def giant_line(rng: random.Random) -> Iterator[str]:
    """One paragraph on one line: sentences and never a line break."""
    while True:
        yield _sentence(rng) + " "


def mixed(rng: random.Random) -> Iterator[str]:
    """Every other shape in turn, a few pieces of each: a round of all of them is about 5 KB,
    so that the small input holds as much of each shape, for its size, as the large one (with
    blocks of 20 pieces, a round was 40 KB: the small input held no quotation marks at all)."""
    shapes = [factory(random.Random(n)) for n, factory in enumerate(_MIXED)]
    while True:
        for shape in shapes:
            for _ in range(MIXED_PIECES):
                yield next(shape)


MIXED_PIECES = 2  # pieces of a shape before the next (a note-labels piece is a page)
_MIXED = (
    hyphens, inter, notes, quotes_balanced, quotes_unbalanced, quotes_nested, page_labels,
    short_lines, boilerplate,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Shape:
    name: str
    pieces: Callable[[random.Random], Iterator[str]]
    small: int = SMALL  # bytes of the small input


SHAPES = (
    Shape("line-end-hyphens", hyphens),
    Shape("inter-lines", inter),
    Shape("note-labels", notes),
    Shape("quotes-balanced", quotes_balanced),
    Shape("quotes-unbalanced", quotes_unbalanced),
    Shape("quotes-nested", quotes_nested),
    Shape("page-labels", page_labels),
    Shape("short-lines", short_lines),
    Shape("boilerplate-lines", boilerplate),
    Shape("one-enormous-line", giant_line, 200_000),
    Shape("mixed", mixed),
)


def generate(shape: Shape, size: int, seed: int = 14) -> str:
    """``shape``'s text of about ``size`` UTF-8 bytes (whole pieces; the same text every time)."""
    pieces, total = [], 0
    for piece in shape.pieces(random.Random(seed)):
        pieces.append(piece)
        total += len(piece.encode("utf-8"))
        if total >= size:
            break
    text = "".join(pieces)
    return text.rstrip(" ") if shape.pieces is giant_line else text.rstrip("\n") + "\n"


# --- measuring: one subprocess per input ----------------------------------------------------


def child(path: Path, repeat: int, clock: str) -> None:
    """In the subprocess: run ``path`` through ``pipeline.run`` ``repeat`` times and print the
    fastest time of every manifest step, and the stage ids, as JSON."""
    import dataclasses
    import time

    if clock == "cpu":  # the runner times its steps with time.perf_counter: CPU time instead
        time.perf_counter = time.thread_time

    import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        config = None
        budget = pipeline.Config.load().stages
        if "time_budget_seconds" in {f.name for f in dataclasses.fields(budget)}:
            config = Path(tmp) / "no-budget.toml"
            config.write_text("[stages]\ntime_budget_seconds = 0\n", encoding="utf-8")
        best: dict[str, float] = {}
        stages: list[str] = []
        for n in range(repeat):
            out = Path(tmp) / f"out{n}"
            pipeline.run([path], out, jobs=1, config=config)
            manifest = json.loads((out / "manifest.json").read_text("utf-8"))
            stages = manifest["stages"]
            for step, seconds in manifest["timings"].items():
                best[step] = min(best.get(step, seconds), seconds)
    print(json.dumps({"timings": best, "stages": stages}))


_CWD = tempfile.gettempdir()  # where subprocesses run: not bench/, whose pipeline.py would shadow


def _env() -> dict[str, str]:
    """This environment with PYTHONPATH made absolute: subprocesses run in :data:`_CWD`."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    absolute = os.pathsep.join(str(Path(p).resolve()) for p in paths if p)
    return {**os.environ, "PYTHONPATH": absolute}


def stage_files() -> tuple[str, dict[str, str]]:
    """The package the subprocesses import, and the source path of each of its stages (a
    module, or a package's folder) -> stage id: to read a hung subprocess's stack dump."""
    code = (
        "import json, sys; from pathlib import Path; import pipeline.stages as s\n"
        "files = {}\n"
        "for stage in s.STAGES:\n"
        "    path = Path(sys.modules[stage.run.__module__].__file__)\n"
        "    files[str(path.parent if path.name == '__init__.py' else path)] = stage.id\n"
        "print(json.dumps({'pipeline': str(Path(s.__file__).parent.parent), 'files': files}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), cwd=_CWD
    )
    if done.returncode != 0:
        sys.exit(f"cannot import pipeline.stages: {done.stderr.strip()}")
    found = json.loads(done.stdout)
    return found["pipeline"], found["files"]


@dataclass(frozen=True, slots=True)
class Measured:
    timings: dict[str, float]  # step -> fastest seconds (empty if it timed out)
    stages: tuple[str, ...]
    hung: str | None = None  # the step it was in when it was killed
    error: str | None = None


def measure(
    path: Path, repeat: int, timeout: float, files: dict[str, str], clock: str = "cpu"
) -> Measured:
    """Run ``path`` in a subprocess; kill it (and its children) after ``timeout`` seconds."""
    dump = max(1.0, timeout - 2)  # the stack dump, a little before the kill
    code = (
        "import faulthandler, sys, runpy\n"
        f"faulthandler.dump_traceback_later({dump}, exit=True)\n"
        f"sys.argv = [{str(Path(__file__))!r}, '--child', {str(path)!r}, '--repeat', "
        f"'{repeat}', '--clock', {clock!r}]\n"
        f"runpy.run_path({str(Path(__file__))!r}, run_name='__main__')\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: killed with any worker it started
        env=_env(),
        cwd=_CWD,
    )
    try:
        out, err = process.communicate(timeout=timeout + 5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
    if process.returncode == 0 and out.strip():
        found = json.loads(out.strip().splitlines()[-1])
        return Measured(found["timings"], tuple(found["stages"]))
    if "Timeout (" in err or process.returncode == -signal.SIGKILL:
        return Measured({}, (), hung=_hung_step(err, files))
    return Measured({}, (), error=(err.strip().splitlines() or ["no output"])[-1])


def _hung_step(dump: str, files: dict[str, str]) -> str:
    """The stage whose code is innermost in the main thread's stack dump (faulthandler lists
    the most recent call first), or the runner step when no stage is on it."""
    threads = [t for t in dump.split("\n\n") if "most recent call first" in t] or [dump]
    # The thread that dumped is "Current thread"; from faulthandler's watchdog none is, and the
    # main thread, the first started, is listed last.
    main = next((t for t in threads if t.lstrip().startswith("Current thread")), threads[-1])
    for line in main.splitlines():
        if 'File "' not in line:
            continue
        source = line.split('File "', 1)[1].split('"', 1)[0]
        for prefix, stage in files.items():
            if source == prefix or source.startswith(prefix + os.sep):
                return stage
    for line in main.splitlines():
        if "pipeline" + os.sep in line and 'File "' in line:
            return Path(line.split('File "', 1)[1].split('"', 1)[0]).stem  # e.g. corpus
    return "?"


# --- the report -----------------------------------------------------------------------------


def _cell(measured: Measured, step: str, timeout: float) -> tuple[str, float | None]:
    if measured.error:
        return "error", None
    if measured.hung is not None:
        return (f"> {timeout:.0f} s", None) if measured.hung == step else ("—", None)
    seconds = measured.timings.get(step)
    return ("—", None) if seconds is None else (_ms(seconds), seconds)


def _ms(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


@dataclass(frozen=True, slots=True)
class Row:
    """One step on one shape: its times at both sizes (None: not measured), per MB of input."""

    shape: str
    step: str
    sizes: tuple[int, int]  # bytes of the small and the large input
    small: str  # the cells as shown
    large: str
    small_s: float | None
    large_s: float | None
    flag: str  # "SLOW", "HANG" or ""

    @property
    def ratio(self) -> float | None:
        if self.small_s and self.large_s is not None:
            return self.large_s / self.small_s
        return None

    def per_mb(self, which: int) -> str:
        seconds = (self.small_s, self.large_s)[which]
        if seconds is None:
            return (self.small, self.large)[which]  # "—", or "> N s"
        return f"{seconds * 1000 / (self.sizes[which] / 1e6):,.0f}"


def rows(
    results: list[tuple[Shape, tuple[int, int], Measured, Measured]], args: argparse.Namespace
) -> tuple[list[str], list[Row], list[str]]:
    """The stage ids, a row per (shape, step) measured, and the runs that failed."""
    stage_ids: list[str] = []
    for _, _, small, large in results:
        for step in (*small.stages, *large.stages):
            if step not in stage_ids:
                stage_ids.append(step)
    steps = [*stage_ids, "read", "serialise", "write", "consistency", "reports"]
    found, failures = [], []
    for shape, sizes, small, large in results:
        failed = small.error or large.error
        if failed:
            failures.append(f"{shape.name}: ERROR {failed}")
            continue
        hung_steps = {m.hung for m in (small, large) if m.hung}
        for step in steps:
            small_text, small_s = _cell(small, step, args.timeout)
            large_text, large_s = _cell(large, step, args.timeout)
            if small_s is None and large_s is None and step not in hung_steps:
                continue  # a step this checkout does not have, or not reached before a hang
            flag = ""
            if step in hung_steps:
                flag = "HANG"
            elif (
                small_s
                and large_s is not None
                and large_s / small_s > args.flag
                and large_s * 1000 >= args.floor
            ):
                flag = "SLOW"
            found.append(
                Row(shape.name, step, sizes, small_text, large_text, small_s, large_s, flag)
            )
    return stage_ids, found, failures


def _kb(size: int) -> str:
    return f"{size / 1000:,.0f} KB"


def report(
    results: list[tuple[Shape, tuple[int, int], Measured, Measured]], args: argparse.Namespace
) -> None:
    stage_ids, table, failures = rows(results, args)
    print(
        f"| shape | step | small | large ({args.factor}×) | small ms/MB | large ms/MB | ratio | |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in table:
        ratio = f"{row.ratio:.1f}" if row.ratio is not None else ""
        label = f"{row.shape} ({_kb(row.sizes[0])}/{_kb(row.sizes[1])})"
        print(
            f"| {label} | {row.step} | {row.small} | {row.large} | {row.per_mb(0)} | "
            f"{row.per_mb(1)} | {ratio} | {row.flag} |"
        )
    for failure in failures:
        print(f"| {failure.split(':', 1)[0]} | (run failed) | | | | | | {failure} |")
    print()
    print(f"Super-linear (ratio > {args.flag} at ≥ {args.floor:.0f} ms), hung or failed:")
    flagged = [
        f"{row.shape} / {row.step}: {row.small} → {row.large} ({row.flag})"
        for row in table
        if row.flag
    ]
    for line in [*flagged, *failures] or ["none"]:
        print(f"- {line}")
    print()
    print("Slowest large input per stage:")
    for step in stage_ids:
        mine = [r for r in table if r.step == step and (r.flag == "HANG" or r.large_s is not None)]
        if mine:
            worst = max(mine, key=lambda r: float("inf") if r.flag == "HANG" else r.large_s or 0)
            print(f"- {step}: {worst.shape} ({_kb(worst.sizes[1])}): {worst.large}")
    print()
    worst_case_table(table, stage_ids, args)


def worst_case_table(table: list[Row], stage_ids: list[str], args: argparse.Namespace) -> None:
    """Per step, the input shape it scales worst on (a hang first, then the highest ratio among
    the large inputs that took at least ``--floor`` ms) and the shape it is slowest on per MB:
    the table of the README's "Worst-case inputs"."""
    print(f"Worst case per step (ms per MB of input at the small and the {args.factor}× size):")
    print()
    print(
        "| step | worst ratio on | ms/MB small | ms/MB large | ratio | slowest per MB on | ms/MB |"
    )
    print("| --- | --- | ---: | ---: | ---: | --- | ---: |")
    for step in [*stage_ids, "read", "serialise", "write", "consistency", "reports"]:
        mine = [r for r in table if r.step == step]
        if not mine:
            continue
        timed = [r for r in mine if r.ratio is not None and (r.large_s or 0) * 1000 >= args.floor]
        hung = [r for r in mine if r.flag == "HANG"]
        scaling = hung[0] if hung else max(timed, key=lambda r: r.ratio or 0, default=None)
        measured = [r for r in mine if r.large_s is not None]
        slowest = max(measured, key=lambda r: (r.large_s or 0) / r.sizes[1], default=None)
        note = ""
        if scaling is None:  # every large input under the floor: its ratio is mostly noise
            scaling, note = slowest, f" (< {args.floor:.0f} ms)"
        if scaling is None:
            cells = "— | | | "
        else:
            ratio = f"{scaling.ratio:.1f}" if scaling.ratio is not None else ""
            mark = f" {scaling.flag}" if scaling.flag else note
            cells = f"{scaling.shape} | {scaling.per_mb(0)} | {scaling.per_mb(1)} | {ratio}{mark}"
        far = f"{slowest.shape} | {slowest.per_mb(1)}" if slowest else "— | —"
        print(f"| {step} | {cells} | {far} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per input run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (fastest kept)")
    parser.add_argument("--factor", type=int, default=10, help="large size / small size")
    parser.add_argument("--flag", type=float, default=12.0, help="ratio flagged as super-linear")
    parser.add_argument("--floor", type=float, default=50.0, help="ms below which no flag")
    parser.add_argument("--shapes", default="", help="comma-separated shape names (default all)")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="cpu: the stages' thread CPU time (other processes do not inflate it); wall: as is",
    )
    parser.add_argument("--keep", type=Path, help="write the inputs to this folder and keep them")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat, args.clock)
        return
    wanted = {name for name in args.shapes.split(",") if name}
    unknown = wanted - {s.name for s in SHAPES}
    if unknown:
        parser.error(f"unknown shape {sorted(unknown)[0]!r}: {', '.join(s.name for s in SHAPES)}")
    chosen = [s for s in SHAPES if not wanted or s.name in wanted]
    package, files = stage_files()
    print(f"pipeline: {package}")
    clock = "thread CPU time" if args.clock == "cpu" else "wall time"
    print(
        f"{clock}, fastest of {args.repeat} runs; timeout {args.timeout:.0f} s (wall) per input\n"
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        for shape in chosen:
            measured, sizes = [], []
            for size in (shape.small, shape.small * args.factor):
                path = folder / shape.name / f"{size // 1000}k.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(generate(shape, size), encoding="utf-8")
                sizes.append(path.stat().st_size)
                measured.append(measure(path, args.repeat, args.timeout, files, args.clock))
                print(f"  {shape.name} {size // 1000} KB done", file=sys.stderr)
            results.append((shape, (sizes[0], sizes[1]), measured[0], measured[1]))
    report(results, args)


if __name__ == "__main__":
    main()
