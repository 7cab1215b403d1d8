"""``.html``/``.htm`` pages read directly (pipeline/readers/html.py, the ``html`` extra): the whole
page as raw text, the lines outside its main content as hints, the boilerplate stage removing
them as ledger edits, the page's title and date in the metadata. Pages are small and written here
in our own words."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")
pytest.importorskip("lxml")

from pipeline import Config, InputError, raw_text, replay, run
from pipeline.ingest import read_inputs
from pipeline.readers import Reader, read, reader_for
from pipeline.readers import html as html_reader
from pipeline.readers._dom import parse, render

HTML = reader_for(".html")
assert HTML is not None

ARTICLE = [
    "The harbour committee met on Tuesday evening to hear the residents who had written to it "
    "about the new ferry timetable, which cuts the last crossing of the day by an hour.",
    "Several speakers said that the early last boat leaves nurses and cleaners on the night "
    "shift with no way home, and asked the committee to keep the late crossing at least on "
    "weekdays until the bridge works are finished next spring.",
    "The chair of the committee answered that the operator had been asked for its figures on "
    "the late crossings, and that a decision would be taken at the next meeting in January, "
    "after the figures have been published for everyone to read.",
    "A petition with more than four hundred names was handed to the committee at the end of the "
    "evening; its organisers said they would come back in January with more of them.",
]
MENU = ["Home", "Town news", "Sport", "Weather", "Contact us"]
FOOTER = ["About this site", "Privacy", "Terms of use"]


def page(*, title: str = "Ferry timetable: residents ask for the late crossing") -> str:
    """A small news page: a menu, a share bar, the article, related links, a footer."""
    menu = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(MENU))
    footer = "".join(f'<li><a href="/f{i}">{item}</a></li>' for i, item in enumerate(FOOTER))
    body = "".join(f"<p>{text}</p>" for text in ARTICLE)
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title} | The Harbour Gazette</title>"
        f'<meta property="og:title" content="{title}">'
        '<meta property="og:site_name" content="The Harbour Gazette">'
        '<meta property="article:published_time" content="2026-11-03T18:00:00Z">'
        "<style>p { margin: 0 }</style><script>var tracking = 1;</script></head><body>"
        f'<header><nav class="main-menu"><ul>{menu}</ul></nav></header>'
        f"<main><article><h1>{title}</h1>"
        '<div class="share-bar"><a href="#">Share on social media</a></div>'
        f"{body}</article>"
        '<aside class="related"><h2>Related stories</h2><ul>'
        '<li><a href="/r1">Bridge works to start in March</a></li>'
        '<li><a href="/r2">New buses for the north shore</a></li></ul></aside></main>'
        f'<footer class="site-footer"><ul>{footer}</ul>'
        "<p>Copyright 2026 The Harbour Gazette</p></footer>"
        "<!-- a comment is not text --></body></html>"
    )


def read_page(markup: str | bytes) -> html_reader.Extracted:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return read(data, "page.html", HTML)


def chrome_lines(got: html_reader.Extracted) -> list[str]:
    return [got.text[start:end] for start, end in got.hints.chrome]


def test_the_raw_text_is_the_whole_page_rendered_line_by_line() -> None:
    markup = (
        "<html><head><title>T</title><style>b {}</style></head><body>"
        "<div>One <b>bold</b>\n  word</div><p>A line<br>broken</p>"
        "<ul><li>first</li><li>second</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><pre>kept  as\n  typed</pre>"
        "<script>no()</script><noscript>no</noscript><!-- no --></body></html>"
    )
    assert read_page(markup).text == (
        "One bold word\n\nA line\nbroken\n\nfirst\nsecond\n\na b\n\nkept  as\n  typed\n"
    )


def test_the_raw_text_is_deterministic() -> None:
    first, second = read_page(page()), read_page(page())
    assert first.text == second.text
    assert first.hints == second.hints
    assert first.extractor == second.extractor
    assert first.extractor.startswith("trafilatura ") and " + lxml " in first.extractor


def test_the_menu_share_bar_related_links_and_footer_are_hinted_the_article_is_not() -> None:
    got = read_page(page())
    hinted = chrome_lines(got)
    for item in [*MENU, *FOOTER, "Share on social media", "Bridge works to start in March"]:
        assert item in hinted
    assert "Copyright 2026 The Harbour Gazette" in hinted
    for text in ARTICLE:
        assert text in got.text and text not in hinted
    assert all(got.text[s:e].strip() and "\n" not in got.text[s:e] for s, e in got.hints.chrome)
    assert list(got.hints.chrome) == sorted(got.hints.chrome)


def test_the_pages_title_date_and_site_are_hints() -> None:
    hints = read_page(page()).hints
    assert hints.title == "Ferry timetable: residents ask for the late crossing"
    assert hints.date == "2026-11-03"
    assert hints.site == "The Harbour Gazette"


def test_a_page_loses_its_chrome_as_edits_and_keeps_its_article(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ferry.html").write_text(page(), "utf-8")
    result = run([tmp_path / "in"], tmp_path / "out")
    doc = result.documents[0]
    for text in ARTICLE:
        assert text in doc.text
    for item in [*MENU, *FOOTER, "Share on social media", "New buses for the north shore"]:
        assert item not in doc.text.splitlines()
    rules = {edit.rule for edit in doc.edits if edit.kind == "boilerplate"}
    assert "html:outside-content" in rules
    assert doc.metadata.title is not None and "Ferry timetable" in doc.metadata.title
    assert doc.metadata.date == "2026-11-03"
    assert doc.metadata.kind == "article"
    assert doc.source.extractor == html_reader.extractor()
    assert replay(doc.raw, doc.edits) == doc.text


def test_raw_text_reads_the_page_again_and_replays_to_the_text(tmp_path: Path) -> None:
    (tmp_path / "ferry.htm").write_text(page(), "utf-8")
    result = run([tmp_path / "ferry.htm"], tmp_path / "out")
    doc = result.documents[0]
    raw = raw_text(doc.source)
    assert raw == doc.raw == read_page(page()).text
    assert replay(raw, doc.edits) == doc.text


def test_an_html_page_in_a_directory_is_read_beside_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A letter of our own.\n", "utf-8")
    (tmp_path / "b.html").write_text(page(), "utf-8")
    items = read_inputs([tmp_path], Config.load().input)
    assert [item.id for item in items] == ["a", "b"]
    assert items[0].hints is None and items[0].source.extractor is None
    assert items[1].hints is not None and items[1].hints.chrome
    assert items[1].source.encoding == "utf-8"


def test_the_meta_charset_decides_how_the_bytes_are_read() -> None:
    markup = '<html><head><meta charset="windows-1252"></head><body><p>caf\xe9</p></body></html>'
    got = read_page(markup.encode("cp1252"))
    assert got.text == "café\n"
    assert got.encoding == "cp1252"


def test_a_missing_extra_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def without_trafilatura(name: str, *args: object) -> object:
        if name == "trafilatura":
            raise ImportError("No module named 'trafilatura'")
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", without_trafilatura)
    with pytest.raises(InputError) as caught:
        read(page().encode(), "page.html", Reader("html", "html", ("trafilatura", "lxml")))
    message = str(caught.value)
    assert "pip install 'coi-pipeline[html]'" in message and "\n" not in message


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty page"),
        (b"  \n\t ", "empty page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
        (b"Just a line of text, no markup at all.\n", "no markup"),
        (b"<html><body><script>only()</script></body></html>", "no text"),
    ],
    ids=["empty", "blank", "binary", "not-html", "no-text"],
)
def test_a_bad_page_is_one_clear_input_error(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_page(data)
    assert reason in str(caught.value)
    assert "page.html" in str(caught.value) and "\n" not in str(caught.value)


def test_a_bad_page_in_a_run_is_an_input_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.html").write_bytes(b"\x00\x01\x02binary\x00")
    with pytest.raises(InputError, match=r"broken\.html"):
        run([tmp_path / "broken.html"], tmp_path / "out")


def test_a_deeply_nested_page_is_read_without_recursion() -> None:
    """Deeper than Python's recursion limit (lxml itself stops at 2,048 levels)."""
    markup = "<html><body>" + "<div>" * 1500 + "<p>Deep inside.</p>" + "</div>" * 1500
    assert read_page(markup + "</body></html>").text == "Deep inside.\n"


