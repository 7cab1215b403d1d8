"""What the quote check finds, as the report, the SARIF log and :class:`~pipeline.RunResult`
all read it: clusters, their members and each member's differences, as frozen dataclasses.

``to_json`` gives the entries of ``quotes.json`` (SPEC §5; ``schemas/quote-report.schema.json``)
and ``from_json`` reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..positions import Location, Placed

# Variants from the most to the least serious: the order members are grouped in for people.
VARIANTS = ("wording", "case", "punctuation", "editorial", "unquoted", "truncated", "identical")


@dataclass(frozen=True, slots=True)
class Difference:
    """One change from the canonical passage to a member: ``op`` is ``replace``, ``insert`` (the
    member adds words), ``delete`` (it omits words) or ``case``; ``canonical`` and ``member`` are
    the words of each side."""

    op: str
    canonical: str
    member: str

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "canonical": self.canonical, "member": self.member}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Difference:
        return cls(str(data["op"]), str(data.get("canonical") or ""), str(data.get("member") or ""))


@dataclass(frozen=True, slots=True)
class ClusterMember:
    """A quotation (or an unquoted reuse) of a cluster's passage, labelled."""

    document: str
    quote: str | None  # quote id, None for unquoted reuse
    text: str
    start: int
    end: int
    variant: str
    differences: tuple[Difference, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "quote": self.quote,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "variant": self.variant,
            "differences": [d.to_json() for d in self.differences],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClusterMember:
        differences = tuple(Difference.from_json(d) for d in data.get("differences", ()))
        return cls(
            str(data["document"]), data.get("quote"), str(data["text"]), int(data["start"]),
            int(data["end"]), str(data["variant"]), differences,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReferenceSpan:
    """Where a cluster's passage stands in a ``--reference`` text."""

    path: str
    start: int
    end: int
    paragraph: str | None  # the number of the numbered paragraph holding it

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReferenceSpan:
        paragraph = data.get("paragraph")
        return cls(str(data["path"]), int(data["start"]), int(data["end"]), paragraph)


@dataclass(frozen=True, slots=True)
class Dispute:
    """A word of a cluster's passage where two wordings have close support (and no reference
    decides): the leading one (canonical) and the runner-up, with how many quotations give each."""

    leading: str
    runner_up: str
    support: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "wordings": [
                {"text": self.leading, "support": self.support[0]},
                {"text": self.runner_up, "support": self.support[1]},
            ]
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dispute:
        first, second = data["wordings"][:2]
        return cls(first["text"], second["text"], (int(first["support"]), int(second["support"])))


@dataclass(frozen=True, slots=True)
class Cluster:
    """One passage and every member quoting or reusing it. ``total``: how many members it has
    (a report may keep only the first of ``members``)."""

    id: str
    canonical: str
    status: str  # consistent | inconsistent | disputed
    members: tuple[ClusterMember, ...]
    reference: ReferenceSpan | None
    total: int = -1
    disputes: tuple[Dispute, ...] = ()  # listed in quotes.json only when there are some
    variants: tuple[tuple[str, int], ...] = ()  # documents per variant, as :data:`VARIANTS`

    def report_key(self) -> tuple[bool, str]:
        """Where the cluster comes in a report: inconsistent and disputed ones first, by id."""
        return (self.status == "consistent", self.id)

    def __post_init__(self) -> None:
        if self.total < 0:
            object.__setattr__(self, "total", len(self.members))

    def to_json(self) -> dict[str, Any]:
        found = {
            "id": self.id,
            "canonical": self.canonical,
            "status": self.status,
            "members": [m.to_json() for m in self.members],
            "reference": self.reference.to_json() if self.reference else None,
        }
        if self.disputes:
            found["disputes"] = [d.to_json() for d in self.disputes]
        if self.variants:
            found["variants"] = dict(self.variants)
        return found

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Cluster:
        members = tuple(ClusterMember.from_json(m) for m in data.get("members", ()))
        reference = data.get("reference")
        return cls(
            str(data["id"]),
            str(data["canonical"]),
            str(data["status"]),
            members,
            ReferenceSpan.from_json(reference) if reference else None,
            int(data.get("members_total", len(members))),
            tuple(Dispute.from_json(d) for d in data.get("disputes", ())),
            tuple((str(v), int(n)) for v, n in data.get("variants", {}).items()),
        )


@dataclass(frozen=True, slots=True)
class Member:
    """A cluster member where a report on the raw files needs it (SARIF related locations)."""

    document: str
    raw_start: int
    raw_end: int
    variant: str
    where: Location


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """One cluster of the check: the cluster, its findings placed in the input files, and its
    members' places in the raw files, in the order of the cluster's members."""

    cluster: Cluster
    findings: list[Placed]
    members: list[Member]


def finding_json(placed: Placed) -> dict[str, Any]:
    """A quote finding as ``quotes.json`` lists it."""
    return {**placed.finding.to_json(), "document": placed.document}
