"""Build the web-chrome benchmark from a fetched copy of a public article-extraction benchmark.

    python bench/web/build.py --source /work/data/aeb --out /work/data/web-bench

``--source`` holds the data set as its repository has it: ``html/<id>.html.gz`` (UTF-8 pages)
and ``ground-truth.json`` (``{id: {"articleBody": ..., "url": ...}}``), as in
github.com/scrapinghub/article-extraction-benchmark; ``COMMIT`` (or ``--commit``) names the
commit it was taken from. Both folders stay outside the repository: the pages and their text are
third-party material and are never committed; only this script and the figures are.

``--out`` (built beside it, then swapped in whole) gets, for every page and converter
(:mod:`web_convert`), ``<converter>/<id>.txt``;
``labels.jsonl``, one record per page and converter: ``{"id", "converter", "split", "lines":
[[start, end, label, why], ...]}`` (offsets into the text file, see :mod:`web_labels`); and
``dataset.json``: the data set's name, address and commit, the converters' versions, the counts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

from bs4 import BeautifulSoup
from rapidfuzz import fuzz
from web_convert import CONVERTERS
from web_labels import key, label_lines, split_of, title_keys

NAME = "scrapinghub/article-extraction-benchmark"
URL = "https://github.com/scrapinghub/article-extraction-benchmark"
H1_LIKE_TITLE = 80.0  # rapidfuzz ratio of an <h1> to the <title> (or its headline part)


def headlines(html: str) -> list[str]:
    """The page's headline candidates: ``<title>``, ``og:title``/``twitter:title``, and each
    ``<h1>`` that reads like one of them (many pages give a menu or a box an ``<h1>`` too)."""
    soup = BeautifulSoup(html, "lxml")
    found = [soup.title.get_text(" ")] if soup.title else []
    for meta in soup.find_all("meta"):
        if meta.get("property") == "og:title" or meta.get("name") == "twitter:title":
            found.append(str(meta.get("content") or ""))
    named = title_keys(found)
    for h1 in soup.find_all("h1"):
        heading = h1.get_text(" ")
        if any(fuzz.ratio(key(heading), k) >= H1_LIKE_TITLE for k in named):
            found.append(heading)
    return [t for t in found if t.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=Path("/work/data/aeb"))
    parser.add_argument("--out", type=Path, default=Path("/work/data/web-bench"))
    parser.add_argument("--commit", help="the data set's commit (default: SOURCE/COMMIT)")
    parser.add_argument("--name", default=NAME)
    parser.add_argument("--url", default=URL)
    args = parser.parse_args(argv)
    commit = args.commit or (args.source / "COMMIT").read_text("utf-8").strip()
    final = args.out
    args.out = final.with_name(f"{final.name}.building")  # swapped in whole when done
    shutil.rmtree(args.out, ignore_errors=True)
    truth = json.loads((args.source / "ground-truth.json").read_text("utf-8"))
    args.out.mkdir(parents=True)
    for converter in CONVERTERS:
        (args.out / converter).mkdir()
    tally: Counter[tuple[str, str, str]] = Counter()
    with (args.out / "labels.jsonl").open("w", encoding="utf-8") as labels:
        for page_id in sorted(truth):
            html = gzip.decompress((args.source / "html" / f"{page_id}.html.gz").read_bytes())
            page = html.decode("utf-8", errors="replace")
            titles = headlines(page)
            body = truth[page_id]["articleBody"]
            split = split_of(page_id)
            for converter, convert in CONVERTERS.items():
                text = convert(page)
                (args.out / converter / f"{page_id}.txt").write_text(text, "utf-8", newline="\n")
                lines = label_lines(text, body, titles)
                tally.update((converter, split, line.label) for line in lines)
                record = {
                    "id": page_id,
                    "converter": converter,
                    "split": split,
                    "lines": [[ln.start, ln.end, ln.label, ln.why] for ln in lines],
                }
                labels.write(json.dumps(record) + "\n")
    meta = {
        "name": args.name,
        "url": args.url,
        "commit": commit,
        "pages": len(truth),
        "converters": {
            "bs4": f"beautifulsoup4 {version('beautifulsoup4')}, lxml {version('lxml')}",
            "html2text": f"html2text {version('html2text')}",
        },
        "split": "dev if the first hex digit of sha1(page id) < 8, else test",
        "lines": {"/".join(k): n for k, n in sorted(tally.items())},
    }
    (args.out / "dataset.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
    old = final.with_name(f"{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    args.out.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    for (converter, split, label), n in sorted(tally.items()):
        print(f"{converter:10} {split:5} {label:8} {n:7}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
