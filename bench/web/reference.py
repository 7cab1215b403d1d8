"""A reference figure: how a DOM-based extractor (trafilatura) scores on the same line labels.

    /path/to/env-with-trafilatura/bin/python bench/web/reference.py --source /work/data/aeb

Not part of the benchmark proper (the pipeline never sees HTML); it tells what a tool that reads
the page's DOM reaches on these labels, to put the pipeline's figures beside. A labelled line
counts as *kept* by the extractor when its key (:func:`web_labels.key`) is a whole line of the
extractor's output, or, for a line of at least :data:`web_labels.MIN_WORDS` words, occurs in it
(at word boundaries); an approximation, since the extractor's text is not the converter's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import trafilatura
from build import aeb_pages, wcxb_pages
from web_labels import CHROME, CONTENT, MIN_WORDS, key, strip_markup, words


def kept_by(output: str) -> tuple[set[str], str]:
    """The extractor output's line keys, and its whole key padded for word-boundary search."""
    return {key(line) for line in output.split("\n")}, f" {key(output)} "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("aeb", "wcxb"), default="aeb")
    parser.add_argument("--source", type=Path, default=Path("/work/data/aeb"))
    parser.add_argument("--data", type=Path, default=Path("/work/data/web-bench"))
    args = parser.parse_args(argv)
    pages = (
        aeb_pages(args.source)
        if args.format == "aeb"
        else wcxb_pages(args.source, frozenset(("article",)))
    )
    labels: dict[tuple[str, str], dict[str, object]] = {}
    with (args.data / "labels.jsonl").open(encoding="utf-8") as file:
        for line in file:
            record = json.loads(line)
            labels[record["id"], record["converter"]] = record
    converters = sorted({c for _, c in labels})
    counts = {(c, s): [0, 0, 0, 0] for c in converters for s in ("dev", "test")}
    for page in pages:
        output = trafilatura.extract(page.html, include_comments=False) or ""
        lines, whole = kept_by(output)
        for converter in converters:
            record = labels.get((page.id, converter))
            if record is None:
                continue
            with (args.data / converter / f"{page.id}.txt").open(encoding="utf-8", newline="") as f:
                text = f.read()
            tally = counts[converter, str(record["split"])]
            for start, end, label, _why in record["lines"]:  # type: ignore[attr-defined]
                k = key(strip_markup(text[start:end]))
                kept = k in lines or (words(k) >= MIN_WORDS and f" {k} " in whole)
                if label == CHROME:
                    tally[0] += 1
                    tally[1] += not kept
                elif label == CONTENT:
                    tally[2] += 1
                    tally[3] += kept
    print(f"trafilatura {trafilatura.__version__} on {args.data}")
    print(f"{'converter':10} {'split':5} {'chrome':>7} {'removed':>8} {'content':>7} {'kept':>7}")
    for (converter, split), (chrome, removed, content, kept) in counts.items():
        print(
            f"{converter:10} {split:5} {chrome:7} {100 * removed / max(chrome, 1):7.2f}% "
            f"{content:7} {100 * kept / max(content, 1):6.2f}%"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
