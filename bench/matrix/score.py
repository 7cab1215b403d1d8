"""Score ``pipeline.clean_text`` on the extraction matrix: one row per extractor, aggregated over
every letter, layout and page join, as a Markdown table.

    PYTHONPATH=. python /path/to/bench/matrix/score.py            # from the worktree to score
    ... score.py --extractor pypdf --layout endnotes --detail      # per case, every failure
    ... score.py --json out.json                                   # all counts and failures

The ``pipeline`` scored is whichever ``import pipeline`` finds (set ``PYTHONPATH``); the data are
read from beside this file. Columns (each ``hits / items``; the header says what an item is):

1. **sentences** — truth body sentences found verbatim in ``doc.text`` (both sides NFKC,
   quotes and dashes folded, soft hyphens dropped, whitespace collapsed);
2. **notes out** — note bodies none of whose 6-word windows (spaces ignored) that are in the
   extracted input is left in ``doc.text``; counts notes with such a window in the input
   (windows that the letter's own lines hold too — body, title, addressees, signature — are
   not asked: a note naming a signatory leaves that name in the text);
3. **linked** — notes for which ``doc.footnotes`` has the label, a text within rapidfuzz ratio
   90 of the truth, and an anchor inside the sentence the marker stands in (or right after it),
   or — the sentence being broken — right after the word the marker follows, with the sentence's
   first three words shortly before;
4. **citations** — truth citations (document and the set of paragraphs, dashes folded) found in
   the citations of the footnote with the note's label (the best text match, linked or not);
5. **furniture** — occurrences of page furniture (running header, ``Page N of M``, bare page
   number) in the input — a line equal to it among the first or last three non-blank lines of
   a page — whose clean span (through the ledger) no longer holds it, nor a footnote body;
6. **hyphens** — line-end hyphen breaks in the input (``left-`` at a line end, ``right`` next
   line, the word found in the letter's vocabulary), whose clean span (or, when moved into a
   note, the note's text) reads the right word: joined for a typesetter's hyphen, kept for a
   compound the letter writes with a hyphen;
7. **date+sig** — documents whose ``metadata.date`` is the truth ISO date and whose
   ``metadata.signatories`` is the truth list (quotes folded);
8. **ledger** — documents whose edits are sorted, non-overlapping, each ``raw`` the raw text it
   covers, and ``replay(raw, edits) == doc.text``;
9. **lost notes** — lost notes (a marker with no body) with a ``footnote.missing-body`` finding
   on their marker; findings elsewhere are counted as false.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from letters import BREAK, break_word  # noqa: E402  (the same break rule as build.py's truth)

TEXT = HERE / "text"
TRUTH = HERE / "truth"
EXTRACTORS = ("pdftotext", "pdftotext-layout", "pypdf", "pdfminer", "pymupdf", "pdfplumber")
COLUMNS = (
    ("sentences", "body sentences intact", "body sentences"),
    ("notes_out", "notes out of the text", "note bodies"),
    ("linked", "notes linked", "notes"),
    ("citations", "citations resolved", "citations"),
    ("furniture", "furniture removed", "furniture occurrences"),
    ("hyphens", "hyphens right", "line-end hyphen breaks"),
    ("date_sig", "date and signatories right", "documents"),
    ("ledger", "ledger invariant", "documents"),
    ("lost", "lost notes reported", "lost notes"),
)
FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "‐": "-",
        "‑": "-",
        "\u00ad": None,
    }
)
WINDOW = 6
RATIO = 90
EDGE_LINES = 3

# ---------------------------------------------------------------- normalising


def norm(text: str) -> str:
    """NFKC, quotes and dashes folded, soft hyphens dropped, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(FOLD).split())


