"""One run at a time into an OUT: an exclusive lock on a file beside it.

:func:`locked` takes an exclusive, non-blocking :func:`fcntl.flock` on ``.OUT.lock`` in OUT's
parent directory. A second run into the same OUT (from this process or another) fails at once
with an :class:`~pipeline.errors.OutputError` naming the process that holds the lock, instead of
racing the first one to replace OUT. The lock is the kernel's: it is released when its holder
exits, however it exits (``kill -9`` included).

Only the process that took the lock holds it. An ``flock`` belongs to the open file, and a
process forked while it is held gets a copy of the descriptor, so a pool worker that outlived
a killed run would keep OUT locked: the descriptor is therefore closed in every child as it is
forked (:func:`os.register_at_fork`), and it is opened ``O_CLOEXEC`` for programs started with
``exec`` (dask's workers, the forkserver). A child that is not forked by Python (a C library's
own ``fork`` without ``exec``) would still keep a copy: none of ours does.

The lock file holds the pid of its holder and an id of the machine (boot and pid namespace),
for the message and for stale locks:

- a lock file left by a run that was killed (no holder any more) is taken over, with a note on
  stderr naming the dead run;
- a lock still held, but by processes of a run that is gone (its pid no longer runs on this
  machine: workers of a killed run, from a version of the pipeline before their descriptor was
  closed), is taken over too, with a note: the file is removed and a new one locked, so the
  leftover processes hold a lock nobody else will ever see. The machine id makes this safe on a
  file system shared between machines or containers, where a pid means nothing: a holder from
  elsewhere is always respected.

The lock file is opened without following a symbolic link (``O_NOFOLLOW``) and without
waiting (``O_NONBLOCK``: a planted FIFO does not hang the run), and it must be a plain file with
one name: a link planted under its name (``.OUT.lock -> some file``, by anyone who can add a
file to the checkout) would have the run write its pid over the start of the link's target, so
a run refuses it with one line and writes nothing.

The lock file is removed when the run ends, so a run leaves nothing beside OUT. Removing it is
safe because a run that gets the lock checks that the file it locked is still the one of that
name: a second run may have opened the file just before the first removed it, and then locks a
file nobody else will ever see; it notices and starts over with the file now under the name.

Limits: ``flock`` works on local file systems and on NFS (as a POSIX lock, Linux >= 2.6.12).
Where there is no :mod:`fcntl` (Windows), there is no lock: concurrent runs are not detected
there, and each still replaces OUT atomically (the last one to finish wins).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import OutputError, printable
from ..machinery.lifeline import running

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: degrade to no lock (see the module doc)
    fcntl = None  # type: ignore[assignment]

_HELD: set[int] = set()  # descriptors of the lock files this process has open
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # (not on Windows, where there is no lock anyway)


def _close_in_child() -> None:  # (no lock taken here: another thread may have held it)
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


def lock_path(out: Path) -> Path:
    """The lock file of ``out``: ``.OUT.lock`` beside it."""
    return out.parent / f".{out.name}.lock"


def machine() -> str:
    """What makes a pid meaningful: this boot of this machine, and its pid namespace (Linux);
    elsewhere the host name."""
    try:
        with open("/proc/sys/kernel/random/boot_id", "rb") as file:
            boot = file.read().decode("ascii", "replace").strip()
        return f"{boot}/{os.stat('/proc/self/ns/pid').st_ino}"
    except OSError:  # pragma: no cover - not Linux
        return os.uname().nodename if hasattr(os, "uname") else "unknown"


def _holder(fd: int) -> tuple[str, str]:
    """The pid and machine id the holder wrote into the lock file (pid "unknown" in the
    instant before it does)."""
    try:
        words = os.pread(fd, 256, 0).decode("ascii", "replace").split()
    except OSError:
        words = []
    pid = words[0] if words and words[0].isdigit() else "unknown"
    return pid, words[1] if len(words) > 1 else ""


def _note(message: str) -> None:
    print(printable(f"coi-pipeline: note: {message}"), file=sys.stderr)


@contextlib.contextmanager
def locked(out: str | Path, *, note: Callable[[str], None] = _note) -> Iterator[Path]:
    """Hold the exclusive lock of ``out`` for the block; yields the lock file's path.

    Raises :class:`~pipeline.errors.OutputError` if another run holds it, or if the lock file
    cannot be created (OUT's parent directories are created as needed). A stale lock (see the
    module doc) is taken over, and ``note`` (default: one line on stderr) is told so."""
    out = Path(out)
    path = lock_path(out)
    if fcntl is None:  # pragma: no cover - Windows
        yield path
        return
    for _ in range(10):  # each round: the lock file was replaced under us (see the module doc)
        fd = _open(out, path)
        try:
            if _lock(out, path, fd, note) and _same_file(path, fd):
                break
        except BaseException:
            _close(fd)
            raise
        _close(fd)
    else:  # pragma: no cover - ten runs racing for one OUT
        raise OutputError(f"{out}: its lock file {path} keeps changing; try again")
    try:
        pid, _ = _holder(fd)
        if pid != "unknown":  # we hold the lock, so whoever wrote this has ended
            note(f"{out}: taking over the lock of an earlier run (pid {pid}) that was killed")
        with contextlib.suppress(OSError):  # the pid is for the messages only: best effort
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {machine()}\n".encode("ascii"), 0)
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # before unlocking: no one can lock it under this name any more
        _close(fd)  # releases the lock


def _open(out: Path, path: Path) -> int:
    """Open (or create) the lock file: never through a symlink, never a file that is not a
    plain file of its own (see the module doc)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _open_fd(path, os.O_RDWR | os.O_CREAT | NO_FOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _planted(out, path, "a symbolic link") from error
        raise OutputError(
            f"{out}: cannot create its lock file {path}: {error.strerror or error}"
        ) from error
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        _close(fd)
        raise _planted(out, path, "a hard link" if stat.S_ISREG(info.st_mode) else "not a file")
    return fd


def _planted(out: Path, path: Path, what: str) -> OutputError:
    return OutputError(
        f"{out}: its lock file {path} is {what}, not one a run made; refusing to write through "
        "it (remove it if it is yours)"
    )


def _open_fd(path: Path, flags: int) -> int:
    """Open ``path``, closed in every child process (see the module doc)."""
    fd = os.open(path, flags | os.O_CLOEXEC, 0o644)
    _HELD.add(fd)
    return fd


def _close(fd: int) -> None:
    _HELD.discard(fd)
    os.close(fd)


def _lock(out: Path, path: Path, fd: int, note: Callable[[str], None]) -> bool:
    """Lock ``fd``: True when locked; False when the caller must open the file again, as it
    was replaced meanwhile, or as its holder is a run that is gone (then it is removed)."""
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pid, where = _holder(fd)
        stale = pid.isdigit() and where == machine() and not running(int(pid))
        removed = _remove_if_same(path, fd) if stale else None
        if removed is None:
            raise OutputError(
                f"{out}: another coi-pipeline run is writing it (pid {pid}); "
                "try again when it has finished"
            ) from None
        if removed:
            note(
                f"{out}: taking over the lock of an earlier run (pid {pid}) that was killed; "
                "processes it left still hold the old lock file"
            )
        return False
    except OSError as error:  # e.g. a file system without locks
        raise OutputError(f"{out}: cannot lock {path}: {error.strerror or error}") from error


def _remove_if_same(path: Path, fd: int) -> bool | None:
    """Remove ``path`` if it is still the file open as ``fd`` (True), else leave it (False);
    None if the directory cannot be locked. Two runs taking over one stale lock do this one at
    a time, under a lock on the directory: else one could remove the new file that the other
    has just created and locked."""
    assert fcntl is not None
    try:
        directory = _open_fd(path.parent, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(directory, fcntl.LOCK_EX)
        if not _same_file(path, fd):
            return False
        path.unlink()
        return True
    except FileNotFoundError:
        return False
    except OSError:  # a directory that cannot be locked (some network file systems)
        return None
    finally:
        _close(directory)  # (releases the directory's lock)


def _same_file(path: Path, fd: int) -> bool:
    """Whether ``fd`` is still the file named ``path`` (not removed or replaced meanwhile)."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(fd))
    except OSError:
        return False
