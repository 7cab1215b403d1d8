"""The letter sources of the extraction matrix, read from ``letters/*.toml``, and the truth
derived from them (body sentences, notes and where their markers sit, date, signatories).

A letter's paragraphs carry inline note references ``[^k]`` where ``k`` is a note's ``key``
(its printed label); a note with ``missing = true`` is a lost note: the marker is printed, the
body is not. Nothing here runs a typesetter; ``build.py`` renders and extracts.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LETTERS = HERE / "letters"

MARKER = re.compile(r"\[\^([0-9ivxlc]+)\]")
# Sentence ends: a full stop (or ? !), maybe a closing quote, then space and a capital or an
# opening quote. The letters avoid abbreviations in body text except those listed here.
SENTENCE_END = re.compile(r"(?<=[.?!])([”’\"]?)\s+(?=[A-Z“‘])")
ABBREVIATIONS = ("para.", "paras.", "No.", "H.E.", "Mr.", "Ms.", "Dr.", "e.g.", "i.e.", "St.")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(label: str) -> int:
    """The integer a roman label (``iv``) stands for."""
    total = 0
    for i, ch in enumerate(label):
        value = ROMAN[ch]
        if i + 1 < len(label) and ROMAN[label[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


@dataclass(frozen=True)
class Citation:
    document: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    label: str  # as printed: "4", "iv"
    number: int  # the counter value a typesetter is given
    text: str  # the body ("" for a lost note)
    citations: tuple[Citation, ...]
    missing: bool


@dataclass(frozen=True)
class Letter:
    id: str
    title: str
    header: str  # running header text (layouts that have one)
    date_text: str  # as written, e.g. "Geneva, 5 March 2015" or "Date: 2015-03-05"
    date_iso: str
    date_position: str  # top-right | top-left | after-address
    addressees: tuple[str, ...]
    salutation: str
    paragraphs: tuple[str, ...]  # with [^k] markers
    closing: str
    signatories: tuple[str, ...]  # the truth list
    signature_lines: tuple[str, ...]  # the lines printed under the closing
    labels: str  # arabic | roman
    notes: tuple[Note, ...]

    def note(self, label: str) -> Note:
        return next(n for n in self.notes if n.label == label)


def load(path: Path) -> Letter:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    labels = data.get("labels", "arabic")
    notes = []
    for n in data.get("notes", []):
        label = str(n["label"])
        number = roman_value(label) if labels == "roman" else int(label)
        citations = tuple(
            Citation(c["document"], tuple(str(p) for p in c.get("paragraphs", [])))
            for c in n.get("citations", [])
        )
        notes.append(
            Note(label, number, n.get("text", ""), citations, bool(n.get("missing", False)))
        )
    signature = data["signature"]
    if "person" in signature:
        signatories: tuple[str, ...] = (signature["person"],)
        lines = (signature["person"], *signature.get("title", []))
    elif "persons" in signature:  # several people, each a name and its title lines
        signatories = tuple(person[0] for person in signature["persons"])
        lines = tuple(line for person in signature["persons"] for line in person)
    else:
        signatories = tuple(signature["organisations"])
        lines = signatories
    letter = Letter(
        id=path.stem,
        title=data["title"],
        header=data["header"],
        date_text=data["date_text"],
        date_iso=data["date_iso"],
        date_position=data.get("date_position", "top-right"),
        addressees=tuple(data.get("addressees", [])),
        salutation=data["salutation"],
        paragraphs=tuple(p.strip() for p in data["paragraphs"]),
        closing=data["closing"],
        signatories=signatories,
        signature_lines=lines,
        labels=labels,
        notes=tuple(notes),
    )
    check(letter)
    return letter


def check(letter: Letter) -> None:
    """Every marker has a note and every note a marker, in increasing order."""
    used = [m.group(1) for p in letter.paragraphs for m in MARKER.finditer(p)]
    defined = [n.label for n in letter.notes]
    if used != defined:
        raise ValueError(f"{letter.id}: markers {used} but notes {defined}")
    numbers = [n.number for n in letter.notes]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        raise ValueError(f"{letter.id}: note numbers not increasing: {numbers}")
    for p in letter.paragraphs:
        if re.search(r"\[\^(?![0-9ivxlc]+\])", p):
            raise ValueError(f"{letter.id}: malformed marker in {p[:40]!r}")


def all_letters() -> list[Letter]:
    return [load(p) for p in sorted(LETTERS.glob("*.toml"))]


def plain(paragraph: str) -> str:
    """The paragraph as read, without its note markers."""
    return MARKER.sub("", paragraph)


def sentences(paragraph: str) -> list[str]:
    """The sentences of a plain paragraph (the letters are written so this split is exact)."""
    text = " ".join(paragraph.split())
    out: list[str] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.start() + len(m.group(1))
        piece = text[start:end]
        if any(piece.endswith(a) for a in ABBREVIATIONS):
            continue
        out.append(piece)
        start = m.end()
    out.append(text[start:])
    return [s for s in out if s]


def marker_places(letter: Letter) -> dict[str, dict[str, str]]:
    """For each note label, the sentence its marker stands in and the words right before it
    (both without markers): where a linked anchor must be."""
    places: dict[str, dict[str, str]] = {}
    for paragraph in letter.paragraphs:
        clean_before = ""
        pos = 0
        for m in MARKER.finditer(paragraph):
            clean_before += MARKER.sub("", paragraph[pos : m.start()])
            pos = m.end()
            before = " ".join(clean_before.split())
            sentence = ""
            offset = 0
            for s in sentences(plain(paragraph)):
                offset = " ".join(plain(paragraph).split()).find(s, offset)
                if offset <= len(before) <= offset + len(s) + 1:
                    sentence = s
                    break
                offset += len(s)
            words = before.split()
            places[m.group(1)] = {"sentence": sentence, "follows": " ".join(words[-3:])}
    return places


WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*[A-Za-z]|[A-Za-z]")


def vocabulary(letter: Letter) -> set[str]:
    """Every word printed in the letter (body, notes, furniture), as written."""
    texts = [
        letter.title,
        letter.header,
        letter.date_text,
        *letter.addressees,
        letter.salutation,
        *(plain(p) for p in letter.paragraphs),
        letter.closing,
        *letter.signature_lines,
        *(n.text for n in letter.notes),
    ]
    words: set[str] = set()
    for t in texts:
        words.update(WORD.findall(unicodedata.normalize("NFKC", t)))
    return words


HYPHENS = "-\u00ad\u2010"
# A word split at a line end: ``left-`` (or ``left -``, as pdfminer.six prints some) at the end of
# a line, ``right`` at the start of the next.
BREAK = re.compile(
    r"([A-Za-z][A-Za-z’'-]*) ?[" + HYPHENS + r"][ \t]*\n[ \t]*([A-Za-z][A-Za-z’'-]*)"
)


def break_word(left: str, right: str, vocab: set[str]) -> tuple[str, str, int, int] | None:
    """The word a line-end break stands for, from the letter's (lower-cased) vocabulary: kept
    (``compound``, ``so-called``) or joined (``typesetter``, ``coun-try``), and where in ``left``
    it starts and in ``right`` it ends: extractors that lose spaces glue neighbours on."""
    for i in range(len(left)):
        piece = left[i:]
        for cut in range(len(right), 0, -1):
            kept = f"{piece}-{right[:cut]}"
            if kept.lower() in vocab:
                return kept, "compound", i, cut
            if (piece + right[:cut]).lower() in vocab:
                return piece + right[:cut], "typesetter", i, cut
    return None
