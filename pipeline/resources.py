"""Where the files that ship with coi-pipeline are: the JSON Schemas and the embedded seed corpus.

In an installed wheel they sit inside the package (``pipeline/schemas``, ``pipeline/seeds``); in a
source checkout (or an editable install) they sit at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The directory ``name`` (``"schemas"`` or ``"seeds"``), installed or in the checkout."""
    for candidate in (HERE / name, HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"coi-pipeline is installed without its {name}/ directory")
