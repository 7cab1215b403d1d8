"""Fuzzing every stage and the whole pipeline with random and adversarial text (issue #7).

The strategies (``fuzz_strategies.py``) generate arbitrary Unicode (lone surrogates included),
adversarial text — unbalanced and nested quotation marks, footnote markers only, whitespace only,
right-to-left text and bidi controls, emoji sequences, stacked combining marks, C0/C1 controls,
mojibake, soft hyphens, form feeds with running headers, footnote labels of hundreds of digits —
and seed-letter prose spliced with all of that, so the stages actually fire. Giant inputs (a
100,000-character line, 3000 notes, 1000 pages) are scaled down in the fast profile.

The default profile (``ci``) runs this file in well under half a minute. The long campaign
(20,000 examples for the cheap properties) is run by hand, and takes about half an hour when
split over two processes with ``-k``::

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py -p no:cacheprovider \\
        --hypothesis-show-statistics [-k "every_stage or selection or giant"]

Each property runs a share of the profile's ``max_examples`` (see :func:`share`): the cheap
properties all of them, the whole-run properties a tenth, the giant inputs a thousandth. Timings
are never asserted; the statistics show how long the giant inputs took (``event`` buckets).
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import clean_upto
from fuzz_strategies import (
    WHITESPACE,
    adversarial_fragments,
    any_unicode,
    documents,
    giant_texts,
    paged_documents,
    texts,
    unicode_clean_texts,
)
from hypothesis import event, given, settings
from hypothesis import strategies as st

from pipeline import Config, Document, PipelineError, clean_text, replay, run
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.output.emit import validate_dir
from pipeline.output.schemas import errors as schema_errors
from pipeline.stages import STAGE_IDS, STAGES

PROFILE_EXAMPLES = settings.default.max_examples  # 150 in `ci`, 20,000 in `long`
LONG = PROFILE_EXAMPLES > 1000


def share(fraction: float) -> settings:
    """Settings running ``fraction`` of the profile's examples (at least 2)."""
    return settings(max_examples=max(2, int(PROFILE_EXAMPLES * fraction)))


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def check_document(doc: Document) -> None:
    """The ledger and annotation invariants of a cleaned document (property 2)."""
    assert replay(doc.ledger.raw, doc.edits) == doc.text
    previous_end = 0
    for edit in doc.edits:
        assert previous_end <= edit.raw_start <= edit.raw_end <= len(doc.raw), edit
        assert doc.raw[edit.raw_start : edit.raw_end] == edit.raw, edit
        assert edit.raw != edit.clean, edit  # a change that restores the raw text is dropped
        previous_end = edit.raw_end
    for before, after in zip(doc.edits, doc.edits[1:], strict=False):
        assert (before.raw_start, before.raw_end) < (after.raw_start, after.raw_end)
        assert not (before.raw_start == before.raw_end == after.raw_start == after.raw_end)
    data = doc.to_json()
    json.dumps(data, ensure_ascii=False)  # serialisable (as emit writes it)
    size = len(doc.text)
    assert data["text"] == doc.text
    for paragraph in data["paragraphs"]:
        assert 0 <= paragraph["start"] <= paragraph["end"] <= size, paragraph
    for note in data["footnotes"]:
        assert 0 <= note["raw_start"] <= note["raw_end"] <= len(doc.raw), note
        for anchor in note["anchors"]:
            assert 0 <= anchor["start"] <= anchor["end"] <= size, note
    for quote in data["quotes"]:
        assert 0 <= quote["start"] <= quote["end"] <= size, quote
        assert 0 <= quote["raw_start"] <= quote["raw_end"] <= len(doc.raw), quote
    for finding in data["findings"]:
        assert 0 <= finding["raw_start"] <= finding["raw_end"] <= len(doc.raw), finding
    if not has_surrogate(doc.text):  # a surrogate cannot be written as UTF-8 JSON at all
        assert schema_errors(data, "document") == []


# -- 1. no exception -----------------------------------------------------------------------------


@given(texts)
def test_clean_text_never_raises(text: str) -> None:
    """``clean_text`` returns a document for any ``str``, lone surrogates included."""
    doc = clean_text(text)
    assert doc.raw == text


@pytest.mark.parametrize("stage_id", STAGE_IDS)
@share(0.4)
@given(texts)
def test_every_stage_runs_on_any_text(stage_id: str, text: str) -> None:
    """The pipeline up to and including each stage never raises and keeps the ledger whole."""
    doc = clean_upto(text, stage_id)
    assert replay(doc.raw, doc.edits) == doc.text


@share(0.5)
@given(texts, st.sets(st.sampled_from(STAGE_IDS)))
def test_any_selection_of_stages_runs(text: str, skipped: set[str]) -> None:
    """With any ``stages.skip`` a user may configure, each remaining stage gets text the earlier
    ones did not prepare (CRLF, NUL, no-break spaces, mojibake) and still never raises."""
    # A stage whose requirement is skipped must be skipped too (any other selection is refused).
    for stage in STAGES:
        if any(need.stage in skipped for need in stage.requires):
            skipped.add(stage.id)
    base = Config.load()
    config = replace(base, stages=replace(base.stages, skip=tuple(sorted(skipped))))
    check_document(clean_text(text, config=config))


