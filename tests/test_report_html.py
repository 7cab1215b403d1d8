"""``report.html`` as a string: self-contained, every piece of corpus text escaped, the seeds'
clusters and differences shown. (The page as a browser renders it: ``test_report_browser.py``.)"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from pipeline import Config, clean_text, run
from pipeline.config import ReportConfig
from pipeline.consistency import Cluster
from pipeline.document import (
    Citation,
    Document,
    Finding,
    Footnote,
    Metadata,
    Severity,
    Source,
)
from pipeline.ledger import Ledger, Proposal
from pipeline.output import report
from pipeline.output.report import Html, ReportInput, document_section, highlight, render_report
from pipeline.output.report.markup import html_table, more_note
from pipeline.output.report.style import style_sheet
from pipeline.output.summary import summarise
from pipeline.positions import Location, Placed, place


def page_of(
    docs: list[Document],
    report: dict[str, Any],
    quote_findings: Sequence[tuple[str, Finding]] = (),
    limits: ReportConfig | None = None,
) -> str:
    """The page as a run renders it: each document summarised and its section made (as in the
    worker that cleaned it), every finding placed and counted."""
    summaries = [summarise(d, len(d.raw)) for d in docs]
    sections = {d.id: document_section(d, i) for i, d in enumerate(docs)}
    where = Location("p", 1, 1, 1, 2)
    placed = [place(d.id, d.source, d.raw, f) for d in docs for f in d.findings]
    placed += [Placed(doc_id, f, where, "") for doc_id, f in quote_findings]
    clusters = [Cluster.from_json(c) for c in report["clusters"]]
    data = ReportInput(
        summaries,
        sections,
        clusters,
        len(clusters),
        sum(c.status == "inconsistent" for c in clusters),
        placed,
        Counter(p.finding.severity for p in placed),
        Counter(p.document for p in placed),
    )
    return render_report(data, limits or Config.load().report)


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "out"
    run(out=out)
    return (out / "report.html").read_text(encoding="utf-8")


def hostile(field: str) -> str:
    """A value that would be markup, an attribute break and an entity if it were not escaped."""
    return f'<x-{field} a="1">&amp;</x-{field}>'


def hostile_page() -> str:
    raw = f"{hostile('boilerplate')}\nDear Sir,\n\n{hostile('text')} “{hostile('quote')}”\n"
    ledger = Ledger(raw).apply(
        [Proposal(0, raw.index("\n") + 1, "", "boilerplate", hostile("rule"))]
    )
    doc = Document(
        id="doc-1",
        source=Source(hostile("path"), "0" * 64, hostile("encoding")),
        ledger=ledger,
        metadata=Metadata(
            title=hostile("title"),
            place=hostile("place"),
            addressees=(hostile("addressee"),),
            signatories=(hostile("signatory"),),
            kind="letter",
        ),
        footnotes=(
            Footnote(
                hostile("label"),
                hostile("note"),
                0,
                1,
                citations=(Citation(hostile("cited"), (hostile("para"),)),),
            ),
        ),
        findings=(
            Finding(hostile("code"), Severity.WARNING, hostile("message"), 0, 1),
            Finding("footnote.orphan-body", Severity.WARNING, hostile("orphan"), 0, 1),
        ),
    )
    report: dict[str, Any] = {
        "clusters": [
            {
                "id": hostile("cluster-id"),
                "canonical": hostile("canonical") + " the same words",
                "status": "inconsistent",
                "members": [
                    {
                        "document": "doc-1",
                        "quote": hostile("quote-id"),
                        "text": hostile("member") + " the same words",
                        "start": 0,
                        "end": 1,
                        "variant": "wording",
                        "differences": [
                            {"op": "replace", "canonical": hostile("old"), "member": hostile("new")}
                        ],
                    },
                    {
                        "document": hostile("other-doc"),
                        "quote": None,
                        "text": "the same words",
                        "start": 0,
                        "end": 1,
                        "variant": hostile("variant"),
                        "differences": [],
                    },
                ],
                "reference": {"path": hostile("reference"), "start": 0, "end": 1, "paragraph": "1"},
            }
        ]
    }
    quote_findings = [
        ("doc-1", Finding("quote.wording-mismatch", Severity.ERROR, hostile("quote-msg"), 0, 1)),
        (hostile("finding-doc"), Finding("quote.x", Severity.NOTE, "m", 0, 1)),
    ]
    return page_of([doc], report, quote_findings)


FIELDS = [
    "boilerplate",  # raw text of a removed piece
    "text",  # the clean text
    "quote",
    "rule",
    "path",
    "encoding",
    "title",
    "place",
    "addressee",
    "signatory",
    "label",
    "note",
    "cited",
    "para",
    "code",
    "message",
    "orphan",
    "cluster-id",
    "canonical",
    "member",
    "old",
    "new",
    "quote-id",
    "other-doc",
    "variant",
    "reference",
    "quote-msg",
    "finding-doc",
]


@pytest.mark.parametrize("field", FIELDS, ids=FIELDS)
def test_every_corpus_field_is_escaped(field: str) -> None:
    page = hostile_page()
    assert f"<x-{field}" not in page
    # The page's own markup taken out (and struck-through canonical words, for a member's text):
    visible = re.sub(r"<del[^>]*>.*?</del>|<[^>]+>", "", page)
    assert f"&lt;x-{field} a=&quot;1&quot;&gt;&amp;amp;&lt;/x-{field}&gt;" in visible


def test_hostile_page_has_no_markup_but_its_own() -> None:
    page = hostile_page()
    assert "<x-" not in page
    assert "<script" not in page.lower()


def test_document_id_is_escaped_and_never_an_anchor() -> None:
    doc = Document(id='a"<b>&c', source=Source("p", "0" * 64, "utf-8"), ledger=Ledger("text\n"))
    page = page_of([doc], {"clusters": []})
    assert 'a"<b>' not in page
    assert "a&quot;&lt;b&gt;&amp;c" in page
    assert 'id="doc-1"' in page  # fragment ids are positions, not corpus text


def test_page_is_self_contained(seeds_page: str) -> None:
    assert "default-src 'none'" in seeds_page
    assert "<script" not in seeds_page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", seeds_page)  # only in-page links
    assert "@import" not in seeds_page and "url(" not in seeds_page


def test_page_is_deterministic(tmp_path: Path) -> None:
    run(out=tmp_path / "a")
    run(out=tmp_path / "b")
    first = (tmp_path / "a" / "report.html").read_bytes()
    assert first == (tmp_path / "b" / "report.html").read_bytes()


def test_seeds_page_shows_clusters_variants_and_differences(seeds_page: str) -> None:
    assert seeds_page.count('class="cluster"') == 3
    for variant in ("identical", "case", "editorial", "wording", "unquoted"):
        assert f'class="badge v-{variant}">{variant}</span>' in seeds_page
    assert '<del class="word">any</del><ins class="word">without</ins>' in seeds_page
    assert '<del class="case">State</del><ins class="case">state</ins>' in seeds_page
    assert "“any” → “without”" in seeds_page


def test_seeds_page_shows_cleanup_and_footnotes(seeds_page: str) -> None:
    assert "Skip to main content" in seeds_page  # 002/003's boilerplate, in a <details>
    assert "caption:credit" in seeds_page  # 003's caption
    assert "footnote.missing-body" in seeds_page  # 001's marker 5
    assert "Every note is linked" in seeds_page  # 004's notes i–iv
    for severity in ("1 error", "2 warning", "1 note"):
        assert severity in seeds_page


@pytest.mark.parametrize(
    ("member", "canonical", "expected"),
    [
        ("the same words", "the same words", "the same words"),
        ("reveal a state", "they reveal a State", 'reveal a <del class="case">State</del>'),
        ("one two, three", "one two three", 'one two<ins class="punct">,</ins> three'),
        ("one three", "one two three", 'one<del class="word">two</del> three'),
        ("one two and three", "one two three", 'one two <ins class="word">and</ins> three'),
        ("middle words", "before the middle words after", "middle words"),
        ("x < y & z", "x > y & z", 'x <del class="punct">&gt;</del><ins class="punct">&lt;</ins>'),
        ("nothing shared", "at all", '<ins class="word">nothing shared</ins>'),
    ],
    ids=["identical", "case", "punctuation", "omitted", "added", "truncated", "escaped", "none"],
)
def test_highlight(member: str, canonical: str, expected: str) -> None:
    assert highlight(member, canonical).startswith(expected)


def test_highlight_keeps_every_member_character() -> None:
    member = "the gravity, scale and nature of [North Korea’s] violations"
    shown = highlight(member, "the gravity, scale and nature of these violations")
    visible = re.sub(r"<del[^>]*>.*?</del>|<[^>]+>", "", shown)
    assert visible == escape(member, quote=True)


def test_report_without_clusters_or_findings() -> None:
    doc = Document(id="a", source=Source("p", "0" * 64, "utf-8"), ledger=Ledger("text\n"))
    page = page_of([doc], {"clusters": []})
    assert "No passage is quoted in more than one document." in page
    assert "No findings." in page


def test_inconsistent_clusters_come_first_grouped_by_variant_with_anchors_from_ids(
    seeds_page: str,
) -> None:
    sections = re.findall(r'<section class="cluster" id="cluster-(c[0-9a-f]{12})">', seeds_page)
    assert len(sections) == 3  # anchors from cluster ids, stable across runs
    first = seeds_page.split('<section class="cluster"')[1]
    assert "st-inconsistent" in first.split("</header>")[0]  # the inconsistent one first
    # Members grouped by variant, most serious first, each group with its document count.
    groups = re.findall(r'<div class="group"><span class="badge v-(\w+)">', first)
    assert groups == ["wording", "case", "editorial"]
    assert "1 document</div>" in first
    contents = seeds_page.split('<nav class="toc"')[1].split("</nav>")[0]
    assert f'href="#cluster-{sections[0]}"><span class="badge st-inconsistent">' in contents


def test_a_disputed_cluster_is_marked_and_shows_the_support() -> None:
    member = {"document": "a", "quote": "q1", "start": 0, "end": 5, "differences": []}
    cluster = {
        "id": "c0123456789ab",
        "canonical": "over a whole week",
        "status": "disputed",
        "members": [
            {**member, "text": "over a whole week", "variant": "identical"},
            {**member, "document": "b", "text": "in a whole week", "variant": "wording"},
        ],
        "reference": None,
        "disputes": [{"wordings": [{"text": "over", "support": 5}, {"text": "in", "support": 4}]}],
    }
    page = page_of([clean_text("Dear Sir,\n\nA letter.\n", id="a")], {"clusters": [cluster]})
    assert '<span class="badge st-disputed">disputed</span>' in page
    assert "“over” (5) or “in” (4)" in page


@pytest.mark.parametrize("end", ["\n", "\r", "\r\n"], ids=["lf", "cr", "crlf"])
def test_the_report_counts_lines_as_sarif_does_whatever_the_line_ends(
    tmp_path: Path, end: str
) -> None:
    """One line counter: report.html said line 1 for a CR-only file where SARIF said line 10."""
    lines = [
        "Dear Sir,", "", "We write about the camps.", "",
        "The crimes were grave, as the report said in 2014.”5 We ask you to act.", "",
        "Yours faithfully,", "A Group", "", "5 A/HRC/25/63, para. 80.", "", "7", "",
    ]  # fmt: skip
    letter = tmp_path / "letter.txt"
    letter.write_bytes(end.join(lines).encode("utf-8"))
    run([letter], out=tmp_path / "out", jobs=1)
    page = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert 'page-bottom-block</code><span class="muted">line 10<' in page
    sarif = (tmp_path / "out" / "findings.sarif").read_text("utf-8")
    assert '"startLine": 5' in sarif  # the unbalanced ” on the fifth line


def test_the_style_sheet_is_the_package_data_file_inlined(seeds_page: str) -> None:
    """The CSS lives in ``style.css`` beside the modules (shipped in the wheel), not in Python."""
    sheet = Path(report.__file__).with_name("style.css").read_text(encoding="utf-8")
    assert sheet.startswith(":root {") and "--vermillion" in sheet
    assert style_sheet() == sheet
    assert f"<style>\n{sheet}</style>" in seeds_page


MARKUP_AS_TEXT = '<script>alert("x")</script>&amp;\'</td>'


def test_markup_in_a_plain_str_is_escaped_by_the_type_not_by_the_caller() -> None:
    """Escaping is enforced by the markup type: a plain ``str`` given where markup goes, to a
    section builder or to the page, comes out as text; only :class:`Html` is kept as markup."""
    as_text = escape(MARKUP_AS_TEXT, quote=True)
    table = html_table(("Head",), [(MARKUP_AS_TEXT, Html("<b>kept</b>"))])
    assert f"<td>{as_text}</td><td><b>kept</b></td>" in table
    note = more_note(1, 2, "rows", MARKUP_AS_TEXT)  # a str where markup was meant: text
    assert as_text in note and "<script" not in note
    assert f"<span>{as_text}</span>" == Html("<span>{}</span>").format(MARKUP_AS_TEXT)
    assert Html("<p>") + MARKUP_AS_TEXT == "<p>" + as_text
    summary = summarise(clean_text("Dear Sir,\n\nA letter.\n", id="a"), 20)
    sections = {"a": MARKUP_AS_TEXT}  # a section that is a plain str, not document_section's
    data = ReportInput([summary], sections, [], 0, 0, [], {}, {})
    page = render_report(data, Config.load().report)
    assert "<script" not in page and as_text in page


def test_the_markup_type_escapes_as_html_escape_does() -> None:
    """markupsafe writes ``&#34;`` and ``&#39;``; the page keeps html.escape's entities."""
    assert Html.escape(MARKUP_AS_TEXT) == escape(MARKUP_AS_TEXT, quote=True)
    assert Html("{}").format(MARKUP_AS_TEXT) == escape(MARKUP_AS_TEXT, quote=True)
    assert isinstance(document_section(clean_text("Dear Sir,\n\nA letter.\n", id="a"), 0), Html)


