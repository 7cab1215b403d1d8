"""Which finding codes ``check``'s exit code counts: ``--select`` / ``--ignore``, ruff-style.

A selector is a code (``quote.wording-mismatch``) or its area (``quote``), or ``ALL``. A code
counts when a ``--select`` selector matches it (no ``--select``: every code) and no ``--ignore``
selector matches it more specifically: the longer selector wins, a tie goes to ``--ignore``, so
``--select quote --ignore quote.unquoted-reuse`` and ``--ignore quote --select
quote.wording-mismatch`` both do what they say.

What a selection changes: the exit code and nothing else. OUT's outputs (``documents/``,
``quotes.json``, ``findings.sarif``, ``report.html``) keep every finding, so a selection can
be changed without running again and nothing is silently lost; ruff, by contrast, does not
report an ignored rule at all. The risk is the other way round: a finding ignored here still
shows in code scanning (dismiss it there, or leave its code out of the upload).

:class:`PathIgnores` is ``[findings] per_path_ignores``: the same selectors, for the inputs whose
path matches a glob (``fnmatch``, so ``*`` also crosses ``/``), matched against the path as
given and as messages display it (relative to the working directory; ``seeds/NAME``). The risk:
a glob wider than meant (``*``) ignores a code everywhere; the manifest records the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePath

from .codes import CODES
from .document import Severity
from .positions import display_path

ALL = "ALL"


class SelectorError(ValueError):
    """A selector that matches no finding code (a typo would otherwise select nothing)."""


def _specificity(selector: str, code: str) -> int:
    """How specifically ``selector`` matches ``code``: -1 not at all, 0 ``ALL``, 1 the
    area, 2 the code itself."""
    if selector == ALL:
        return 0
    if selector == code:
        return 2
    return 1 if code.split(".", 1)[0] == selector else -1


def _checked(selectors: Iterable[str]) -> tuple[str, ...]:
    given = tuple(selectors)
    for selector in given:
        if all(_specificity(selector, code) < 0 for code in CODES):
            raise SelectorError(f"{selector!r} matches no finding code (see the README's table)")
    return given


@dataclass(frozen=True, slots=True)
class Selection:
    """The ``--select`` and ``--ignore`` selectors of a ``check``."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def of(cls, select: Iterable[str], ignore: Iterable[str]) -> Selection:
        """The selection, each selector checked to match some code (:class:`SelectorError`)."""
        return cls(_checked(select), _checked(ignore))

    def counts(self, code: str) -> bool:
        """Whether findings of ``code`` count for the exit code."""
        chosen = max(
            (_specificity(s, code) for s in self.select), default=0 if not self.select else -1
        )
        dropped = max((_specificity(s, code) for s in self.ignore), default=-1)
        return chosen >= 0 and chosen > dropped

    def exit_code(self, tally: Mapping[tuple[str, str], int], fail_on: str) -> int:
        """1 if a counted finding of ``tally`` ((severity, code) -> n) is at or above
        ``fail_on`` (``never`` | ``note`` | ``warning`` | ``error``), else 0."""
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return int(
            any(
                n and Severity(severity).rank >= threshold and self.counts(code)
                for (severity, code), n in tally.items()
            )
        )


def _shown(path: str) -> set[str]:
    """``path`` as a user may have written it in a glob: as given (without ``./``) and as
    messages display it (relative to the working directory, or ``seeds/NAME``)."""
    posix = PurePath(path).as_posix()
    return {posix, posix.removeprefix("./"), display_path(path)}


@dataclass(frozen=True, slots=True)
class PathIgnores:
    """``[findings] per_path_ignores``: (glob, ``--ignore`` selectors) pairs."""

    rules: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def covers(self, path: str, code: str) -> bool:
        """Whether a finding of ``code`` in the input ``path`` is ignored by some rule."""
        if not self.rules:
            return False
        forms = _shown(path)
        return any(
            not Selection((), ignore).counts(code)
            for glob, ignore in self.rules
            if any(fnmatchcase(form, glob) for form in forms)
        )
