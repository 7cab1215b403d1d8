"""The ``unicode`` stage's search for the lines ftfy could change: the shortcut that leaves most
non-ASCII characters untested (:data:`MOJIBAKE_SEED`) rests on the shape of ftfy's own regex,
checked here, and finds the lines the plain search found."""

from __future__ import annotations

import re
import re._compiler as sre_compile
import re._parser as sre_parse
import unicodedata
from re._constants import ANY, AT, IN, LITERAL, MAX_REPEAT, NOT_LITERAL

from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import given
from hypothesis import strategies as st

from pipeline import Config, clean_text, replay
from pipeline.stages._ftfy_lines import (
    BADNESS_REACH,
    LONG_LINE,
    MOJIBAKE_SEED,
    NON_ASCII,
    PIECE_REACH,
    SEED_ALONE,
    SEED_SECOND,
    lines_at,
    stretch,
    suspect_offsets,
)

CONFIG = Config.load()
SPACES = (frozenset(CONFIG.whitespace.delete), frozenset(CONFIG.whitespace.to_space))
SINGLE = (IN, LITERAL, NOT_LITERAL, ANY)  # items that match one character


def _one_item(tree: sre_parse.SubPattern, item: tuple[object, object]) -> re.Pattern[str]:
    return sre_compile.compile(sre_parse.SubPattern(tree.state, [item]), BADNESS_RE.flags)


NON_ASCII_CHARS = [chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c < 0xE000]


def test_every_mojibake_sequence_holds_a_seed() -> None:
    """Each alternative of ftfy's BADNESS_RE matches two non-ASCII characters side by side, the
    second of them in SEED_SECOND, or a character of SEED_ALONE with ASCII around it."""
    tree = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    ((_, (_, alternatives)),) = list(tree)
    seed_alone, second = re.compile(SEED_ALONE), re.compile(f"[{SEED_SECOND}]")
    for alternative in alternatives:
        items = [item for item in alternative if item[0] is not AT]
        non_ascii_only = []
        for op, av in items:
            assert op in SINGLE or (op is MAX_REPEAT and av[1] == 1), (op, av)  # one character
            pattern = _one_item(tree, (op, av))
            ascii_too = pattern.fullmatch("") or any(pattern.fullmatch(chr(c)) for c in range(128))
            non_ascii_only.append(not ascii_too)

        def accepted(item: tuple[object, object]) -> list[str]:
            pattern = _one_item(tree, item)
            return [c for c in NON_ASCII_CHARS if pattern.fullmatch(c)]

        if any(
            a and b and all(second.fullmatch(c) for c in accepted(item))
            for a, b, item in zip(non_ascii_only, non_ascii_only[1:], items[1:], strict=False)
        ):
            continue  # two non-ASCII characters side by side, a second one's after the first
        assert any(non_ascii_only), alternative  # no alternative matches ASCII alone
        for item, only in zip(items, non_ascii_only, strict=True):
            if only:
                assert all(seed_alone.fullmatch(c) for c in accepted(item)), alternative


def test_a_word_in_greek_cyrillic_chinese_or_korean_holds_no_seed() -> None:
    for word in ("λόγος", "Совет", "ЗАКОН", "委员会", "위원회", "ひらがな"):
        assert MOJIBAKE_SEED.search(word) is None, word
    for mojibake in ("вЂ™", "ГўВЂВ™", "Ã©", "â€™", "Ð¾", "Î²"):
        assert MOJIBAKE_SEED.search(mojibake), mojibake


def _plain_suspects(text: str) -> list[tuple[int, int]]:
    """The lines the search found before the seeds: every non-ASCII run's stretch tested."""
    offsets = [m.start() for m in re.finditer(r"[^\x00-\x7f]+", text)]
    offsets = [p for p in offsets if is_bad(stretch(text, p, NON_ASCII.match(text, p).end()))]
    found = set()
    for pos in offsets:
        start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
        ends = [i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0]
        found.add((start, min(ends, default=len(text))))
    return sorted(found)


PIECES = ["a", "Z", " ", ".", "1", "\n", "\r", "’", "“", "é", "Ã", "Â", "©", "â€", "™", "œ",
          "\x85", "×", "²", "Ø", "¨", "ГўВЂВ", "–", "ü", "ж", "В", "Р", "ў", "Ђ", "в", "Σ", "Ο",
          "π", "Ά", "β€", "‚Ä", "中", "°"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_seeds_find_the_lines_every_stretch_found(text: str) -> None:
    offsets, viewed = suspect_offsets(text, "", (frozenset(), frozenset()))
    assert viewed == [] and offsets == sorted(offsets)
    bad_only = [p for p in offsets if NON_ASCII.match(text, p)]
    assert lines_at(text, bad_only) == _plain_suspects(text)
    assert BADNESS_REACH == 6


def test_a_curly_quote_alone_is_not_tested_and_mojibake_is() -> None:
    assert suspect_offsets("It’s a “word” – café", "NFC", SPACES) == ([], [])
    assert suspect_offsets("It\u00e2\u20ac\u2122s", "NFC", SPACES) == ([2], [])
    text = "a\u00a0b\nIt\u00e2\u20ac\u2122s\ufb01"  # a no-break space, mojibake, a ligature
    assert suspect_offsets(text, "NFC", SPACES) == ([6, 10, 10], [1])


def test_lines_are_found_from_their_offsets_each_way() -> None:
    text = "one\ntwo ’\r\nthree\rfour ’ x ’"
    assert lines_at(text, [8, 23, 26, 21]) == [(4, 9), (17, len(text))]
    assert lines_at("", []) == []


def test_a_long_line_goes_to_ftfy_in_pieces_around_what_it_could_change() -> None:
    words = "the council heard them " * (LONG_LINE // 10)
    text = (
        f"It\u00e2\u20ac\u2122s {words}and it\u00e2\u20ac\u2122s {words}end.\nIt\u00e2\u20ac\u2122s"
    )
    at = [2, text.index("it\u00e2") + 2, text.rindex("\u00e2")]
    spans = lines_at(text, at)
    assert len(spans) == 3 and spans[-1] == (text.rindex("\n") + 1, len(text))
    for (start, end), pos in zip(spans[:2], at, strict=False):
        assert start <= pos - min(pos, PIECE_REACH) and pos + PIECE_REACH <= end < len(words) * 2
        # cut at a space between words: the piece opens with it, the next one after the word
        assert text[start] == " " or start == 0
        assert text[end] == " " and text[end - 1].isalpha() and text[end + 1].isalpha()
    # each piece repaired as the whole line would be
    assert clean_text(text).text.count("It’s") == 2 and "and it’s the" in clean_text(text).text


def test_a_marker_removed_between_a_letter_and_its_accent_leaves_them_composed() -> None:
    # The note marker sits between "i" and a combining acute; once the footnotes stage has
    # taken it out, the two are side by side and the text is no longer NFC: they are composed
    # again, as unicode edits in the ledger.
    text = (
        "Dear Chair,\n\nThe commission found the facts of the case plain and clear and wrote so "
        "at length in its report.\n\nThe words were Ki¹\u0301m and Ana.\n\n"
        "¹ A/HRC/25/63, para. 80.\n"
    )
    doc = clean_text(text)
    assert "Kím and Ana" in doc.text
    assert unicodedata.is_normalized("NFC", doc.text)
    assert {(e.kind, e.rule) for e in doc.edits if e.kind == "unicode"} == {
        ("unicode", "normalize:NFC")
    }
    assert replay(text, doc.edits) == doc.text
    assert clean_text(doc.text).text == doc.text
