"""Hypothesis strategies for fuzzing the pipeline: random text, adversarial text, and both mixed
with real prose so that the stages actually fire. Used by ``test_fuzz.py``.

Every strategy here generates a ``str`` (``documents`` and ``giant_texts`` too); each is named
for what it generates. The material for realistic text is the lines of the seed letters
(``seeds/*.txt``), read once at import.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

SEED_TEXTS = tuple(
    path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
)
SEED_LINES = tuple(sorted({line for text in SEED_TEXTS for line in text.split("\n")}))
PROSE_LINES = tuple(line for line in SEED_LINES if len(line.split()) >= 6)  # wrapped prose

# -- fragments, by artefact ----------------------------------------------------------------------

WORDS = ("the", "State", "crimes", "against", "humanity", "Commission", "of", "Inquiry", "DPRK",
         "A/HRC/25/63", "para.", "UN", "Doc.", "Sincerely,", "Dear Sir,", "2014", "km", "No.5",
         "human", "hu-", "man", "long-", "standing", "Page 2 of 3", "- 3 -", "Notes")  # fmt: skip
QUOTE_MARKS = ("“", "”", "‘", "’", "«", "»", '"', "'", "„", "‹", "›", "「", "」", "‚", "‟", "〝")
OPEN_CLOSE = (("“", "”"), ("‘", "’"), ("«", "»"), ('"', '"'), ("„", "“"), ("‹", "›"))
FOOTNOTE_MARKERS = ("¹", "²", "³", "⁴", "⁰", "¹⁰", "[1]", "[2]", "[12]", "(2)", "(3)", "1",
                    "2", "3", "12", "ii", "iii", "iv", "*", "†", "1.", ".1", ",2", "”3",
                    ".”4")  # fmt: skip
WHITESPACE = (" ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\n\r", "\f", "\v", "\u00a0", "\u2028",
              "\u2029", "\u0085", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202f",
              "\u2007", "\u3000", "\u1680", "\u180e", "\x1c", "\x1d", "\x1e", "\x1f")  # fmt: skip
RTL = ("حقوق الإنسان", "لجنة التحقيق", "זכויות אדם", "ועדת חקירה", "\u200f", "\u200e", "\u202e",
       "\u202b", "\u202a", "\u202d", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c",
       "١٢٣", "(١)", "\u200f1\u200f", "“حقوق”")  # fmt: skip
EMOJI = ("👍", "👍🏽", "👩🏿‍⚖️", "👨‍👩‍👧‍👦", "🇰🇵", "🇺🇳", "🏳️‍🌈", "❤️", "1️⃣", "#️⃣", "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
         "\U0001f1f0", "\u200d", "\ufe0f", "\U0001f3fd")  # fmt: skip
COMBINING = ("e\u0301", "a\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308", "\u0301",
             "\u0301\u0301\u0301", "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358",
             "\u20dd", "n\u0303", "\u0338", "\u094d", "\u0e31", "i\u0307")  # fmt: skip
CONTROLS = tuple(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)))
ODD_CODE_POINTS = ("\ud800", "\udfff", "\udbff\udc00", "\ufffe", "\uffff", "\U0010ffff",
                   "\ue000", "\ufffd", "\ufdd0", "\U000e0001")  # fmt: skip
SOFT_HYPHENS = ("hu\u00adman", "\u00ad", "hu\u00ad\nman", "hu-\nman", "long-\nstanding",
                "hu‐\nman", "hu\u2011\nman", "hu-\n\nman", "well-\n known", "-\n", "hu-\r\nman",
                "hu- \nman", "2014-\n2015")  # fmt: skip
HTML = ("&amp;", "&lt;p&gt;", "&#x27;", "&nbsp;", "&quot;", "&#8217;", "&", "&amp;amp;",
        "ﬁ", "ﬂ", "ＡＢＣ１２３", "½", "…")  # fmt: skip
PAGE_FURNITURE = ("\f", "\fHeader Line\n", "- 1 -", "Page 2 of 3", "3", "2/4", "\f\f", "\n\f\n")
UNITS = ("560 km²", "3 m³", "10⁶", "x²", "2²")

MOJIBAKE_SOURCES = ("People’s", "“the Commission”", "café naïve", "—", "…", "Ã©", "€100",
                    "Korea’s “hostile” forces", "½ €", "\u00a0", "Ĳ", "Łódź", "ß")  # fmt: skip


def _mangle(text: str, codec: str) -> str:
    """``text`` encoded as UTF-8 and decoded as ``codec``: the classic mojibake."""
    return text.encode("utf-8").decode(codec, errors="replace")


MOJIBAKE = tuple(
    _mangle(source, codec)
    for source in MOJIBAKE_SOURCES
    for codec in ("cp1252", "latin-1", "cp1250", "mac_roman")
) + tuple(_mangle(_mangle(s, "cp1252"), "cp1252") for s in MOJIBAKE_SOURCES[:4])

ADVERSARIAL_FRAGMENTS = (
    *WORDS,
    *QUOTE_MARKS,
    *FOOTNOTE_MARKERS,
    *WHITESPACE,
    *RTL,
    *EMOJI,
    *COMBINING,
    *CONTROLS,
    *ODD_CODE_POINTS,
    *SOFT_HYPHENS,
    *HTML,
    *PAGE_FURNITURE,
    *UNITS,
    *MOJIBAKE,
)

# -- strategies for one artefact -----------------------------------------------------------------

any_unicode = st.text(st.characters(exclude_categories=()), max_size=60)  # surrogates included
adversarial_fragments = st.sampled_from(ADVERSARIAL_FRAGMENTS)
seed_lines = st.sampled_from(SEED_LINES)
prose_lines = st.sampled_from(PROSE_LINES)
line_ends = st.sampled_from(["\n"] * 6 + ["\n\n", " \n", "\r\n", "\n \n", "\r", "\n\n\n"])


def _joined(parts: st.SearchStrategy[str], max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(parts, max_size=max_size).map("".join)


adversarial_texts = _joined(st.one_of(adversarial_fragments, any_unicode.filter(bool)), 40)


def _close_or_lose(pair: tuple[str, str]) -> st.SearchStrategy[str]:
    return st.sampled_from([pair[1], pair[1], "", pair[0], "’", "”"])


@st.composite
def _quoted(draw: st.DrawFn, inner: st.SearchStrategy[str]) -> str:
    pair = draw(st.sampled_from(OPEN_CLOSE))
    body = "".join(draw(st.lists(inner, min_size=1, max_size=4)))
    return f"{pair[0]}{body}{draw(_close_or_lose(pair))}"


def _quote_leaves() -> st.SearchStrategy[str]:
    return st.sampled_from([*WORDS, " ", " the ", "’s", "\n", "\n\n", *FOOTNOTE_MARKERS[:6]])


nested_quotes = _joined(
    st.recursive(_quote_leaves(), lambda inner: _quoted(inner), max_leaves=40)
    | st.sampled_from(QUOTE_MARKS),
    20,
)  # quotations nested to any depth, a closing mark sometimes lost or doubled
footnote_markers_only = _joined(st.sampled_from([*FOOTNOTE_MARKERS, " ", "\n", "\n\n", "."]), 60)
whitespace_only = _joined(st.sampled_from(WHITESPACE), 60)
right_to_left_text = _joined(st.sampled_from([*RTL, " ", "\n", ".", "“", "”", "1", "¹"]), 40)
emoji_text = _joined(st.sampled_from([*EMOJI, " ", "\n", "word", "“", "”", "1"]), 40)
combining_marks_text = _joined(st.sampled_from([*COMBINING, " ", "\n", "word", "\u00ad"]), 40)
control_characters_text = _joined(st.sampled_from([*CONTROLS, "word", " ", "\n"]), 40)
mojibake_text = _joined(st.sampled_from([*MOJIBAKE, " ", "\n", "word", "&amp;"]), 30)
hyphenated_text = _joined(st.sampled_from([*SOFT_HYPHENS, "word ", "human ", "\n", " "]), 30)


@st.composite
def enormous_footnote_labels(draw: st.DrawFn) -> str:
    """A letter whose note lines start with hundreds of digits (``999…9 UN Doc.``)."""
    digits = draw(st.integers(4, 600))
    label = draw(st.sampled_from(["9", "1", "0"])) * digits
    prose = draw(st.lists(prose_lines, min_size=1, max_size=5))
    marker = draw(st.sampled_from(["", label, f"[{label}]", f"\n{label}\n"]))
    return "\n".join(prose) + marker + f"\n\n{label} UN Doc. A/HRC/25/63, para. 3.\n"


@st.composite
def paged_documents(draw: st.DrawFn) -> str:
    """Prose split into pages by form feeds, with a running header and page numbers."""
    header = draw(st.sampled_from(["Human Rights Watch", "Letter to the Council", "\u200fحقوق"]))
    pages = draw(st.lists(st.lists(seed_lines, min_size=1, max_size=6), min_size=1, max_size=5))
    number = draw(st.sampled_from(["{n}", "- {n} -", "Page {n} of 9", "{n}/9", ""]))
    out = []
    for n, lines in enumerate(pages, 1):
        out.append("\n".join([header, *lines, "", number.format(n=n)]))
    return "\f".join(out) + draw(st.sampled_from(["", "\n", "\f"]))


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Realistic letters with adversarial fragments: seed lines, each possibly spliced with a
    fragment at a random place, adversarial lines between them, and a footnote block or page
    furniture now and then."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["seed", "seed", "seed", "spliced", "adversarial"]))
        line = draw(seed_lines) if kind != "adversarial" else draw(adversarial_texts)
        if kind == "spliced":
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(st.one_of(adversarial_fragments, nested_quotes)) + line[at:]
        lines.append(line + draw(line_ends))
    text = "".join(lines)
    extra = draw(st.sampled_from(["", "", "notes", "pages", "quotes"]))
    if extra == "notes":
        count = draw(st.integers(1, 8))
        marks = draw(st.sampled_from(["{n}", "[{n}]", "\n{n}\n", "¹"]))
        text += "".join(f"We saw crimes.{marks.format(n=n)} " for n in range(1, count + 1))
        heading = draw(st.sampled_from(["\n\n", "\n\nNotes\n", "\n____\n", "\f"]))
        text += heading + "".join(f"{n} {draw(prose_lines).strip()}\n" for n in range(1, count + 1))
    elif extra == "pages":
        text += draw(paged_documents())
    elif extra == "quotes":
        text += draw(nested_quotes)
    return text


@st.composite
def marks_split_by_markers(draw: st.DrawFn) -> str:
    """Note markers (and page numbers) between a letter and its combining mark, with the notes
    at the end: removing the marker brings them together, which the normal form composes."""
    marks = draw(st.lists(st.sampled_from(["\u0301", "\u0300", "\u0308", "\u0327"]), min_size=1))
    marker = draw(st.sampled_from(["¹", "[1]", "1", "²"]))
    letter = draw(st.sampled_from(["i", "e", "a", "c", "o", "K"]))
    line = f"The words of Ana {letter}{marker}{''.join(marks)}m were kept in the record.\n"
    note = draw(st.sampled_from(["\n1 See the report, para. 80.\n", "\n¹ Ibid.\n", ""]))
    return draw(prose_lines) + line + note


@st.composite
def chrome_with_markers(draw: st.DrawFn) -> str:
    """Lines of web chrome that the boilerplate rules name, each maybe closed by a note marker
    (``Donate now¹``: the rule matches once the marker is gone), between prose lines, with the
    notes at the end or not."""
    chrome = st.sampled_from(
        ["Donate now", "Skip to main content", "Share this page", "Read more", "Print this page"]
    )
    marker = st.sampled_from(["", "¹", "²", ".3", "[4]", "5"])
    lines = draw(
        st.lists(st.one_of(prose_lines, st.tuples(chrome, marker).map("".join)), max_size=8)
    )
    notes = draw(
        st.sampled_from(["", "\n¹ See the report.\n", "\n3 Ibid., para. 80.\n[4] Ibid.\n"])
    )
    separator = draw(st.sampled_from(["\n", "\n\n"]))
    return separator.join(lines) + "\n" + notes


# The adversarial texts that ftfy leaves alone (no mojibake, C1 controls or lone surrogates):
# the idempotence property is checked on these (tests/test_fuzz.py).
unicode_clean_texts = (
    nested_quotes,
    footnote_markers_only,
    whitespace_only,
    right_to_left_text,
    emoji_text,
    combining_marks_text,
    hyphenated_text,
    marks_split_by_markers(),
    chrome_with_markers(),
)

texts = st.one_of(
    documents(),
    adversarial_texts,
    *unicode_clean_texts,
    control_characters_text,
    mojibake_text,
    enormous_footnote_labels(),
    any_unicode,
)  # everything but the giant inputs: what every property is checked on

# -- giant inputs ----------------------------------------------------------------------------


def long_line(size: int) -> st.SearchStrategy[str]:
    """One line of ``size`` characters: a fuzzed unit repeated, no line break in it."""
    unit = st.one_of(prose_lines, _joined(adversarial_fragments, 8), nested_quotes).map(
        lambda u: u.replace("\n", " ").replace("\r", " ") or "x"
    )
    return unit.map(lambda u: (u * (size // len(u) + 1))[:size])


def many_footnotes(count: int) -> st.SearchStrategy[str]:
    """A body, then ``count`` numbered note lines (markers in the body for some or none)."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        marked = draw(st.integers(0, count))
        style = draw(st.sampled_from(["{n}", "[{n}]", "\n{n}\n"]))
        body = " ".join(f"We saw crimes.{style.format(n=n)}" for n in range(1, marked + 1))
        note = draw(st.sampled_from(["UN Doc. A/HRC/25/{n}, para. {n}.", "Ibid.", "Note {n}"]))
        notes = "".join(f"{n} {note.format(n=n)}\n" for n in range(1, count + 1))
        return f"Dear Sir,\n\n{body or 'Text.'}\n\n{notes}"

    return build()


def many_pages(count: int) -> st.SearchStrategy[str]:
    """``count`` pages of seed prose with form feeds, a running header and page numbers."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        lines = draw(st.lists(prose_lines, min_size=1, max_size=3))
        return "\f".join("\n".join(["Header", *lines, "", str(n)]) for n in range(1, count + 1))

    return build()


def giant_texts(scale: float) -> st.SearchStrategy[str]:
    """The brief's giant inputs at ``scale`` (1.0: a 100,000-character line, 3000 notes,
    1000 pages); smaller in the fast profile."""
    return st.one_of(
        long_line(int(100_000 * scale)),
        many_footnotes(int(3000 * scale)),
        many_pages(int(1000 * scale)),
    )
