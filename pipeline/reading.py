"""The one way every command reads a file it was given: bounded, never blocking, one-line errors.

``run``, ``check``, ``clean`` and ``validate`` — inputs, the ``--config`` file, stdin, and the
files of an earlier OUT — all read through here, so they refuse the same things the same way:

- anything but a regular file (a FIFO would block ``open`` forever, ``/dev/zero`` never ends, a
  socket cannot be read): the file is opened with ``O_NONBLOCK`` (so opening a FIFO returns at
  once) and checked with ``fstat`` on the open descriptor, so what is checked is what is read;
- a file larger than its limit, sparse or not (a 1 GB sparse file is 1 GB of zeros to read): its
  ``st_size`` is refused before a byte is read, and at most ``size + 1`` bytes are ever asked
  for, so a file that grows while it is read is refused too, and no buffer of the limit's size is
  allocated for a small file;
- stdin beyond its limit (``clean -``);
- JSON that a parser would turn into a ``RecursionError`` or an unbounded integer conversion
  (:func:`load_json`): nesting beyond :data:`MAX_JSON_DEPTH`, integers beyond
  :data:`MAX_JSON_DIGITS` digits, ``NaN``/``Infinity`` (not JSON) and floats that overflow.

Every refusal is an :class:`~pipeline.errors.InputError` naming the file and the reason; the
caller turns it into its own error class where the file is not an input (a config file).
False positives risked: none for text we write or letters people send; a JSON value nested more
than 100 deep, or a 40-digit integer, is refused even where a laxer parser would take it.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import InputError

MAX_JSON_DEPTH = 100  # our outputs nest 6 deep; a JSONL record needs 1
MAX_JSON_DIGITS = 40  # of an integer: 64-bit ints have 20; int("9" * 5000) is slow or refused


def _not_regular(mode: int) -> str:
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a directory"
        if stat.S_ISDIR(mode)
        else "not a file"
    )
    return f"not a regular file ({kind})"


def _limit(limit: int, key: str) -> str:
    return f"{key}={limit:,}" if key else f"{limit:,} bytes"


def too_large(size: int, limit: int, key: str = "") -> str:
    """The reason of a refusal for size: ``file is 209,715,200 bytes, larger than …`` (``key``:
    the option that sets ``limit``, if any)."""
    return f"file is {size:,} bytes, larger than {_limit(limit, key)}"


@contextmanager
def open_regular(
    path: str | Path, limit: int | None, key: str = ""
) -> Iterator[tuple[IO[bytes], int]]:
    """``(binary file, size)`` of the regular file ``path`` of at most ``limit`` bytes (``key``
    names the limit in the message; ``None``: any size, for a file read a line at a time);
    :class:`InputError` otherwise, or if it cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from error
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise InputError(path, _not_regular(status.st_mode))
        if limit is not None and status.st_size > limit:
            raise InputError(path, too_large(status.st_size, limit, key))
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle, status.st_size


def read_bytes(path: str | Path, limit: int, key: str = "") -> bytes:
    """The bytes of the regular file ``path``, refused beyond ``limit`` (see the module)."""
    with open_regular(path, limit, key) as (handle, size):
        try:
            data = handle.read(size + 1)  # one more: a file that grew since fstat is caught
            if size < len(data) <= limit:  # it grew (or is a /proc file, of size 0): read on
                data += handle.read(limit + 1 - len(data))
        except OSError as error:
            raise InputError(path, f"cannot read: {error.strerror or error}") from error
    if len(data) > limit:
        raise InputError(path, f"file is larger than {_limit(limit, key)} (it grew while read)")
    return data


def read_stdin(limit: int, key: str = "") -> bytes:
    """All of stdin, refused beyond ``limit`` bytes (``yes | coi-pipeline clean -`` ends)."""
    stream = sys.stdin.buffer
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(1 << 20, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError("<stdin>", f"more than {_limit(limit, key)} of input")
    return b"".join(chunks)


def read_text(path: str | Path, limit: int, key: str = "") -> str:
    """:func:`read_bytes` decoded as UTF-8 (the files we write, and config files)."""
    try:
        return read_bytes(path, limit, key).decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (invalid byte at offset {error.start})") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        count = len(digits.lstrip("-"))
        raise ValueError(f"an integer of {count:,} digits (at most {MAX_JSON_DIGITS})")
    return int(digits)


def _parse_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:20]} overflows a float")
    return number


def _depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects, without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, level)
        pending.extend((child, level + 1) for child in item if isinstance(child, (dict, list)))
    return deepest


def load_json(text: str, where: object) -> Any:
    """The JSON value of ``text``, with bounded nesting and number sizes (see the module);
    :class:`InputError` at ``where`` naming what is wrong."""
    too_deep = f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
    try:
        value = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as error:
        raise InputError(where, f"not valid JSON ({error.msg})") from None
    except RecursionError:  # the C scanner's own limit, below the stack's
        raise InputError(where, too_deep) from None
    except ValueError as error:  # from the hooks above
        raise InputError(where, f"not usable JSON: {error}") from None
    # Brackets fewer than the limit cannot nest beyond it: the walk is skipped for most text.
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _depth(value) > MAX_JSON_DEPTH:
        raise InputError(where, too_deep)
    return value
