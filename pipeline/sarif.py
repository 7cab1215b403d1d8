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
- ``partialFingerprints["coiPipeline/v1"]`` hashes the code, the document id and the raw text the
  finding covers (with a counter for repeats), so a finding keeps its identity when text
  elsewhere in the file moves it to another line.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codes import CODES, Code
from .consistency.results import Member
from .emit import dumps_pieces
from .positions import Location, Placed, relative_uri

MAX_RELATED = 3  # related locations listed per quote finding (the rest: quotes.json)

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "SRCROOT"
FINGERPRINT = "coiPipeline/v1"


def _rule(code: Code) -> dict[str, Any]:
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.short},
        "fullDescription": {"text": code.full},
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
    findings: Iterable[tuple[Placed, Related | None]], locator: _Locator
) -> Iterator[dict[str, Any]]:
    rule_index = {code: i for i, code in enumerate(CODES)}
    seen: Counter[tuple[str, str, str]] = Counter()
    for placed, cluster in findings:
        finding, doc_id = placed.finding, placed.document
        key = (finding.code, doc_id, placed.snippet)
        if seen and next(iter(seen))[1] != doc_id:
            seen.clear()  # findings come grouped by document: count repeats within one
        seen[key] += 1
        fingerprint = hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()
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
            if cluster.omitted:  # the whole cluster is in quotes.json
                result["properties"]["relatedLocationsOmitted"] = cluster.omitted
        yield result


def _log(locator: _Locator | None, version: str, results: list[Any]) -> dict[str, Any]:
    driver = {
        "name": "coi-pipeline",
        "version": version,
        "rules": [_rule(c) for c in CODES.values()],
    }
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
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
) -> dict[str, Any]:
    """The SARIF log of ``findings`` (placed, grouped by document), as one object; a quote
    finding in one of ``clusters`` (members by cluster id) lists the others as related.

    ``root``: the directory relative URIs start from (default: the working directory). A run
    writes the same log piece by piece with :func:`sarif_text`.
    """
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

    locator = _Locator(root or Path.cwd())
    results = list(_results(map(with_cluster, findings), locator))
    return _log(locator, version, results)


def sarif_text(
    findings: Iterable[tuple[Placed, Related | None]],
    version: str,
    check: Callable[[dict[str, Any], str], dict[str, Any]],
    *,
    root: Path | None = None,
) -> Iterator[str]:
    """The SARIF log of ``findings`` (each with its cluster, if any) as text, piece by piece —
    a large corpus's log is never in memory at once — exactly as ``dumps`` of the one-object
    log. ``check(part, schema)`` validates the envelope (``"sarif"``) and each result
    (``"sarif-result"``) before it is given out."""
    locator = _Locator(root or Path.cwd())
    check(_log(None, version, []), "sarif")
    results = (check(r, "sarif-result") for r in _results(findings, locator))
    return dumps_pieces(lambda: _log(locator, version, ["@@results@@"]), {"@@results@@": results})
