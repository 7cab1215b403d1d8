"""PDFs read directly (pipeline/readers/pdf.py): raw text, layout hints, their use by the stages,
and the catalogue of bad PDFs.

``fixtures/pdf/letter.pdf`` is ``letter.tex`` (our own words) typeset by pdfLaTeX: two A5 pages,
a running header and a page number on each, four footnotes, indented paragraphs.
``encrypted.pdf`` is the same letter encrypted (AES-128, user password "river") by pypdf.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2")

import pipeline  # noqa: E402
from pipeline.errors import InputError  # noqa: E402
from pipeline.readers import read, reader_for  # noqa: E402
from pipeline.readers.pdf import EXTRACTOR  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
LETTER = FIXTURES / "letter.pdf"
PDF = reader_for(".pdf")
assert PDF is not None


def _read(data: bytes, where: str = "x.pdf") -> pipeline.readers.Extracted:
    return read(data, where, PDF)


def _pdf(*pages_of: pdfium.PdfDocument | None) -> bytes:
    """A PDF of the letter's pages (a document) and blank pages (None), in order."""
    out = pdfium.PdfDocument.new()
    for source in pages_of:
        if source is None:
            out.new_page(420, 595)
        else:
            out.import_pages(source)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_the_raw_text_is_deterministic_and_pages_are_form_feeds() -> None:
    data = LETTER.read_bytes()
    first, second = _read(data), _read(data)
    assert first.text == second.text
    assert first.hints == second.hints
    assert first.text.count("\f") == 1
    assert first.hints.pages == (first.text.index("\f") + 1,)
    assert first.extractor == EXTRACTOR and first.encoding == "pdf"


def test_superscripts_are_the_note_markers_and_labels() -> None:
    got = _read(LETTER.read_bytes())
    raised = [got.text[a:b] for a, b in got.hints.superscripts]
    # each marker in the text and each label in front of its note, in reading order
    assert raised == ["1", "2", "3", "1", "2", "3", "4", "4"]
    first = got.hints.superscripts[0]
    assert got.text[first[0] - len("Saturdays.") : first[0]] == "Saturdays."


def test_header_footer_band_and_note_band() -> None:
    got = _read(LETTER.read_bytes())
    furniture = [got.text[a:b] for a, b in got.hints.furniture]
    header = "Riverside Friends of the Archive"
    assert furniture == [header, "1", header, "2"]
    notes = [got.text[a:b] for a, b in got.hints.notes]
    assert notes[0].startswith("1Board minutes")
    assert all(line[:1].isdigit() for line in notes)
    # the signature's second line names the same group as the header, but it is no furniture
    assert got.text.count("Riverside Friends of the Archive") == 3


def test_a_pdf_letter_comes_out_clean() -> None:
    doc = pipeline.clean_file(LETTER)
    assert "Riverside Friends of the Archive\n" not in doc.text.split("Ada Thornbury")[0]
    assert "\f" not in doc.text
    assert [f.label for f in doc.footnotes] == ["1", "2", "3", "4"]
    assert doc.footnotes[0].text == "Board minutes, meeting of 12 January 2021, item 4."
    assert "Saturdays. The volunteers" in doc.text  # marker out, lines joined
    # the indented paragraph starts are paragraph breaks (the widths alone do not show them)
    assert "valley schools.\n\nWe would also" in doc.text
    assert doc.metadata.date == "2021-04-03"
    assert doc.metadata.signatories == ("Ada Thornbury",)
    assert doc.source.extractor == EXTRACTOR
    assert pipeline.replay(doc.raw, doc.edits) == doc.text


def test_a_directory_run_reads_pdfs_beside_texts_and_raw_text_replays(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "letter.pdf").write_bytes(LETTER.read_bytes())
    (inputs / "note.txt").write_text("A short note.\n", encoding="utf-8")
    result = pipeline.run([inputs], tmp_path / "out")
    assert [s.id for s in result.documents] == ["letter", "note"]
    data = json.loads((tmp_path / "out" / "documents" / "letter.json").read_text("utf-8"))
    assert data["source"]["extractor"] == EXTRACTOR
    assert data["source"]["encoding"] == "pdf"
    raw = pipeline.raw_text(data["source"])
    edits = [pipeline.Edit(e["raw_start"], e["raw_end"], e["raw"], e["clean"], e["kind"],
                           e["rule"], e["stage"]) for e in data["edits"]]  # fmt: skip
    assert pipeline.replay(raw, edits) == data["text"]


