"""Regenerate the extraction matrix: typeset every letter in every layout, extract each PDF with
six extractors and two page joins, and write the texts, the truth and the tool versions.

    python bench/matrix/build.py              # everything (about three minutes)
    python bench/matrix/build.py --letters m01 m02 --layouts endnotes

Needs pdflatex (texlive-latex-extra), soffice (libreoffice-writer-nogui, fonts-liberation,
hyphen-en-gb), pdftotext (poppler-utils) and the ``bench`` extra (pypdf, pdfminer.six, PyMuPDF,
pdfplumber). PDFs and build files stay in a temporary directory; only text and truth are written
under ``bench/matrix/``. The same tools give the same bytes.

Outputs:

* ``text/<letter>.<layout>.<extractor>.<join>.txt`` — ``ff``: page texts joined with a form
  feed (pdftotext and pdfminer.six as they print by default, the others ``"\\f".join``);
  ``nl``: page texts joined with ``"\\n"``, no form feed (as users of pypdf, PyMuPDF and
  pdfplumber typically write it);
* ``truth/<letter>.json`` — see ``truth()``;
* ``versions.json`` — the typesetters' and extractors' versions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from letters import (  # noqa: E402
    BREAK,
    Letter,
    all_letters,
    break_word,
    marker_places,
    plain,
    sentences,
    vocabulary,
)
from render import LAYOUTS, WRITER, fodt, furniture, latex  # noqa: E402

EXTRACTORS = ("pdftotext", "pdftotext-layout", "pypdf", "pdfminer", "pymupdf", "pdfplumber")
JOINS = ("ff", "nl")
TEXT = HERE / "text"
TRUTH = HERE / "truth"


# ---------------------------------------------------------------- typesetting


def typeset(letter: Letter, layout: str, work: Path) -> Path:
    """The PDF of ``letter`` in ``layout``, made in ``work``."""
    name = f"{letter.id}.{layout}"
    if layout in WRITER:
        src = work / f"{name}.fodt"
        src.write_text(fodt(letter, layout), encoding="utf-8")
        profile = work / "lo-profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    else:
        src = work / f"{name}.tex"
        src.write_text(latex(letter, layout), encoding="utf-8")
        for _ in range(2):  # twice: LastPage and the endnotes need a second pass
            done = subprocess.run(
                ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", src.name],
                cwd=work,
                capture_output=True,
                timeout=120,
                env={"SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1", "PATH": _path()},
            )
            if done.returncode:
                raise RuntimeError(f"pdflatex failed on {name}:\n{done.stdout.decode()[-2000:]}")
    pdf = work / f"{name}.pdf"
    if not pdf.exists():
        raise RuntimeError(f"no PDF for {name}")
    return pdf


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")


# ---------------------------------------------------------------- extraction


def pages(pdf: Path, extractor: str) -> list[str]:
    """The text of each page of ``pdf`` as ``extractor`` gives it by default."""
    if extractor in ("pdftotext", "pdftotext-layout"):
        args = ["pdftotext", "-enc", "UTF-8"]
        if extractor == "pdftotext-layout":
            args.append("-layout")
        out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True).stdout
        return out.decode("utf-8").split("\f")[:-1]
    if extractor == "pypdf":
        import pypdf

        return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    if extractor == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf)).split("\f")[:-1]
    if extractor == "pymupdf":
        import pymupdf

        with pymupdf.open(pdf) as doc:
            return [page.get_text() for page in doc]
    if extractor == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            return [page.extract_text() for page in doc.pages]
    raise ValueError(extractor)


def joined(page_texts: list[str], extractor: str, join: str) -> str:
    if join == "nl":
        return "\n".join(page_texts)
    if extractor in ("pdftotext", "pdftotext-layout", "pdfminer"):
        return "".join(p + "\f" for p in page_texts)  # as they print it: a form feed per page
    return "\f".join(page_texts)


# ---------------------------------------------------------------- truth


def line_breaks(text: str, vocab: set[str]) -> list[dict[str, str]]:
    """Line-end hyphen breaks in an extracted text, each with the word it must give: joined for a
    typesetter's hyphen, kept for a compound the letter writes with a hyphen."""
    lower = {w.lower() for w in vocab}
    out = []
    for m in BREAK.finditer(text):
        hit = break_word(m.group(1), m.group(2), lower)
        if hit is not None:
            word, kind, start, end = hit
            out.append(
                {"break": f"{m.group(1)[start:]}-|{m.group(2)[:end]}", "word": word, "kind": kind}
            )
    return out


def truth(letter: Letter, layouts: dict[str, dict[str, object]]) -> dict[str, object]:
    places = marker_places(letter)
    vocab = vocabulary(letter)
    return {
        "id": letter.id,
        "title": letter.title,
        "date": {"iso": letter.date_iso, "as_written": letter.date_text},
        "date_position": letter.date_position,
        "addressees": list(letter.addressees),
        "salutation": letter.salutation,
        "closing": letter.closing,
        "signatories": list(letter.signatories),
        "signature_lines": list(letter.signature_lines),
        "labels": letter.labels,
        "body_sentences": [s for p in letter.paragraphs for s in sentences(plain(p))],
        "notes": [
            {
                "label": n.label,
                "text": n.text,
                "sentence": places[n.label]["sentence"],
                "follows": places[n.label]["follows"],
                "citations": [
                    {"document": c.document, "paragraphs": list(c.paragraphs)} for c in n.citations
                ],
            }
            for n in letter.notes
            if not n.missing
        ],
        "missing_notes": [
            {
                "label": n.label,
                "sentence": places[n.label]["sentence"],
                "follows": places[n.label]["follows"],
            }
            for n in letter.notes
            if n.missing
        ],
        "hyphenated_words": sorted(w for w in vocab if "-" in w),
        "vocabulary": sorted(vocab),
        "layouts": layouts,
    }


