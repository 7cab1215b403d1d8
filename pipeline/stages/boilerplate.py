"""Stage ``boilerplate``: web chrome (navigation, donation appeals, share bars) and photo captions.

Artefacts: a web page's text arrives with the site around it (``Skip to main content``, a
breadcrumb, ``Share this: Facebook Twitter Email``, ``Your tax deductible gift can help …``,
``Privacy Policy | Terms of Use``, related-article links) and with photo captions between its
paragraphs (``Security Council members cast their votes … © 2015 Reuters``). Whole lines are
removed (kind ``boilerplate``, or ``caption`` for captions); the evidence, all of it data in
``[boilerplate]`` of defaults.toml:

1. ``rules``: a line that matches one whole is chrome wherever it is (rule ``rule:<name>``);
2. ``credits``: a line ending in a photo credit (``Photo: … / AFP``, ``© 2015 Reuters``,
   ``(AP Photo/…)``) is a caption (rule ``photo-credit``); a credit alone on its line takes the
   short caption line right above it too (rule ``photo-caption``);
3. ``link_lists``: a ``Related articles`` heading and the headline-shaped lines under it;
4. only at the head and tail of a *web page* (a document where 1 or 3 fired): ``edge_rules``
   (``Menu``, breadcrumbs such as ``Region / Country``) and corpus evidence: a short line with
   web-chrome shape (a separator such as `` / ``, or only navigation words) that heads or tails
   at least ``min_documents`` documents of the corpus (rule ``corpus:web-chrome``).

False positives it risks: a letter line that happens to read exactly like a rule (``Search``
alone on a line); a real sentence right above a lone photo credit; a one-line final paragraph
shaped like a menu at a web page's edge. What protects content: rules match whole short lines
only (``max_line_length``), credits must close a sentence or stand alone, and recurrence across
documents alone is never enough — the signatory lists repeated at the tails of letters have
neither a web page around them nor chrome shape. Lines holding a form feed are left to the
``page-break`` stage.

>>> from pipeline.config import Config
>>> from pipeline.document import Source
>>> from pipeline.ledger import Ledger
>>> doc = Document("d", Source("-", "", "utf-8"), Ledger("Skip to main content\\n\\nText.\\n"))
>>> [(p.start, p.end, p.rule) for p in remove_boilerplate(doc, Context(Config.load())).proposals]
[(0, 22, 'rule:skip-link')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..config import BoilerplateConfig
from ..corpus import CorpusIndex
from ..document import Document
from ._lines import Line, removal_proposals, split_lines
from .base import Context, StageOutput

BOILERPLATE, CAPTION = "boilerplate", "caption"
WORD = re.compile(r"[^\W\d_]+")
SENTENCE_PUNCTUATION = re.compile(r"[.!?,;:]")  # chrome lines have none
CLOSED = tuple('.!?”")')  # a caption sentence before an inline credit ends like this
NOT_A_LINK = tuple(".,;:")  # a related-article headline does not end like a sentence or clause


@dataclass(frozen=True, slots=True)
class _Rules:
    """``[boilerplate]`` compiled once per configuration."""

    rules: tuple[tuple[str, re.Pattern[str]], ...]
    edge_rules: tuple[tuple[str, re.Pattern[str]], ...]
    link_lists: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    navigation: frozenset[str]
    any_rule: re.Pattern[str] | None  # fullmatches where one of `rules` does (see _joined)
    any_link_list: re.Pattern[str] | None  # the same for `link_lists`


# A group reference would point to another group once the patterns are joined in one.
GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _joined(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that fullmatches a line exactly when one of ``patterns`` does: most lines
    are rejected by one match attempt instead of one per pattern. None when the patterns cannot
    be joined (group references, global flags, or a group name used twice)."""
    sources = [p.pattern for p in patterns]
    if not sources or any(GROUP_REFERENCE.search(source) for source in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{source})" for source in sources), re.IGNORECASE)
    except re.error:
        return None


