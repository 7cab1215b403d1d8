"""What ``run`` and ``check`` print on stdout: ``--output-format text|github|json|sarif``.

- ``text``: nothing on stdout; the compact summary (counts, the worst findings as
  ``path:line:col``) goes to stderr, as before this option existed.
- ``github``: GitHub Actions workflow commands (``::error file=…``), at most ten per level (see
  :func:`pipeline.output.annotations.workflow_commands`). The default of ``check`` under Actions
  (``GITHUB_ACTIONS=true``).
- ``json``: one JSON document, a list of every finding, most severe first, each
  ``{"code", "severity", "message", "path", "line", "column", "end_line", "end_column",
  "document"}`` (columns 1-based, ``end_column`` exclusive; both null for a JSONL record, whose
  line is the record's). Read back from OUT, so it lists every finding, not only the worst.
- ``sarif``: the SARIF log written to ``OUT/findings.sarif``, copied to stdout.

The risk is mixing stdout formats: whatever the format, the human summary stays on stderr.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from ..document import Severity
from ..positions import Placed
from .annotations import Located, locate_all, workflow_commands

OUTPUT_FORMATS = ("text", "github", "json", "sarif")


def findings_json(located: Sequence[Located]) -> str:
    """The ``json`` format: a list of findings as one JSON document (with a final newline)."""
    records = [
        {
            "code": item.finding.code,
            "severity": item.finding.severity.value,
            "message": item.message,
            "path": item.path,
            "line": item.where.line,
            "column": item.where.column,
            "end_line": item.where.end_line,
            "end_column": item.where.end_column,
            "document": item.document,
        }
        for item in located
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def write_output(
    output_format: str,
    *,
    out: Path,
    worst: Sequence[Placed],
    every: Sequence[Placed] | None,
    totals: Mapping[Severity, int],
    stream: TextIO | None = None,
) -> None:
    """Print ``output_format`` for a finished run whose outputs are in ``out`` (``worst``: the
    most severe findings; ``every``: all of them, needed only by ``json``)."""
    stream = stream or sys.stdout
    if output_format == "github":
        for line in workflow_commands(locate_all(worst), totals=totals):
            print(line, file=stream)
    elif output_format == "json":
        stream.write(findings_json(locate_all(every if every is not None else worst)))
    elif output_format == "sarif":
        with (out / "findings.sarif").open(encoding="utf-8") as sarif:
            shutil.copyfileobj(sarif, stream)
    stream.flush()
