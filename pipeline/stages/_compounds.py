"""The word rule of the ``hyphenation`` stage: whether ``left-`` / ``right``, broken at a line end,
is a compound that keeps its hyphen — decided from the two parts alone, for when neither the
document nor the corpus has seen the compound or the joined word.

Typesetting hyphens are far more common than real compounds broken at their hyphen, so the rule
keeps a hyphen only on positive evidence from the word itself:

* the compound is listed in ``pipeline/data/hyphenated-compounds.txt`` (``so-called``,
  ``follow-up``, ``re-education``) or in ``hyphenation.compounds``;
* a digit on either side (``400-page``, ``21st-century``), an all-capital first part (``UN-led``),
  a capital after the hyphen (``North-South``, ``anti-American``, ``Jong-Un``);
* a first part from ``hyphenation.first_parts`` before a part that is a word by itself
  (``well-documented``, ``long-standing``; ``so-`` / ``cial`` is still ``social``), or one of
  ``hyphenation.always_prefixes`` (``self-``, ``non-``);
* a prefix before the vowel ``hyphenation.vowel_prefixes`` gives it (``re-elect``,
  ``co-operation``, ``pre-existing``, ``anti-impunity``);
* a second part from ``hyphenation.second_parts`` (``state-run``, ``field-based``,
  ``high-level``);
* a capitalised first part before a lowercase part (``Jong-un``, ``Il-sung``), unless the first
  part is a common prefix (``Re-``, ``Com-``) or the second ends like an English word
  (``Crimi-nal``, ``Vio-lations``, ``Forthcom-ing``: a capital at a title's or a sentence's start).

"A word by itself" means: it occurs on its own in the document (outside the broken words), in at
least two documents of the corpus, or as a part of a listed compound. The risk is a listed
compound whose author wrote it closed (``co-operation`` / ``cooperation``: the corpus, when it
has the closed form, decides first) and a name broken at a syllable that ends like a word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..compiled import compiled
from ..config import HyphenationConfig

DATA = Path(__file__).resolve().parent.parent / "data"
STRIP = "\"'“”‘’()[]{}.,;:!?*"  # what a word of the text may carry around it
ORDINALS = ("st", "nd", "rd", "th")
COMPOUNDS_FILE = DATA / "hyphenated-compounds.txt"
FUNCTION_WORDS_FILE = DATA / "function-words.txt"


@dataclass(frozen=True, slots=True)
class WordRule:
    """The lists the rule reads, from the config and the shipped data file, as sets."""

    compounds: frozenset[str]  # casefolded, with their hyphens
    closed: dict[str, str]  # closed form -> compound, for those marked `!` in the list
    parts: frozenset[str]  # every part of a listed compound: words by themselves
    function_words: frozenset[str]  # "which", "the": words wherever they stand
    first_parts: frozenset[str]
    always_prefixes: frozenset[str]
    vowel_prefixes: dict[str, str]  # prefix -> the vowels after which it keeps its hyphen
    second_parts: frozenset[str]
    soft_prefixes: frozenset[str]
    word_endings: tuple[str, ...]
    closed_second_parts: tuple[str, ...]
    number_second_parts: tuple[str, ...]

    def keeps(self, left: str, right: str, is_word: Callable[[str], bool]) -> str | None:
        """The rule that keeps the hyphen of ``left-right``, or ``None`` (drop it)."""
        low_left, low_right = left.casefold(), right.casefold()
        if f"{low_left}-{low_right}" in self.compounds:
            return "compound-listed"
        if any(c.isdigit() for c in left + right) or right[0].isupper():
            return "compound-shape"
        if len(left) > 1 and left.isupper() and not right.isupper():
            return "compound-shape"  # UN-led, NGO-run
        if self._prefixed(low_left, low_right, is_word) or (
            low_right in self.second_parts and len(left) > 1
        ):
            return "compound-shape"
        if left[0].isupper() and right.islower() and not self._word_shaped(low_left, low_right):
            return "compound-shape"  # a name's syllables: Jong-un, Il-sung
        return None

    def cuts(self, word: str, is_word: Callable[[str], bool]) -> tuple[int, ...]:
        """Where the closed-up compound ``word`` takes its hyphens back, if it is one."""
        low = word.casefold()
        if len(low) != len(word):  # casefolding changed its length (ß -> ss): no offsets
            return ()
        compound = self.closed.get(low)
        if compound is not None:
            parts = compound.split("-")[:-1]
            return tuple(sum(map(len, parts[: i + 1])) for i in range(len(parts)))
        if low.endswith(self.closed_second_parts):
            part = next(p for p in self.closed_second_parts if low.endswith(p))
            left = word[: -len(part)]
            if left.isalpha() and (len(left) >= 4 or (len(left) == 3 and is_word(left))):
                return (len(left),)
        if low[0].isdigit() and low.endswith(self.number_second_parts):
            part = next(p for p in self.number_second_parts if low.endswith(p))
            left = low[: -len(part)]
            if left.isdigit() or (left[:-2].isdigit() and left[-2:] in ORDINALS):
                return (len(left),)
        return ()

    def _prefixed(self, left: str, right: str, is_word: Callable[[str], bool]) -> bool:
        if left in self.always_prefixes:
            return True
        if left in self.first_parts and (right in self.parts or is_word(right)):
            return True
        vowels = self.vowel_prefixes.get(left)
        return vowels is not None and right[0] in vowels

    def _word_shaped(self, left: str, right: str) -> bool:
        """Whether a capitalised ``Left-right`` looks like one English word broken in two."""
        return left in self.soft_prefixes or right.endswith(self.word_endings)


def lost_hyphens(
    text: str, spans: list[tuple[int, int]], rule: WordRule, is_word: Callable[[str], bool]
) -> list[int]:
    """Where a hyphen belongs in a compound an extractor closed up at a line end on its own
    (pdftotext drops every line-end hyphen: ``socalled``, ``fieldbased``, ``21stcentury``),
    among the words of ``text[start:end]`` for each span.

    Only closed forms that are not words: a listed compound marked ``!``, a word (of four
    letters at least, or seen by itself) before one of ``hyphenation.closed_second_parts``
    (``field`` + ``based``; not ``dis`` + ``owned``), a number before one of
    ``hyphenation.number_second_parts`` (``400`` + ``page``).

    Each distinct token of the lines (as ``str.split`` cuts them) is asked once: the lines are few
    (those of a typeset text run on with the next), so this costs less than compiling a pattern
    that would pick out the tokens worth asking.
    """
    if not spans:
        return []
    lines = [text[start:end] for start, end in spans]
    cut: dict[str, tuple[str, tuple[int, ...]]] = {}  # token -> its word and where it is cut
    for token in set(" ".join(lines).split()):  # (a space between lines: no token crosses it)
        word = token.strip(STRIP)
        if len(word) >= 5 and word.isalnum():
            cuts = rule.cuts(word, is_word)
            if cuts:
                cut[token] = (word, cuts)
    points: set[int] = set()
    for token, (word, cuts) in cut.items():
        for line, (start, end) in zip(lines, spans, strict=True):
            if token in line and token in line.split():
                for at in _whole_words(text, word, start, end):
                    points.update(at + c for c in cuts)
    return sorted(points)


def _whole_words(text: str, word: str, start: int, end: int) -> list[int]:
    """Starts of ``word`` in ``text[start:end]`` as a whole word (no letter, digit or hyphen
    around it)."""
    found, at = [], text.find(word, start, end)
    while at >= 0:
        after = at + len(word)
        if not _wordly(text, at - 1) and not _wordly(text, after):
            found.append(at)
        at = text.find(word, after, end)
    return found


def _wordly(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and (text[pos].isalnum() or text[pos] == "-")


def word_rule(options: HyphenationConfig) -> WordRule:
    """The rule for ``options`` (built once per configuration)."""
    return _word_rule(options, COMPOUNDS_FILE)


@compiled
def _word_rule(options: HyphenationConfig, path: Path) -> WordRule:
    listed = [*_read_list(path), *options.compounds]
    compounds = frozenset(entry.rstrip("!").casefold() for entry in listed)
    closed = {e[:-1].replace("-", "").casefold(): e[:-1].casefold() for e in listed if e[-1] == "!"}
    vowel_prefixes = {}
    for entry in options.vowel_prefixes:
        prefix, _, vowels = entry.partition(":")
        vowel_prefixes[prefix.casefold()] = vowels or "aeiou"
    closed_second_parts = tuple(map(str.casefold, options.closed_second_parts))
    number_second_parts = tuple(map(str.casefold, options.number_second_parts))
    return WordRule(
        compounds=compounds,
        closed=closed,
        parts=frozenset(part for compound in compounds for part in compound.split("-")),
        function_words=frozenset(_read_list(FUNCTION_WORDS_FILE)),
        first_parts=frozenset(map(str.casefold, options.first_parts)),
        always_prefixes=frozenset(map(str.casefold, options.always_prefixes)),
        vowel_prefixes=vowel_prefixes,
        second_parts=frozenset(map(str.casefold, options.second_parts)),
        soft_prefixes=frozenset(map(str.casefold, options.soft_prefixes)),
        word_endings=tuple(map(str.casefold, options.word_endings)),
        closed_second_parts=closed_second_parts,
        number_second_parts=number_second_parts,
    )


def _read_list(path: Path) -> list[str]:
    """The entries of a word-list file: one a line, ``#`` comments and blank lines skipped."""
    entries = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [entry for entry in entries if entry]
