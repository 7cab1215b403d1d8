"""Score the pipeline on the web-chrome benchmark: chrome lines removed, content lines kept.

    cd <a worktree> && PYTHONPATH=. python /work/wt-web/bench/web/score.py --split dev

The ``pipeline`` imported is the one on ``PYTHONPATH`` (the worktree being scored). For each
converter the pipeline runs once over the folder of its converted pages, as ``coi-pipeline run
<folder>`` would (so the corpus evidence — lines that recur across pages — is there), into a
temporary OUT. Each labelled line of an input (:mod:`web_labels`; built by ``build.py``) is then
kept or removed according to the document's ledger (:mod:`web_survival`): removed when most of
its letters and digits were deleted by edits, whatever their kind. Splits only choose which
pages are counted; tune on ``dev``, report ``test`` too.

Figures: **chrome removed** = chrome lines removed / chrome lines (**chars rm**: the same
counted in letters and digits, so that a long related-story headline weighs more than "Home");
**content kept** = content lines kept / content lines; **content chars kept** = the letters
and digits of content lines that survive / all of them. ``ignore`` lines (see
:mod:`web_labels`) are not counted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from build import DIRECT, direct_text
from web_labels import CHROME, CONTENT, MIN_WORDS, key, strip_markup, words
from web_survival import survival

import pipeline

SPLITS = ("dev", "test")


@dataclass
class Tally:
    """The counts of one converter and split."""

    pages: int = 0
    chrome: int = 0
    chrome_removed: int = 0
    chrome_chars: int = 0
    chrome_chars_removed: int = 0
    content: int = 0
    content_kept: int = 0
    content_chars: int = 0
    content_chars_kept: int = 0
    ignored: int = 0
    kept_chrome: Counter[str] = field(default_factory=Counter)
    lost_content: list[tuple[str, str, str]] = field(default_factory=list)  # id, kinds, line

    def count(
        self,
        page_id: str,
        label: object,
        line: str,
        kept: bool,
        chars: tuple[int, int],
        lost_as: str,
    ) -> None:
        """One labelled line of a page: kept or not, with its letters and digits (``chars``: all,
        and those that survive); a lost content line is listed with ``lost_as`` (what took it)."""
        chars, chars_kept = chars
        if label == CHROME:
            self.chrome += 1
            self.chrome_removed += not kept
            self.chrome_chars += chars
            self.chrome_chars_removed += chars - chars_kept
            if kept:
                self.kept_chrome[line] += 1
        elif label == CONTENT:
            self.content += 1
            self.content_kept += kept
            self.content_chars += chars
            self.content_chars_kept += chars_kept
            if not kept:
                self.lost_content.append((page_id, lost_as, line))
        else:
            self.ignored += 1

    def add(self, other: Tally) -> None:
        for name in ("pages", "chrome", "chrome_removed", "content", "content_kept"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.chrome_chars += other.chrome_chars
        self.chrome_chars_removed += other.chrome_chars_removed
        self.content_chars += other.content_chars
        self.content_chars_kept += other.content_chars_kept
        self.ignored += other.ignored
        self.kept_chrome.update(other.kept_chrome)
        self.lost_content.extend(other.lost_content)

    def figures(self) -> dict[str, float | int]:
        return {
            "pages": self.pages,
            "chrome_lines": self.chrome,
            "chrome_removed_pct": _pct(self.chrome_removed, self.chrome),
            "chrome_chars_removed_pct": _pct(self.chrome_chars_removed, self.chrome_chars),
            "content_lines": self.content,
            "content_kept_pct": _pct(self.content_kept, self.content),
            "content_chars_kept_pct": _pct(self.content_chars_kept, self.content_chars),
            "ignored_lines": self.ignored,
        }


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def score_converter(
    data: Path, converter: str, records: list[dict[str, object]]
) -> dict[str, Tally]:
    """Run the pipeline over ``data/converter`` and tally each split's labelled lines (for
    ``direct``: the pipeline reads the pages' HTML itself)."""
    folder = data / converter
    with tempfile.TemporaryDirectory(prefix="web-bench-") as tmp:
        result = pipeline.run([folder], Path(tmp) / "out")
        documents = result.documents
        by_id = {doc_id: n for n, doc_id in enumerate(documents.ids)}
        tallies = {split: Tally() for split in SPLITS}
        for record in records:
            page_id, split = str(record["id"]), str(record["split"])
            doc = documents[by_id[page_id]]
            text = _labelled_text(folder, page_id, converter)
            if doc.raw != text:
                raise SystemExit(f"{page_id}: the document's raw text is not the converted file")
            tallies[split].add(_tally_page(page_id, text, doc, record["lines"]))  # type: ignore[arg-type]
    return tallies


def _labelled_text(folder: Path, page_id: str, converter: str) -> str:
    """The text the labels' offsets count in: the converted file, or (``direct``) the text the
    pipeline's reader makes of the page, as build.py labelled it."""
    if converter == DIRECT:
        return direct_text((folder / f"{page_id}.html").read_bytes(), page_id)
    with (folder / f"{page_id}.txt").open(encoding="utf-8", newline="") as file:
        return file.read()  # as written: a stray CR stays (the labels count it)


def kept_by(output: str) -> tuple[set[str], str]:
    """An extractor output's line keys, and its whole key padded for word-boundary search (as
    ``reference.py`` has it; not imported from there: that imports trafilatura)."""
    return {key(line) for line in output.split("\n")}, f" {key(output)} "


