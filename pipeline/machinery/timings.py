"""Seconds per step of a run, by one clock into one record: the manifest's ``timings``.

Every step a run times — each stage of each document, serialising it, reading the inputs,
writing, the quote check and its parts, the reports — adds to one :class:`Timings`, in one of
two ways: a block (:meth:`Timings.timed`), or steps that follow each other back to back
(:meth:`Timings.stopwatch`: each lap charges the time since the last one to its step, so no
instant between two stages goes uncounted). A worker's record travels back as a plain dict
(:meth:`Timings.as_dict`) and is added to the run's (:meth:`Timings.add_all`).

The clock is :func:`time.perf_counter`, read through this module's ``time``, so a benchmark can
give it a CPU clock instead (``bench/stages.py --cpu``).
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping


def now() -> float:
    """The clock every timing reads."""
    return time.perf_counter()


class Stopwatch:
    """Steps timed back to back: :meth:`lap` charges the time since the last lap (or the start)
    to a step."""

    __slots__ = ("_started", "_timings")

    def __init__(self, timings: Timings) -> None:
        self._timings = timings
        self._started = now()

    def lap(self, step: str) -> None:
        """Charge the time since the last lap to ``step``; the next lap starts now."""
        ended = now()
        self._timings.add(step, ended - self._started)
        self._started = ended


class Timings:
    """Seconds spent per step, summed over every time the step ran."""

    __slots__ = ("_seconds",)

    def __init__(self) -> None:
        self._seconds: defaultdict[str, float] = defaultdict(float)

    def add(self, step: str, seconds: float) -> None:
        self._seconds[step] += seconds

    def add_all(self, spent: Mapping[str, float]) -> None:
        """Add another record (a worker's, as :meth:`as_dict` gave it)."""
        for step, seconds in spent.items():
            self._seconds[step] += seconds

    @contextlib.contextmanager
    def timed(self, step: str) -> Iterator[None]:
        """Charge the block's time to ``step``, however it ends."""
        started = now()
        try:
            yield
        finally:
            self.add(step, now() - started)

    def stopwatch(self) -> Stopwatch:
        """A :class:`Stopwatch` started now, charging this record."""
        return Stopwatch(self)

    def as_dict(self) -> dict[str, float]:
        """Seconds per step, as a plain dict (sent back by a worker, handed to the caller)."""
        return dict(self._seconds)
