"""``findings.sarif``: every finding of a run as a SARIF 2.1.0 log, for code-scanning viewers.

- One rule per finding code of the registry (:mod:`pipeline.codes`), with short and full
  descriptions, help text and the default level; results point at their rule by id and index.
- Results are located in the raw input file (:mod:`pipeline.positions`): line and column in code
  points (``columnKind: unicodeCodePoints``); no ``charOffset``, which SARIF counts in the file's
  encoding units, not in decoded characters. An input under the working directory (in CI: the
  checkout) gets a relative URI with ``uriBaseId: SRCROOT``, so GitHub code scanning can show it
  in the repository; any other input an absolute ``file:`` URI. A JSONL record is located at its
  whole line; the offsets in the record's text are in the result's ``properties``.
- A quote finding lists the other members of its cluster as ``relatedLocations`` — the first
  ``MAX_RELATED`` of them: a passage quoted in thousands of documents would otherwise make the
  log grow with the square of the corpus (the whole cluster is in ``quotes.json``). A related
  location has no snippet: it is the same passage, and snippets tripled the log's size.
- A run writes the log piece by piece (:func:`sarif_text`), each result validated against the
  schema's ``result`` definition, so a log of a million findings is never in memory at once.
- GitHub code scanning refuses a run of more than 25,000 results: the log lists at most
  ``[sarif] max_results`` (:class:`Cap`), every error first, then warnings, then notes, each in
  the log's order; a run-level notification says how many were left out and where they all are
  (``documents/<id>.json``, ``quotes.json``).
- A quote finding's message links its related locations in SARIF's embedded-link form
  (``[002](1)``, the number a related location's ``id``), which GitHub shows as links; literal
  brackets in such a message are escaped.
- Each rule has a ``helpUri``: its row of the README's code table (:attr:`Code.anchor`); the
  driver an ``informationUri``: the README.
- ``partialFingerprints["coiPipeline/v1"]`` hashes the code, the document id and the raw text the
  finding covers (with a counter for repeats), so a finding keeps its identity when text
  elsewhere in the file moves it to another line.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..codes import CODES, Code
from ..consistency.results import Member
from ..document import Severity
from ..positions import Location, Placed, relative_uri
from .emit import dumps_pieces

MAX_RELATED = 3  # related locations listed per quote finding (the rest: quotes.json)

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "SRCROOT"
FINGERPRINT = "coiPipeline/v1"
PROJECT_URL = "https://github.com/coi-pipeline/coi-pipeline"
README_URL = f"{PROJECT_URL}/blob/main/README.md"
FULL_LISTS = (
    "documents/<id>.json (each document's own findings) and quotes.json (the quote check's)"
)


@dataclass(frozen=True, slots=True)
class Cap:
    """How many results of each severity the log lists: the most severe first, at most
    ``limit`` in all; ``total``: the findings of the run."""

    limit: int
    kept: tuple[tuple[Severity, int], ...]
    total: int

    @property
    def omitted(self) -> int:
        """Findings the log leaves out."""
        return self.total - sum(n for _, n in self.kept)


def cap(severities: Mapping[Severity, int], limit: int) -> Cap:
    """The :class:`Cap` of a run with ``severities`` (findings by severity): every error
    first, then warnings, then notes, until ``limit``."""
    room, kept = limit, []
    for severity in sorted(severities, key=lambda s: -s.rank):
        n = min(severities[severity], room)
        kept.append((severity, n))
        room -= n
    return Cap(limit, tuple(kept), sum(severities.values()))


def _capped(
    findings: Iterable[tuple[Placed, Related | None, str]], limit: Cap | None
) -> Iterator[tuple[Placed, Related | None, str]]:
    if limit is None:
        yield from findings
        return
    room = dict(limit.kept)
    for item in findings:
        severity = item[0].finding.severity
        if room.get(severity, 0) > 0:
            room[severity] -= 1
            yield item


def fingerprints(findings: Iterable[Placed]) -> Iterator[str]:
    """The ``partialFingerprints["coiPipeline/v1"]`` of each of ``findings`` (grouped by
    document, in the log's order), computed on the whole list, before any :class:`Cap`: a
    repeat's counter must not depend on which findings the log leaves out (a baseline,
    :mod:`pipeline.output.baseline`, matches findings by it)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for placed in findings:
        key = (placed.finding.code, placed.document, placed.snippet)
        if seen and next(iter(seen))[1] != placed.document:
            seen.clear()  # findings come grouped by document: count repeats within one
        seen[key] += 1
        yield hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()