def test_without_a_main_text_only_the_dom_marks_chrome() -> None:
    """When trafilatura finds no main text, a line goes only with the DOM's evidence."""
    text, lines = render(parse(page()), html_reader.evidence())
    nothing = html_reader.Extraction(frozenset(), "  ", None, None, None)
    hinted = [text[s:e] for s, e in html_reader.judge(text, lines, nothing)]
    assert "Home" in hinted and "Copyright 2026 The Harbour Gazette" in hinted
    assert not any(paragraph in hinted for paragraph in ARTICLE)


def test_structure_takes_the_pages_title_and_date_only_where_the_text_has_none() -> None:
    from pipeline.document import Document, Source
    from pipeline.hints import Hints
    from pipeline.ledger import Ledger
    from pipeline.stages.base import Context
    from pipeline.stages.structure import read_structure

    def meta(text: str, hints: Hints | None) -> tuple[str | None, str | None, str | None]:
        doc = Document("d", Source("-", "", "utf-8"), Ledger(text), hints=hints)
        got = read_structure(doc, Context(Config.load())).metadata
        assert got is not None
        return got.title, got.date, got.kind

    hints = Hints(title="From the page", date="2026-11-03")
    prose = "The committee met on Tuesday. It heard the residents.\n"
    assert meta(prose, hints) == ("From the page", "2026-11-03", "article")
    assert meta(prose, None) == (None, None, "article")
    titled = "# The text's own title\n\n3 November 2025\n\n" + prose
    assert meta(titled, hints) == ("The text's own title", "2025-11-03", "article")
