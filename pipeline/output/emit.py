"""Writing a run's outputs: validated, deterministic and atomic. I/O lives here.

Everything is validated against ``schemas/`` before it is written, and written into a temporary
directory beside OUT that is swapped into place only when complete (:mod:`.swap`): a failed or
interrupted run leaves the previous OUT as it was. Document files are byte-identical for
identical input (fixed field order, no timestamps); timings go to ``manifest.json`` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from .. import reading
from ..errors import InputError, OutputError
from ..resources import data_dir
from . import dataset_card, schemas, swap

TOOL = "coi-pipeline"
# Each output's "$schema": a URI reference relative to the file, to the copy of its schema that
# the same run writes into OUT/schemas/ (the installed package's path is not stable, and a URL
# would need the network and a host). Resolvable offline, by editors and by check-jsonschema.
SCHEMA_DIR = "schemas"
SCHEMA_REFS = {
    "document": f"../{SCHEMA_DIR}/document.schema.json",  # documents/<id>.json
    "quote-report": f"{SCHEMA_DIR}/quote-report.schema.json",
    "manifest": f"{SCHEMA_DIR}/manifest.schema.json",
}
# the schemas copied into OUT/schemas/: those of the outputs and what they refer to
OUT_SCHEMAS = (
    "common.schema.json",
    "corpus-record.schema.json",
    "document.schema.json",
    "manifest.schema.json",
    "quote-report.schema.json",
)


def dumps(obj: Any) -> str:
    """The one JSON style of every output file: UTF-8, 2-space indent, final newline (as
    ``json.dumps(obj, ensure_ascii=False, indent=2)``, byte for byte, but made by orjson: the
    standard library encodes indented JSON in pure Python, ten times slower, through millions of
    small strings)."""
    return orjson.dumps(obj, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()


def dumps_pieces(envelope: Callable[[], Any], lists: Mapping[str, Iterable[Any]]) -> Iterator[str]:
    """``dumps`` of a document too large to hold, piece by piece, byte for byte the same.

    ``envelope()`` is the document with a marker string as the only item of each large list;
    ``lists`` maps each marker (in the order they appear) to the items that replace it, which
    are read one at a time. ``envelope`` is called again after the last list, so that what
    follows it may depend on the items (SARIF's base URIs do).
    """
    markers = list(lists)
    text = dumps(envelope())
    for number, marker in enumerate(markers):
        before, text = text.split(f'"{marker}"', 1)
        cut = before.rindex("\n")
        indent = before[cut + 1 :]
        yield before[:cut]  # up to and with the list's "["
        empty = True
        for item in lists[marker]:
            yield (
                ("\n" if empty else ",\n") + indent + dumps(item)[:-1].replace("\n", "\n" + indent)
            )
            empty = False
        if number == len(markers) - 1:
            text = dumps(envelope()).split(f'"{marker}"', 1)[1]
        if empty:
            text = text.lstrip()  # "[]"
    yield text


def dumps_line(obj: Any) -> str:
    """One JSONL line (as ``json.dumps(obj, ensure_ascii=False, separators=(",", ":"))``)."""
    return orjson.dumps(obj, option=orjson.OPT_APPEND_NEWLINE).decode()


class SchemaViolation(AssertionError):
    """An output of ours fails its own schema: a bug in coi-pipeline, not something the user
    can fix, so not a :class:`~pipeline.errors.PipelineError` — it propagates with its
    traceback (and, raised inside :func:`staging`, leaves no half-written OUT)."""


def checked(instance: Any, schema: str | None, name: str = "output") -> Any:
    """``instance``, once it is valid under ``schema`` (:class:`SchemaViolation` if not)."""
    if schema and not schemas.is_valid(instance, schema):
        problem = (schemas.errors(instance, schema) or ["(no detail)"])[0]
        raise SchemaViolation(f"{name} fails the {schema} schema at {problem}")
    return instance


def document_files(document: dict[str, Any]) -> tuple[str, str]:
    """A document's JSON (``documents/<id>.json``) and its ``corpus.jsonl`` line, both checked
    against their schemas. Pure: it runs where the document was cleaned, in a worker."""
    name = f"documents/{document['id']}.json"
    record = {
        "id": document["id"],
        "source": document["source"]["path"],  # Dolma's field: a string naming the origin
        "text": document["text"],
        "metadata": document["metadata"],
    }
    return (
        dumps(checked({"$schema": SCHEMA_REFS["document"], **document}, "document", name)),
        dumps_line(checked(record, "corpus-record", "corpus.jsonl")),
    )


def _refuse_to_replace(out: Path) -> None:
    """Raise :class:`OutputError` unless ``out`` is empty or holds exactly what an earlier
    coi-pipeline run wrote: a file someone added to it would be lost with it."""
    if not any(out.iterdir()):
        return
    path, why = out / "manifest.json", ""
    try:  # read as validate reads it: a hostile manifest is "not ours", never a hang or a crash
        manifest = reading.load_json(_read(path), path)
        tool = manifest["tool"]["name"]
        written = {entry["path"] for entry in manifest["outputs"]} | {"manifest.json"}
    except InputError as error:
        tool, written = None, set()
        why = f" (manifest.json: {error.reason})" if os.path.lexists(path) else ""
    except (KeyError, TypeError):
        tool, written = None, set()
    if tool != TOOL:
        raise OutputError(
            f"{out}: not empty and not a coi-pipeline output{why}; refusing to replace it"
        )
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if name not in written and not (path.is_dir() and name in {"documents", SCHEMA_DIR}):
            raise OutputError(
                f"{out}: holds {name}, which coi-pipeline did not write; refusing to replace it "
                "(move it elsewhere, or choose another -o)"
            )


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh directory beside ``out``; put in its place if the block succeeds (durably and,
    where the platform allows, atomically: :func:`.swap.replace`), else removed.

    An existing ``out`` is replaced only if it is empty or exactly a previous coi-pipeline
    output, so a mistyped ``-o`` — or a note saved into OUT — is never deleted. What a killed
    run left beside ``out`` is cleared first (see :func:`.swap.clear_leftovers`).
    """
    swap.clear_leftovers(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory")
    if out.is_dir():
        _refuse_to_replace(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    except OSError as error:
        raise OutputError(f"{out}: cannot create output: {error.strerror or error}") from error
    old = swap.aside(out)
    try:
        yield tmp
        # mkdtemp makes the directory 0700; OUT is for the user to share like any directory
        # they make, so it gets the mode mkdir would have given it.
        os.chmod(tmp, 0o777 & ~umask())
        old = swap.replace(tmp, out)
    except OSError as error:
        if old.exists() and not out.exists():
            os.rename(old, out)
        raise OutputError(f"{out}: cannot write output: {error.strerror or error}") from error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def umask() -> int:
    """The process's umask. Reading it means setting it, so it is put back at once."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _entry(relative: str, data: bytes) -> dict[str, Any]:
    return {"path": relative, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


class Writer:
    """Writes a run's files into its staging directory (see :func:`staging`) as they come, and
    records each one for the manifest: the documents one at a time, then the corpus-wide
    reports. Nothing is held that was written; a document can be read back (:meth:`load`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outputs: list[dict[str, Any]] = []  # the reports
        self._documents: list[tuple[str, bytes, int]] = []  # id, sha256, bytes
        (root / "documents").mkdir()
        self._corpus = (root / "corpus.jsonl").open("wb")
        self._corpus_hash = hashlib.sha256()
        self._corpus_bytes = 0

    def document(self, doc_id: str, document: str, record: str) -> None:
        """Write one document's JSON and its ``corpus.jsonl`` line (see :func:`document_files`)."""
        data = document.encode("utf-8")
        (self.root / "documents" / f"{doc_id}.json").write_bytes(data)
        # For the manifest, compact: a corpus has hundreds of thousands of documents.
        self._documents.append((doc_id, hashlib.sha256(data).digest(), len(data)))
        data = record.encode("utf-8")
        self._corpus.write(data)
        self._corpus_hash.update(data)
        self._corpus_bytes += len(data)

    def read(self, doc_id: str) -> bytes:
        """The JSON of a document written by this run."""
        return (self.root / "documents" / f"{doc_id}.json").read_bytes()

    def stream(self, relative: str, pieces: Iterable[str]) -> None:
        """Write a file piece by piece (a large log need not be in memory at once)."""
        digest, size = hashlib.sha256(), 0
        with (self.root / relative).open("wb") as file:
            for piece in pieces:
                data = piece.encode("utf-8")
                file.write(data)
                digest.update(data)
                size += len(data)
        self.outputs.append({"path": relative, "sha256": digest.hexdigest(), "bytes": size})

    def write(self, relative: str, text: str) -> None:
        data = text.encode("utf-8")
        path = self.root / relative
        path.write_bytes(data)
        self.outputs.append(_entry(relative, data))

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Close ``corpus.jsonl``, write the dataset card and features declaring its types, and
        write ``manifest.json``, completed with every output (in the order: documents, corpus,
        reports, card, features, schemas) and its sha256; returned as written."""
        self._corpus.close()
        # the types of corpus.jsonl's columns, declared (see pipeline.output.dataset_card)
        self.write("README.md", dataset_card.card())
        self.write("features.json", dataset_card.features_json())
        (self.root / SCHEMA_DIR).mkdir()
        for file in OUT_SCHEMAS:  # what the outputs' "$schema" names
            self.write(f"{SCHEMA_DIR}/{file}", (data_dir("schemas") / file).read_text("utf-8"))
        documents = [
            {"path": f"documents/{doc_id}.json", "sha256": digest.hex(), "bytes": size}
            for doc_id, digest, size in self._documents
        ]
        corpus = {
            "path": "corpus.jsonl",
            "sha256": self._corpus_hash.hexdigest(),
            "bytes": self._corpus_bytes,
        }
        outputs = [*documents, corpus, *self.outputs]
        manifest = {"$schema": SCHEMA_REFS["manifest"], **manifest, "outputs": outputs}
        text = dumps(checked(manifest, "manifest", "manifest.json"))
        (self.root / "manifest.json").write_bytes(text.encode("utf-8"))
        return manifest

    def close(self) -> None:
        """Close ``corpus.jsonl`` (again, after :meth:`finish`: harmless), also when a run
        stops before finishing."""
        self._corpus.close()


MAX_OUTPUT_BYTES = 1 << 30  # of one file in OUT as validate reads it (a document of a 64 MiB input)


READ_ATTEMPTS = 3  # reads of an OUT that a run replaced meanwhile, before giving up


def _read(path: Path) -> str:
    """A file of OUT as UTF-8 text, through :mod:`pipeline.reading` (a FIFO, a device or a
    sparse giant in place of a file is refused, never waited on)."""
    return reading.read_text(path, MAX_OUTPUT_BYTES)


def _corpus_lines(corpus: Path) -> Iterator[tuple[int, str]]:
    """``(number, text)`` of each line of ``corpus.jsonl``, one at a time, each bounded."""
    with reading.open_regular(corpus, None) as (handle, _):
        lines = iter(lambda: handle.readline(MAX_OUTPUT_BYTES + 1), b"")  # split at \n only
        for number, data in enumerate(lines, start=1):
            where = f"{corpus}:{number}"
            if len(data) > MAX_OUTPUT_BYTES:
                raise InputError(where, reading.too_large(len(data), MAX_OUTPUT_BYTES))
            try:
                yield number, data.decode("utf-8").removesuffix("\n")
            except UnicodeDecodeError:
                raise InputError(where, "not UTF-8 text") from None


def validate_dir(out: Path) -> list[str]:
    """Every schema error in the outputs in ``out``, as ``"<file>: <json path>: <message>"``.

    A missing output is a problem in the list; a file that cannot be read as JSON at all (not
    a regular file, too large, not UTF-8, not JSON, nested or numbered beyond
    :func:`pipeline.reading.load_json`'s bounds) is an :class:`InputError`: nothing in it can be
    checked. The files are those of one output: if a run puts its output in ``out``'s place
    while they are read (files vanish, or come from both), the new one is read again from the
    start; a run that keeps replacing it is an :class:`OutputError`."""
    for _ in range(READ_ATTEMPTS):
        before = _identity(out)
        try:
            problems = _validate(out)
        except (InputError, OSError):
            if _identity(out) != before:
                continue
            raise
        if _identity(out) == before:
            return problems
    raise OutputError(f"{out}: is being replaced by a run as it is read; validate it when done")


def _identity(out: Path) -> tuple[int, int] | None:
    """Which directory ``out`` is: a run's swap puts another one in its place."""
    try:
        info = os.stat(out)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _validate(out: Path) -> list[str]:
    checks: list[tuple[Path, str]] = [(p, "document") for p in sorted(out.glob("documents/*.json"))]
    checks += [(out / "manifest.json", "manifest"), (out / "quotes.json", "quote-report")]
    checks += [(out / "findings.sarif", "sarif")]
    problems: list[str] = []
    for path, schema in checks:
        if not os.path.lexists(path):
            if schema not in {"quote-report", "sarif"}:  # else: written by later versions only
                problems.append(f"{path}: missing")
            continue
        instance = reading.load_json(_read(path), path)
        problems += [f"{path}: {problem}" for problem in schemas.errors(instance, schema)]
    corpus = out / "corpus.jsonl"
    if not os.path.lexists(corpus):
        return [*problems, f"{corpus}: missing"]
    for number, line in _corpus_lines(corpus):
        record = reading.load_json(line, f"{corpus}:{number}")
        problems += [f"{corpus}:{number}: {p}" for p in schemas.errors(record, "corpus-record")]
    return problems