def _fingerprinted(
    findings: Iterable[tuple[Placed, Related | None]],
) -> Iterator[tuple[Placed, Related | None, str]]:
    pairs = iter(findings)
    held: list[tuple[Placed, Related | None]] = []

    def placed_only() -> Iterator[Placed]:
        for pair in pairs:
            held.append(pair)
            yield pair[0]

    for fingerprint in fingerprints(placed_only()):
        placed, cluster = held.pop()
        yield placed, cluster, fingerprint


def _escaped(text: str) -> str:
    """``text`` for a message with embedded links: literal brackets escaped (SARIF 3.11.6)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _rule(code: Code) -> dict[str, Any]:
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.short},
        "fullDescription": {"text": code.full},
        "helpUri": f"{README_URL}#{code.anchor}",
        "help": {
            "text": f"{code.help} Example: {code.example}.",
            "markdown": f"{code.help}\n\nExample: {code.example}.",
        },
        "defaultConfiguration": {"level": code.severity.value},
        "properties": {"tags": [code.code.split(".")[0]]},
    }


class _Locator:
    """Physical locations of placed spans, each file's URI worked out once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.relative = False  # whether any URI uses SRCROOT
        self.artifacts: dict[str, dict[str, Any]] = {}

    def physical(self, where: Location, snippet: str | None = None) -> dict[str, Any]:
        if where.path not in self.artifacts:  # resolving paths is slow: once per file
            uri = relative_uri(where.path, self.root)
            if uri is None:
                self.artifacts[where.path] = {"uri": Path(where.path).resolve().as_uri()}
            else:
                self.artifacts[where.path] = {"uri": uri, "uriBaseId": SRCROOT}
                self.relative = True
        artifact = dict(self.artifacts[where.path])
        region: dict[str, Any] = {"startLine": where.line}
        if where.column is not None and where.end_column is not None:
            region |= {
                "startColumn": where.column,
                "endLine": where.end_line,
                "endColumn": where.end_column,
            }
            if snippet is not None:
                region["snippet"] = {"text": snippet}
        return {"artifactLocation": artifact, "region": region}


@dataclass(frozen=True, slots=True)
class Related:
    """The cluster of a quote finding, for its related locations: the first
    :data:`MAX_RELATED` other members and how many more there are."""

    cluster: str
    others: tuple[Member, ...]
    omitted: int


def related(
    cluster: str, members: Sequence[Member], keys: Set[tuple[str, int, int]], placed: Placed
) -> Related:
    """The :class:`Related` of a quote finding ``placed`` in ``cluster``, whose ``members`` have
    the ``keys`` (document, raw start, raw end): a look at the first few members only, as a
    cluster may have thousands and each of them a finding."""
    here = (placed.document, placed.finding.raw_start, placed.finding.raw_end)
    others = [m for m in members[: MAX_RELATED + 1] if (m.document, m.raw_start, m.raw_end) != here]
    total = len(members) - (here in keys)
    return Related(cluster, tuple(others[:MAX_RELATED]), total - len(others[:MAX_RELATED]))


def _results(
    findings: Iterable[tuple[Placed, Related | None, str]], locator: _Locator
) -> Iterator[dict[str, Any]]:
    rule_index = {code: i for i, code in enumerate(CODES)}
    for placed, cluster, fingerprint in findings:
        finding, doc_id = placed.finding, placed.document
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": finding.severity.value,
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": locator.physical(placed.where, placed.snippet)}],
            "partialFingerprints": {FINGERPRINT: fingerprint},
            "properties": {
                "document": doc_id,
                "rawStart": finding.raw_start,
                "rawEnd": finding.raw_end,
            },
        }
        if finding.code in rule_index:
            result["ruleIndex"] = rule_index[finding.code]
        if cluster is not None:
            result["properties"]["cluster"] = cluster.cluster
            items = [
                {
                    "id": number,
                    # no snippet: the passage is the finding's own, give or take the variant
                    "physicalLocation": locator.physical(other.where),
                    "message": {"text": f"{other.document}: the same passage ({other.variant})"},
                }
                for number, other in enumerate(cluster.others, start=1)
            ]
            if items:
                result["relatedLocations"] = items
                links = ", ".join(
                    f"[{_escaped(other.document)}]({n})"
                    for n, other in enumerate(cluster.others, start=1)
                )
                more = f" and {cluster.omitted} more (quotes.json)" if cluster.omitted else ""
                result["message"] = {
                    "text": f"{_escaped(finding.message)}; the same passage in {links}{more}."
                }
            if cluster.omitted:  # the whole cluster is in quotes.json
                result["properties"]["relatedLocationsOmitted"] = cluster.omitted
        yield result


