"""The finding log: every finding kept on disk in report order, counted, the worst in memory."""

from __future__ import annotations

from pathlib import Path

from pipeline import Finding, Severity
from pipeline.consistency import Member
from pipeline.output.findings import FindingLog
from pipeline.output.sarif import Related
from pipeline.positions import Location, Placed

WHERE = Location("a.txt", 1, 1, 1, 5)


def placed(doc: str, code: str, severity: Severity, start: int) -> Placed:
    return Placed(
        doc, Finding(code, severity, f"{code} at {start}", start, start + 4), WHERE, "text"
    )


def test_documents_findings_in_input_order_then_the_quote_checks_sorted(tmp_path: Path) -> None:
    log = FindingLog(tmp_path)
    log.add_document(placed("b", "footnote.missing-body", Severity.WARNING, 9))
    log.add_document(placed("a", "footnote.orphan-body", Severity.WARNING, 3))
    member = Member("a", 0, 4, "identical", WHERE)
    cluster = Related("c1", (member,), 7)
    # ranks: documents by id; the same place sorts by code
    log.add_quote(placed("b", "quote.wording-mismatch", Severity.ERROR, 5), cluster, rank=1)
    log.add_quote(placed("b", "quote.citation-mismatch", Severity.WARNING, 5), None, rank=1)
    log.add_quote(placed("a", "quote.unquoted-reuse", Severity.NOTE, 50), None, rank=0)
    order = [(p.document, p.finding.code) for p, _ in log.all()]
    assert order == [
        ("b", "footnote.missing-body"),
        ("a", "footnote.orphan-body"),
        ("a", "quote.unquoted-reuse"),
        ("b", "quote.citation-mismatch"),
        ("b", "quote.wording-mismatch"),
    ]
    back = dict(((p.document, p.finding.code), r) for p, r in log.all())
    assert back["b", "quote.wording-mismatch"] == cluster  # the cluster comes back whole
    assert [p.finding.code for p in log.quote_findings()] == [code for _, code in order[2:]]
    assert log.severities() == {"error": 1, "note": 1, "warning": 3}
    assert log.per_document == {"a": 2, "b": 3}


def test_only_the_most_severe_are_kept_in_memory() -> None:
    log = FindingLog(keep=3)
    for n in range(50):
        severity = Severity.ERROR if n in (7, 31) else Severity.NOTE
        log.add_document(placed(f"d{n:02}", "quote.unbalanced", severity, n))
    worst = log.worst
    assert [p.document for p in worst] == ["d07", "d31", "d00"]  # errors, then by document
    assert sum(log.tally.values()) == 50
