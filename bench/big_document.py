"""Benchmark: one large document through a whole run, time and peak memory by size (issue #19).

    python bench/big_document.py [--sizes 1 2 4 8 50] [--timeout 600]

For each size (MB) two inputs are made from the extraction matrix's letters (our own words,
``bench/matrix/text``): a document of that size (the letters one after another, as a long
dossier would be) and the same words as one single line. Each is given to ``coi-pipeline run``
in a subprocess of its own, alone; the table gives the exit code, wall seconds, CPU seconds
(user + system of the process and its workers, from ``wait4``), the peak RSS, both per MB, and
the first line of stderr. Above ``input.max_bytes`` the run is refused before reading, so its
row shows how fast a refusal is: exit 2 and one line. A run past ``--timeout`` is killed
(``> N s``). Numbers go in the README and the issue notes, never into tests.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MATRIX = HERE / "matrix" / "text"
MB = 1_000_000


def _letters() -> str:
    """The matrix's letters (the LibreOffice layout, pdftotext's default join), one after
    another: real extractor output of our own words."""
    paths = sorted(MATRIX.glob("*.txt"))
    return "\n\n".join(path.read_text("utf-8") for path in paths)


def make(kind: str, megabytes: float, folder: Path) -> Path:
    """The input of ``kind`` (``document`` or ``line``) of about ``megabytes`` MB."""
    letters = _letters()
    if kind == "line":
        letters = " ".join(letters.split())
    size = int(megabytes * MB)
    text = (letters * (size // len(letters) + 1))[:size]
    path = folder / f"{kind}-{megabytes:g}MB.txt"
    path.write_text(text.rstrip("\n") + "\n", "utf-8")
    return path


def measure(path: Path, timeout: float) -> tuple[str, float, float, float, str]:
    """(exit code, wall s, CPU s, peak RSS MB, first stderr line) of one run on ``path``: the
    child is reaped with ``wait4``, which gives its own resource usage (its workers included)."""
    with tempfile.TemporaryDirectory() as tmp:
        err = Path(tmp) / "stderr"
        command = [sys.executable, "-m", "pipeline", "run", str(path), "-o", f"{tmp}/out"]
        with err.open("wb") as stderr:
            started = time.perf_counter()
            child = subprocess.Popen(
                [*command, "--quiet", "--no-progress"], stdout=subprocess.DEVNULL, stderr=stderr,
                start_new_session=True,
            )  # fmt: skip
            killed = False
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    break
                if not killed and time.perf_counter() - started > timeout:
                    os.killpg(child.pid, signal.SIGKILL)
                    killed = True
                time.sleep(0.05)
            wall = time.perf_counter() - started
        code = f"> {timeout:g} s" if killed else str(os.waitstatus_to_exitcode(status))
        first = (err.read_text("utf-8", "replace").splitlines() or [""])[0]
        return code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8, 50])
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    print("| input | MB | exit | wall (s) | CPU (s) | CPU s/MB | peak RSS (MB) | RSS/MB | stderr |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("document", "line"):
            for size in sorted(args.sizes):
                path = make(kind, size, Path(tmp))
                code, wall, cpu, rss, first = measure(path, args.timeout)
                path.unlink()
                print(
                    f"| {kind} | {size:g} | {code} | {wall:.1f} | {cpu:.1f} | {cpu / size:.2f} "
                    f"| {rss:.0f} | {rss / size:.0f} | {first[:90]} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
