"""Progress on stderr for every phase of a run: reading, cleaning, the quote check, the reports.

Shown only when the command line asks (a terminal on stderr, no ``--no-progress`` or
``--quiet``): a bar per phase, drawn by tqdm, with the count of what the phase has done (and its
total, when known before the phase starts: the documents to clean are counted while reading).
Without a terminal every call is a no-op, so the run's code reads the same either way.

The risk is the other way round from most modules: tqdm's monitor thread would run in a process
that later forks the process pool, so it is switched off (``monitor_interval = 0``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


class Phase:
    """One phase's bar; without a terminal, nothing."""

    def __init__(self, bar: Any = None) -> None:
        self._bar = bar

    def advance(self, n: int = 1) -> None:
        """``n`` more items done."""
        if self._bar is not None:
            self._bar.update(n)

    def step(self, what: str) -> None:
        """Name the step the phase is in now (the quote check's clusters, reuse, labelling)."""
        if self._bar is not None:
            self._bar.set_postfix_str(what)

    def counted(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, advancing by one for each."""
        for item in items:
            yield item
            self.advance()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Phase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Progress:
    """The bars of one run: :meth:`phase` opens the next one."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown

    def phase(self, name: str, unit: str, total: int | None = None) -> Phase:
        if not self.shown:
            return Phase()
        from tqdm import tqdm  # only a terminal needs it

        class Bar(tqdm):  # type: ignore[misc]
            monitor_interval = 0  # no monitor thread: the process pool forks a thread-free process

        return Phase(Bar(total=total, desc=name, unit=unit, file=sys.stderr))
