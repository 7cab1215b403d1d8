"""A baseline of accepted findings: ``check --baseline FILE`` / ``--write-baseline FILE``.

Adopting ``check`` on an existing corpus should not fail on every old finding. A baseline lists
the findings accepted when it was written; with ``--baseline``, a finding whose fingerprint is
in it does not count for the exit code. Findings are matched by the SARIF fingerprint
(``partialFingerprints["coiPipeline/v1"]``, :func:`pipeline.output.sarif.fingerprints`: the code,
the document id, the raw text the finding covers and a counter for repeats), never by line, so
editing text elsewhere in a file keeps its findings baselined; changing the covered text, or the
document's id, makes a finding new. The fingerprints are computed on every finding of the run
(read back from OUT), not on the capped ``findings.sarif``.

The file is JSON, sorted and one entry per finding, so a pull request's diff shows what was
accepted or fixed::

    {"version": 1, "tool": "coi-pipeline", "findings": [
      {"document": "...", "code": "quote.wording-mismatch", "fingerprint": "…", "excerpt": "…"}]}

``excerpt`` (at most :data:`EXCERPT` characters of the covered text) is for people reading the
diff; only ``fingerprint`` is matched. Risk: a baseline hides a finding that is still wrong;
an entry no longer found is counted as fixed, so a stale baseline shows in the summary.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, OutputError
from ..positions import Placed
from .emit import dumps, umask
from .sarif import FINGERPRINT, fingerprints

VERSION = 1
EXCERPT = 60  # characters of the covered text kept in an entry, for people reading a diff
MAX_BYTES = 64 * 1024 * 1024  # a baseline larger than this is not one this tool wrote


@dataclass(frozen=True, slots=True)
class Entry:
    """One accepted finding."""

    document: str
    code: str
    fingerprint: str
    excerpt: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """A run's findings against a baseline: the (severity, code) tally of the findings not in
    it (what the exit code counts), how many were in it, and how many of its entries were not
    found (fixed)."""

    new: dict[tuple[str, str], int]
    baselined: int
    fixed: int


def entries(findings: Iterable[Placed]) -> list[Entry]:
    """The baseline entries of ``findings`` (every finding of a run, in the log's order), sorted."""
    found = list(findings)
    made = [
        Entry(p.document, p.finding.code, fp, " ".join(p.snippet.split())[:EXCERPT])
        for p, fp in zip(found, fingerprints(found), strict=True)
    ]
    return sorted(made, key=lambda e: (e.document, e.code, e.fingerprint))


def write(path: str | Path, findings: Iterable[Placed]) -> int:
    """Write the baseline of ``findings`` to ``path`` atomically; the number of entries."""
    made = entries(findings)
    lines = ",\n".join(
        "  "
        + json.dumps(
            {"document": e.document, "code": e.code, "fingerprint": e.fingerprint,
             "excerpt": e.excerpt},
            ensure_ascii=False,
        )
        for e in made
    )  # fmt: skip
    body = "\n" + lines + "\n" if made else ""
    text = f'{{"version": {VERSION}, "tool": "coi-pipeline", "findings": [{body}]}}\n'
    _replace(Path(path), text.encode("utf-8"))
    return len(made)


def load(path: str | Path) -> frozenset[str]:
    """The fingerprints of the baseline at ``path`` (:class:`InputError` if it cannot be read or
    is not a baseline)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read the baseline: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise InputError(path, f"not a baseline: larger than {MAX_BYTES} bytes")
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(path, f"not a baseline: not JSON ({error})") from None
    if not isinstance(parsed, dict) or parsed.get("version") != VERSION:
        raise InputError(path, f"not a baseline: no \"version\": {VERSION} (write one with "
                         "--write-baseline)")  # fmt: skip
    listed = parsed.get("findings")
    if not isinstance(listed, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in listed
    ):
        raise InputError(path, 'not a baseline: "findings" is not a list of {"fingerprint": …}')
    return frozenset(e["fingerprint"] for e in listed)


def compare(
    findings: Iterable[Placed],
    accepted: frozenset[str],
    ignored: Callable[[Placed], bool] = lambda placed: False,
) -> Comparison:
    """``findings`` (every finding of a run, in the log's order) against ``accepted``; a
    finding not in it that ``ignored`` says is ignored (``per_path_ignores``) is not new."""
    found = list(findings)
    new: Counter[tuple[str, str]] = Counter()
    present: set[str] = set()
    for placed, fingerprint in zip(found, fingerprints(found), strict=True):
        if fingerprint in accepted:
            present.add(fingerprint)
        elif not ignored(placed):
            new[placed.finding.severity.value, placed.finding.code] += 1
    return Comparison(dict(new), len(present), len(accepted - present))


def mark_suppressed(out: Path, accepted: frozenset[str], justification: str) -> int:
    """Give each result of ``out/findings.sarif`` whose fingerprint is in ``accepted`` a SARIF
    ``suppressions`` entry (``kind: external``: the baseline is outside the input) and update
    the file's line in ``manifest.json``; the number of results marked. The log is capped
    (``[sarif] max_results``), so reading it whole is bounded."""
    sarif_path, manifest_path = out / "findings.sarif", out / "manifest.json"
    try:
        log = json.loads(sarif_path.read_text("utf-8"))
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise OutputError(f"{out}: cannot mark the baselined findings: {error}") from None
    marked = 0
    suppression = {"kind": "external", "status": "accepted", "justification": justification}
    for run in log["runs"]:
        for result in run["results"]:
            if result.get("partialFingerprints", {}).get(FINGERPRINT) in accepted:
                result["suppressions"] = [suppression]
                marked += 1
    if not marked:
        return 0
    data = dumps(log).encode("utf-8")
    for entry in manifest["outputs"]:
        if entry["path"] == "findings.sarif":
            entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    _replace(sarif_path, data)
    _replace(manifest_path, dumps(manifest).encode("utf-8"))
    return marked


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (a temporary file beside it, then a rename): a
    reader never sees half a file, and a failure leaves the old one."""
    tmp = None
    try:
        handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, target)
    except OSError as error:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
