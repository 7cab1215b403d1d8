"""Writing a run's outputs: validated, deterministic and atomic. I/O lives here.

Everything is validated against ``schemas/`` before it is written, and written into a temporary
directory beside OUT that is renamed into place only when complete: a failed or interrupted run
leaves the previous OUT as it was. Document files are byte-identical for identical input (fixed
field order, no timestamps); timings go to ``manifest.json`` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from . import schemas
from .errors import OutputError

TOOL = "coi-pipeline"


def dumps(obj: Any) -> str:
    """The one JSON style of every output file: UTF-8, 2-space indent, final newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def dumps_line(obj: Any) -> str:
    """One JSONL line."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def _checked(instance: Any, schema: str | None, name: str) -> Any:
    problems = schemas.errors(instance, schema) if schema else []
    if problems:  # our own output is wrong: a bug, but still no half-written OUT
        raise OutputError(f"internal error: {name} fails {schema} schema at {problems[0]}")
    return instance


def _is_ours(out: Path) -> bool:
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    tool = manifest.get("tool") if isinstance(manifest, dict) else None
    return isinstance(tool, dict) and tool.get("name") == TOOL


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh directory beside ``out``; renamed to ``out`` if the block succeeds, else removed.

    An existing ``out`` is replaced only if it is empty or a previous coi-pipeline output, so a
    mistyped ``-o`` can never delete someone's files. What a killed run left beside ``out`` is
    cleared first (see :func:`_clear_leftovers`).
    """
    _clear_leftovers(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not _is_ours(out):
        raise OutputError(f"{out}: not empty and not a coi-pipeline output; refusing to replace it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    except OSError as error:
        raise OutputError(f"{out}: cannot create output: {error.strerror or error}") from error
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        yield tmp
        if out.exists():
            os.rename(out, old)
        os.rename(tmp, out)
    except OSError as error:
        if old.exists() and not out.exists():
            os.rename(old, out)
        raise OutputError(f"{out}: cannot write output: {error.strerror or error}") from error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _clear_leftovers(out: Path) -> None:
    """Tidy up after runs into ``out`` that were killed (``kill -9``, a power cut).

    A run's working directories carry its process id: ``.OUT.tmp-PID-…`` (the output being
    built) and ``.OUT.old-PID`` (the previous output, moved aside for the instant of the swap).
    For a process that no longer exists, the first is removed, and the second is put back as
    OUT if the run died before its new output took OUT's place (else it is removed).
    """
    for leftover in sorted(out.parent.glob(f".{out.name}.*-*")):
        kind, _, rest = leftover.name[len(out.name) + 2 :].partition("-")
        pid = rest.split("-")[0]
        if kind not in ("tmp", "old") or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == "old" and not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _write(root: Path, relative: str, content: str) -> dict[str, Any]:
    data = content.encode("utf-8")
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"path": relative, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def write_outputs(
    out: Path,
    documents: Iterable[dict[str, Any]],
    manifest: dict[str, Any],
    reports: Mapping[str, tuple[dict[str, Any], str | None]] | None = None,
    pages: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Write ``documents`` (JSON-ready dicts), ``corpus.jsonl``, the ``reports`` (file name ->
    (content, schema name)), the ``pages`` (file name -> text) and ``manifest.json`` into OUT.

    ``manifest`` is completed with the list of outputs and their sha256s; returned as written.
    """
    with staging(out) as tmp:
        outputs: list[dict[str, Any]] = []
        corpus: list[str] = []
        for doc in documents:
            name = f"documents/{doc['id']}.json"
            outputs.append(_write(tmp, name, dumps(_checked(doc, "document", name))))
            record = {"id": doc["id"], "text": doc["text"], "metadata": doc["metadata"]}
            corpus.append(dumps_line(_checked(record, "corpus-record", "corpus.jsonl")))
        outputs.append(_write(tmp, "corpus.jsonl", "".join(corpus)))
        for name, (content, schema) in (reports or {}).items():
            outputs.append(_write(tmp, name, dumps(_checked(content, schema, name))))
        for name, text in (pages or {}).items():
            outputs.append(_write(tmp, name, text))
        manifest = {**manifest, "outputs": outputs}
        _write(tmp, "manifest.json", dumps(_checked(manifest, "manifest", "manifest.json")))
    return manifest


def validate_dir(out: Path) -> list[str]:
    """Every schema error in the outputs in ``out``, as ``"<file>: <json path>: <message>"``."""
    checks: list[tuple[Path, str]] = [(p, "document") for p in sorted(out.glob("documents/*.json"))]
    checks += [(out / "manifest.json", "manifest"), (out / "quotes.json", "quote-report")]
    checks += [(out / "findings.sarif", "sarif")]
    problems: list[str] = []
    for path, schema in checks:
        if not path.exists() and schema in {"quote-report", "sarif"}:
            continue  # written by later versions only
        try:
            instance = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problems.append(f"{path}: unreadable JSON ({error})")
            continue
        problems += [f"{path}: {problem}" for problem in schemas.errors(instance, schema)]
    corpus = out / "corpus.jsonl"
    try:
        lines = corpus.read_text(encoding="utf-8").split("\n")  # U+2028 is not a line end
        if lines and not lines[-1]:
            lines.pop()
    except OSError as error:
        return [*problems, f"{corpus}: unreadable ({error.strerror})"]
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError as error:
            problems.append(f"{corpus}:{number}: not JSON ({error})")
            continue
        problems += [f"{corpus}:{number}: {p}" for p in schemas.errors(record, "corpus-record")]
    return problems
