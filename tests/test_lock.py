"""The lock on OUT (:mod:`pipeline.runtime.lock`) when its last holder is gone: a stale lock is
taken over with a note naming the dead run; a live holder, or one of another machine, is refused.

The holders here write the lock file as a run does (``PID MACHINE``); a "leftover worker" holds
the lock with the pid of a run that has ended written in it, as the workers of a killed run of
an earlier version did (they inherited the lock's descriptor)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.runtime.lock import lock_path, locked, machine

HOLD = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.pwrite(fd, sys.argv[2].replace("{pid}", str(os.getpid())).encode("ascii"), 0)
print("held", flush=True)
sys.stdin.read()
"""


def ended_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


Hold = Callable[[str], "subprocess.Popen[str]"]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def hold(out: Path) -> Iterator[Hold]:
    """``hold(content)``: a process holding OUT's lock file with ``content`` written in it
    (``{pid}`` replaced by its own pid)."""
    started: list[subprocess.Popen[str]] = []

    def start(content: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(lock_path(out)), content],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_a_lock_file_left_by_a_killed_run_is_taken_over_with_a_note(out: Path) -> None:
    dead = ended_pid()
    lock_path(out).write_text(f"{dead} {machine()}\n", "ascii")  # nobody holds it
    notes: list[str] = []
    with locked(out, note=notes.append) as path:
        assert path.read_text("ascii").split() == [str(os.getpid()), machine()]
    assert notes == [f"{out}: taking over the lock of an earlier run (pid {dead}) that was killed"]
    assert not path.exists()


def test_a_lock_held_by_the_leftovers_of_a_dead_run_is_taken_over_with_a_note(
    out: Path, hold: Hold
) -> None:
    dead = ended_pid()
    leftover = hold(f"{dead} {machine()}\n")
    old = lock_path(out).stat().st_ino
    notes: list[str] = []
    with locked(out, note=notes.append) as path:
        assert path.stat().st_ino != old  # a new lock file: the leftover keeps the old one
        assert leftover.poll() is None  # (left running: ending it is not the lock's business)
    assert notes == [
        f"{out}: taking over the lock of an earlier run (pid {dead}) that was killed; "
        "processes it left still hold the old lock file"
    ]


def test_a_live_holder_is_refused(out: Path, hold: Hold) -> None:
    holder = hold(f"{{pid}} {machine()}\n")
    notes: list[str] = []
    with pytest.raises(OutputError) as error, locked(out, note=notes.append):
        pass
    assert str(error.value) == (
        f"{out}: another coi-pipeline run is writing it (pid {holder.pid}); "
        "try again when it has finished"
    )
    assert notes == []
    assert lock_path(out).exists()  # the holder's file is left alone


def test_a_holder_of_another_machine_is_refused_even_with_a_pid_that_is_dead_here(
    out: Path, hold: Hold
) -> None:
    dead = ended_pid()
    hold(f"{dead} another-boot/4026531836\n")  # a pid of a shared file system's other machine
    refused = rf"another coi-pipeline run is writing it \(pid {dead}\)"
    with pytest.raises(OutputError, match=refused), locked(out):
        pass


def test_a_holder_that_has_not_written_its_pid_yet_is_refused(out: Path, hold: Hold) -> None:
    hold("")
    with pytest.raises(OutputError, match=r"\(pid unknown\)"), locked(out):
        pass


@pytest.mark.parametrize("plant", ["symlink", "hard link", "fifo"])
def test_a_lock_file_planted_beside_out_is_refused_and_its_target_untouched(
    out: Path, tmp_path: Path, plant: str
) -> None:
    """Anyone who can add a file to a checkout can plant ``.OUT.lock``: a run must not write
    its pid through it (over the start of the link's target) nor wait on a FIFO."""
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    path = lock_path(out)
    if plant == "symlink":
        path.symlink_to(target)
    elif plant == "hard link":
        os.link(target, path)
    else:
        os.mkfifo(path)
    refused = r"lock file .* is (a symbolic link|a hard link|not a file)"
    with pytest.raises(OutputError, match=refused), locked(out):
        pytest.fail("the lock was taken through a planted file")
    assert target.read_text() == "keep me\n"
    assert os.path.lexists(path)  # left for its owner to look at


def test_a_planted_lock_symlink_is_one_line_and_exit_2(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    lock_path(out).symlink_to(target)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(seeds), "-o", str(out), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "is a symbolic link" in done.stderr
    assert target.read_text() == "keep me\n" and not out.exists()
