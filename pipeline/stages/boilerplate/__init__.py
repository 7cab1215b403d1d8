"""Stage ``boilerplate``: web chrome (navigation, share bars, footers, link lists) and captions.

Artefacts: a web page's text arrives with the site around it — a menu, a breadcrumb
(``Home › News › Statements``), a byline and share bar, ``Advertisement``, a cookie banner ending
in ``Accept``, related links, a footer — and with photo captions between its paragraphs. Whole
lines are removed (kind ``boilerplate``, or ``caption``); the edit's rule says which evidence
agreed. A line is chrome when independent pieces of evidence agree:

* **shape** (:mod:`.shape`, judged after a converter's bullets, heading marks and link syntax):
  short, few function words of the document's language (a stoplist per language), no sentence
  punctuation; or stronger: a menu separator, mostly link text, an arrow, a button label at its
  end, only navigation words, a content-type label (``Press release``), a markdown image;
* **position** (:mod:`.position`): outside the article on a page that shows itself a web page (a
  rule fired; a line no PDF has: markdown links, a button label, a breadcrumb; several lines of
  strong shape; long menus and no letter). The article is its runs of real paragraphs (the
  substantial ones, with what lies between), widened over the lines right around them that have
  no strong shape — title, byline, standfirst above, lists and tables below — up to where a run
  of strong lines (a menu, a share bar, rules) starts; rule ``<shape>+head-run`` or
  ``<shape>+tail-run`` (``shape``, ``links``, ``separators``, ``menu``, ``button`` …);
* **recurrence**: the line heads or tails at least ``min_documents`` documents of the corpus
  (``Context.corpus``), is not a paragraph and stands outside the article's paragraphs (in the
  widened part: a recurring byline or ``Supported by``); rule ``recurrence``.

Shape alone never removes a line inside the article; the data rules of defaults.toml do, for what
shape cannot tell (``rules``: ``rule:<name>``; ``link_lists``: ``rule:related-links``), and so
do captions (:mod:`.captions`): ``caption:credit`` (and ``caption:credited`` for the line above a
lone credit), ``caption:pictured`` for a short line of its own naming who is pictured.

False positives it risks: a web article's own short lines beyond a run of strong chrome (a list
of short points after a share bar, links to the article's own topics); a line reading exactly
like a rule (``Search``, ``Comments``, ``© 2019 Agency``); a one-sentence paragraph of its own
that names someone ``(left)``; a heading recurring across a site's pages right by the article; a
form's fields under its own sentence ending in a colon; a layout table written in Markdown
beside the article. What protects content: a letter's head up to its salutation and the block
after its closing or last paragraph (signatories: short title-case lines, exactly chrome-shaped)
lose only strong chrome; a document with no web evidence loses only what rules and captions
name; recurrence counts only lines that are not paragraphs; a list that a sentence of the
article announces with a colon (kept, or taken for its shape alone right after a kept line)
loses only what rules and captions name, and a kept item of it does not end it (:mod:`.lists`);
a Markdown table's rows (a block with a ``---|---`` delimiter row) are judged by position as a
plain-text converter's rows are, their bars no menu separators (:mod:`.tables`). Lines holding
a form feed are left to the ``page-break`` stage.

A page read from its HTML (``Document.hints``) loses the lines its reader saw outside the page's
main content too, beside this stage's rules and captions (:mod:`.hinted`).

Each distinct line is read once per run (:mod:`.features`: its shape, whether a rule names it or
it holds a caption's credit, whether it is a paragraph, its strong shape), kept in the run's memo
(``Context.memo``), which only saves time: a document's result is the same whatever it holds.

>>> from pipeline.config import Config
>>> from pipeline.document import Source
>>> from pipeline.ledger import Ledger
>>> doc = Document("d", Source("-", "", "utf-8"), Ledger("Skip to main content\\n\\nText.\\n"))
>>> [(p.start, p.end, p.rule) for p in remove_boilerplate(doc, Context(Config.load())).proposals]
[(0, 22, 'rule:skip-link')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import count, takewhile

from ...config import BoilerplateConfig, Config
from ...corpus import MAX_LINE
from ...document import Document
from ...text import Line
from .._lines import removal_proposals
from ..base import Context, StageOutput
from .captions import credit_captions, pictured_captions
from .features import read_features
from .hinted import with_hints
from .lists import introduced_lists
from .position import Letter, Span, article_span, find_letter, furniture, openings
from .rules import compile_rules
from .shape import Shape, in_sentence_case, load_stoplists
from .tables import table_rows

BOILERPLATE, CAPTION = "boilerplate", "caption"
OWN_TEXT = re.compile(r"\d|www\.|://|@")  # figures, written-out addresses: a list's, not a menu's
NOT_A_LINK = tuple(".,;:")  # a related-article headline does not end like a sentence or clause
# Strong shapes a letter's own lines can have too: a signatory list is a run of short lines (a
# "menu"), "Statement" a label. They are no evidence of a web page.
WEAK_EVIDENCE = ("", "menu", "label", "navigation")
# What a letter's signature block may hold: it ends at any other strong shape.
SIGNATURE = ("", "menu")
# ... and its head: a letterhead may set its signatories apart with separators.
LETTERHEAD = ("", "menu", "separators")
WEB_SHAPES = ("links", "image", "button", "separators")  # the strong shapes _web_only asks


def _web_only(shape: Shape, strong: str, options: BoilerplateConfig) -> bool:
    """Shape no extracted PDF has: markdown links or images, a button label after a sentence,
    a menu bar of three items or more, or a separator that only menus use (``›``, ``»``)."""
    if strong in ("links", "image", "button"):
        return True
    if strong != "separators":
        return False
    return shape.separators >= 2 or any(mark in shape.text for mark in options.web_separators)


def _menus(
    order: Sequence[int],
    shapes: Mapping[int, Shape],
    strong: Mapping[int, str],
    stoplist: frozenset[str],
    options: BoilerplateConfig,
) -> Iterator[tuple[int, str]]:
    """Lines of a menu: runs of at least ``menu_run`` lines of at most ``max_menu_words``
    words each, none ending a sentence, numbered, or holding a figure or an address that is the
    page's own text ("World", "U.S.", "Politics"; not "VIP : 60,000₩", "www.example.org"); and
    not the points of a list: a run written mostly in sentence case (see
    :func:`.shape.in_sentence_case`) whose block (the lines around it with no blank line between)
    holds a short sentence of its own ("Families separated" under "The panel heard new witnesses
    this spring!")."""
    judged = set(order)

    def points(run: Sequence[int]) -> bool:
        around = [*takewhile(judged.__contains__, count(run[0] - 1, -1))]
        around += takewhile(judged.__contains__, count(run[-1] + 1))
        if not any(not strong[j] and shapes[j].prose for j in around):
            return False  # (asked first: most menus have no sentence in their block)
        return 2 * sum(in_sentence_case(shapes[j], stoplist) for j in run) >= len(run)

    run: list[int] = []
    most, least = options.max_menu_words, options.menu_run
    for i in [*order, -1]:
        shape = shapes.get(i)
        if (
            shape is not None
            and not strong[i]
            and 0 < shape.words <= most
            and not (shape.ends_sentence or shape.numbered or OWN_TEXT.search(shape.text))
        ):
            run.append(i)
            continue
        if run:
            if len(run) >= least and not points(run):
                yield from ((j, "menu") for j in run)
            run = []


def _link_lists(
    order: Sequence[int],
    shapes: Mapping[int, Shape],
    found: Mapping[int, tuple[str, str]],
    options: BoilerplateConfig,
    headings: frozenset[int],
) -> Iterator[tuple[int, str]]:
    """A ``Related articles`` heading (``headings``: those of the feature table) and the
    headline-shaped lines under it."""
    heading: bool = False
    for i in order:
        if i in found:
            heading = False
            continue
        text = shapes[i].text
        if heading and len(text) <= options.max_chrome_length and not text.endswith(NOT_A_LINK):
            yield i, "rule:related-links"
        else:
            heading = i in headings
            if heading:
                yield i, "rule:related-links"


def _protected(
    order: Sequence[int], letter: Letter, span: Span | None, strong: Mapping[int, str]
) -> set[int]:
    """A letter's own furniture: the block before its salutation (date, place, addressees) and
    the one after its closing or last paragraph (signatories), each up to the first line of
    strong chrome shape that a letter's own lines do not have."""
    kept: set[int] = set()
    if letter.salutation is not None:
        for i in reversed([i for i in order if i <= letter.salutation]):
            if strong.get(i, "") not in LETTERHEAD:
                break
            kept.add(i)
    if letter.salutation is None and letter.closing is None:
        return kept
    ends = [i for i in (letter.closing, span.last if span else None) if i is not None]
    if not ends:
        return kept
    tail = max(ends)
    for i in order:
        if i <= tail:
            continue
        if strong.get(i, "") not in SIGNATURE:
            break
        kept.add(i)
    if letter.closing is not None:
        kept.add(letter.closing)
    return kept


def _extended(
    order: Sequence[int],
    span: Span | None,
    strong: Mapping[int, str],
    tail: Mapping[int, str],
    gone: Callable[[int], bool],
) -> Span | None:
    """The article with the lines right around its paragraphs that have no strong chrome shape:
    its title, byline and standfirst above, its lists and tables below. Chrome starts at a line
    of strong shape followed (outward) by another within two lines (a line of links: by two
    more): a link alone among an article's points does not end it. ``tail``: the same with the
    lines rules name, which end an article (share bars, tags, a copyright line); above it they
    only follow a line of strong shape, for they stand between a headline and its text too.
    With no paragraph, only the runs of strong lines and lines ``gone`` (recurring, or taken by
    a rule or as captions: asked of each line) at the two ends are outside."""
    if span is None:
        inner = [i for i in order if not (strong[i] or gone(i))]
        return Span(inner[0], inner[-1]) if inner else None

    def chrome_starts(lines: Sequence[int], strong: Mapping[int, str]) -> bool:  # outward
        if not strong[lines[0]] or len(lines) == 1:
            return bool(strong[lines[0]])
        # An article's own points may be links: links start chrome only three in a row.
        confirm = all if strong[lines[0]] == "links" else any
        return confirm(tail[i] for i in lines[1:3])

    at = order.index(span.first)
    while at > 0 and not chrome_starts(order[max(0, at - 3) : at][::-1], strong):
        at -= 1
    end = order.index(span.last)
    while end + 1 < len(order) and not chrome_starts(order[end + 1 : end + 4], tail):
        end += 1
    return Span(order[at], order[end])


def _bounds(strong: Mapping[int, str], found: Mapping[int, tuple[str, str]]) -> dict[int, str]:
    """``strong`` with the lines a rule names as chrome of the strongest kind, where the
    article's bounds are sought."""
    return {**strong, **{i: "rule" for i, (kind, _) in found.items() if kind == BOILERPLATE}}


@dataclass(frozen=True, slots=True)
class _Judgement:
    """What the stage read of one text: every judged line's shape and verdict."""

    lines: tuple[Line, ...]
    shapes: Mapping[int, Shape]
    paragraphs: frozenset[int]
    strong: Mapping[int, str]
    span: Span | None  # the article, with its title and trailing lists
    removed: Mapping[int, tuple[str, str]]  # line index -> (kind, rule)


def _judge(text: str, ctx: Context) -> _Judgement:
    """Read ``text`` line by line and decide which lines are chrome or captions."""
    options = ctx.config.boilerplate
    rules = compile_rules(options)
    table = read_features(text, rules, options, ctx.memo)
    lines, order, shapes, paragraphs = table.lines, table.order, table.shapes, table.paragraphs
    found: dict[int, tuple[str, str]] = {}
    limit = options.max_caption_length
    for i, rule in credit_captions(lines, order, table.hits, table.credits, limit):
        found.setdefault(i, (CAPTION, rule))
    for i, rule in table.hits.items():
        found.setdefault(i, (BOILERPLATE, rule))
    for i, rule in _link_lists(order, shapes, found, options, table.headings):
        found[i] = (BOILERPLATE, rule)
    for i, rule in pictured_captions(lines, sorted(table.pictured), found):
        found[i] = (CAPTION, rule)
    judged = [i for i in order if i not in found]
    strong = dict(table.strong)
    # Menus among the lines no rule took: the same runs whether those lines are there or not.
    strong.update(_menus(judged, shapes, strong, table.stoplist, options))
    span = article_span(order, shapes, paragraphs, _bounds(strong, found), options)
    web = any(rule.startswith("rule:") for _, rule in found.values())
    marked: set[str] = set()  # distinct lines: a PDF's running header repeats on every page
    menus = 0
    for i in judged:  # (one pass for the three counts)
        kind = strong[i]
        menus += kind == "menu"
        if kind not in WEAK_EVIDENCE:
            marked.add(shapes[i].text)
        web = web or (kind in WEB_SHAPES and _web_only(shapes[i], kind, options))
    structure = ctx.config.structure
    letter = find_letter(judged, shapes, structure.salutations, structure.closings, 8)
    if letter.salutation is None and letter.closing is None and menus >= options.min_web_menu_lines:
        web = True  # long menus and no letter around them: a signatory list is a letter's
    if not web and len(marked) < options.min_web_evidence:
        # not a web page: its short lines are its own
        return _Judgement(lines, shapes, paragraphs, strong, span, found)
    # A Markdown table's rows: their bars are cells, not menu separators (see .tables). Not
    # before the article is sought: a long table between two runs of prose would join them.
    strong.update((i, "") for i in table_rows(lines, order) if strong[i] == "separators")
    bounds = _bounds(strong, found)
    protected = _protected(judged, letter, span, strong)
    corpus, least = ctx.corpus, options.min_documents
    # The article's paragraphs (a range: a membership test in C, for every judged line).
    in_core = range(span.first, span.last + 1) if span is not None else range(0)
    asked: dict[int, bool] = {}

    def recurs(i: int) -> bool:
        """Line ``i`` recurs in the corpus; asked only of the lines whose verdict it decides
        (a corpus lookup per line costs more than the rest of a line's judging)."""
        known = asked.get(i)
        if known is None:
            known = asked[i] = (
                corpus.documents >= least  # else nothing can recur
                and i not in paragraphs
                and i not in in_core  # the article's own lines
                and len(lines[i].text.strip()) <= MAX_LINE
                and corpus.documents_with(lines[i].text) >= least
            )
        return known

    above = {**strong, **{i: "" for i in found}}
    span = _extended(order, span, above, bounds, lambda i: i in found or recurs(i))
    in_span = range(span.first, span.last + 1) if span is not None else range(0)
    for i in judged:
        if i in in_core:
            continue
        shape = shapes[i]
        head = letter.salutation is not None and i <= letter.salutation
        hard = strong[i] not in (LETTERHEAD if head else SIGNATURE)
        chrome_shaped = bool(strong[i]) or not (
            i in paragraphs or (shape.prose and shape.words >= options.min_paragraph_words)
        )
        if (i in protected and not hard) or not chrome_shaped:
            continue
        if i in in_span:  # around the paragraphs: a byline, a list
            if recurs(i):
                found[i] = (BOILERPLATE, "recurrence")  # the site's, not the article's
            continue
        where = "head-run" if span is None or i < span.first else "tail-run"
        evidence = strong[i] or ("recurrence" if recurs(i) else "shape")
        found[i] = (BOILERPLATE, f"{evidence}+{where}")
    for i in list(introduced_lists(lines, order, shapes, found, options, table.threshold)):
        del found[i]  # a list the article's own sentence announces
    return _Judgement(lines, shapes, paragraphs, strong, span, found)


def compile_config(config: Config) -> None:
    """Compile ``[boilerplate]``, the letter lines of ``[structure]``, and read the stoplists
    (when the pipeline is built)."""
    compile_rules(config.boilerplate)
    load_stoplists(config.boilerplate.languages)
    for patterns in (config.structure.salutations, config.structure.closings):
        furniture(patterns)
        openings(patterns)


def remove_boilerplate(doc: Document, ctx: Context) -> StageOutput:
    """Propose deleting chrome lines (kind ``boilerplate``) and captions (kind ``caption``)."""
    judgement = _judge(doc.text, ctx)
    removed = judgement.removed
    if doc.hints is not None:  # a page read from its HTML: its reader's chrome (see .hinted)
        removed = with_hints(doc, judgement.lines, removed)
    return _output(doc, judgement.lines, removed)


def _output(
    doc: Document, lines: Sequence[Line], found: Mapping[int, tuple[str, str]]
) -> StageOutput:
    return StageOutput(
        tuple(removal_proposals(doc.text, lines, found, barrier=lambda line: "\f" in line.text))
    )


__all__ = ["compile_config", "remove_boilerplate"]
