"""Readers of original files: a PDF or an HTML page to raw text and its layout :class:`Hints`.

Each reader is a module with one public function ``read(data, where) -> Extracted``; it needs
an optional extra (its libraries are heavy, and most users read text). :data:`READERS` maps a
file suffix to the reader's module and the extra it needs; :func:`read` imports the module only
when a file asks for it, so a missing extra is one line naming it, never an ImportError.

The raw text a reader makes is deterministic (the same file and the same library version give
the same text): it is what the ledger's edits apply to, and :func:`pipeline.raw_text` makes it
again from the file to replay them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..document import Finding
from ..errors import InputError
from ..hints import Hints


@dataclass(frozen=True, slots=True)
class Extracted:
    """A reader's result: the raw text, its hints, the extractor's name and version (as
    ``Source.extractor`` records it) and what reading found (in raw coordinates)."""

    text: str
    hints: Hints
    extractor: str
    encoding: str  # how the bytes became text: "pdf" (the PDF's own fonts), an HTML page's codec
    findings: tuple[Finding, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Reader:
    """A reader of one kind of original file: its module, and the extra its libraries need."""

    module: str  # under pipeline.readers
    extra: str  # pip install 'coi-pipeline[<extra>]'
    needs: tuple[str, ...]  # the libraries the extra installs (imported to check)


READERS = {
    ".pdf": Reader("pdf", "pdf", ("pypdfium2",)),
    ".html": Reader("html", "html", ("trafilatura", "lxml")),
    ".htm": Reader("html", "html", ("trafilatura", "lxml")),
}


def reader_for(suffix: str) -> Reader | None:
    """The reader of files ending in ``suffix`` (``".pdf"``), or ``None`` for text."""
    return READERS.get(suffix.lower())


def read(data: bytes, where: object, reader: Reader) -> Extracted:
    """``data`` (the file at ``where``) read by ``reader``; :class:`InputError` if its extra is
    not installed or the file cannot be read."""
    for name in reader.needs:
        try:
            importlib.import_module(name)
        except ImportError:
            raise InputError(
                where,
                f"reading {reader.module.upper()} files needs the {reader.extra!r} extra: "
                f"pip install 'coi-pipeline[{reader.extra}]'",
            ) from None
    module = importlib.import_module(f"{__name__}.{reader.module}")
    extracted: Extracted = module.read(data, where)
    return extracted
