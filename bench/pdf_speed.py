"""Benchmark: CPU per page and peak memory of the PDF reader and the whole per-document cleaning,
beside the extractors alone, on the matrix PDFs (issue #17).

    PYTHONPATH=. python bench/pdf_speed.py [--repeat 3] [DIR]

``DIR`` is a folder of PDFs, by default ``/work/data/matrix-pdf``: the extraction matrix's 60
PDFs, kept by ``python bench/matrix/build.py --keep-pdf /work/data/matrix-pdf`` (which needs the
typesetters the build names). Each tool runs in its own fresh interpreter (its imports and its
memory apart from the others'), which reads every PDF ``--repeat`` times; a run's CPU is
``time.process_time`` around the pass over all PDFs (imports excluded), and the table gives the
median run's milliseconds per page, its ratio to pypdfium2's text alone, and the interpreter's
peak RSS (``ru_maxrss``). pdftotext is a process per PDF: its CPU and peak RSS are those of its
processes (``RUSAGE_CHILDREN``), the interpreter that starts them aside.

The tools: pypdfium2's text alone (``get_text_range`` per page); pdfplumber, pypdf and PyMuPDF
(each page's text), pdfminer.six (``high_level.extract_text``) and ``pdftotext`` as their users
call them; our reader alone (``pipeline.readers.pdf.read``); and ``pipeline.clean_file`` (the
reader and the nine per-document stages). A tool not installed gets a row saying so. The pipeline
measured is the one ``import pipeline`` finds (``PYTHONPATH``). Pages are counted by pypdfium2.
Numbers go in the README and the issue notes, never into tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

MATRIX_PDFS = Path("/work/data/matrix-pdf")
BASELINE = "pypdfium2 text alone"
TOOLS = {  # row -> the child's name for the tool
    BASELINE: "pdfium",
    "pdfplumber extract_text": "pdfplumber",
    "pdfminer.six extract_text": "pdfminer",
    "pypdf extract_text": "pypdf",
    "pdftotext (poppler)": "pdftotext",
    "PyMuPDF get_text": "pymupdf",
    "our reader alone": "reader",
    "clean_file (reader + nine stages)": "clean",
}


def extractor(name: str) -> Callable[[Path], object]:
    """The function reading one PDF as ``name`` does; ImportError if it is not installed."""
    if name == "pdfium":
        import pypdfium2 as pdfium

        def pdfium_text(path: Path) -> list[str]:
            pdf = pdfium.PdfDocument(path)
            try:
                return [page.get_textpage().get_text_range() for page in pdf]
            finally:
                pdf.close()

        return pdfium_text
    if name == "pdfplumber":
        import pdfplumber

        def plumber(path: Path) -> list[str | None]:
            with pdfplumber.open(path) as pdf:
                return [page.extract_text() for page in pdf.pages]

        return plumber
    if name == "pdfminer":
        from pdfminer.high_level import extract_text

        return lambda path: extract_text(str(path))
    if name == "pypdf":
        import pypdf

        return lambda path: [page.extract_text() for page in pypdf.PdfReader(path).pages]
    if name == "pdftotext":
        if not shutil.which("pdftotext"):
            raise ImportError("pdftotext is not on PATH")
        run = ["pdftotext", "-enc", "UTF-8"]
        return lambda path: subprocess.run([*run, str(path), "-"], check=True, capture_output=True)
    if name == "pymupdf":
        import pymupdf

        def mupdf(path: Path) -> list[str]:
            with pymupdf.open(path) as doc:
                return [page.get_text() for page in doc]

        return mupdf
    if name == "reader":
        from pipeline.readers.pdf import read

        return lambda path: read(path.read_bytes(), path)
    import pipeline

    return pipeline.clean_file


def child(name: str, folder: Path, repeat: int) -> dict[str, object]:
    """``repeat`` passes of ``name`` over the PDFs in ``folder``, in this interpreter."""
    try:
        extract = extractor(name)
    except ImportError:
        return {"missing": True}
    pdfs = sorted(folder.glob("*.pdf"))
    who = resource.RUSAGE_CHILDREN if name == "pdftotext" else resource.RUSAGE_SELF
    runs = []
    for _ in range(repeat):
        before, cpu = resource.getrusage(who), time.process_time()
        for pdf in pdfs:
            extract(pdf)
        after, cpu = resource.getrusage(who), time.process_time() - cpu
        if name == "pdftotext":  # its processes' CPU, not that of the loop starting them
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        runs.append(cpu)
    return {"runs": runs, "rss_kb": resource.getrusage(who).ru_maxrss}


def pages(pdfs: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


def versions() -> str:
    found = []
    for dist in ("pypdfium2", "pdfplumber", "pdfminer.six", "pypdf", "PyMuPDF"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{dist} {metadata.version(dist)}")
    if shutil.which("pdftotext"):
        probe = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
        found.append(f"pdftotext {(probe.stderr or probe.stdout).split()[2]}")
    return ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=MATRIX_PDFS)
    parser.add_argument("--repeat", type=int, default=3, help="passes over all PDFs (3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one tool's passes, as JSON
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.folder, args.repeat)))
        return
    pdfs = sorted(args.folder.glob("*.pdf"))
    if not pdfs:
        parser.error(f"no PDFs in {args.folder}: build them with bench/matrix/build.py --keep-pdf")
    npages = pages(pdfs)
    rows: dict[str, dict[str, object]] = {}
    for row, name in TOOLS.items():
        command = [sys.executable, __file__, str(args.folder), "--repeat", str(args.repeat)]
        done = subprocess.run([*command, "--child", name], check=True, capture_output=True)
        rows[row] = json.loads(done.stdout.decode().splitlines()[-1])
        print(f"{row} done", file=sys.stderr)
    base = rows[BASELINE]
    if "missing" in base:
        parser.error("pypdfium2 is not installed")
    base_ms = statistics.median(base["runs"]) * 1000 / npages  # type: ignore[arg-type]
    import pipeline

    print(f"pipeline: {Path(pipeline.__file__).parent}")
    print(f"{len(pdfs)} PDFs, {npages} pages ({args.folder}); {versions()}")
    print(f"CPU: median of {args.repeat} passes over all PDFs, in one fresh interpreter per tool\n")
    print("| tool | ms CPU per page | × pypdfium2 text alone | peak RSS MB |")
    print("| --- | ---: | ---: | ---: |")
    for row, got in rows.items():
        if "missing" in got:
            print(f"| {row} | not installed | | |")
            continue
        ms = statistics.median(got["runs"]) * 1000 / npages  # type: ignore[arg-type]
        rss = got["rss_kb"] / 1024  # type: ignore[operator]  # Linux: kilobytes
        print(f"| {row} | {ms:.2f} | {ms / base_ms:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