# ---------------------------------------------------------------- driver


def build_one(
    letter_path: str, layout: str, keep: str | None = None
) -> tuple[str, str, dict[str, object]]:
    """Typeset one letter in one layout and write its 12 texts; returns its truth section.
    ``keep``: a folder to copy the PDF into (for reading PDFs directly)."""
    from letters import load

    letter = load(Path(letter_path))
    with tempfile.TemporaryDirectory(prefix="matrix-") as tmp:
        pdf = typeset(letter, layout, Path(tmp))
        if keep:
            shutil.copyfile(pdf, Path(keep) / pdf.name)
        counts: dict[str, int] = {}
        breaks: dict[str, dict[str, str]] = {}
        vocab = vocabulary(letter)
        for extractor in EXTRACTORS:
            page_texts = pages(pdf, extractor)
            counts[extractor] = len(page_texts)
            for b in line_breaks("\n".join(page_texts), vocab):
                breaks.setdefault(b["break"], b)
            for join in JOINS:
                path = TEXT / f"{letter.id}.{layout}.{extractor}.{join}.txt"
                path.write_text(joined(page_texts, extractor, join), encoding="utf-8")
    if len(set(counts.values())) != 1:
        raise RuntimeError(f"{letter.id}.{layout}: extractors disagree on pages: {counts}")
    npages = counts["pdftotext"]
    section: dict[str, object] = {
        "pages": npages,
        "furniture": furniture(letter, layout, npages),
        # every line-end hyphen break some extractor shows (pdftotext joins them itself)
        "line_breaks": [breaks[k] for k in sorted(breaks)],
    }
    return letter.id, layout, section


def versions() -> dict[str, str]:
    import pdfminer
    import pdfplumber
    import pymupdf
    import pypdf

    def first_line(args: list[str]) -> str:
        done = subprocess.run(args, capture_output=True, text=True)
        return (done.stdout or done.stderr).strip().splitlines()[0]

    return {
        "pdflatex": first_line(["pdflatex", "--version"]),
        "soffice": first_line(["soffice", "--version"]),
        "pdftotext": first_line(["pdftotext", "-v"]),
        "pypdf": pypdf.__version__,
        "pdfminer.six": pdfminer.__version__,
        "pymupdf": pymupdf.VersionBind,
        "mupdf": pymupdf.VersionFitz,
        "pdfplumber": pdfplumber.__version__,
        "python": sys.version.split()[0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--letters", nargs="*", help="letter ids (default: all in letters/)")
    parser.add_argument("--layouts", nargs="*", choices=LAYOUTS, help="default: all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--keep-pdf", metavar="DIR", help="also copy every PDF into DIR (keep it outside the repo)"
    )
    args = parser.parse_args(argv)
    if args.keep_pdf:
        Path(args.keep_pdf).mkdir(parents=True, exist_ok=True)
    if not shutil.which("pdflatex") or not shutil.which("soffice") or not shutil.which("pdftotext"):
        parser.error("needs pdflatex, soffice and pdftotext on PATH")
    letters = [p for p in all_letters() if not args.letters or p.id in args.letters]
    layouts = args.layouts or list(LAYOUTS)
    TEXT.mkdir(exist_ok=True)
    TRUTH.mkdir(exist_ok=True)
    sections: dict[str, dict[str, object]] = {letter.id: {} for letter in letters}
    for letter in letters:  # keep sections of layouts not rebuilt this time
        old = TRUTH / f"{letter.id}.json"
        if old.exists():
            kept = json.loads(old.read_text(encoding="utf-8"))["layouts"]
            sections[letter.id] = {k: v for k, v in kept.items() if k in LAYOUTS}
    jobs = [(str(Path("letters") / f"{x.id}.toml"), layout) for x in letters for layout in layouts]
    jobs = [(str(HERE / j[0]), j[1]) for j in jobs]
    # Writer runs one at a time (one LibreOffice profile); LaTeX jobs in parallel.
    writer = [j for j in jobs if j[1] in WRITER]
    others = [j for j in jobs if j[1] not in WRITER]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(build_one, *j, args.keep_pdf) for j in others]
        for j in writer:
            letter_id, layout, section = build_one(*j, args.keep_pdf)
            sections[letter_id][layout] = section
            print(letter_id, layout, section["pages"], "pages", flush=True)
        for f in futures:
            letter_id, layout, section = f.result()
            sections[letter_id][layout] = section
            print(letter_id, layout, section["pages"], "pages", flush=True)
    for letter in letters:
        ordered = {k: sections[letter.id][k] for k in LAYOUTS if k in sections[letter.id]}
        data = truth(letter, ordered)
        (TRUTH / f"{letter.id}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    (HERE / "versions.json").write_text(json.dumps(versions(), indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
