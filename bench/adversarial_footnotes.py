"""Benchmark: the footnotes stage on adversarial input at two sizes ten times apart.

    PYTHONPATH=. python bench/adversarial_footnotes.py [--size 500]

Each input is made of many note labels: numbered lines (``1. Item``), lines opening with a
label (``1 Item``, each a note's first line), lines of bare numbers (``1`` / ``2`` …), markers
glued after a stop (``word.1 word.2 …``) with their notes, and numbered lines after those markers.
The stage should grow about linearly: the ratio of the two times should stay <= 12. Numbers go
in the README and the issue notes, never into tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def numbered_items(n: int) -> str:
    items = (f"{k}. Item number {k} of the list\n" for k in range(1, n + 1))
    return "A list follows.\n" + "".join(items)


def label_lines(n: int) -> str:
    items = (f"{k} Item number {k} of the list\n" for k in range(1, n + 1))
    return "A list follows.\n" + "".join(items)


def bare_numbers(n: int) -> str:
    return "Numbers follow.\n" + "".join(f"{k}\n" for k in range(1, n + 1))


def glued_markers(n: int) -> str:
    text = " ".join(f"word.{k}" for k in range(1, n + 1))
    return text + "\n\n" + "".join(f"{k} Note {k}.\n" for k in range(1, n + 1))


def markers_then_numbered_lines(n: int) -> str:
    text = " ".join(f"word.{k}" for k in range(1, n + 1))
    return text + "\n\n" + "".join(f"{k} item {k} in lower case\n" for k in range(1, n + 1))


SHAPES: dict[str, Callable[[int], str]] = {
    "numbered items": numbered_items,
    "label lines": label_lines,
    "bare numbers": bare_numbers,
    "glued markers": glued_markers,
    "markers, then numbered lines": markers_then_numbered_lines,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500, help="labels in the smaller input")
    args = parser.parse_args()
    if sys.path[0] == str(HERE):  # this directory's pipeline.py would shadow the package
        del sys.path[0]
    from pipeline import Config
    from pipeline.document import Document, Source
    from pipeline.ledger import Ledger
    from pipeline.stages import Context
    from pipeline.stages.footnotes import link_footnotes

    context = Context(Config.load())

    def seconds(text: str) -> float:
        doc = Document("adversarial", Source("<bench>", "0" * 64, "utf-8"), Ledger(text))
        best = float("inf")
        for _ in range(2):  # the faster of two runs
            started = time.perf_counter()
            link_footnotes(doc, context)
            best = min(best, time.perf_counter() - started)
        return best

    print(f"| input | {args.size} labels (s) | {10 * args.size} labels (s) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, make in SHAPES.items():
        small, large = seconds(make(args.size)), seconds(make(10 * args.size))
        print(f"| {name} | {small:.3f} | {large:.3f} | {large / small:.1f} |")


if __name__ == "__main__":
    main()
