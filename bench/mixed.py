"""A mixed corpus for the quote check: the synthetic letters of ``bench/corpus.py`` with mirror
copies and press releases among them, and the labels a run gives them, counted.

    python -m bench.mixed 2000 -o mixed.jsonl [--seed 0]          # write the corpus (JSONL)
    python -m pipeline run mixed.jsonl -o out --no-progress --quiet
    python -m bench.mixed --count out/quotes.json                 # the labels, as Markdown

Besides the ``n`` letters of :func:`bench.corpus.iter_documents` (same seed, same letters), with
``--mirror-rate`` each letter is also published by a mirror site: half of the mirrors strip its
apostrophes (``DPRKs``, ``Peoples``), half write straight marks for curly ones (``"…"``,
``DPRK's``). With ``--release-rate`` a letter's quotation is quoted again by a press release,
nested in the release's own quotation: ``The statement said: “… recalled that ‘<quotation>’ and
asked …”``. Deterministic from the seed. Counting reads ``quotes.json``: how many members got
each variant, how many clusters there are and how many are disputed or inconsistent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

if not __package__:  # run as a script: make ``bench`` importable from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import iter_documents

VARIANTS = ("identical", "truncated", "case", "punctuation", "editorial", "wording", "unquoted")
STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def records(n: int, seed: int, mirror_rate: float, release_rate: float) -> Iterator[dict[str, str]]:
    """The corpus as ``{"id", "text"}`` records, letters first, each followed by its copies."""
    rng = random.Random(f"mixed-{seed}")
    for doc, planted in iter_documents(n, seed):
        yield {"id": doc.id, "text": doc.text}
        if rng.random() < mirror_rate:
            if rng.random() < 0.5:
                yield {"id": f"{doc.id}-stripped", "text": doc.text.replace("’", "")}
            else:
                yield {"id": f"{doc.id}-straight", "text": doc.text.translate(STRAIGHT)}
        quoted = [p for p in planted if p.quote is not None]
        if quoted and rng.random() < release_rate:
            chosen = rng.choice(quoted)
            inner = doc.text[chosen.start : chosen.end].replace("“", "‘").replace("”", "’")
            text = (
                "Press statement\n\nThe statement said: “In its letter, the coalition of "
                f"groups recalled that ‘{inner}’ and asked the members to act without delay.” "
                "It was read out at the meeting.\n"
            )
            yield {"id": f"{doc.id}-release", "text": text}


def count(report: dict[str, object]) -> dict[str, int]:
    """Members by variant, and clusters (all, inconsistent, disputed), of a ``quotes.json``."""
    clusters = report["clusters"]
    assert isinstance(clusters, list)
    variants: Counter[str] = Counter()
    for cluster in clusters:
        variants.update(m["variant"] for m in cluster["members"])
    statuses = Counter(c["status"] for c in clusters)
    return {
        **{v: variants[v] for v in VARIANTS},
        "clusters": len(clusters),
        "inconsistent": statuses["inconsistent"],
        "disputed": statuses["disputed"],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", help="number of letters")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mirror-rate", type=float, default=0.2)
    parser.add_argument("--release-rate", type=float, default=0.1)
    parser.add_argument("-o", "--output", type=Path, help="JSONL file (default: stdout)")
    parser.add_argument("--count", type=Path, nargs="+", metavar="QUOTES_JSON",
                        help="count the labels of these reports instead")  # fmt: skip
    args = parser.parse_args(argv)
    if args.count:
        counted = [count(json.loads(path.read_text("utf-8"))) for path in args.count]
        print("| | " + " | ".join(str(p) for p in args.count) + " |")
        print("| --- |" + " ---: |" * len(counted))
        for key in counted[0]:
            print(f"| {key} | " + " | ".join(f"{c[key]:,}" for c in counted) + " |")
        return
    if args.n is None:
        parser.error("give the number of letters, or --count")
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for record in records(args.n, args.seed, args.mirror_rate, args.release_rate):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if args.output:
            out.close()


if __name__ == "__main__":
    main()