def _log(
    locator: _Locator | None, version: str, results: list[Any], limit: Cap | None = None
) -> dict[str, Any]:
    driver = {
        "name": "coi-pipeline",
        "version": version,
        "informationUri": README_URL,
        "rules": [_rule(c) for c in CODES.values()],
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if limit is not None and limit.omitted:
        text = (
            f"{limit.omitted} of {limit.total} findings are left out of this log, which lists "
            f"at most {limit.limit} ([sarif] max_results), the most severe first; every finding "
            f"is in the run's output directory: {FULL_LISTS}."
        )
        notification = {"level": "note", "message": {"text": text}}
        run["invocations"] = [
            {"executionSuccessful": True, "toolExecutionNotifications": [notification]}
        ]
        run["properties"] = {"resultsOmitted": limit.omitted, "resultsTotal": limit.total}
    if locator is not None and locator.relative:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": locator.root.resolve().as_uri() + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def member_keys(members: Sequence[Member]) -> set[tuple[str, int, int]]:
    """(document, raw start, raw end) of each member: what :func:`related` looks findings up in."""
    return {(m.document, m.raw_start, m.raw_end) for m in members}


def build_sarif(
    findings: Iterable[Placed],
    clusters: Mapping[str, Sequence[Member]],
    version: str,
    *,
    root: Path | None = None,
    max_results: int | None = None,
) -> dict[str, Any]:
    """The SARIF log of ``findings`` (placed, grouped by document), as one object; a quote
    finding in one of ``clusters`` (members by cluster id) lists the others as related.

    ``root``: the directory relative URIs start from (default: the working directory). A run
    writes the same log piece by piece with :func:`sarif_text`. ``max_results``: the
    :class:`Cap` (default: none).
    """
    findings = list(findings)
    cluster_of: dict[tuple[str, int, int], str] = {}
    for cluster_id, members in sorted(clusters.items()):
        for m in members:
            cluster_of.setdefault((m.document, m.raw_start, m.raw_end), cluster_id)

    def with_cluster(placed: Placed) -> tuple[Placed, Related | None]:
        f = placed.finding
        cluster = cluster_of.get((placed.document, f.raw_start, f.raw_end))
        if cluster is None or not f.code.startswith("quote."):
            return placed, None
        members = clusters[cluster]
        return placed, related(cluster, members, member_keys(members), placed)

    limit = None
    if max_results is not None:
        limit = cap(Counter(p.finding.severity for p in findings), max_results)
    locator = _Locator(root or Path.cwd())
    results = list(_results(_capped(_fingerprinted(map(with_cluster, findings)), limit), locator))
    return _log(locator, version, results, limit)


def sarif_text(
    findings: Iterable[tuple[Placed, Related | None]],
    version: str,
    check: Callable[[dict[str, Any], str], dict[str, Any]],
    *,
    root: Path | None = None,
    limit: Cap | None = None,
) -> Iterator[str]:
    """The SARIF log of ``findings`` (each with its cluster, if any) as text, piece by piece —
    a large corpus's log is never in memory at once — exactly as ``dumps`` of the one-object
    log. ``check(part, schema)`` validates the envelope (``"sarif"``) and each result
    (``"sarif-result"``) before it is given out. ``limit``: the :class:`Cap` (default: none)."""
    locator = _Locator(root or Path.cwd())
    check(_log(None, version, [], limit), "sarif")
    results = (
        check(r, "sarif-result")
        for r in _results(_capped(_fingerprinted(findings), limit), locator)
    )
    envelope = partial(_log, locator, version, ["@@results@@"], limit)
    return dumps_pieces(envelope, {"@@results@@": results})