def score_trafilatura(data: Path, records: list[dict[str, object]]) -> dict[str, Tally]:
    """Trafilatura alone on the same pages and labels as ``direct``: a labelled line of the
    reader's text is kept when its key is a whole line of trafilatura's output or, from
    :data:`web_labels.MIN_WORDS` words, a part of it (as ``reference.py`` counts; its own
    settings, as a user calls it)."""
    import trafilatura

    tallies = {split: Tally() for split in SPLITS}
    folder = data / DIRECT
    for record in records:
        page_id, split = str(record["id"]), str(record["split"])
        html = (folder / f"{page_id}.html").read_bytes()
        text = _labelled_text(folder, page_id, DIRECT)
        lines, whole = kept_by(trafilatura.extract(html, include_comments=False) or "")
        tally = Tally(pages=1)
        for start, end, label, _why in record["lines"]:  # type: ignore[attr-defined]
            k = key(strip_markup(text[start:end]))
            kept = k in lines or (words(k) >= MIN_WORDS and f" {k} " in whole)
            chars = sum(c.isalnum() for c in text[start:end])
            line = text[start:end].strip()
            tally.count(page_id, label, line, kept, (chars, chars if kept else 0), "trafilatura")
        tallies[split].add(tally)
    return tallies


def _tally_page(
    page_id: str, text: str, doc: pipeline.Document, lines: list[list[object]]
) -> Tally:
    alive = survival(doc.raw, doc.edits)
    tally = Tally(pages=1)
    for start, end, label, _why in lines:
        s, e = int(start), int(end)  # type: ignore[call-overload]
        kept = alive.line_kept(s, e)
        chars_alive, chars = alive.kept(s, e)
        lost_as = "" if kept or label != CONTENT else ",".join(alive.kinds(s, e))
        tally.count(page_id, label, text[s:e].strip(), kept, (chars, chars_alive), lost_as)
    return tally


def _pipeline_commit() -> str:
    where = Path(pipeline.__file__).resolve().parent
    try:
        found = subprocess.run(
            ["git", "-C", str(where), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/data/web-bench"))
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--converter", choices=("bs4", "html2text", DIRECT), action="append")
    parser.add_argument("--no-trafilatura", action="store_true",
                        help=f"with {DIRECT}: no row of trafilatura alone beside it")  # fmt: skip
    parser.add_argument("--detail", type=int, default=0, metavar="N",
                        help="show the N most common surviving chrome lines and every lost "
                        "content line")  # fmt: skip
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "dataset.json").is_file():
        parser.error(f"no benchmark in {args.data}: build it first (see bench/web/README.md)")
    meta = json.loads((args.data / "dataset.json").read_text("utf-8"))
    converters = args.converter or list(meta["converters"])
    by_converter: defaultdict[str, list[dict[str, object]]] = defaultdict(list)
    with (args.data / "labels.jsonl").open(encoding="utf-8") as labels:
        for line in labels:
            record = json.loads(line)
            by_converter[record["converter"]].append(record)
    splits = SPLITS if args.split == "all" else (args.split,)
    print(f"data set: {meta['name']} @ {meta['commit']} ({meta['url']}), {meta['pages']} pages")
    print(f"pipeline: {Path(pipeline.__file__).resolve().parent} @ {_pipeline_commit()}")
    figures: dict[str, dict[str, dict[str, float | int]]] = {}
    overall = {split: Tally() for split in splits}
    header = f"{'converter':10} {'split':5} {'pages':>5} {'chrome':>7} {'removed':>8} "
    header += f"{'chars rm':>8} "
    header += f"{'content':>7} {'kept':>7} {'chars kept':>10} {'ignored':>7}"
    rows = [header]
    detail: dict[str, Tally] = {}
    for converter in converters:
        started = time.perf_counter()
        tallies = score_converter(args.data, converter, by_converter[converter])
        print(f"({converter}: pipeline and scoring {time.perf_counter() - started:.1f} s)")
        detail[converter] = Tally()
        for split in splits:
            overall[split].add(tallies[split])
            detail[converter].add(tallies[split])
            figures.setdefault(converter, {})[split] = tallies[split].figures()
            rows.append(_row(converter, split, tallies[split]))
        if converter == DIRECT and not args.no_trafilatura:  # the yardstick, not in "all"
            alone = score_trafilatura(args.data, by_converter[converter])
            detail["trafilatura"] = Tally()
            for split in splits:
                detail["trafilatura"].add(alone[split])
                figures.setdefault("trafilatura", {})[split] = alone[split].figures()
                rows.append(_row("trafilatura", split, alone[split]))
    for split in splits:
        figures.setdefault("all", {})[split] = overall[split].figures()
        rows.append(_row("all", split, overall[split]))
    print("\n".join(rows))
    if args.detail:
        for converter, tally in detail.items():
            _show_detail(converter, splits, tally, args.detail)
    if args.json:
        report = {"data": meta, "pipeline": _pipeline_commit(), "figures": figures}
        args.json.write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    return 0


def _row(converter: str, split: str, tally: Tally) -> str:
    f = tally.figures()
    return (
        f"{converter:10} {split:5} {f['pages']:5} {f['chrome_lines']:7} "
        f"{f['chrome_removed_pct']:7.2f}% {f['chrome_chars_removed_pct']:7.2f}% "
        f"{f['content_lines']:7} {f['content_kept_pct']:6.2f}% "
        f"{f['content_chars_kept_pct']:9.2f}% {f['ignored_lines']:7}"
    )


def _show_detail(converter: str, splits: tuple[str, ...], tally: Tally, n: int) -> None:
    where = "+".join(splits)
    print(f"\n## {converter} ({where}): the {n} most common chrome lines kept")
    for line, count in tally.kept_chrome.most_common(n):
        print(f"{count:5}  {line[:150]}")
    print(f"\n## {converter} ({where}): content lines lost ({len(tally.lost_content)})")
    for page_id, kinds, line in tally.lost_content:
        print(f"{page_id[:12]}  [{kinds}]  {line[:150]}")


if __name__ == "__main__":
    sys.exit(main())
