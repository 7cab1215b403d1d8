"""A list too large for memory: records kept in a temporary file, read back in key order.

A run over a large corpus produces more records than fit in memory — quotations, cluster rows,
findings — but each is needed only once more, in some order. A :class:`Spill` writes each record
(as JSON) to an anonymous temporary file, which the operating system removes even if the run is
killed, and keeps in memory only a small key and the record's place in the file.

>>> spill = Spill()
>>> for key, n in [("b", 2), ("a", 1), ("b", 3)]:
...     number = spill.add(key, {"n": n})
>>> [record["n"] for record in spill.sorted()]
[1, 2, 3]
>>> spill.get(0)
{'n': 2}
"""

from __future__ import annotations

import io
import os
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson


def temporary_file(directory: Path | None) -> IO[bytes]:
    """An anonymous temporary file in ``directory``, or a buffer in memory if None. Its owner
    closes it; the operating system removes it then, or when the process dies."""
    if directory is None:
        return io.BytesIO()
    return tempfile.TemporaryFile(dir=directory)


class Spill:
    """Records appended with a sort key; read back by number or in key order (ties: the order
    they were added). ``directory``: where the temporary file goes (default: in memory).
    Per record, memory holds its key and two machine integers."""

    def __init__(self, directory: Path | None = None) -> None:
        self.file = temporary_file(directory)
        self.keys: list[Any] = []
        self.offsets = array("q")  # where each record starts in the file
        self.end = 0
        self._unflushed = False  # written since the last read

    def __len__(self) -> int:
        return len(self.offsets)

    def add(self, key: Any, record: Any) -> int:
        """Keep ``record`` under ``key``; returns its number."""
        data = orjson.dumps(record)
        self.file.write(data)  # (reads do not move the file's position: it stays at the end)
        self.offsets.append(self.end)
        self.keys.append(key)
        self.end += len(data)
        self._unflushed = True
        return len(self.offsets) - 1

    def get(self, number: int) -> Any:
        """The record numbered ``number``."""
        return orjson.loads(self.raw(number))

    def raw(self, number: int) -> bytes:
        """The record numbered ``number`` as it is stored: JSON, to be read with ``orjson``."""
        start = self.offsets[number]
        size = (self.offsets[number + 1] if number + 1 < len(self.offsets) else self.end) - start
        if isinstance(self.file, io.BytesIO):
            with self.file.getbuffer() as view:
                return bytes(view[start : start + size])
        if self._unflushed:
            self.file.flush()
            self._unflushed = False
        if not hasattr(os, "pread"):  # Windows
            self.file.seek(start)
            data = self.file.read(size)
            self.file.seek(0, io.SEEK_END)
            return data
        # One system call for exactly the record: a seek and a buffered read would flush the
        # writes, then read a whole buffer of 8 KB for a few hundred bytes. (Mapping the file
        # would save the call, but the pages read would count in the process's memory: a
        # large run's findings are gigabytes.)
        return os.pread(self.file.fileno(), size, start)

    def sorted(self) -> Iterator[Any]:
        """Every record, in key order (a stable sort: ties stay in the order added)."""
        for number in sorted(range(len(self.keys)), key=self.keys.__getitem__):
            yield self.get(number)

    def close(self) -> None:
        self.file.close()
