"""One run at a time into an OUT: an exclusive lock on a file beside it.

:func:`locked` takes an exclusive, non-blocking :func:`fcntl.flock` on ``.OUT.lock`` in OUT's
parent directory. A second run into the same OUT (from this process or another) fails at once
with an :class:`~pipeline.errors.OutputError` naming the process that holds the lock, instead of
racing the first one to replace OUT. The lock is the kernel's: it is released when its holder
exits, however it exits (``kill -9`` included), so a crashed run never leaves a stale lock.

The lock file is removed when the run ends, so a run leaves nothing beside OUT (a killed run
leaves it, empty of meaning: the next run takes it over). Removing it is safe because a run
that gets the lock checks that the file it locked is still the one of that name: a second run
may have opened the file just before the first removed it, and then locks a file nobody else
will ever see; it notices and starts over with the file now under the name.

Limits: ``flock`` works on local file systems and on NFS (as a POSIX lock, Linux >= 2.6.12).
Processes forked while the lock is held share it (it belongs to the open file, not the
process), so a pool worker that outlives a killed parent keeps OUT locked until it exits.
Where there is no :mod:`fcntl` (Windows), there is no lock: concurrent runs are not detected
there, and each still replaces OUT atomically (the last one to finish wins).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: degrade to no lock (see the module doc)
    fcntl = None  # type: ignore[assignment]


def lock_path(out: Path) -> Path:
    """The lock file of ``out``: ``.OUT.lock`` beside it."""
    return out.parent / f".{out.name}.lock"


def _holder(fd: int) -> str:
    """The pid the holder wrote into the lock file ("unknown" in the instant before it does)."""
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        pid = ""
    return pid if pid.isdigit() else "unknown"


@contextlib.contextmanager
def locked(out: str | Path) -> Iterator[Path]:
    """Hold the exclusive lock of ``out`` for the block; yields the lock file's path.

    Raises :class:`~pipeline.errors.OutputError` if another run holds it, or if the lock file
    cannot be created (OUT's parent directories are created as needed)."""
    out = Path(out)
    path = lock_path(out)
    if fcntl is None:  # pragma: no cover - Windows
        yield path
        return
    for _ in range(10):  # each round: the lock file was replaced under us (see the module doc)
        fd = _open(out, path)
        try:
            _lock(out, path, fd)
            if _same_file(path, fd):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    else:  # pragma: no cover - ten runs racing for one OUT
        raise OutputError(f"{out}: its lock file {path} keeps changing; try again")
    try:
        with contextlib.suppress(OSError):  # the pid is for the message only: best effort
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # before unlocking: no one can lock it under this name any more
        os.close(fd)  # releases the lock


def _open(out: Path, path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise OutputError(
            f"{out}: cannot create its lock file {path}: {error.strerror or error}"
        ) from error


def _lock(out: Path, path: Path, fd: int) -> None:
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(
            f"{out}: another coi-pipeline run is writing it (pid {_holder(fd)}); "
            "try again when it has finished"
        ) from None
    except OSError as error:  # e.g. a file system without locks
        raise OutputError(f"{out}: cannot lock {path}: {error.strerror or error}") from error


def _same_file(path: Path, fd: int) -> bool:
    """Whether ``fd`` is still the file named ``path`` (not removed or replaced meanwhile)."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(fd))
    except OSError:
        return False
