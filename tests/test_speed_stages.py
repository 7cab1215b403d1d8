"""The fast paths of the stages (issue #6) find exactly what the plain per-line, per-character
versions they replaced found: each is checked here against that plain version on random text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Config
from pipeline.document import Document, Source
from pipeline.ledger import Ledger, Proposal
from pipeline.stages import Context
from pipeline.stages._lines import COLUMN, typeset_width
from pipeline.stages.boilerplate.rules import compile_rules as _compile
from pipeline.stages.boilerplate.rules import link_list_heading as _link_list_heading
from pipeline.stages.boilerplate.rules import match as _match
from pipeline.stages.footnotes.labels import label_of as _label
from pipeline.stages.footnotes.labels import patterns as _patterns
from pipeline.stages.footnotes.markers import Marker as _Marker
from pipeline.stages.footnotes.markers import candidates as _candidates
from pipeline.stages.footnotes.markers import inline as _inline
from pipeline.stages.footnotes.markers import inline_matches as _inline_matches
from pipeline.stages.hyphenation import UNWORDLY_CASE, _Words
from pipeline.stages.unicode import (
    CONTROL,
    _fix_line,
    _ftfy_config,
    _opcodes,
    repair_unicode,
)
from pipeline.stages.whitespace import normalise_whitespace
from pipeline.text import PARAGRAPH, Lines, split_lines

CONFIG = Config.load()
PIECES = [
    "a", "b", "A", "Z", " ", "  ", ".", ",", ":", "/", "-", "1", "2", "9", "14", "\n", "\n\n",
    "\r\n", "\r", "\t", "\f", "’", "‘", "“", "”", "é", "\u0301", "\u00a0", "\u200b", "\u00ad",
    "\ufeff", "\u2009", "ﬁ", "Ａ", "\x85", "\x9d", "\x07", "â€™", "â€", "Ã©", "Ã ", "Â ", "Ã",
    "&amp;", "&", "²", "¹⁰", "[1]", "(3)", "ii", "—", "…", "Ø", "ВЂ", "œ", "×",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
MARKER_TEXTS = st.lists(
    st.sampled_from([*"a .,;”)]([\n0123456789¹²³⁴⁵⁶⁷⁸⁹⁰", "\n\n", " ii", "\n2\n", "\n[3]"]),
    max_size=30,
).map("".join)


def _doc(text: str) -> Document:
    return Document("t", Source("<t>", "0" * 64, "utf-8"), Ledger(text))


def _unicode_per_line(text: str) -> list[Proposal]:
    """The ``unicode`` stage as it was: every line that is not plain ASCII goes to ftfy."""
    config = _ftfy_config(CONFIG.unicode)
    spaces = (frozenset(CONFIG.whitespace.delete), frozenset(CONFIG.whitespace.to_space))
    if text.isascii() and not CONTROL.search(text):
        return []
    proposals = []
    for line in re.finditer(r"[^\r\n]+", text):
        before = line.group()
        if before.isascii() and "&" not in before and not CONTROL.search(before):
            continue
        after, rule = _fix_line(before, config, spaces)
        at = line.start()
        for i1, i2, j1, j2 in _opcodes(before, after) if after != before else ():
            proposals.append(Proposal(at + i1, at + i2, after[j1:j2], "unicode", rule))
    return proposals


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_unicode_sends_ftfy_every_line_it_would_change(text: str) -> None:
    assert list(repair_unicode(_doc(text), Context(CONFIG)).proposals) == _unicode_per_line(text)


def _whitespace_per_character(text: str) -> list[Proposal]:
    """The ``whitespace`` stage as it was: a loop over every character of every line."""
    options = CONFIG.whitespace
    delete, to_space = set(options.delete), set(options.to_space)
    trailing = re.compile("[ \t" + re.escape("".join(sorted(delete | to_space))) + "]+$")
    proposals = []
    for line in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text):
        if line.start() == len(text):
            break
        content, end = line.group(1), line.end(1)
        if content.strip("".join(delete | to_space) + " \t") and (tail := trailing.search(content)):
            end = line.start() + tail.start()
            proposals.append(Proposal(end, line.end(1), "", "whitespace", "trailing-space"))
        kept = content[: end - line.start()]
        for offset, char in enumerate(kept):
            at = line.start() + offset
            marked = offset + 1 < len(kept) and unicodedata.combining(kept[offset + 1])
            if char in delete and not marked:
                name = unicodedata.name(char).lower().replace(" ", "-")
                proposals.append(Proposal(at, at + 1, "", "whitespace", f"delete-{name}"))
            elif char in to_space:
                name = unicodedata.name(char).lower().replace(" ", "-")
                proposals.append(Proposal(at, at + 1, " ", "whitespace", f"space-{name}"))
        if line.group(2) in ("\r\n", "\r"):
            rule = "crlf" if line.group(2) == "\r\n" else "cr"
            proposals.append(Proposal(line.start(2), line.end(2), "\n", "whitespace", rule))
    return proposals


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_whitespace_finds_what_a_character_loop_finds(text: str) -> None:
    found = normalise_whitespace(_doc(text), Context(CONFIG)).proposals
    assert sorted(found, key=lambda p: p.start) == sorted(
        _whitespace_per_character(text), key=lambda p: p.start
    )


@settings(max_examples=400, deadline=None)
@given(MARKER_TEXTS)
def test_inline_footnote_markers_as_a_plain_scan(text: str) -> None:
    patterns = _patterns(CONFIG.footnotes)
    fast = [(m.span(), m.groupdict()) for m in _inline_matches(text, patterns)]
    assert fast == [(m.span(), m.groupdict()) for m in patterns.inline.finditer(text)]


def _candidates_per_line(text: str) -> list[_Marker]:
    """Footnote marker candidates as they were found: line by line."""
    options = CONFIG.footnotes
    patterns = _patterns(options)
    found = []
    annotated = False
    for line in split_lines(text):
        match = patterns.alone.fullmatch(line.text)
        label = _label(match) if match else None
        if match and label and annotated:
            start = line.start + len(line.text) - len(line.text.lstrip())
            end = line.start + len(line.text.rstrip())
            evidence = "none" if match.group("sup") or match.group("bracket") else "later-body"
            cut = (line.start, line.stop)
            found.append(_Marker(label, start, end, cut, "alone-on-line", evidence))
            continue
        annotated = annotated or any(c.isalpha() for c in line.text)
        for match in patterns.inline.finditer(text, line.start, line.end):
            if (marker := _inline(text, match.start(), match, options)) is not None:
                found.append(marker)
    return found


@settings(max_examples=400, deadline=None)
@given(MARKER_TEXTS)
def test_footnote_marker_candidates_as_before(text: str) -> None:
    assert _candidates(text, split_lines(text), CONFIG.footnotes) == _candidates_per_line(text)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_lines_and_paragraphs_as_before(text: str) -> None:
    lines, pos = [], 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        lines.append((pos, end, min(end + 1, len(text)), text[pos:end]))
        pos = min(end + 1, len(text))
    assert [(x.start, x.end, x.stop, x.text) for x in split_lines(text)] == lines
    built = Lines(text)  # the same lines, each built when asked for
    assert list(built) == list(split_lines(text)) == list(built[:])
    assert (built.texts, built.starts) == ([x[3] for x in lines], [x[0] for x in lines])
    before = re.finditer(r"[^\n](?:[^\n]|\n(?=[^\n]))*", text)
    assert [m.span() for m in PARAGRAPH.finditer(text)] == [m.span() for m in before]


def _typeset_width_per_line(lengths: list[int]) -> float:
    """``typeset_width`` as it was: every line's length sorted, and counted one by one."""
    ordered = sorted((n for n in lengths if n > 0), reverse=True)
    total, mass, third, half = sum(ordered), 0, 0, 0
    for n in ordered:
        mass += n
        if not third and 3 * mass >= total:
            third = n
        if 2 * mass >= total:
            half = n
            break

    def column(width: float) -> bool:
        return sum(1 for n in ordered if 0.9 * width <= n <= 1.1 * width) >= COLUMN

    if column(half):
        return min(third, round(1.1 * half, 1))
    return third if column(third) else (ordered[0] if ordered else 0)