# -- 2. ledger and annotation invariants -----------------------------------------------------------


@given(texts)
def test_ledger_and_annotations_are_consistent(text: str) -> None:
    """Edits replay raw into text, are sorted and disjoint, and every annotation of
    ``to_json()`` lies inside the text; the document validates against its schema."""
    check_document(clean_text(text))


@given(texts)
def test_clean_text_is_in_the_normal_form(text: str) -> None:
    """Whatever the stages removed, the clean text is NFC (the default normal form): a marker
    taken from between a letter and its accent leaves them composed."""
    assert unicodedata.is_normalized("NFC", clean_text(text).text)


# -- 3. idempotence --------------------------------------------------------------------------------

# The project's claim (tests/test_stages.py): cleaning is idempotent on text ftfy leaves alone —
# ftfy judges mojibake by its context, and lines joined into a paragraph give it a new one. So
# no mojibake, C1 controls or lone surrogates here; everything else adversarial is in.
idempotence_texts = st.one_of(
    documents().filter(lambda t: clean_upto(t, "unicode").edits == ()),
    *unicode_clean_texts,
    paged_documents(),
)


@given(idempotence_texts)
def test_cleaning_is_idempotent(text: str) -> None:
    """Cleaning the clean text again changes nothing. (The long profile finds the known
    exceptions below; the fast one, in CI, does not.)"""
    once = clean_text(text).text
    again = clean_text(once)
    assert again.text == once, [(e.raw, e.clean, e.kind, e.rule) for e in again.edits]


KNOWN_IDEMPOTENCE_FAILURES = {
    # footnotes runs before line-wrap, so a join across removed page furniture can make a line
    # that reads as a note on the second pass, which removes it
    "join-after-bare-label": "[1]3\nx",
    # a number under each page's running header, and the page's own number at its foot: the
    # first pass takes the feet (they fit the pages the form feeds prove); without the form
    # feed, the second reads the two left, counting up at the text's top and end, as the labels
    # of the pages they now prove
    "numbers-under-the-headers": (
        "Human Rights Watch\n3\n 6 Commission of Inquiry report, para. 1208. \n\n1\f"
        "Human Rights Watch\n4\n\n2"
    ),
    # two note lines with one label and no marker: the first is joined to the paragraph above
    # it, where on the second pass it reads as a marker glued after a sentence, with its body
    "one-label-twice-no-marker": (
        "The Rapporteur presented his report.\n"
        "6 COI report, para. 1208.\n6 COI report, para. 1208.\n"
    ),
    # a superscript ² and the glued markers 1 and 2 of two notes whose bodies read alike: the
    # first pass links ² to note 2; the second finds the glued 1 with the one body left
    "glued-markers-after-a-superscript": (
        "\n\n\n““²””\n\n\nWe saw crimes.1 We saw crimes.2 \n\n"
        "1 6 Commission of Inquiry report, para. 1208.\n"
        "2 6 Commission of Inquiry report, para. 1208.\n"
    ),
}
# ("Header\ni\ni\n\n1\fHeader…", found here first, is whole since the page stage reads a form
# feed inside a line as a line end; "…government’s \n\n1\fHeader\nDear Ambassador, \n\n2" since
# a salutation after a page break is its own paragraph, as anywhere else; "…crimes.\n1\n We saw
# crimes.\n2\n…" since a line kept across a removed marker is a paragraph where it would be one
# without it; "Donate now¹" since the boilerplate rules are matched without a closing marker.)


@pytest.mark.xfail(reason="known, found by hypothesis, shrunk (issue for the team)", strict=True)
@pytest.mark.parametrize(
    "text", KNOWN_IDEMPOTENCE_FAILURES.values(), ids=KNOWN_IDEMPOTENCE_FAILURES
)
def test_known_idempotence_failures(text: str) -> None:
    once = clean_text(text).text
    assert clean_text(once).text == once


# -- 4. determinism --------------------------------------------------------------------------------


@given(texts)
def test_cleaning_is_deterministic(text: str) -> None:
    """Two runs on the same input give the same JSON."""
    assert clean_text(text).to_json() == clean_text(text).to_json()


# -- giant inputs ----------------------------------------------------------------------------------


def _bucket(seconds: float) -> str:
    return next(f"< {limit} s" for limit in (0.1, 0.5, 2, 10, float("inf")) if seconds < limit)


@share(0.001)
@given(giant_texts(1.0 if LONG else 0.05))
def test_giant_inputs_keep_the_invariants(text: str) -> None:
    """A 100,000-character line, thousands of notes, a thousand pages: the invariants hold.
    (How long they take is recorded, never asserted: see the statistics.)"""
    started = time.perf_counter()
    doc = clean_text(text)
    event(f"clean_text took {_bucket(time.perf_counter() - started)}")
    check_document(doc)


# -- 5. the whole pipeline -------------------------------------------------------------------------

documents_for_a_run = st.lists(texts, min_size=1, max_size=5)


