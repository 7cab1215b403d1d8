"""Putting a finished output in OUT's place: durable, atomic where the platform allows, and
recoverable at every instant where it does not.

A run builds its output in ``.OUT.tmp-PID-…`` beside OUT (:func:`pipeline.output.emit.staging`).
When it is complete, :func:`replace`:

1. writes every file and directory of it to the disk (one ``syncfs`` of its file system on
   Linux, else an ``fsync`` of each): a power cut after the swap must not leave a renamed
   directory of empty files;
2. swaps it with OUT in one step, ``renameat2(RENAME_EXCHANGE)`` (Linux 3.15, on the local
   file systems that have it: ext4, xfs, btrfs, tmpfs…), so that a reader always finds a whole
   OUT, the old one or the new one; where that is not available (another system, a network
   file system) OUT is first moved aside to ``.OUT.old-PID`` and the new one renamed into
   place — two steps, with an instant in which OUT is absent, after which a crash is repaired
   by the next run (:func:`clear_leftovers` puts the old output back);
3. writes the directory holding OUT to the disk, so the swap itself survives a power cut (on
   POSIX systems: Windows gets neither step 1 nor this one);
4. removes the old output (then under the staging name, or ``.OUT.old-PID``).

OUT is handled deliberately (:func:`output_dir`): a symbolic link is followed (the output is
written where it points, and the link stays); a mount point is refused at once, as it cannot be
replaced by a rename. Nothing beside OUT is followed through a symbolic link: a planted
``.OUT.old-PID`` link is neither put back as OUT nor emptied.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import cast

from ..errors import OutputError

AT_FDCWD = -100  # <fcntl.h>: paths relative to the working directory
RENAME_EXCHANGE = 2  # <linux/fs.h>
# The errors that mean "no atomic exchange here" (rather than a failure of the swap): no such
# call, or a file system that does not do it.
NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


def output_dir(out: Path) -> Path:
    """The directory a run writes as OUT: ``out``, or where it points if it is a symbolic link.

    Raises :class:`OutputError` for a mount point (a rename cannot replace it: the run would
    fail at its very end)."""
    if out.is_symlink():
        out = Path(os.path.realpath(out))
    if out.is_dir() and os.path.ismount(out):
        raise OutputError(
            f"{out}: is a mount point, which a run cannot replace; give a directory inside it"
        )
    return out


def replace(tmp: Path, out: Path) -> Path:
    """Put the complete output ``tmp`` in ``out``'s place (see the module doc); the path of the
    old output, left for the caller to remove (``tmp``'s own path after an exchange)."""
    sync_tree(tmp)
    old = aside(out)
    if not os.path.lexists(out):
        os.rename(tmp, out)
    elif exchange(tmp, out):
        old = tmp
    else:
        os.rename(out, old)
        os.rename(tmp, out)
    sync_dir(out.parent)
    return old


def aside(out: Path) -> Path:
    """Where this run moves the old ``out`` for the instant of a two-step swap."""
    return out.parent / f".{out.name}.old-{os.getpid()}"


def exchange(first: Path, second: Path) -> bool:
    """Swap ``first`` and ``second`` in one step; False where this system or file system cannot
    (nothing changed then). Other errors are raised as :class:`OSError`."""
    call = _renameat2()
    if call is None:
        return False
    if call(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """glibc's ``renameat2`` (2.28 and later), or None."""
    return cast("Callable[[int, bytes, int, bytes, int], int] | None", _libc_function("renameat2"))


def _libc_function(name: str) -> Callable[..., int] | None:
    """The C library's function ``name``, or None (no such function, or no C library)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # pragma: no cover - no C library to load (Windows)
        return None
    return cast("Callable[..., int] | None", getattr(libc, name, None))


def sync_tree(root: Path) -> None:
    """Write every file under ``root``, and every directory (``root`` included), to the disk:
    with one ``syncfs`` of its file system on Linux (an ``fsync`` per file costs about 0.15 ms
    on a local disk, far more on a CI runner's, for each of 100,000 documents), else file by
    file."""
    if _sync_file_system(root):
        return
    for folder, _, files in os.walk(root):
        for name in files:
            _sync(os.path.join(folder, name), os.O_RDONLY)
        _sync_directory(folder)


def _sync_file_system(root: Path) -> bool:
    """``syncfs`` the file system holding ``root`` (glibc 2.14, Linux 2.6.39); False where
    there is none (nothing done then)."""
    call = _libc_function("syncfs")
    if call is None or os.name == "nt":
        return False
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if call(fd) == 0:
            return True
        code = ctypes.get_errno()
        if code in NO_EXCHANGE:  # (the same "not here" errors)
            return False
        raise OSError(code, os.strerror(code), str(root))
    finally:
        os.close(fd)


def sync_dir(path: Path) -> None:
    """Write the directory ``path`` (the names in it) to the disk."""
    _sync_directory(str(path))


def _sync_directory(path: str) -> None:
    if hasattr(os, "O_DIRECTORY"):  # (a directory cannot be opened on Windows)
        _sync(path, os.O_RDONLY | os.O_DIRECTORY)


def _sync(path: str, flags: int) -> None:
    if os.name == "nt":  # pragma: no cover - fsync needs a handle open for writing there
        return
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clear_leftovers(out: Path) -> None:
    """Tidy up after runs into ``out`` that were killed (``kill -9``, a power cut).

    A run's working directories carry its process id: ``.OUT.tmp-PID-…`` (the output being
    built) and ``.OUT.old-PID`` (the previous output, moved aside for the instant of a
    two-step swap). For a process that no longer exists, the first is removed, and the second
    is put back as OUT if the run died before its new output took OUT's place (else it is
    removed). Only real directories are touched: a symbolic link under such a name was planted.
    """
    for leftover in sorted(out.parent.glob(f".{out.name}.*-*")):
        kind, _, rest = leftover.name[len(out.name) + 2 :].partition("-")
        pid = rest.split("-")[0]
        if kind not in ("tmp", "old") or not pid.isdigit() or _alive(int(pid)):
            continue
        if leftover.is_symlink() or not leftover.is_dir():
            continue
        if kind == "old" and not os.path.lexists(out):
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
