"""Cyclic garbage collection held off while one document is cleaned and serialised.

Why: the per-document work allocates hundreds of thousands of small container objects (edits,
proposals, matches, JSON pieces) and makes no reference cycles, so refcounting frees all of it;
the cyclic collector only costs time. Worse, that cost grows faster than the document: a full
collection walks every live object, and a large document both holds more of them and
allocates enough to trigger full collections that a small one never does (measured on 350 KB
adversarial inputs: one to three full collections of 20–40 ms land in one step, none at
35 KB). Pausing it keeps the time per MB flat. When the pause ends, one young collection
takes what was made meanwhile, so that its cost is the document's, not that of whatever runs
next. Used around a document's stages and serialisation (:mod:`pipeline.runtime.runner`), and
around the quote index's additions and clustering (:mod:`pipeline.consistency.index`).

What it risks: a cycle made meanwhile (a caught exception's traceback, say) lives until the
pause ends — memory bounded by one document. The pause is counted, so threads that clean
documents at once (the dask engine's threads) leave collection on only when the last ends; a
program that turned collection off itself keeps it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses in progress (any thread)
_resume = False  # whether collection was on when the first of them began


@contextmanager
def collection_paused() -> Iterator[None]:
    """Cyclic collection off for the ``with`` block (on again after, if it was on before).

    >>> import gc
    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
                # The objects made meanwhile are all young: collected now, once, not in
                # whatever the caller does next (writing the files, say), which would be
                # charged with them.
                gc.collect(0)
