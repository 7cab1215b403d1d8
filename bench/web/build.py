"""Build the web-chrome benchmark from a fetched copy of a public article-extraction benchmark.

    python bench/web/build.py --source /work/data/aeb --out /work/data/web-bench
    python bench/web/build.py --format wcxb --source /work/data/wcxb --out /work/data/web-bench-wcxb

``--source`` holds a data set as its repository has it (``COMMIT``, or ``--commit``, names the
commit it was taken from):

* ``--format aeb`` (github.com/scrapinghub/article-extraction-benchmark): ``html/<id>.html.gz``
  (UTF-8 pages) and ``ground-truth.json`` (``{id: {"articleBody": ..., "url": ...}}``); the
  dev/test split is ours (:func:`web_labels.split_of`);
* ``--format wcxb`` (github.com/Murrough-Foley/web-content-extraction-benchmark):
  ``{dev,test}/html/<id>.html.gz``, ``{dev,test}/ground-truth/<id>.json`` (``ground_truth``:
  ``main_content``, ``title``) and ``metadata.json`` (page types); the split is the data
  set's own, and only ``--page-types`` (default: ``article``) are taken.

Both folders stay outside the repository: the pages and their text are third-party material and
are never committed; only this script and the figures are.

``--out`` (built beside it, then swapped in whole) gets, for every page and converter
(:mod:`web_convert`), ``<converter>/<id>.txt``; ``labels.jsonl``, one record per page and
converter: ``{"id", "converter", "split", "lines": [[start, end, label, why], ...]}`` (offsets
into the text file, see :mod:`web_labels`); and ``dataset.json``: the data set's name, address
and commit, the converters' versions, the counts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bs4 import BeautifulSoup
from rapidfuzz import fuzz
from web_convert import CONVERTERS
from web_labels import key, label_lines, split_of, title_keys

FORMATS = {  # --format: the data set's name and address
    "aeb": ("scrapinghub/article-extraction-benchmark", "https://github.com/scrapinghub/article-extraction-benchmark"),
    "wcxb": ("Murrough-Foley/web-content-extraction-benchmark", "https://github.com/Murrough-Foley/web-content-extraction-benchmark"),
}  # fmt: skip
DIRECT = "direct"  # the page's HTML, read by the pipeline itself (issue #17)
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


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "(not installed)"


def direct_text(data: bytes, where: str) -> str:
    """The raw text the pipeline's own HTML reader makes of a page (what its ledger edits)."""
    from pipeline.readers import read, reader_for

    reader = reader_for(".html")
    assert reader is not None
    return read(data, where, reader).text


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a data set: its id, split, HTML, ground-truth body and known titles."""

    id: str
    split: str
    html: str
    body: str
    titles: tuple[str, ...] = ()
    data: bytes = b""  # the page's bytes as fetched (what the pipeline's own reader reads)


def _decode(path: Path) -> tuple[str, bytes]:
    data = gzip.decompress(path.read_bytes())
    return data.decode("utf-8", errors="replace"), data


def aeb_pages(source: Path) -> Iterator[Page]:
    """The pages of scrapinghub/article-extraction-benchmark, split by :func:`split_of`."""
    truth = json.loads((source / "ground-truth.json").read_text("utf-8"))
    for page_id in sorted(truth):
        html, data = _decode(source / "html" / f"{page_id}.html.gz")
        yield Page(page_id, split_of(page_id), html, truth[page_id]["articleBody"], data=data)


def wcxb_pages(source: Path, page_types: frozenset[str]) -> Iterator[Page]:
    """The pages of WCXB of ``page_types``, in the data set's own dev/test split."""
    files = json.loads((source / "metadata.json").read_text("utf-8"))["files"]
    for page_id in sorted(files):
        entry = files[page_id]
        if entry["page_type"] not in page_types:
            continue
        split = entry["split"]
        truth = json.loads((source / split / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
        body = truth["ground_truth"].get("main_content")
        if not body:  # a page without a ground truth tells nothing
            continue
        title = truth["ground_truth"].get("title") or ""
        html, data = _decode(source / split / "html" / f"{page_id}.html.gz")
        yield Page(page_id, split, html, body, (title,), data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=FORMATS, default="aeb")
    parser.add_argument("--source", type=Path, default=Path("/work/data/aeb"))
    parser.add_argument("--out", type=Path, default=Path("/work/data/web-bench"))
    parser.add_argument("--commit", help="the data set's commit (default: SOURCE/COMMIT)")
    parser.add_argument("--page-types", default="article", help="wcxb: comma-separated types")
    parser.add_argument("--converters", default="bs4,html2text",
                        help=f"comma-separated, of {', '.join([*CONVERTERS, DIRECT])}: {DIRECT} "
                        "keeps each page's HTML, labelled on the text the pipeline's own reader "
                        "makes of it (needs the pipeline on PYTHONPATH)")  # fmt: skip
    args = parser.parse_args(argv)
    chosen = args.converters.split(",")
    unknown = set(chosen) - {*CONVERTERS, DIRECT}
    if unknown:
        parser.error(f"unknown converter(s): {', '.join(sorted(unknown))}")
    commit = args.commit or (args.source / "COMMIT").read_text("utf-8").strip()
    name, url = FORMATS[args.format]
    types = frozenset(args.page_types.split(","))
    pages = aeb_pages(args.source) if args.format == "aeb" else wcxb_pages(args.source, types)
    final = args.out
    args.out = final.with_name(f"{final.name}.building")  # swapped in whole when done
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    for converter in chosen:
        (args.out / converter).mkdir()
    tally: Counter[tuple[str, str, str]] = Counter()
    count = 0
    with (args.out / "labels.jsonl").open("w", encoding="utf-8") as labels:
        for page in pages:
            count += 1
            titles = [*page.titles, *headlines(page.html)]
            for converter in chosen:
                if converter == DIRECT:
                    (args.out / converter / f"{page.id}.html").write_bytes(page.data)
                    text = direct_text(page.data, page.id)
                else:
                    text = CONVERTERS[converter](page.html)
                    path = args.out / converter / f"{page.id}.txt"
                    path.write_text(text, "utf-8", newline="\n")
                lines = label_lines(text, page.body, titles)
                tally.update((converter, page.split, line.label) for line in lines)
                record = {
                    "id": page.id,
                    "converter": converter,
                    "split": page.split,
                    "lines": [[ln.start, ln.end, ln.label, ln.why] for ln in lines],
                }
                labels.write(json.dumps(record) + "\n")
    meta = {
        "name": name,
        "url": url,
        "commit": commit,
        "pages": count,
        "page_types": sorted(types) if args.format == "wcxb" else ["article"],
        "converters": {
            name: about
            for name, about in {
                "bs4": f"beautifulsoup4 {version('beautifulsoup4')}, lxml {version('lxml')}",
                "html2text": f"html2text {version('html2text')}",
                DIRECT: "the pipeline's HTML reader (pipeline/readers/html.py): "
                f"trafilatura {_version('trafilatura')}, lxml {version('lxml')}",
            }.items()
            if name in chosen
        },
        "split": "the data set's own"
        if args.format == "wcxb"
        else "dev if the first hex digit of sha1(page id) < 8, else test",
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
