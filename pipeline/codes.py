"""The finding codes: one registry, from which the SARIF rules and the README table are derived.

A finding's ``code`` is its stable, machine-readable identity (what CI filters and SARIF viewers
group on); its ``message`` is prose for people and may change. Every code a stage or the quote
check emits is listed here with its default severity — ``tests/test_codes.py`` greps the source
and runs the seeds and fixtures to make sure, and checks that the README's table is
:func:`markdown_table` of this registry.

>>> CODES["footnote.missing-body"].severity
<Severity.WARNING: 'warning'>
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Finding, Severity


@dataclass(frozen=True, slots=True)
class Code:
    """One finding code and how it is explained to people (SARIF rule, README row)."""

    code: str  # "<area>.<what>", stable across releases
    severity: Severity  # the severity every finding of this code carries
    short: str  # one line: the README "meaning" and the SARIF shortDescription
    full: str  # what triggers it and what it does not mean: the SARIF fullDescription
    help: str  # what to do about it: the SARIF help text
    example: str  # where it occurs (Markdown, may hold `code`)

    @property
    def name(self) -> str:
        """The SARIF rule name, e.g. ``FootnoteMissingBody``."""
        return "".join(part.capitalize() for part in self.code.replace(".", "-").split("-"))

    @property
    def anchor(self) -> str:
        """The id of the code's row in the README's table (the SARIF rule's ``helpUri``), e.g.
        ``code-footnote-missing-body``: an explicit ``<a id>``, as GitHub makes anchors of
        headings only."""
        return "code-" + self.code.replace(".", "-")


_ALL = (
    Code(
        "input.truncated-character",
        Severity.WARNING,
        "the file ends in the middle of a UTF-8 character",
        "The input is UTF-8 except for its last bytes, which begin a character that never "
        "ends: the file was cut short (a truncated download or copy). The cut character is "
        "read as U+FFFD (the replacement character) and the rest of the text is kept.",
        "Get the complete file again and compare its size with the original's; the text "
        "before the cut is as it was.",
        "a file whose last “é” lost its second byte",
    ),
    Code(
        "input.mixed-encoding",
        Severity.WARNING,
        "stray bytes of another encoding in a UTF-8 file",
        "The input is UTF-8 but a few bytes are not: text pasted from a legacy (cp1252) source. "
        "The file is read as UTF-8 and each stray run is decoded with the first single-byte "
        "codec of input.preferred_encodings; source.encoding stays utf-8, so decoding the raw "
        "bytes strictly with it fails at these places.",
        "Check the characters at the finding: they were guessed. Re-save the source as UTF-8 "
        "to make the guess unnecessary.",
        "“café” typed in cp1252 inside a UTF-8 letter",
    ),
    Code(
        "input.page-without-text",
        Severity.WARNING,
        "a page of a PDF has no text layer",
        "A PDF read directly has pages with text and a page with none: most likely a scanned "
        "page (an image of text) among typeset ones. Its text is missing from the document; "
        "the finding is placed where that page would start.",
        "Run OCR on the PDF (for example ocrmypdf) and read the result, or supply the page's "
        "text another way.",
        "a signed last page scanned and appended to a typeset letter",
    ),
    Code(
        "input.link-outside",
        Severity.WARNING,
        "a file in an input directory links outside it, and was not read",
        "A .txt file found in an input directory is a symbolic link to a file outside that "
        "directory. It is skipped: anyone who can add a file to the checkout (a pull request) "
        "could otherwise link any file the run can read and have its text published in "
        "corpus.jsonl and report.html. The finding is placed on the link.",
        "If the link is meant, set input.follow_links_out = true, or name the file on the "
        "command line; else remove the link.",
        "`letters/extra.txt -> /etc/passwd`",
    ),
    Code(
        "footnote.missing-body",
        Severity.WARNING,
        "a footnote marker whose note body is nowhere in the document (never invented)",
        "A footnote marker (a number or roman numeral alone on a line, glued to a word, "
        "superscript or bracketed) points to a note whose body is not in the document: the "
        "extraction lost it, or the page holding it was not extracted. The marker is removed "
        "from the clean text; no body is invented for it.",
        "Find the note in the original document (PDF or web page) and re-extract it, or accept "
        "that the source cited by this marker is unknown. If the marker is really a number in "
        "the text, the footnotes options in the configuration can narrow what counts as a marker.",
        "seed 001, marker 5",
    ),
    Code(
        "footnote.orphan-body",
        Severity.WARNING,
        "a note body no marker points to",
        "A footnote or endnote body was recognised (a label followed by note text at a page "
        "bottom, at the end or under a Notes heading), but no marker with its label occurs in "
        "the text: the marker was lost in extraction or the note list has an extra entry.",
        "Check the original for the lost marker. The note is kept in the document's footnotes "
        "with no anchors, so its citations are still available.",
        "a notes list with an extra entry",
    ),
    Code(
        "hyphenation.uncertain-join",
        Severity.NOTE,
        "a line-end hyphen dropped without evidence either way",
        "A word was split by a hyphen at a line end and neither the joined word nor the "
        "hyphenated form occurs elsewhere in the document or the corpus, so the join is a "
        "guess: the hyphen may have been a real one (a compound).",
        "Read the joined word in the clean text; if it is a compound, the hyphenation stage "
        "configuration takes words to keep hyphenated.",
        "`inter-` / `national` with neither form elsewhere",
    ),
    Code(
        "quote.unbalanced",
        Severity.NOTE,
        "a quotation mark without its partner in the paragraph",
        "An opening or closing quotation mark has no partner in its paragraph, so the extent of "
        "the quotation is unknown and it is not checked against other documents. Often an "
        "apostrophe-like mark or a quotation that runs over several paragraphs.",
        "Check the paragraph in the original; a quotation spanning paragraphs is legitimate, a "
        "lost mark is an extraction artefact.",
        "`“the gravity, scale` and no closing mark",
    ),
    Code(
        "quote.wording-mismatch",
        Severity.ERROR,
        "a quotation's words differ from the canonical wording; changes of negation, numbers, "
        "modals and quantifiers are named",
        "A quotation of a passage that other documents (or a reference text) also quote has "
        "words changed, added or dropped inside its quotation marks. Editorial marks — "
        "[brackets], ellipses, [sic] — and truncation are not mismatches. The message names "
        "changes that alter the meaning: negation, numbers, modals and quantifiers.",
        "Compare the quotation with the canonical wording in quotes.json (or report.html) and "
        "correct the quotation, or mark the change editorially ([…] or an ellipsis).",
        "004: “any” → “without” (changes negation, quantifier)",
    ),
    Code(
        "quote.case-mismatch",
        Severity.WARNING,
        "the same words in another letter case",
        "A quotation has exactly the canonical words, but some differ in letter case. A "
        "capital can carry meaning (State, the DPRK, versus a state); a bracketed case change "
        "such as [t]he is editorial and not reported.",
        "Use the case of the canonical wording, or bracket the changed letter ([s]tate).",
        "001: “State” → “state”",
    ),
    Code(
        "quote.punctuation-mismatch",
        Severity.NOTE,
        "the same words with other punctuation",
        "A quotation has the canonical words in the canonical case, but its punctuation "
        "differs (a comma dropped or added, another dash).",
        "Use the punctuation of the canonical wording if the quotation is meant to be exact.",
        "a dropped comma",
    ),
    Code(
        "quote.unquoted-reuse",
        Severity.NOTE,
        "a quoted passage reused elsewhere without quotation marks",
        "A passage that another document quotes occurs in this document's body text without "
        "quotation marks: reused wording, possibly with changes, that a reader cannot tell is "
        "a quotation.",
        "Put the passage in quotation marks and cite its source, or reword it as a paraphrase.",
        "000 reuses 001's list of crimes",
    ),
    Code(
        "quote.citation-mismatch",
        Severity.WARNING,
        "members of one cluster cite different documents or paragraphs",
        "Quotations of the same passage carry footnotes citing different documents or "
        "different paragraphs, so at least one citation is probably wrong (or the passage is "
        "in both the summary report and the detailed findings).",
        "Check each citation against the source; the message lists the places cited.",
        "one letter cites A/HRC/25/63 para. 80, another para. 1211 of A/HRC/25/CRP.1",
    ),
    Code(
        "quote.not-in-reference",
        Severity.ERROR,
        "a quotation found in none of the `--reference` texts",
        "Reference texts were given with --reference, and this quoted passage is in none of "
        "them: it is misattributed, quoted from another source, or too altered to be found.",
        "Find the passage in the source it is attributed to, or add that source as a reference.",
        "a misattributed passage",
    ),
    Code(
        "stage.timeout",
        Severity.WARNING,
        "a stage ran out of the document's time budget and was stopped",
        "The document's stages took longer than stages.time_budget_seconds (60 by default), "
        "and the stage named in the message was interrupted: the document is written as the "
        "stages before it left it, and neither that stage nor the ones after it changed or "
        "annotated it. An input of an unusual shape (tens of thousands of short lines, one "
        "enormous line) or a user rule with a catastrophic regex can send a stage this far.",
        "Look at the input for a shape the stage cannot have met before, and report it with the "
        "input if you can. To give the stage longer, raise stages.time_budget_seconds (0 turns "
        "the budget off).",
        "a user boilerplate rule `(a+)+$` meeting a long run of `a`",
    ),
)

CODES: dict[str, Code] = {c.code: c for c in _ALL}  # in README order


def finding(code: str, message: str, raw_start: int, raw_end: int) -> Finding:
    """A finding of ``code`` on the raw span ``[raw_start, raw_end)``, with the severity this
    registry gives the code: the one place severities are written (a code not listed here is a
    ``KeyError``, caught by the tests that run every stage).

    >>> finding("footnote.orphan-body", "note '3' has no marker in the text", 10, 20).severity
    <Severity.WARNING: 'warning'>
    """
    return Finding(code, CODES[code].severity, message, raw_start, raw_end)


def markdown_table() -> str:
    """The README's finding-codes table (code | severity | meaning | example)."""
    rows = [
        "| code | severity | meaning | example |",
        "| --- | --- | --- | --- |",
        *(
            f'| <a id="{c.anchor}"></a>`{c.code}` | {c.severity.value} | {c.short} | {c.example} |'
            for c in _ALL
        ),
    ]
    return "\n".join(rows) + "\n"