def norm_mapped(text: str) -> tuple[str, list[int]]:
    """``norm(text)`` with, for each of its characters, the index in ``text`` it comes from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch).translate(FOLD)
        for c in piece:
            if c.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                    where.append(i)
            else:
                out.append(c)
                where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def nospace(text: str) -> str:
    return "".join(norm(text).split())


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    letter: str
    layout: str
    extractor: str
    join: str
    pdf: str = ""  # the PDF read directly (extractor "direct"), else ""

    @property
    def name(self) -> str:
        return f"{self.letter}.{self.layout}.{self.extractor}.{self.join}"

    @property
    def path(self) -> Path:
        return Path(self.pdf) if self.pdf else TEXT / f"{self.name}.txt"


def cases(
    extractors: list[str] | None = None,
    layouts: list[str] | None = None,
    letters: list[str] | None = None,
) -> list[Case]:
    """Every text file of the matrix, filtered."""
    out: list[Case] = []
    for path in sorted(TEXT.glob("*.txt")):
        letter, layout, extractor, join = path.name[: -len(".txt")].split(".")
        case = Case(letter, layout, extractor, join)
        if extractors and extractor not in extractors:
            continue
        if layouts and layout not in layouts:
            continue
        if letters and letter not in letters:
            continue
        out.append(case)
    return out


def pdf_cases(folder: Path, layouts: list[str] | None, letters: list[str] | None) -> list[Case]:
    """Every ``<letter>.<layout>.pdf`` in ``folder`` (``build.py --keep-pdf``), read directly."""
    out = []
    for path in sorted(folder.glob("*.pdf")):
        letter, layout = path.name[: -len(".pdf")].split(".")
        if (layouts and layout not in layouts) or (letters and letter not in letters):
            continue
        out.append(Case(letter, layout, "direct", "ff", str(path)))
    return out


@cache
def truth(letter: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRUTH / f"{letter}.json").read_text(encoding="utf-8"))
    return data


def page_spans(case: Case, raw: str) -> list[tuple[int, int]]:
    """Where each page's text is in ``raw``: split on form feeds; for an ``nl`` text, at the
    places its ``ff`` twin has them (the two differ only in the page separators)."""
    ff = (
        raw
        if case.join == "ff" or case.pdf
        else TEXT.joinpath(f"{case.letter}.{case.layout}.{case.extractor}.ff.txt").read_text(
            encoding="utf-8"
        )
    )
    spans = []
    start = 0
    for i, ch in enumerate(ff):
        if ch == "\f":
            spans.append((start, i))
            start = i + 1
    if start < len(ff):
        spans.append((start, len(ff)))
    return spans


# ---------------------------------------------------------------- scoring one case


@dataclass
class Score:
    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    items: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[dict[str, str]] = field(default_factory=list)
    false_lost: int = 0

    def count(self, column: str, ok: bool, what: str = "", why: str = "") -> None:
        self.items[column] += 1
        if ok:
            self.hits[column] += 1
        elif what or why:
            self.failures.append({"column": column, "item": what, "why": why})

    def add(self, other: Score) -> None:
        for k, v in other.hits.items():
            self.hits[k] += v
        for k, v in other.items.items():
            self.items[k] += v
        self.false_lost += other.false_lost


def _windows(text: str) -> list[str]:
    words = norm(text).split()
    if len(words) <= WINDOW:
        return ["".join(words)]
    return ["".join(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)]


def _anchor_ok(note: dict[str, Any], position: int, text_norm: str, where: list[int]) -> bool:
    """Is the clean position ``position`` inside (or right after) the note's sentence, or right
    after the words its marker follows?"""
    import bisect

    at = bisect.bisect_left(where, position)  # the first normalised char at or after it
    sentence = norm(note["sentence"])
    if sentence:
        start = text_norm.find(sentence)
        while start >= 0:
            if start <= at <= start + len(sentence) + 1:
                return True
            start = text_norm.find(sentence, start + 1)
    # The sentence may be broken (page furniture in it): then the word the marker follows must
    # end the text before the anchor, and the sentence's first words be shortly before it.
    follows = norm(note["follows"]).split()
    before = text_norm[:at].rstrip()
    if not follows or not before.endswith(follows[-1]):
        return False
    opening = " ".join(sentence.split()[:3])
    return opening in before[-(len(sentence) + 200) :]


def _fold_paragraphs(paragraphs: list[str] | tuple[str, ...]) -> frozenset[str]:
    return frozenset("".join(p.translate(FOLD).split()) for p in paragraphs)


def _edge_lines(raw: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(page number, start, end) of the first and last few non-blank lines of each page."""
    out = []
    for number, (start, end) in enumerate(spans, 1):
        lines = []
        pos = start
        for line in raw[start:end].split("\n"):
            if line.strip():
                lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        chosen = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
        for s, e in sorted(set(chosen)):
            out.append((number, s, e))
    return out