LENGTHS = st.lists(
    st.one_of(st.sampled_from([0, 1, 30, 60, 66, 70, 72, 80, 150]), st.integers(0, 200))
)


@given(LENGTHS)
def test_typeset_width_as_line_by_line(lengths: list[int]) -> None:
    assert typeset_width(lengths) == _typeset_width_per_line(lengths)


CHROME_WORDS = [
    "Skip to", "main content", "Donate", "now", "Share this:", "Facebook", "|", "Privacy",
    "Policy", "Terms of Use", "Related articles", "Read more:", "©", "2015", "All rights",
    "reserved.", "Tags:", "Home", "letter", "the", " ", "!", ".",
]  # fmt: skip
CHROME = st.lists(st.sampled_from(CHROME_WORDS), max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(CHROME)
def test_joined_boilerplate_rules_match_as_each_rule(line: str) -> None:
    rules = _compile(CONFIG.boilerplate)
    assert rules.any_rule is not None and rules.any_link_list is not None
    assert _match(line, rules.rules, rules.any_rule) == _match(line, rules.rules)
    assert _link_list_heading(line, rules) == any(h.fullmatch(line) for h in rules.link_lists)


WORDY = st.lists(
    st.sampled_from(
        [*"aAkKsSiI-_ 1.\n", "\u212a", "\u017f", "\u0130", "\u0131", "é", "É", "\u0345"]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(WORDY, WORDY)
def test_hyphenation_counts_words_as_a_search_finds_them(text: str, word: str) -> None:
    if not re.fullmatch(r"\w+(-\w+)?", word):  # what it is asked about: left+right, left-right
        return
    words = _Words(text)
    search = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    assert (words.count(word) > 0) == (search.search(text) is not None)
    assert words.seen_elsewhere(word) == (search.search(text.replace(word, "", 1)) is not None)


def test_only_one_character_outside_words_matches_a_word_character_ignoring_case() -> None:
    word_char = re.compile(r"[\w-]")
    cased = (
        char
        for char in map(chr, range(0x110000))
        if not word_char.match(char)
        and not 0xD800 <= ord(char) < 0xE000
        and (char.lower() != char or char.upper() != char or char.casefold() != char)
    )
    unwordly = [
        char
        for char in cased
        if any(
            word_char.match(other) and re.fullmatch(re.escape(char), other, re.IGNORECASE)
            for other in {char.lower(), char.upper(), char.casefold()}
        )
    ]
    assert unwordly == [UNWORDLY_CASE]
