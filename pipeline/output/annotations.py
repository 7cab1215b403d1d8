"""Findings for people: GitHub Actions annotations, the job's step summary, a terminal summary.

- :func:`workflow_commands`: ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::msg``
  lines, which GitHub Actions turns into annotations on the files of a commit or pull request.
  GitHub shows only ten annotations per level and step, so at most ``limit`` per level are
  printed (the most severe kind first, then by file and line) and a line counts the rest. Our
  ``note`` is Actions' ``notice``. Columns are given only when the finding is on one line, as
  GitHub requires; ``endColumn`` there is the column of the last character.
- :func:`step_summary`: Markdown for ``$GITHUB_STEP_SUMMARY`` (findings by severity and code,
  the most severe findings, the inconsistent quote clusters with each member's variant).
- :func:`summary_lines`: the compact summary printed on stderr outside CI.

Locations are those of :mod:`pipeline.positions` (a JSONL record: its line, with the offsets in
its text named in the message).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..consistency.results import Cluster
from ..document import Finding, Severity
from ..errors import printable
from ..positions import Location, Placed, display_path
from .findings import by_severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
MAX_PER_LEVEL = 10  # what GitHub shows per level and step
# What Markdown (GitHub's) reads as markup, each escaped with a backslash, which every one of
# them allows: the characters that open links, images, HTML, entities, emphasis, code spans and
# table cells; the ":" of "https://" and the "." of "www." that make a bare autolink.
MARKDOWN_LIVE = re.compile(r"[\\`*_\[\]<>&!~|]|(?<=[a-z]):(?=//)|(?<=\bwww)\.", re.IGNORECASE)


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped.

    >>> escape_data("100%\\r\\ndone")
    '100%25%0D%0Adone'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as :func:`escape_data`, and ``:`` and ``,`` too.

    >>> escape_property("a,b: c")
    'a%2Cb%3A c'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with its document id and its place in the input file."""

    document: str
    finding: Finding
    where: Location
    path: str  # for display: relative to the working directory when under it

    @property
    def message(self) -> str:
        """The finding's message; for a JSONL record, with where in its text it is."""
        f = self.finding
        if self.where.column is None and self.document:  # (a skipped link has no document)
            return f"{f.message} (record {self.document}, characters {f.raw_start}-{f.raw_end})"
        return f.message

    def sort_key(self) -> tuple[int, str, int, int, str]:
        f, where = self.finding, self.where
        return (-f.severity.rank, self.path, where.line, where.column or 0, f.code)


def locate_all(findings: Sequence[Placed]) -> list[Located]:
    """Every placed finding with its path for display, most severe first, then by file and
    line."""
    paths: dict[str, str] = {}  # resolving a path is slow: once per file
    found = []
    for placed in findings:
        path = placed.where.path
        if path not in paths:
            paths[path] = display_path(path)
        found.append(Located(placed.document, placed.finding, placed.where, paths[path]))
    return sorted(found, key=Located.sort_key)


