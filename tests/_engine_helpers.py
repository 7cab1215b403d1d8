"""What tests/test_engines.py maps: top-level functions, which pool and dask worker processes
import by name. A module of their own, importing little, so that each new worker process is
ready fast (``tests/`` is on ``sys.path``, and worker processes inherit it)."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from typing import Any

from pipeline import Config
from pipeline.machinery.timings import Timings
from pipeline.runtime.worker import process
from pipeline.stages import Context, selected


def slow_square(shared: tuple[int, dict[str, int]], item: int) -> tuple[int, str]:
    """``item`` squared plus an offset from ``shared``, after a delay that varies with ``item``
    (so workers finish out of order); also the type ``shared`` arrived as."""
    time.sleep((item * 7 % 5) / 2000)
    return shared[0] + shared[1]["scale"] * item * item, type(shared).__name__


UNPICKLED: defaultdict[str, int] = defaultdict(int)  # in this process: Shared objects unpickled


class Shared:
    """A stand-in for the stages and corpus index that counts the times it is unpickled."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return _unpickle_shared, (self.token,)


def _unpickle_shared(token: str) -> Shared:
    UNPICKLED[token] += 1
    return Shared(token)


def times_unpickled(shared: Shared, item: int) -> int:
    time.sleep(0.001)  # spread the items over the workers
    return UNPICKLED[shared.token]


def raise_at(shared: tuple[int, Exception], item: int) -> int:
    if item == shared[0]:
        raise shared[1]
    return item


class TwoPartError(Exception):
    """An exception that pickles but does not unpickle: ``__init__`` wants two arguments."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def raise_unpicklable(shared: None, item: int) -> int:
    if item == 3:
        raise TwoPartError("letters/a.txt", "not UTF-8")
    return item


def pid(shared: float, item: int) -> int:
    """The id of the process, after ``shared`` seconds; a negative item is an error."""
    if item < 0:
        raise ValueError(f"bad item {item}")
    time.sleep(shared)
    return os.getpid()


def clean_shard(shared: tuple[Config, Context], shard: list[Any]) -> list[dict[str, Any]]:
    config, ctx = shared
    return [process(item, selected(config), ctx, Timings()).to_json() for item in shard]
