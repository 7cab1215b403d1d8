"""Config tables compiled once: one definition of the cache every stage's compiled config uses.

A stage reads its config tables as regexes, word sets and option objects (``[boilerplate]``'s
rules as one pattern, ``[structure]``'s salutations, ftfy's options…). Compiling them costs more
than most documents, so each such function is decorated :func:`compiled`: its result is kept per
process, one entry per configuration it was asked about (a run has one configuration, a test
suite a few). When the pipeline is built, each chosen stage's ``compile_config`` (see
:class:`~pipeline.stages.base.Stage`) asks for everything it will compile, so that no document
pays for it and a test can hold every stage to that (:data:`COMPILED` lists the functions).

Only functions of configuration belong here: a function of a document's own text (its
labels, its numerals) keeps a cache of its own, whose keys do not stay few.

>>> shout = Compiled(lambda words: frozenset(word.upper() for word in words))  # (unlisted)
>>> shout(("a", "b")) is shout(("a", "b")), shout.cache_info().misses
(True, 1)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import Any, Generic, ParamSpec, TypeVar

Parameters = ParamSpec("Parameters")
Result = TypeVar("Result")

# Entries per function: the configurations of a process (a run: one; the test suite: a few
# dozen, each test that loads its own file a new one). Past it, the oldest is compiled again.
CONFIGURATIONS = 32

COMPILED: list[Compiled[..., Any]] = []  # every compiled function, in definition order


class Compiled(Generic[Parameters, Result]):
    """A compiled-config function: its results kept per process (``functools.lru_cache``, whose
    ``cache_info`` and ``cache_clear`` it offers), the last call's arguments recognised by
    identity first — a stage may ask line by line, and hashing a whole config table each time
    would cost more than the line."""

    def __init__(self, make: Callable[Parameters, Result]) -> None:
        cached = lru_cache(maxsize=CONFIGURATIONS)(make)
        self._cached: Callable[..., Result] = cached
        self.cache_info = cached.cache_info
        self._clear = cached.cache_clear
        self._last: tuple[tuple[object, ...], Result] | None = None  # (swapped whole: threads)
        update_wrapper(self, make)
        self._name: str = make.__qualname__

    def __call__(self, *args: Parameters.args, **kwargs: Parameters.kwargs) -> Result:
        last = self._last
        if (
            last is not None
            and not kwargs
            and len(args) == len(last[0])
            and all(a is b for a, b in zip(args, last[0], strict=True))
        ):
            return last[1]
        result = self._cached(*args, **kwargs)
        if not kwargs:
            self._last = (args, result)
        return result

    def cache_clear(self) -> None:
        """Forget every result (the next call compiles again)."""
        self._last = None
        self._clear()

    def __reduce__(self) -> str:
        return self._name  # pickled as what it is: a module's function, by its name


def compiled(make: Callable[Parameters, Result]) -> Compiled[Parameters, Result]:
    """``make``, a function of config values (hashable: the config's frozen tables, tuples),
    with its results kept per process for the last :data:`CONFIGURATIONS` arguments."""
    function = Compiled(make)
    COMPILED.append(function)
    return function


__all__ = ["COMPILED", "Compiled", "compiled"]
