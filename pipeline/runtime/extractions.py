"""PDF and HTML documents read once per run: :class:`SpilledExtractions`.

A run reads its inputs twice: the evidence pass (the corpus index) and the cleaning pass. A text
file costs little to read again; a PDF or a web page costs its extraction, which takes longer
than cleaning it. So the evidence pass keeps each extracted document in a temporary file beside
OUT (:class:`~pipeline.machinery.spill.Spill`: memory holds only its number), and the cleaning
pass takes it from there. Taken once: a document is given back only to the pass after the one
that kept it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..document import Finding, Severity, Source
from ..hints import Hints
from ..ingest import RawInput
from ..machinery.spill import Spill


def _record(item: RawInput) -> list[Any]:
    hints = dataclasses.asdict(item.hints) if item.hints is not None else None
    findings = [
        [f.code, f.severity.value, f.message, f.raw_start, f.raw_end] for f in item.findings
    ]
    return [item.id, item.text, dataclasses.astuple(item.source), item.size, findings, hints]


def _tuples(value: Any) -> Any:
    return tuple(map(_tuples, value)) if isinstance(value, list) else value


def _item(record: list[Any]) -> RawInput:
    doc_id, text, source, size, findings, hints = record
    made = tuple(Finding(c, Severity(s), m, a, b) for c, s, m, a, b in findings)
    hinted = Hints(**{k: _tuples(v) for k, v in hints.items()}) if hints is not None else None
    return RawInput(doc_id, text, Source(*source), size, made, hinted)


class SpilledExtractions:
    """The extracted documents of a run, in a temporary file in ``directory``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.spill = Spill(directory)
        self.numbers: dict[str, int] = {}  # path as read -> record number

    def keep(self, item: RawInput) -> None:
        self.numbers[item.source.path] = self.spill.add(None, _record(item))

    def take(self, path: str) -> RawInput | None:
        number = self.numbers.pop(path, None)
        return None if number is None else _item(self.spill.get(number))

    def close(self) -> None:
        self.spill.close()