def _in_notes(doc: Any, raw_start: int, wanted: str) -> bool:
    """Is ``wanted`` in the text of a footnote whose body covers ``raw_start``?"""
    for note in doc.footnotes:
        if note.raw_start <= raw_start < note.raw_end and wanted in norm(note.text):
            return True
    return False


def score_text(case: Case, raw: str, doc: Any, replay: Any) -> Score:
    """Every column for one extracted text and the pipeline's document made of it."""
    t = truth(case.letter)
    layout = t["layouts"][case.layout]
    s = Score()
    text_norm, where = norm_mapped(doc.text)
    text_nospace = "".join(text_norm.split())
    raw_nospace = nospace(raw)

    # 1. body sentences
    for sentence in t["body_sentences"]:
        ok = norm(sentence) in text_norm
        s.count("sentences", ok, sentence, "" if ok else _sentence_why(sentence, text_norm))

    # 2. notes out of the text
    # (a window that the letter's own lines also hold — a signatory named in a note — can be
    # in the text without the note being there)
    own = [t["title"], *t["addressees"], *t["signature_lines"], *t["body_sentences"]]
    body_nospace = nospace(" ".join(own))
    for note in t["notes"]:
        windows = [w for w in _windows(note["text"]) if w not in body_nospace and w in raw_nospace]
        if windows:
            left = [w for w in windows if w in text_nospace]
            s.count(
                "notes_out", not left, note["label"], f"still in text: {left[0]!r}" if left else ""
            )

    # 3. linked and 4. citations
    by_label: dict[str, list[Any]] = defaultdict(list)
    for f in doc.footnotes:
        by_label[f.label].append(f)
    from rapidfuzz import fuzz

    for note in t["notes"]:
        label = note["label"]
        want = norm(note["text"])
        found = sorted(by_label.get(label, []), key=lambda f: -fuzz.ratio(norm(f.text), want))
        best = found[0] if found else None
        if best is None:
            s.count("linked", False, label, "no footnote with this label")
        else:
            ratio = fuzz.ratio(norm(best.text), want)
            anchors = [doc.ledger.clean_span(a, b)[0] for a, b in best.anchors]
            placed = any(_anchor_ok(note, a, text_norm, where) for a in anchors)
            why = ""
            if ratio < RATIO:
                why = f"text ratio {ratio:.0f}: {norm(best.text)[:120]!r}"
            elif not anchors:
                why = "no anchor"
            elif not placed:
                a = anchors[0]
                why = f"anchor at …{doc.text[max(0, a - 40) : a]!r}"
            s.count("linked", ratio >= RATIO and placed, label, why)
        for c in note["citations"]:
            wanted = (c["document"], _fold_paragraphs(c["paragraphs"]))
            got = (
                []
                if best is None
                else [(x.document, _fold_paragraphs(x.paragraphs)) for x in best.citations]
            )
            ok = wanted in got
            s.count(
                "citations",
                ok,
                f"{label}: {c['document']} {c['paragraphs']}",
                "" if ok else f"got {[(d, sorted(p)) for d, p in got]}",
            )

    # 5. furniture
    spans = page_spans(case, raw)
    edges = _edge_lines(raw, spans)
    for item in layout["furniture"]:
        target = nospace(item)
        page_of_item = int(item) if item.isdigit() else None
        for number, start, end in edges:
            if nospace(raw[start:end]) != target:
                continue
            if page_of_item is not None and page_of_item != number:
                continue  # a bare number counts only on its own page
            cs, ce = doc.ledger.clean_span(start, end)
            kept = target in nospace(doc.text[cs:ce]) or _in_notes(doc, start, norm(item))
            s.count("furniture", not kept, f"{item!r} (page {number})", "kept" if kept else "")

    # 6. hyphens
    vocab = {w.lower() for w in t["vocabulary"]}
    for m in BREAK.finditer(raw):
        hit = break_word(m.group(1), m.group(2), vocab)
        if hit is None:
            continue
        word, kind, left_start, right_end = hit
        raw_start = m.start(1) + left_start
        raw_end = m.start(2) + right_end
        cs, ce = doc.ledger.clean_span(raw_start, raw_end)
        segment = norm(doc.text[cs:ce])
        where_ = "text"
        if not segment:
            segment = next(
                (norm(f.text) for f in doc.footnotes if f.raw_start <= raw_start < f.raw_end), ""
            )
            where_ = "note"
        ok = (
            _word_in(word, segment)
            if where_ == "text"
            else _word_in(
                word,
                segment,
                strict=True,
                break_=(m.group(1)[left_start:], m.group(2)[:right_end]),
                kind=kind,
            )
        )
        s.count(
            "hyphens",
            ok,
            f"{m.group(1)[left_start:]}-|{m.group(2)[:right_end]} → {word} ({kind})",
            "" if ok else f"{where_} reads {segment[:60]!r}",
        )

    # 7. date and signatories
    meta = doc.metadata
    want_sig = [norm(x) for x in t["signatories"]]
    got_sig = [norm(x) for x in meta.signatories]
    ok = meta.date == t["date"]["iso"] and got_sig == want_sig
    s.count("date", meta.date == t["date"]["iso"])  # the two halves, for the line under the table
    s.count("signatories", got_sig == want_sig)
    why = []
    if meta.date != t["date"]["iso"]:
        why.append(f"date {meta.date!r}")
    if got_sig != want_sig:
        why.append(f"signatories {got_sig!r}")
    s.count("date_sig", ok, case.letter, "; ".join(why))

    # 8. ledger
    s.count("ledger", _ledger_ok(raw, doc, replay), case.letter, "ledger broken")

    # 9. lost notes
    lost = {m["label"] for m in t["missing_notes"]}
    reported = set()
    for f in doc.findings:
        if f.code != "footnote.missing-body":
            continue
        label = raw[f.raw_start : f.raw_end].strip()
        if label in lost:
            reported.add(label)
        else:
            s.false_lost += 1
            s.failures.append(
                {"column": "lost", "item": repr(label[:40]), "why": "a false footnote.missing-body"}
            )
    for label in sorted(lost):
        s.count("lost", label in reported, label, "no footnote.missing-body")
    return s