def test_clean_reads_a_pdf(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("clean", LETTER)
    assert result.code == 0
    assert result.out.startswith("3 April 2021\n\nDear Members of the Board,\n")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            lambda: (FIXTURES / "encrypted.pdf").read_bytes(),
            "an encrypted PDF (it needs a password)",
        ),
        (lambda: LETTER.read_bytes()[: len(LETTER.read_bytes()) // 2], "a truncated PDF"),
        (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4, "a truncated PDF"),
        (lambda: b"Just some text with a .pdf name.\n", "not a PDF (no %PDF- header)"),
        (lambda: b"", "empty file"),
        (lambda: _pdf(None, None), "a PDF with no text layer (a scan?): it needs OCR first"),
    ],
    ids=["encrypted", "truncated", "garbage", "text", "empty", "scan"],
)
def test_bad_pdfs_are_one_line_and_exit_2(cli, tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.pdf"
    path.write_bytes(make())
    out = tmp_path / "out"
    result = cli("run", path, "-o", out)
    assert (result.code, result.err.count("\n")) == (2, 1)
    assert f"{path}: {reason}" in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_a_scanned_page_among_typeset_ones_is_a_finding() -> None:
    letter = pdfium.PdfDocument(LETTER.read_bytes())
    got = _read(_pdf(letter, None))
    (finding,) = got.findings
    assert finding.code == "input.page-without-text"
    assert "page 3 has no text" in finding.message
    assert finding.raw_start == len(got.text)  # where the third page starts: at the end


def test_a_missing_extra_is_one_line_naming_it(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2: ImportError
    result = cli("run", LETTER, "-o", tmp_path / "out")
    assert (result.code, result.err.count("\n")) == (2, 1)
    assert "needs the 'pdf' extra: pip install 'coi-pipeline[pdf]'" in result.err


def test_a_directory_without_the_suffix_in_config_skips_pdfs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "letter.pdf").write_bytes(b"not read")
    (inputs / "note.txt").write_text("A short note.\n", encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text('[input]\nsuffixes = [".txt"]\n', encoding="utf-8")
    result = pipeline.run([inputs], tmp_path / "out", config=config)
    assert [s.id for s in result.documents] == ["note"]


def test_a_bad_suffix_in_config_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[input]\nsuffixes = ["pdf"]\n', encoding="utf-8")
    with pytest.raises(pipeline.ConfigError, match=r"input\.suffixes: 'pdf' is not a file suffix"):
        pipeline.Config.load(config)


def test_hints_never_reach_a_text_input() -> None:
    assert pipeline.clean_text("Geneva, 5 March 2015\n").hints is None


def test_raw_text_refuses_another_extractor_version(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(LETTER.read_bytes())
    doc = pipeline.clean_file(path)
    older = pipeline.Source(str(path), doc.source.sha256, "pdf", extractor="pypdfium2 0.0.1")
    with pytest.raises(InputError, match=r"read by pypdfium2 0\.0\.1 in the run, now by"):
        pipeline.raw_text(older)


def test_a_run_extracts_each_pdf_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b"):
        (inputs / f"{name}.pdf").write_bytes(LETTER.read_bytes())
    calls: list[str] = []
    real = pipeline.readers.pdf.read

    def counted(data: bytes, where: object) -> pipeline.readers.Extracted:
        calls.append(str(where))
        return real(data, where)

    monkeypatch.setattr(pipeline.readers.pdf, "read", counted)
    result = pipeline.run([inputs], tmp_path / "out")
    assert [s.id for s in result.documents] == ["a", "b"]
    assert sorted(calls) == [str(inputs / "a.pdf"), str(inputs / "b.pdf")]
    once = json.loads((tmp_path / "out" / "documents" / "a.json").read_text("utf-8"))
    assert once["text"] == pipeline.clean_file(LETTER).text


def test_the_title_hint_is_the_documents_own_not_a_file_name() -> None:
    from pipeline.readers.pdf import _title

    assert _read(LETTER.read_bytes()).hints.title == "A letter about the river archive"
    assert _title("Microsoft Word - letter to the board.docx") is None
    assert _title("draft 3.tex") is None