def _named(entries: Sequence[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    pairs = (entry.partition(": ") for entry in entries)
    return tuple((name, re.compile(pattern, re.IGNORECASE)) for name, _, pattern in pairs)


@lru_cache(maxsize=8)
def _compile(options: BoilerplateConfig) -> _Rules:
    agency = "(?:" + "|".join(re.escape(a) for a in options.agencies) + ")"
    rules = _named(options.rules)
    link_lists = tuple(re.compile(p, re.IGNORECASE) for p in options.link_lists)
    return _Rules(
        rules,
        _named(options.edge_rules),
        link_lists,
        tuple(
            re.compile(f"(?:{p.replace('{agency}', agency)})$", re.IGNORECASE)
            for p in options.credits
        ),
        frozenset(word.casefold() for word in options.navigation_words),
        _joined([rule for _, rule in rules]),
        _joined(link_lists),
    )


def _match(
    text: str, rules: Sequence[tuple[str, re.Pattern[str]]], joined: re.Pattern[str] | None = None
) -> str | None:
    """The name of the first rule that fullmatches ``text`` (``joined``: all of them in one)."""
    if joined is not None and not joined.fullmatch(text):
        return None
    return next((name for name, rule in rules if rule.fullmatch(text)), None)


def _link_list_heading(text: str, rules: _Rules) -> bool:
    if rules.any_link_list is not None:
        return rules.any_link_list.fullmatch(text) is not None
    return any(h.fullmatch(text) for h in rules.link_lists)


def _captions(
    lines: Sequence[Line],
    candidates: Sequence[int],
    hits: dict[int, str],
    rules: _Rules,
    limit: int,
) -> Iterator[tuple[int, str]]:
    """Caption lines: ``(index, rule)``; a lone credit takes the caption line above it."""
    title = next((i for i in candidates if i not in hits), None)  # never taken for a caption
    usable = set(candidates)
    for i in candidates:
        text = lines[i].text.strip()
        if len(text) > limit:  # a paragraph (tested first: the credit patterns are costly)
            continue
        credit = next((m for r in rules.credits if (m := r.search(text))), None)
        if credit is None:
            continue
        caption = text[: credit.start()].rstrip()
        if caption and not (caption.endswith(CLOSED) or credit.group().startswith("(")):
            continue  # a wrapped line of prose that happens to end like a credit
        yield i, "photo-credit"
        above = i - 1
        if (
            not caption
            and above in usable
            and above not in hits
            and above != title
            and len(lines[above].text.strip()) <= limit
        ):
            yield above, "photo-caption"


def _chrome_shaped(text: str, options: BoilerplateConfig, rules: _Rules) -> bool:
    text = text.strip()
    if len(text) > options.max_chrome_length or SENTENCE_PUNCTUATION.search(text):
        return False
    if any(separator in text for separator in options.separators):
        return True
    words = WORD.findall(text.casefold())
    return bool(words) and all(word in rules.navigation for word in words)


def _edge(
    lines: Sequence[Line],
    order: Sequence[int],
    found: dict[int, tuple[str, str]],
    corpus: CorpusIndex,
    options: BoilerplateConfig,
    rules: _Rules,
) -> Iterator[tuple[int, str]]:
    """Chrome in the run of lines at one edge (``order`` walks inward from it)."""
    for i in order:
        text = lines[i].text
        if "\f" in text:
            return
        if i in found:
            continue
        name = _match(text.strip(), rules.edge_rules)
        if name is not None:
            yield i, f"rule:{name}"
        elif corpus.documents_with(text) >= options.min_documents and _chrome_shaped(
            text, options, rules
        ):
            yield i, "corpus:web-chrome"
        else:
            return


def _link_lists(
    lines: Sequence[Line],
    found: dict[int, tuple[str, str]],
    options: BoilerplateConfig,
    rules: _Rules,
) -> Iterator[tuple[int, str]]:
    """A ``Related articles`` heading and the headline-shaped lines under it."""
    heading: bool = False
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if "\f" in line.text or i in found:
            heading = False
        elif heading and len(text) <= options.max_chrome_length and not text.endswith(NOT_A_LINK):
            yield i, "rule:related-links"
        else:
            heading = _link_list_heading(text, rules)
            if heading:
                yield i, "rule:related-links"


def remove_boilerplate(doc: Document, ctx: Context) -> StageOutput:
    """Propose deleting chrome lines (kind ``boilerplate``) and captions (kind ``caption``)."""
    options = ctx.config.boilerplate
    rules = _compile(options)
    lines = split_lines(doc.text)
    candidates = [i for i, line in enumerate(lines) if not line.blank and "\f" not in line.text]
    hits: dict[int, str] = {}
    for i in candidates:
        text = lines[i].text.strip()
        long = len(text) > options.max_line_length
        name = None if long else _match(text, rules.rules, rules.any_rule)
        if name is not None:
            hits[i] = f"rule:{name}"
    found: dict[int, tuple[str, str]] = {}
    for i, rule in _captions(lines, candidates, hits, rules, options.max_caption_length):
        found.setdefault(i, (CAPTION, rule))
    for i, rule in hits.items():
        found.setdefault(i, (BOILERPLATE, rule))
    for i, rule in _link_lists(lines, found, options, rules):
        found[i] = (BOILERPLATE, rule)
        hits[i] = rule
    if hits:  # a web page: its head and tail may hold chrome no rule names
        nonblank = [i for i, line in enumerate(lines) if not line.blank]
        for order in (nonblank, nonblank[::-1]):
            for i, rule in list(_edge(lines, order, found, ctx.corpus, options, rules)):
                found[i] = (BOILERPLATE, rule)
    return StageOutput(
        tuple(removal_proposals(doc.text, lines, found, barrier=lambda line: "\f" in line.text))
    )
