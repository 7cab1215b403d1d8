"""The units of a text — lines, offsets as line and column, sentence ends, words, paragraphs —
each defined once, here, for every stage, check and output that asks.

* **Lines** of the text as the stages see it: split at ``"\\n"`` only (the whitespace stage has
  made every line end one; a form feed stays inside its line): :class:`Line`,
  :func:`split_lines`, :class:`Lines`, :func:`line_pieces`; the text of a non-blank line,
  :data:`TEXT_LINE`.
* **Line ends and line and column** of an offset in an input file, as SARIF viewers,
  annotations, the terminal and report.html count them: lines end at LF, CRLF or a lone CR
  (:data:`LINE_END`; :data:`CR_LINE_END` the two the whitespace stage makes LF,
  :data:`LINE_END_CHARACTER` for the stage before it), columns are code points:
  :class:`LineIndex`, :func:`line_index`. Every line and column an output shows is this
  index's, so a CR-only file's tenth line is line 10 in all of them (a JSONL record is named by
  its line of the file: JSON Lines end at LF).
* **Sentence ends**: :data:`CLOSING_MARKS` and :func:`ends_with` build them; a line ends a
  sentence (:data:`ENDS_SENTENCE`), a unit of a letter (:data:`ENDS_UNIT`), or a sentence in any
  script by its shape (:data:`ENDS_SENTENCE_ANY_SCRIPT`, its last characters
  :data:`SENTENCE_LAST_ANY_SCRIPT`); inside a line or running text :data:`INNER_SENTENCE` and
  :data:`SENTENCE_BREAK`, with :data:`INITIAL`, whose stop ends none.
* **Words**: :data:`LETTER` and the letter runs (:data:`A_LETTER`, :data:`LETTERS`,
  :data:`LETTERS_AT_END`, :data:`LETTERS_AFTER_SPACE`); the words of a line's shape
  (:data:`LETTER_WORD`, :data:`ASCII_LETTER_WORD`, :data:`ASCII_LETTERS_ONLY`), of the corpus
  index (:data:`HYPHENATED_WORD`), of the quote marks and hyphens (:data:`WORD_CHARACTERS`,
  :data:`HYPHEN_WORD`), of the quote check and its report (:data:`APOSTROPHES`,
  :data:`QUOTE_TOKEN`, :data:`WORD_OR_MARK`). They differ on digits, apostrophes and hyphens,
  each for the question its reader asks (said at each): none can stand in for another without
  changing what its reader finds.
* **Paragraphs**: :data:`PARAGRAPH_BREAK` (a blank line), :data:`PARAGRAPH` (lines with no
  empty line between them) and :func:`paragraph_texts` (report.html's).

Imports nothing of the package: a core module, below every wing.

>>> [(line.start, line.text) for line in split_lines("ab\\n\\ncd\\n")]
[(0, 'ab'), (3, ''), (4, 'cd')]
>>> index = LineIndex("ab\\r\\ncd\\nef")
>>> index.position(5), index.position(7)
((2, 2), (3, 1))
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache, partial
from itertools import accumulate
from operator import add
from typing import NamedTuple, overload

# -- lines --------------------------------------------------------------------------------------

# The text of each line that is not blank, as ``str.strip`` leaves it: without its indentation
# and trailing space (``\s`` is the same whitespace as ``str.isspace``). One match per line, found
# in one pass over the text rather than a Python step per line.
TEXT_LINE = re.compile(r"\S(?:[^\n]*\S)?")


class Line(NamedTuple):
    """One line of the text: ``text == whole[start:end]``; ``stop`` is after its ``"\\n"``. A
    named tuple, immutable like a frozen dataclass: one is made for every line of every
    document, and a tuple is made in a fraction of the time (made in bulk with
    ``tuple.__new__(Line, fields)``, which skips the named tuple's own ``__new__``, a Python
    function: half the time again)."""

    start: int
    end: int
    stop: int
    text: str

    @property
    def blank(self) -> bool:
        """Nothing but whitespace (spaces, tabs, form feeds)."""
        return not self.text.strip()


_ONE_MORE = (1).__add__
_MAKE_LINE = partial(tuple.__new__, Line)  # Line(*fields) without its Python __new__ (see Line)


def _starts(lengths: list[int]) -> list[int]:
    """Where each line of these lengths starts: one past the line end of the one before."""
    starts = list(accumulate(map(_ONE_MORE, lengths), initial=0))
    starts.pop()
    return starts


def _pieces(text: str) -> list[str]:
    """The text of each line of ``text``, split at ``"\\n"``: the one cut of every line unit."""
    pieces = text.split("\n")
    if not pieces[-1]:  # the text ends with a line end (or is empty): no line after it
        pieces.pop()
    return pieces


@lru_cache(maxsize=4)
def split_lines(text: str) -> tuple[Line, ...]:
    """The lines of ``text``, split at ``"\\n"`` only (a form feed stays inside its line).

    Cached for the last few texts: consecutive stages that changed nothing (``boilerplate``,
    ``page-break``, ``footnotes``) split the same text, and a line costs more to build than to
    find."""
    # Column by column, each in one C-level pass (this runs for every line of every stage's
    # text): where each line starts (one past the line end before it), ends, and stops (one
    # past its own line end, which only the last line may lack).
    pieces = _pieces(text)
    lengths = list(map(len, pieces))
    starts = _starts(lengths)
    ends = list(map(add, starts, lengths))
    stops = list(map(_ONE_MORE, ends))
    if stops and stops[-1] > len(text):
        stops[-1] = len(text)
    return tuple(map(_MAKE_LINE, zip(starts, ends, stops, pieces, strict=True)))


class Lines(Sequence[Line]):
    """The lines of ``text`` as :func:`split_lines` cuts them, each :class:`Line` built only when
    it is asked for: for a stage that reads the text of every line (``texts``, ``starts``) but
    the whole :class:`Line` of few (building one costs more than finding every line)."""

    __slots__ = ("_length", "starts", "text", "texts")

    def __init__(self, text: str) -> None:
        self.text = text
        pieces = _pieces(text)
        self.texts: list[str] = pieces
        self.starts: list[int] = _starts(list(map(len, pieces)))
        self._length = len(text)

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | Sequence[Line]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.texts)))]
        start, text = self.starts[index], self.texts[index]
        end = start + len(text)
        return Line(start, end, min(end + 1, self._length), text)


def line_pieces(text: str) -> Iterator[tuple[int, str]]:
    """``(start, text)`` of each line of ``text`` as :func:`split_lines` cuts it, without a
    :class:`Line` built for each (for a stage that keeps few of them, or builds its own)."""
    pos = 0
    for piece in _pieces(text):
        yield pos, piece
        pos += len(piece) + 1


# -- offsets -> line and column of an input file -------------------------------------------------

# A line end of an input file as SARIF counts them (and so viewers, annotations, report.html).
LINE_END = re.compile(r"\r\n|\r|\n")
# The line ends of LINE_END that are not yet ``"\n"``: a Windows or old Mac line end, which the
# whitespace stage makes one (a lone ``"\n"`` is already right).
CR_LINE_END = re.compile(r"\r\n?")
# Where a line ends in a text the whitespace stage has not seen yet (the unicode stage's): at any
# character of LINE_END.
LINE_END_CHARACTER = re.compile(r"[\r\n]")


class LineIndex:
    """The start offset of every line of a text, for offset → (line, column) look-ups."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in LINE_END.finditer(text))]

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset`` (a line end is on the line it ends).

        >>> [LineIndex("ab\\r\\ncd\\r\\ref").line(o) for o in (0, 2, 3, 4, 6, 7)]
        [1, 1, 1, 2, 2, 3]
        """
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of ``offset``, both 1-based, the column in code points."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def line_index(text: str) -> LineIndex:
    """The line index of ``text``, built once: every finding of a document asks for it.

    The last text asked about is recognised by identity first: the cache below finds a text by
    hash and then by equality, and a text equal to an earlier one (a repeated document, the same
    file run again) but another object would be compared in full at every finding."""
    global _last_index
    last = _last_index
    if last is not None and last[0] is text:
        return last[1]
    index = _line_index(text)
    _last_index = (text, index)  # (one tuple, swapped whole: safe across threads)
    return index


_last_index: tuple[str, LineIndex] | None = None  # the text line_index was last asked about


@lru_cache(maxsize=64)
def _line_index(text: str) -> LineIndex:
    return LineIndex(text)


# -- sentence ends ------------------------------------------------------------------------------

# What may follow the stop that ends a sentence: closing quotes and brackets.
CLOSING_MARKS = "\"'”’»)]"


def ends_with(stops: str) -> re.Pattern[str]:
    """A text ending in one of ``stops``, closing marks (:data:`CLOSING_MARKS`) allowed after."""
    return re.compile(f"[{re.escape(stops)}][{re.escape(CLOSING_MARKS)}]*$")


# A line whose text ends a sentence. One definition for every stage that asks, so they agree on
# where a sentence runs on.
ENDS_SENTENCE = ends_with(".!?:")
# The characters a stripped line that ENDS_SENTENCE matches can end in: a test of its last one
# spares most lines the search.
ENDS_SENTENCE_LAST = frozenset(".!?:" + CLOSING_MARKS)
# A line whose text ends a unit of a letter: a sentence, or a clause ("Dear Sir," "…; and").
ENDS_UNIT = ends_with(".!?:;,")
# A line of a web page or a document whose text ends a sentence, judged by its shape (the
# boilerplate stage): an ellipsis and the Chinese and Japanese full stops end one too, a colon
# does not (a line ending in one leads in to what follows: a list, links).
STOPS_ANY_SCRIPT = ".!?…。！？"
ENDS_SENTENCE_ANY_SCRIPT = ends_with(STOPS_ANY_SCRIPT)
# The characters such a line can end in: a test of its last one spares most lines the search.
SENTENCE_LAST_ANY_SCRIPT = frozenset(STOPS_ANY_SCRIPT + CLOSING_MARKS)
# A sentence end inside a line followed by the start of another sentence (boilerplate: how many
# sentences a line holds): a lower-case letter, digit or closing mark, the stop, space, and a
# capital (maybe after an opening quote or bracket).
INNER_SENTENCE = re.compile(r"[a-z\d)\]”’\"][.!?]\s+[\"“‘(]?[A-Z]")
# Where a sentence of running text ends and the next begins (the quote stage's attributions):
# a stop, closing marks, the space after them, then a capital or a digit opening the next. Its
# closing marks are not CLOSING_MARKS: they leave out the straight ``'`` (a sentence ending
# ``'go.' Then`` runs on) and it takes an ellipsis for a stop; kept as the quote stage has
# always read sentences, since either change would move an attribution.
SENTENCE_BREAK = re.compile(r"[.!?…][”’\"»)\]]*\s+(?=[“\"‘«(\[]?[A-Z0-9])")
# A single initial ("J."): the stop after it is no sentence end.
INITIAL = re.compile(r"[A-Z]\.")

# -- words --------------------------------------------------------------------------------------
# Each reader of words asks a different question of them, so each has its own pattern; they are
# here side by side so that the differences are seen, and none is written twice.

# A letter: a word character that is no digit or underscore (every letter str.isalpha takes is
# one, and a few more). A pattern piece, for the patterns built around it.
LETTER = r"[^\W\d_]"
A_LETTER = re.compile(LETTER)
# Letters in a row: the letters of a word broken across a line (footnote text, note blocks),
# digits not part of it (a note marker glued to the word: ``rights2``).
LETTERS = re.compile(LETTER + "+")
LETTERS_AT_END = re.compile(LETTER + "+$")  # the letters a text (up to a point) ends with
LETTERS_AFTER_SPACE = re.compile(rf"\s*({LETTER}+)")  # the letters a line starts with


def letters_before(text: str, pos: int, low: int = 0) -> re.Match[str] | None:
    """The run of letters ``text`` ends with just before ``pos`` (not before ``low``): the word a
    note label is glued to. Searched from the last space before ``pos``, which no run of
    letters holds: from ``low``, the search would try every offset of every word before it."""
    space = text.rfind(" ", low, pos)
    return LETTERS_AT_END.search(text, low if space < 0 else space + 1, pos)


# A word of a line's shape (boilerplate): letters with at most one inner apostrophe (``don't``,
# ``l’État``); a figure is no word, so a price list does not read as prose.
LETTER_WORD = re.compile(rf"{LETTER}+(?:['’]{LETTER}+)?")
ASCII_LETTER_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # LETTER_WORD of a lowered ASCII text
# ... and without an apostrophe, faster still: every byte but a letter a space, letters lowered.
ASCII_LETTERS_ONLY = bytes(c if chr(c).isalpha() and c < 128 else 32 for c in range(256)).lower()
# A word of the corpus index (word document frequencies): letters, with inner hyphens, so that
# ``co-operation`` is one word however often it is written so.
HYPHENATED_WORD = re.compile(rf"{LETTER}+(?:-{LETTER}+)*")
# Word characters in a row (``\w``: letters, digits, underscore): the word after a quotation mark
# (``Peoples’ Republic``), the piece after a hyphen at a line end; digits count, as in ``1990s``.
WORD_CHARACTERS = re.compile(r"\w+")
# A word as the hyphenation stage counts occurrences: word characters and hyphens, so that a
# hyphenated compound (``follow-up``) is one occurrence and none of its halves.
HYPHEN_WORD = re.compile(r"[\w-]+")
# Written for an apostrophe: curly, straight, modifier letter, acute.
APOSTROPHES = "’'‘ʼ´"
# A word the quote check compares (before normalising): word characters with inner apostrophes
# of any form (a mirror writes ``'`` for ``’``), after an editorial bracket (``[t]he``).
QUOTE_TOKEN = re.compile(r"(?:\[\w{1,3}\])?\w+(?:[" + APOSTROPHES + r"]\w+)*")
# The units report.html shows a misquotation's differences in: a word with inner apostrophes,
# or a single punctuation mark (so that a dropped comma shows).
WORD_OR_MARK = re.compile(r"\w+(?:[" + APOSTROPHES + r"]\w+)*|[^\w\s]")

# -- paragraphs ---------------------------------------------------------------------------------

# Between two paragraphs: a blank line (empty, or spaces and tabs only).
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A paragraph as a letter's blocks are grouped (the structure stage's letter lines): lines with
# no *empty* line between them. A line of spaces or tabs does not end it, where it is a
# PARAGRAPH_BREAK for the quote stage (the whitespace stage leaves such a line as it is): the two
# are kept apart, as merging them would move a letter's blocks or a quotation's sentences.
PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def paragraph_texts(text: str) -> list[str]:
    """The paragraphs of a clean text as report.html shows them: the pieces between two line
    ends in a row, blank ones left out. Cut at ``"\\n\\n"`` itself, not at a PARAGRAPH_BREAK: a
    third line end stays at the head of the next piece, as the page has always shown it.

    >>> paragraph_texts("One\\ntwo\\n\\n\\nThree\\n\\n")
    ['One\\ntwo', '\\nThree']
    """
    return [piece for piece in text.split("\n\n") if piece.strip()]
