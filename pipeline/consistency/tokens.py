"""The words the quote check compares: one normalised view of a stretch of clean text.

Casefolded, apostrophes unified, editorial brackets opened (``[t]he`` → ``the``); punctuation,
quotation marks and dashes are not words. Shingles (runs of ``size`` words) and their keys are
cut from these words, the same in every process.
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")
NORMALISE = str.maketrans({"[": None, "]": None, "’": "'", "‘": "'"})  # for word comparison
TOKEN = re.compile(r"(?:\[\w{1,3}\])?\w+(?:[’'‘]\w+)*")


@dataclass(frozen=True, slots=True)
class Tokens:
    """A stretch of clean text as normalised words, each with its offsets in that text."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def tokens(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """The normalised words of ``text[start:end]`` with their offsets in ``text``.

    >>> tokens("“[T]he State’s — gross”").words
    ('the', "state's", 'gross')
    """
    matches = list(TOKEN.finditer(text, start, len(text) if end is None else end))
    words = tuple(normal_word(m.group()) for m in matches)
    return Tokens(words, tuple(m.span() for m in matches))


def words_of(text: str, start: int = 0, end: int | None = None) -> tuple[str, ...]:
    """``tokens(text, start, end).words``, faster (no offsets)."""
    found = TOKEN.findall(text, start, len(text) if end is None else end)
    return tuple(map(normal_word, found))


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
    codes = list(map(_code, words))
    if len(codes) < size:
        return array("q", [hash(tuple(codes))] if codes else [])
    windows = zip(*(codes[i:] for i in range(size)), strict=False)  # stops at the last whole window
    return array("q", map(hash, windows))
