"""Errors coi-pipeline raises on purpose. The CLI prints each as one line and exits 2.

    PipelineError            anything the user can fix; ``str(error)`` is the whole message
    ├── InputError           an input file cannot be read or decoded (names the file and reason)
    ├── ConfigError          a config file is unreadable, not TOML, or has an unknown key;
    │                        or an option names what the config lacks (``--source``)
    └── OutputError          OUT cannot be written, or is not ours to replace

A bug in coi-pipeline itself is not a ``PipelineError``: it propagates with its traceback.

Every line coi-pipeline prints goes through :func:`printable`: a file name can hold a line
break (which would forge a second line — under GitHub Actions, a ``::error file=…::`` workflow
command of the attacker's choosing), a terminal escape, or a bidi control that shows the name
reversed.
"""

from __future__ import annotations

import re

# Control characters (line ends and the terminal escape among them), the bidi controls and
# marks, and the line and paragraph separators: what makes one printed line show as another.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` as one line that shows what it holds: those characters escaped as Python
    writes them (a backslash is left as it is: the escapes only need to be seen).

    >>> printable("in/a\n::error file=x::forged \u202etxt.exe")
    'in/a\\n::error file=x::forged \\u202etxt.exe'
    """
    return UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


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