def _word_in(
    word: str,
    segment: str,
    *,
    strict: bool = False,
    break_: tuple[str, str] = ("", ""),
    kind: str = "",
) -> bool:
    """Does ``segment`` read ``word`` (as the whole segment, or, in a note's text, somewhere,
    with no wrongly joined or split form of the break beside it)?"""
    word = norm(word)
    if not strict:
        return word in segment
    if word not in segment:
        return False
    left, right = break_
    wrong = [f"{left}- {right}", f"{left} {right}"]
    wrong.append(f"{left}-{right}" if kind == "typesetter" else f"{left}{right}")
    return not any(w in segment for w in wrong)


def _ledger_ok(raw: str, doc: Any, replay: Any) -> bool:
    pos = 0
    for e in doc.edits:
        if e.raw_start < pos or e.raw_end < e.raw_start or raw[e.raw_start : e.raw_end] != e.raw:
            return False
        pos = e.raw_end
    return bool(doc.raw == raw and replay(raw, doc.edits) == doc.text)


def _sentence_why(sentence: str, text_norm: str) -> str:
    """Where the sentence breaks: its longest prefix found in the text, and what follows it."""
    want = norm(sentence)
    lo, hi = 0, len(want)
    while lo < hi:  # longest prefix that is in the text
        mid = (lo + hi + 1) // 2
        if want[:mid] in text_norm:
            lo = mid
        else:
            hi = mid - 1
    if lo < min(20, len(want)):
        return "not in the text (not even its first words)"
    at = text_norm.find(want[:lo])
    got = text_norm[at + max(0, lo - 30) : at + lo + 50]
    return f"breaks after {want[max(0, lo - 30) : lo]!r}: text has {got!r}"


