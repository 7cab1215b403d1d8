"""Which configuration file a command reads: ``--config``, else the nearest one found.

Like ruff and mypy, the command line looks for its settings where a project keeps them, walking
up from the current directory to the filesystem root. In each directory, nearest first:

1. ``coi-pipeline.toml`` (the whole file is the configuration, as with ``--config``);
2. ``pyproject.toml`` with a ``[tool.coi-pipeline]`` table (a ``pyproject.toml`` without it
   is passed over, as ruff does).

``--config FILE`` wins over anything found, and ``--isolated`` reads no file at all (the
defaults). The library (:func:`pipeline.run`) never looks around: it takes the configuration
it is given, so that a program's result does not depend on its working directory.

The risk: a run picks up settings the user did not know were there (a ``pyproject.toml``
two directories up). The summary line names the file, and the manifest records it (its
path, the table read and its sha256), so that a surprising result can be traced.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .reading import read_bytes

PROJECT_FILE = "coi-pipeline.toml"
PYPROJECT = "pyproject.toml"
TABLE_KEY = "coi-pipeline"
TABLE = f"tool.{TABLE_KEY}"  # the table of pyproject.toml that holds the settings


@dataclass(frozen=True, slots=True)
class ConfigOrigin:
    """Where a run's settings came from, as the manifest records it."""

    path: str  # as shown: relative to the current directory when inside it
    table: str | None  # "tool.coi-pipeline" for a pyproject.toml; None: the whole file
    found_by: str  # "--config" or "discovery"
    sha256: str  # of the file's bytes

    def to_json(self) -> dict[str, str | None]:
        return {
            "path": self.path,
            "table": self.table,
            "found_by": self.found_by,
            "sha256": self.sha256,
        }

    def prefix(self) -> str:
        """The dotted prefix of every key in the file (for error messages)."""
        return f"{self.table}." if self.table else ""


def shown(path: Path) -> str:
    """``path`` relative to the current directory when it lies inside it, else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def origin(path: Path, data: bytes, *, table: str | None, found_by: str) -> ConfigOrigin:
    return ConfigOrigin(shown(path), table, found_by, hashlib.sha256(data).hexdigest())


def discover(start: Path, limit: int) -> tuple[Path, str | None] | None:
    """The configuration file nearest to ``start`` (see the module's docstring) and the table
    to read in it (None: the whole file), if there is one.

    A ``pyproject.toml`` is parsed to see whether it holds the table. One that cannot be
    parsed is passed over when it does not even mention ``coi-pipeline`` (another project's
    broken file up the tree is not ours to report); when it does, it is returned, and reading
    it reports the error with its line. One that cannot be read at all is passed over.
    """
    for directory in (start, *start.parents):
        project = directory / PROJECT_FILE
        if project.is_file():
            return Path(shown(project)), None
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _holds_table(pyproject, limit):
            return Path(shown(pyproject)), TABLE
    return None


def _holds_table(path: Path, limit: int) -> bool:
    try:
        data = read_bytes(path, limit)
    except InputError:  # unreadable or oversized: nothing in it can be seen, so nothing is ours
        return False
    try:
        tool = tomllib.loads(data.decode("utf-8")).get("tool")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return TABLE_KEY.encode() in data
    return isinstance(tool, dict) and TABLE_KEY in tool
