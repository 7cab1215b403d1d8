"""Errors coi-pipeline raises on purpose. The CLI prints each as one line and exits 2.

    PipelineError            anything the user can fix; ``str(error)`` is the whole message
    ├── InputError           an input file cannot be read or decoded (names the file and reason)
    ├── ConfigError          a config file is unreadable, not TOML, or has an unknown key;
    │                        or an option names what the config lacks (``--source``)
    └── OutputError          OUT cannot be written, or is not ours to replace

A bug in coi-pipeline itself is not a ``PipelineError``: it propagates with its traceback.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class of the errors a user can act on."""


class InputError(PipelineError):
    """An input cannot be used; the message names the file (and line) and the reason."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Raised in worker processes and sent back: pickle the two parts, not the message.
        return InputError, (self.path, self.reason)


class ConfigError(PipelineError):
    """The configuration is invalid."""


class OutputError(PipelineError):
    """The output directory cannot be written."""