_VALUES = st.one_of(
    st.text(alphabet="<>&\"'ab {}", max_size=8),
    st.integers(-(10**6), 10**6),
    st.text(alphabet="<b>&", max_size=6).map(Html),
)


@given(
    st.lists(_VALUES, min_size=3, max_size=3),
    st.sampled_from(["<td>{}</td>", '<a title="{}">{}</a>', "{0}|{1}|{0}{2}", "no field"]),
)
def test_the_quick_fill_of_a_template_is_markupsafes(values: list[object], template: str) -> None:
    # Html.format fills a plain template with str.format on escaped values: the same text as
    # markupsafe's Formatter gives (kept for templates with a format spec, as {:,})
    filled = Html(template).format(*values)
    assert filled == Markup.format(Html(template), *values)
    assert type(filled) is Html
    assert Html("{:,} {}").format(12345, "<a>") == "12,345 &lt;a&gt;"


@given(
    st.text(max_size=4),
    st.lists(st.tuples(st.text(max_size=6), st.booleans()), max_size=5),
)
def test_joined_markup_escapes_text_and_keeps_markup(separator: str, items: list[Any]) -> None:
    """Html.join (its own, faster than markupsafe's) escapes each plain value as html.escape
    does and keeps markup as it is, like markupsafe's join."""
    values = [Html(text) if markup else text for text, markup in items]
    joined = Html(Html.escape(separator)).join(values)
    assert isinstance(joined, Html)
    expected = escape(separator).join(text if markup else escape(text) for text, markup in items)
    assert str(joined) == expected
