"""``findings.sarif``: every finding as a SARIF 2.1.0 log. (Being built: an empty log for now.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .document import Document, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def build_sarif(
    documents: Sequence[Document],
    quote_report: dict[str, Any],
    quote_findings: Sequence[tuple[str, Finding]],
    version: str,
) -> dict[str, Any]:
    """The SARIF log of a run."""
    driver = {"name": "coi-pipeline", "version": version}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": []}],
    }
