"""Each member of a cluster labelled against the canonical wording, with its differences and
findings.

A member is aligned to the canonical wording word by word (:func:`~.align.align`) and labelled
with the first level at which it equals the canonical span it covers: ``identical`` → ``case``
→ ``punctuation`` → ``editorial`` (brackets, ellipses and ``[sic]`` are licensed edits); a
faithful sub-span is ``truncated``; anything else is ``wording``, with word-level differences.
Changes of meaning — negation, numbers, modals, quantifiers — are named in the finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import orjson

from ..codes import finding
from ..positions import Placed
from ..text import APOSTROPHES
from .align import align
from .digest import Passage, from_record
from .results import ClusterMember, Difference, Member
from .tokens import TYPOGRAPHIC, Tokens, tokens

EDITORIAL = re.compile(r"\[(?:sic|emphasis added)\]|\[[^\]]*\]|…|\.\s?\.\s?\.", re.IGNORECASE)
PUNCTUATION = re.compile(r"[^\w\s]")
# Apostrophes are left out at the punctuation level: ``DPRKs`` is ``DPRK’s`` without one.
UNAPOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES))
SPACES = re.compile(r"\s+")
MEANING = {  # words whose change alters what a passage says
    "negation": {"not", "no", "never", "without", "none", "nor", "neither", "cannot"},
    "modal": {"shall", "should", "may", "might", "must", "can", "could", "will", "would"},
    "quantifier": {"any", "a", "an", "all", "some", "every", "each", "many", "few", "most"},
}
VARIANT_FINDINGS = {
    "wording": "quote.wording-mismatch",
    "case": "quote.case-mismatch",
    "punctuation": "quote.punctuation-mismatch",
    "unquoted": "quote.unquoted-reuse",
}
INCONSISTENT = {"case", "punctuation", "wording"}

Stored = tuple[bytes, tuple[str, ...] | None]  # a spilled passage, and its words if not in it


@dataclass(frozen=True, slots=True)
class Piece:
    """Members of a cluster to label (as spilled), and the wording to label them against."""

    canonical: str
    members: list[Stored]


@dataclass(frozen=True, slots=True)
class Labelled:
    """A labelled piece: its members, their findings, and their places in the raw files."""

    members: list[ClusterMember]
    findings: list[Placed]
    places: list[Member]


def label_pieces(_: None, unit: list[Piece]) -> list[Labelled]:
    """Each piece of ``unit`` labelled (a map step of the engines: any worker may do it)."""
    results: list[Labelled] = []
    for piece in unit:
        canon = tokens(piece.canonical)
        rows, findings, places = [], [], []
        for stored, words in piece.members:
            member = from_record(orjson.loads(stored), words)
            variant, differences = label(member, piece.canonical, canon)
            rows.append(
                ClusterMember(
                    member.document, member.quote, member.text, member.start, member.end,
                    variant, tuple(differences),
                )
            )  # fmt: skip
            if variant in VARIANT_FINDINGS:
                message = _message(variant, member, differences)
                findings.append(placed_finding(member, VARIANT_FINDINGS[variant], message))
            places.append(
                Member(member.document, member.raw_start, member.raw_end, variant, member.where)
            )
        results.append(Labelled(rows, findings, places))
    return results


def placed_finding(passage: Passage, code: str, message: str) -> Placed:
    """A finding of ``code`` on ``passage``, placed in its input file."""
    made = finding(code, message, passage.raw_start, passage.raw_end)
    return Placed(passage.document, made, passage.where, passage.snippet)


def _normal(text: str, level: str) -> str:
    """``text`` as compared at ``level`` (``case`` or ``punctuation``)."""
    if level == "punctuation":
        text = PUNCTUATION.sub(" ", text.translate(UNAPOSTROPHE))
    return SPACES.sub(" ", text).strip().casefold()


def _editorial_match(edited: str, plain: str) -> bool:
    """Whether ``edited`` is ``plain`` with editorial marks: ``[t]he`` case changes, bracketed
    insertions that stand for any words (or none), ellipses for omitted words, ``[sic]``."""
    edited = re.sub(r"\[(\w{1,3})\](?=\w)", r"\1", edited)
    segments = [_normal(s, "punctuation") for s in EDITORIAL.split(edited)]
    target, pos = f" {_normal(plain, 'punctuation')} ", 0
    for segment in filter(None, segments):
        found = target.find(f" {segment} ", pos)
        if found < 0:
            return False
        pos = found + len(segment) + 1
    return True


def label(member: Passage, canonical: str, canon: Tokens) -> tuple[str, list[Difference]]:
    """``(variant, differences)`` of ``member`` against the canonical wording: judged on the
    part of it the member covers, from the canonical word its first word stands for to the one
    its last word stands for. Faithful: ``identical`` when that part is the whole passage,
    ``truncated`` when it is a strict part. The quotation's own boundary is not a difference:
    the case of its first letter, punctuation before its first or after its last word."""
    own = tokens(member.text)
    runs = align(own.words, canon.words)
    # The canonical span the member covers: from its first to its last matched word.
    matched = [run for run in runs if run.equal]
    if not matched:
        return ("unquoted" if member.quote is None else "wording"), _differences(
            member.text, own, canonical, canon, 0, len(canon.words)
        )
    first, last = matched[0].right_start, matched[-1].right_end
    lead = matched[0].left_start  # member words before the first match replace canonical
    if lead:  # words just before it
        first = max(0, first - lead)
    trail = len(own.words) - matched[-1].left_end
    if trail:
        last = min(len(canon.words), last + trail)
    span_text = canonical[canon.spans[first][0] : canon.spans[last - 1][1]]
    whole = first == 0 and last == len(canon.words)
    diffs = _differences(member.text, own, canonical, canon, first, last)
    if member.quote is None:
        return "unquoted", diffs
    text = _strip_edges(member.text).translate(TYPOGRAPHIC)
    span_text = _strip_edges(span_text).translate(TYPOGRAPHIC)
    text = _boundary_case(text, span_text)
    if text == span_text:
        if EDITORIAL.search(text):  # the same words, with editorial marks of its own
            return "editorial", []
        return ("identical" if whole else "truncated"), []
    if _normal(text, "case") == _normal(span_text, "case"):
        return "case", _case_differences(text, span_text)
    if _normal(text, "punctuation") == _normal(span_text, "punctuation"):
        return "punctuation", diffs + _apostrophe_differences(member.text, own, canonical, canon)
    if _editorial_match(text, span_text) or _editorial_match(span_text, text):
        return "editorial", diffs
    return "wording", diffs


def _boundary_case(text: str, canonical: str) -> str:
    """``text`` with its first letter in the case of the canonical's (``reveal`` quoting
    ``Reveal``): a quotation may start mid-sentence or begin one of its own."""
    if text[:1].casefold() == canonical[:1].casefold():
        return canonical[:1] + text[1:]
    return text


def _case_differences(member: str, canonical: str) -> list[Difference]:
    pairs = zip(canonical.split(), member.split(), strict=False)
    return [Difference("case", c, m) for c, m in pairs if c != m]


def _apostrophe_differences(
    text: str, own: Tokens, canonical: str, canon: Tokens
) -> list[Difference]:
    """The words the member writes with an apostrophe more or fewer than the canonical
    (``DPRKs`` for ``DPRK’s``), each side as written: equal as compared, not as written."""
    found = []
    for run in align(own.words, canon.words):
        if not run.equal:
            continue
        for k in range(run.left_end - run.left_start):
            mine = _with_apostrophes(text, own.spans[run.left_start + k])
            theirs = _with_apostrophes(canonical, canon.spans[run.right_start + k])
            if _apostrophes_only(mine, theirs):
                found.append(Difference("punctuation", theirs, mine))
    return found


def _with_apostrophes(text: str, span: tuple[int, int]) -> str:
    """The word at ``span`` of ``text`` with an apostrophe just before or after it, if any
    (``villagers’``, ``’90s``: a word's own marks, though not part of it as compared)."""
    start, end = span
    if start and text[start - 1] in APOSTROPHES and not text[start - 2 : start - 1].isalnum():
        start -= 1
    if text[end : end + 1] in tuple(APOSTROPHES) and not text[end + 1 : end + 2].isalnum():
        end += 1
    return text[start:end]


def _apostrophes_only(mine: str, theirs: str) -> bool:
    """Whether two writings of a word differ in their apostrophes only (letter case aside)."""
    mine, theirs = mine.casefold(), theirs.casefold()
    written = mine.translate(TYPOGRAPHIC) != theirs.translate(TYPOGRAPHIC)
    return written and mine.translate(UNAPOSTROPHE) == theirs.translate(UNAPOSTROPHE)


def _strip_edges(text: str) -> str:
    # Quotation marks and closing punctuation at the ends belong to the quoting sentence.
    return text.strip(" \n.,;:!?“”‘’\"'")


def _differences(
    text: str, own: Tokens, canonical: str, canon: Tokens, first: int, last: int
) -> list[Difference]:
    """Word-level changes from the canonical words ``first:last`` to the member's, each side in
    its own words (as written, with the punctuation between changed words)."""
    theirs = canon.words[first:last]
    diffs = []
    for run in align(own.words, theirs):
        if run.equal:
            continue
        added = _written(text, own, run.left_start, run.left_end)
        dropped = _written(canonical, canon, first + run.right_start, first + run.right_end)
        op = "replace" if added and dropped else "insert" if added else "delete"
        diffs.append(Difference(op, dropped, added))
    return diffs


def _written(text: str, found: Tokens, first: int, last: int) -> str:
    """The words ``first:last`` of ``found`` as ``text`` writes them."""
    if first >= last:
        return ""
    return text[found.spans[first][0] : found.spans[last - 1][1]]


def _message(variant: str, member: Passage, differences: Sequence[Difference]) -> str:
    where = f"quote {member.quote}" if member.quote else "unquoted passage"
    if variant == "unquoted":
        return f"{where} reuses a quoted passage without quotation marks"
    if variant == "case":
        shown = ", ".join(f"“{d.canonical}” → “{d.member}”" for d in differences[:4])
        return f"{where} differs from the canonical wording in letter case: {shown}"
    if variant == "punctuation":
        return f"{where} differs from the canonical wording in punctuation"
    shown = "; ".join(f"“{d.canonical}” → “{d.member}”" for d in differences[:4])
    changes = sorted(
        {
            kind
            for d in differences
            for kind, words in MEANING.items()
            if set(d.canonical.split()) & words or set(d.member.split()) & words
        }
        | (
            {"number"}
            if any(re.search(r"\d", d.canonical + d.member) for d in differences)
            else set()
        )
    )
    meaning = f" (changes {', '.join(changes)})" if changes else ""
    return f"{where} changes the wording{meaning}: {shown}"