def _as_read(text: str) -> str:
    """``text`` as a JSONL reader gets it back: an escaped surrogate pair becomes one character."""
    read: str = json.loads(json.dumps(text))
    return read


def _valid(text: str) -> bool:
    """What ingest accepts as a record's text: encodable, and not only whitespace."""
    return bool(text.strip()) and not has_surrogate(text)


@share(0.1)
@given(documents_for_a_run)
def test_run_on_fuzzed_jsonl(texts_: list[str]) -> None:
    """``run`` raises nothing but a ``PipelineError`` (none when every text is valid), and what
    it writes validates against the schemas."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in.jsonl"
        records = [json.dumps({"id": f"d{n}", "text": t}) for n, t in enumerate(texts_)]
        corpus.write_text("\n".join(records) + "\n", encoding="utf-8")
        out = Path(tmp) / "out"
        read = [_as_read(t) for t in texts_]
        try:
            result = run([corpus], out, jobs=1)
        except PipelineError as error:
            assert not all(map(_valid, read)), error
            assert not out.exists()
            return
        assert all(map(_valid, read))
        assert [doc.raw for doc in result.documents] == read
        assert validate_dir(out) == []


def _run_one_record(doc_id: str) -> None:
    """Run a record with id ``doc_id``: it must be written, or refused by ingest with an
    ``InputError`` naming the record; never an error at write time."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in.jsonl"
        corpus.write_text(json.dumps({"id": doc_id, "text": "Dear Sir,\n"}) + "\n", "utf-8")
        out = Path(tmp) / "out"
        try:
            result = run([corpus], out, jobs=1)
        except InputError as error:
            assert "in.jsonl:1" in str(error)
            return
        assert [doc.id for doc in result.documents] == [_as_read(doc_id)]
        assert validate_dir(out) == []


@share(0.1)
@given(st.text(st.characters(exclude_categories=()), min_size=1, max_size=210))
def test_any_document_id_is_written_or_refused_as_input(doc_id: str) -> None:
    """A record's id is written (``documents/<id>.json``) or refused by ingest, naming the
    record; never an error at write time."""
    _run_one_record(doc_id)


@pytest.mark.parametrize(
    "doc_id",
    ["é" * 128, "한" * 86, "😀" * 64, "e\u0301" * 100],
    ids=["latin", "hangul", "emoji", "combining"],
)
def test_long_non_ascii_document_id_is_written_or_refused_as_input(doc_id: str) -> None:
    """As above, for ids whose file name would exceed 255 bytes."""
    _run_one_record(doc_id)


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "cp1250", "gb18030")


@st.composite
def file_contents(draw: st.DrawFn) -> bytes:
    """Bytes of a text file: fuzzed text in some encoding, or arbitrary bytes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=200))
    text = draw(texts)
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="ignore")


@share(0.1)
@given(file_contents())
def test_run_on_fuzzed_text_files(data: bytes) -> None:
    """A text file of any bytes is read or refused with an ``InputError``; never a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.txt"
        path.write_bytes(data)
        out = Path(tmp) / "out"
        try:
            run([path], out, jobs=1)
        except InputError:
            return
        assert validate_dir(out) == []


def _cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


LONE_SURROGATES = st.sampled_from(["\\ud800", "\\udfff", "\\udbff", "\\udc00\\ud800"])


@share(0.1)
@given(any_unicode.filter(lambda t: not has_surrogate(t)), LONE_SURROGATES, st.booleans())
def test_lone_surrogate_in_jsonl_is_a_clean_input_error(
    text: str, surrogate: str, first: bool
) -> None:
    """A JSONL record whose text holds a lone surrogate: exit 2, one line on stderr, no
    traceback, nothing written."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in.jsonl"
        escaped = json.dumps(text)[1:-1]
        bad = f'{{"id": "a", "text": "{escaped}{surrogate}"}}'
        good = json.dumps({"id": "b", "text": "Dear Sir,\n"})
        lines = [bad, good] if first else [good, bad]
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = Path(tmp) / "out"
        code, err = _cli("run", str(corpus), "-o", str(out), "--quiet")
        assert code == 2
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "lone surrogate" in err and f"in.jsonl:{1 if first else 2}" in err
        assert not out.exists()


@share(0.1)
@given(st.lists(st.sampled_from(WHITESPACE), min_size=1, max_size=10).map("".join))
def test_whitespace_only_record_is_refused_cleanly(text: str) -> None:
    """A record of only whitespace (by ``str.strip``) is refused, one line, exit 2."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in.jsonl"
        corpus.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
        code, err = _cli("run", str(corpus), "-o", str(Path(tmp) / "out"), "--quiet")
        if text.strip():  # U+200B, U+FEFF, ... are not whitespace to Python
            assert code == 0, err
        else:
            assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


@share(0.1)
@given(st.lists(adversarial_fragments, max_size=30).map("".join))
def test_cli_clean_prints_or_refuses(text: str) -> None:
    """``coi-pipeline clean FILE`` on fuzzed UTF-8: exit 0, or 2 with one line; no traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.txt"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        code, err = _cli("clean", str(path))
        assert code in (0, 2) and "Traceback" not in err
        assert code == 0 or err.count("\n") == 1