# ---------------------------------------------------------------- running


def run_case(case: Case) -> tuple[Case, Score]:
    import pipeline

    if case.pdf:
        doc = pipeline.clean_file(case.pdf)
        raw = doc.raw
    else:
        raw = case.path.read_text(encoding="utf-8")
        doc = pipeline.clean_text(raw, id=case.name)
    return case, score_text(case, raw, doc, pipeline.replay)


def run_all(selected: list[Case], jobs: int = 2) -> list[tuple[Case, Score]]:
    if jobs <= 1:
        return [run_case(c) for c in selected]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run_case, selected, chunksize=4))


def table(results: list[tuple[Case, Score]], by: str = "extractor") -> str:
    groups: dict[str, Score] = {}
    for case, s in results:
        groups.setdefault(getattr(case, by), Score()).add(s)
    order = [*EXTRACTORS, "direct"] if by == "extractor" else sorted(groups)
    total = Score()
    for g in groups.values():
        total.add(g)
    head = "| " + by + " | " + " | ".join(c[1] for c in COLUMNS) + " |"
    rule = "| --- |" + " ---: |" * len(COLUMNS)
    rows = [head, rule]

    def row(name: str, sc: Score) -> str:
        cells = []
        for key, _, _ in COLUMNS:
            n = sc.items.get(key, 0)
            cells.append(f"{100 * sc.hits.get(key, 0) / n:.1f}" if n else "–")
        return f"| {name} | " + " | ".join(cells) + " |"

    for name in order:
        if name in groups:
            rows.append(row(name, groups[name]))
    rows.append(row("**all**", total))
    counts = ", ".join(f"{label}: {total.items.get(key, 0)} {unit}" for key, label, unit in COLUMNS)
    docs = len(results)
    return (
        "\n".join(rows)
        + f"\n\nPercentages of items, over {docs} extracted texts."
        + f" Items counted (all rows): {counts}."
        + f" False `footnote.missing-body` findings: {total.false_lost}."
        + f" Date right alone: {_percent(total, 'date')}; signatories right alone:"
        + f" {_percent(total, 'signatories')}.\n"
    )


def _percent(sc: Score, key: str) -> str:
    n = sc.items.get(key, 0)
    return f"{100 * sc.hits.get(key, 0) / n:.1f} %" if n else "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--extractor", action="append", choices=EXTRACTORS, help="only these (repeatable)"
    )
    parser.add_argument("--layout", action="append", help="only these layouts (repeatable)")
    parser.add_argument("--letter", action="append", help="only these letters (repeatable)")
    parser.add_argument(
        "--by",
        choices=("extractor", "layout", "join", "letter"),
        default="extractor",
        help="rows of the table (default: extractor)",
    )
    parser.add_argument("--detail", action="store_true", help="per case: every failed item and why")
    parser.add_argument("--json", metavar="OUT", help="write every count and failure as JSON")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--pdf",
        metavar="DIR",
        help="read the PDFs in DIR directly (build.py --keep-pdf DIR), not the extracted texts",
    )
    args = parser.parse_args(argv)
    if args.pdf:
        selected = pdf_cases(Path(args.pdf), args.layout, args.letter)
    else:
        selected = cases(args.extractor, args.layout, args.letter)
    if not selected:
        parser.error("no text files match")
    results = run_all(selected, args.jobs)
    if args.detail:
        for case, s in results:
            if not s.failures:
                continue
            print(f"## {case.name}")
            for f in s.failures:
                print(f"- [{f['column']}] {f['item']}: {f['why']}")
            print()
    import pipeline

    print(f"pipeline from {Path(pipeline.__file__).resolve().parent}\n")
    print(table(results, args.by))
    if args.json:
        out = [
            {
                "case": case.name,
                "hits": dict(s.hits),
                "items": dict(s.items),
                "false_lost": s.false_lost,
                "failures": s.failures,
            }
            for case, s in results
        ]
        Path(args.json).write_text(
            json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
