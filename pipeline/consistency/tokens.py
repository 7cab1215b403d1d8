"""The words the quote check compares: one normalised view of a stretch of clean text.

Casefolded, apostrophes folded away, editorial brackets opened (``[t]he`` → ``the``);
punctuation, quotation marks and dashes are not words. Folding apostrophes (``DPRK’s``,
``DPRK's`` and ``DPRKs`` are one word ``dprks``) lets a mirror that strips them, or writes
straight marks for curly ones, still match: whether the difference is a real one is the
labels' to say (:mod:`.labelling`). Shingles (runs of ``size`` words) and their keys are cut
from these words, the same in every process.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from ..text import APOSTROPHES, QUOTE_TOKEN

T = TypeVar("T")
NORMALISE = str.maketrans(dict.fromkeys("[]" + APOSTROPHES))  # for word comparison
# Typographic forms of one mark: a mirror writing straight marks for curly ones misquotes nothing.
TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
# Ids were made before apostrophes were folded (``state's``): they stay as they were.
IDENTITY = str.maketrans({"[": None, "]": None, "’": "'", "‘": "'"})


@dataclass(frozen=True, slots=True)
class Tokens:
    """A stretch of clean text as normalised words, each with its offsets in that text."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def tokens(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """The normalised words of ``text[start:end]`` with their offsets in ``text``.

    >>> tokens("“[T]he State’s — gross”").words
    ('the', 'states', 'gross')
    """
    matches = list(QUOTE_TOKEN.finditer(text, start, len(text) if end is None else end))
    words = tuple(normal_word(m.group()) for m in matches)
    return Tokens(words, tuple(m.span() for m in matches))


def words_of(text: str, start: int = 0, end: int | None = None) -> tuple[str, ...]:
    """``tokens(text, start, end).words``, faster (no offsets)."""
    found = QUOTE_TOKEN.findall(text, start, len(text) if end is None else end)
    return tuple(map(normal_word, found))


def identity_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as cluster ids are made of: as :func:`words_of` gives them, but
    with apostrophes unified, not folded away (the ids of earlier runs stay valid)."""
    return tuple(word.translate(IDENTITY).casefold() for word in QUOTE_TOKEN.findall(text))


@lru_cache(maxsize=1 << 16)
def normal_word(word: str) -> str:
    """One word as compared. (A corpus has few distinct words and every document is tokenised:
    each one is normalised once.)"""
    return sys.intern(word.translate(NORMALISE).casefold())


def shingles(words: Sequence[T], size: int) -> list[tuple[T, ...]]:
    """The runs of ``size`` consecutive ``words`` (the words themselves if fewer)."""
    if len(words) < size:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + size]) for i in range(len(words) - size + 1)]


@lru_cache(maxsize=1 << 16)
def _code(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def keys(words: Sequence[str], size: int) -> array[int]:
    """A key per shingle of ``words`` (as :func:`shingles` cuts them), the same in every
    process: Python's hash of a tuple of the words' CRC-32s. (The hash of a string is salted
    per process, that of a tuple of integers is not; the keys of workers and runner meet.)"""
    return _window_keys(list(map(_code, words)), size)


@lru_cache(maxsize=1 << 16)
def _written_code(word: str) -> int:
    """:func:`_code` of a word as the text writes it, once normalised (:func:`normal_word`)."""
    return _code(normal_word(word))


def text_keys(text: str, spans: Sequence[tuple[int, int]], size: int) -> array[int]:
    """:func:`keys` of the words of ``text`` in ``spans``, in order (as :func:`words_of` gives
    them, span after span): the same keys, with each word looked up once, not normalised into a
    list and then coded (this runs over the whole body of every document)."""
    find = QUOTE_TOKEN.findall
    codes = [_written_code(word) for start, end in spans for word in find(text, start, end)]
    return _window_keys(codes, size)


def _window_keys(codes: list[int], size: int) -> array[int]:
    if len(codes) < size:
        return array("q", [hash(tuple(codes))] if codes else [])
    windows = zip(*(codes[i:] for i in range(size)), strict=False)  # stops at the last whole window
    return array("q", map(hash, windows))