def plural(count: int, word: str) -> str:
    """``"1 note"``, ``"2 notes"``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def counts_text(counts: Mapping[Severity, int]) -> str:
    """``"1 error, 1 warning, 2 notes"`` (most severe first), or ``"no findings"``.

    >>> counts_text({Severity.NOTE: 2, Severity.ERROR: 1})
    '1 error, 2 notes'
    """
    parts = [plural(counts[s], s.value) for s in reversed(Severity) if counts.get(s)]
    return ", ".join(parts) or "no findings"


def command(item: Located) -> str:
    """The workflow command that annotates one finding."""
    where = item.where
    props = [f"file={escape_property(item.path)}", f"line={where.line}"]
    same_line = where.line == where.end_line
    if same_line and where.column is not None and where.end_column is not None:
        props.append(f"col={where.column}")
    props.append(f"endLine={where.end_line}")
    if same_line and where.column is not None and where.end_column is not None:
        props.append(f"endColumn={max(where.column, where.end_column - 1)}")
    props.append(f"title={escape_property(item.finding.code)}")
    level = LEVELS[item.finding.severity]
    return f"::{level} {','.join(props)}::{escape_data(item.message)}"


def workflow_commands(
    located: Sequence[Located],
    limit: int = MAX_PER_LEVEL,
    totals: Mapping[Severity, int] | None = None,
) -> list[str]:
    """At most ``limit`` annotations per level, the most severe first, each level followed by
    a count of those not shown (``totals``: findings by level, when ``located`` holds only the
    most severe of a run's findings)."""
    lines = []
    for severity in reversed(Severity):
        items = sorted((i for i in located if i.finding.severity is severity), key=Located.sort_key)
        lines += [command(item) for item in items[:limit]]
        total = len(items) if totals is None else totals.get(severity, 0)
        if total > limit:
            lines.append(f"{plural(total - limit, 'more ' + LEVELS[severity])} not shown")
    return lines


def summary_lines(
    located: Sequence[Located], worst: int = 5, total: int | None = None
) -> list[str]:
    """The most severe findings as ``path:line:col: severity code message``, and how many more
    (of ``total``, when ``located`` holds only the most severe of a run's findings)."""
    total = len(located) if total is None else total
    lines = []
    for item in sorted(located, key=Located.sort_key)[:worst]:
        where = item.where
        at = f"{item.path}:{where.line}" + (f":{where.column}" if where.column else "")
        lines.append(f"  {at}: {item.finding.severity.value} {item.finding.code} {item.message}")
    if total > worst:
        lines.append(f"  … and {total - worst} more")
    return lines


def _cell(text: str) -> str:
    """Text shown as it is written in a Markdown table cell: one line, control characters
    escaped (:func:`printable`), and nothing live — no link, image, HTML, emphasis, code span or
    autolink a document's text or a file name could put in the job's summary.

    >>> print(_cell("![x](https://e.org/p.png) <b>*hi*</b> | www.e.org"))
    \\!\\[x\\](https\\://e.org/p.png) \\<b\\>\\*hi\\*\\</b\\> \\| www\\.e.org
    """
    return MARKDOWN_LIVE.sub(r"\\\g<0>", printable(" ".join(text.split())))


def step_summary(
    documents: int,
    worst: Sequence[Placed],
    tally: Mapping[tuple[str, str], int],
    clusters: Sequence[Cluster],
    limit: int = 50,
) -> str:
    """The Markdown summary for ``$GITHUB_STEP_SUMMARY`` of a run of ``documents`` documents:
    its findings counted by code (``tally``: (severity, code) -> findings), the most severe
    (``worst``), and the inconsistent ones of ``clusters``."""
    located = locate_all(worst)
    counts = by_severity(tally)
    total = sum(counts.values())
    out = [f"### coi-pipeline: {plural(documents, 'document')}, {counts_text(counts)}", ""]
    if total:
        rank = {s.value: s.rank for s in Severity}
        by_code = sorted(tally.items(), key=lambda item: (-rank[item[0][0]], item[0][1]))
        out += ["| severity | code | findings |", "| --- | --- | ---: |"]
        out += [f"| {s} | `{code}` | {n} |" for (s, code), n in by_code]
        out += ["", "| severity | code | where | message |", "| --- | --- | --- | --- |"]
        for item in located[:limit]:
            where = f"{item.path}:{item.where.line}"
            out.append(
                f"| {item.finding.severity.value} | `{item.finding.code}` | {_cell(where)} "
                f"| {_cell(item.message)} |"
            )
        if total > limit:
            out.append(f"\n… and {total - min(limit, len(located))} more in `findings.sarif`.")
        out.append("")
    inconsistent = [c for c in clusters if c.status != "consistent"]  # or disputed
    if inconsistent:
        out += [f"#### Inconsistent quotations ({len(inconsistent)})", ""]
        for cluster in inconsistent:
            out += [f"Cluster `{cluster.id}`, canonical: “{_cell(cluster.canonical)}”", ""]
            out += ["| document | variant | text |", "| --- | --- | --- |"]
            out += [
                f"| {_cell(m.document)} | {m.variant} | {_cell(m.text)} |"
                for m in cluster.members[:limit]
            ]
            if cluster.total > limit:
                out.append(f"\n… and {cluster.total - limit} more in `quotes.json`.")
            out.append("")
    return "\n".join(out) + "\n"
