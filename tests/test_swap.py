"""Putting OUT in place (:mod:`pipeline.output.swap`): a crash at every step of the swap leaves a
whole OUT (the old one or the new one), or one the next run puts back; OUT as a symbolic link or a
mount point is handled on purpose; ``validate`` never mixes two outputs.

The crashes are real: a child process runs the pipeline with one step of the swap replaced by
``os._exit`` (just before the step, or just after it), so no ``finally`` tidies up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_FILES

import pipeline.output.emit as emit
from pipeline import run
from pipeline.errors import OutputError
from pipeline.output import swap
from pipeline.output.emit import validate_dir

# The child: argv = OUT, seed file, step, "before"/"after", and which call of the step (1, 2…).
CRASH = """
import os, sys
from pipeline import run
from pipeline.output import swap
out, seed, step, when, nth = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
exchange = sys.argv[6] == "exchange"
calls = 0
real_replace = swap.replace
real = os.rename if step == "rename" else getattr(swap, step)

def crashing(*args, **kwargs):
    global calls
    calls += 1
    if calls == nth and when == "before":
        os._exit(9)
    result = real(*args, **kwargs)
    if calls == nth and when == "after":
        os._exit(9)
    return result

def replace(tmp, out):  # only the calls made while the swap runs
    if step == "rename":
        os.rename = crashing
    return real_replace(tmp, out)

if not exchange:
    swap.exchange = lambda first, second: False
swap.replace = replace
if step != "rename":
    setattr(swap, step, crashing)
run([seed], out=out, jobs=1)
os._exit(0)
"""

# Each step of the swap (with the atomic exchange, and with the two renames that replace it
# where the platform has none), a crash just before it and just after it, and which output OUT
# then holds: "old", "new", or "aside" (the one instant of the two-step swap: OUT is absent,
# and the next run puts the old one back).
STEPS = [
    ("exchange", "sync_tree", 1, "before", "old"),
    ("exchange", "sync_tree", 1, "after", "old"),
    ("exchange", "exchange", 1, "before", "old"),
    ("exchange", "exchange", 1, "after", "new"),
    ("exchange", "sync_dir", 1, "before", "new"),
    ("exchange", "sync_dir", 1, "after", "new"),
    ("renames", "sync_tree", 1, "before", "old"),
    ("renames", "sync_tree", 1, "after", "old"),
    ("renames", "rename", 1, "before", "old"),
    ("renames", "rename", 1, "after", "aside"),
    ("renames", "rename", 2, "before", "aside"),
    ("renames", "rename", 2, "after", "new"),
    ("renames", "sync_dir", 1, "before", "new"),
    ("renames", "sync_dir", 1, "after", "new"),
]


def documents(out: Path) -> list[str]:
    return sorted(p.stem for p in (out / "documents").iterdir())


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An OUT written by a run on the first seed."""
    out = tmp_path / "out"
    run([SEED_FILES[0]], out=out, jobs=1)
    return out


@pytest.mark.parametrize(
    ("mode", "step", "nth", "when", "holds"), STEPS, ids=["-".join(map(str, s)) for s in STEPS]
)
def test_a_crash_at_any_step_of_the_swap_leaves_a_whole_out(
    previous: Path, mode: str, step: str, nth: int, when: str, holds: str
) -> None:
    out = previous
    child = subprocess.run(
        [sys.executable, "-c", CRASH, out, SEED_FILES[1], step, when, str(nth), mode],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 9, child.stderr
    if holds == "aside":
        assert not out.exists()
        swap.clear_leftovers(out)  # what the next run does first
    assert validate_dir(out) == []
    expected = SEED_FILES[1] if holds == "new" else SEED_FILES[0]
    assert documents(out) == [expected.stem]
    # The next run clears what the crash left and replaces OUT as usual.
    run([SEED_FILES[2]], out=out, jobs=1)
    assert documents(out) == [SEED_FILES[2].stem]
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_out_is_swapped_in_one_step_where_the_platform_allows(previous: Path) -> None:
    calls: list[bool] = []
    real = swap.exchange

    def spy(first: Path, second: Path) -> bool:
        assert second.is_dir()  # OUT is there up to the swap…
        swapped = real(first, second)
        calls.append(swapped)
        assert second.is_dir()  # …and after it
        return swapped

    inode = os.stat(previous).st_ino
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(swap, "exchange", spy)
        run([SEED_FILES[1]], out=previous, jobs=1)
    assert len(calls) == 1  # (False where the file system has no exchange: two renames then)
    assert os.stat(previous).st_ino != inode
    assert documents(previous) == [SEED_FILES[1].stem]


def test_out_given_as_a_symlink_is_written_where_it_points(tmp_path: Path) -> None:
    target = tmp_path / "real-out"
    link = tmp_path / "out"
    run([SEED_FILES[0]], out=target, jobs=1)
    link.symlink_to(target, target_is_directory=True)
    result = run([SEED_FILES[1]], out=link, jobs=1)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert documents(target) == [SEED_FILES[1].stem]
    assert result.out == target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "real-out"]


def test_out_that_is_a_mount_point_is_refused_before_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == out)
    with pytest.raises(OutputError, match="is a mount point"):
        run([SEED_FILES[0]], out=out, jobs=1)
    assert list(out.iterdir()) == []


def test_a_planted_leftover_symlink_is_neither_put_back_nor_emptied(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "file.txt").write_text("keep me\n")
    out = tmp_path / "out"
    dead = 2**22 + 1  # above the default pid_max: no such process
    (tmp_path / f".out.old-{dead}").symlink_to(precious, target_is_directory=True)
    (tmp_path / f".out.tmp-{dead}-x").symlink_to(precious, target_is_directory=True)
    swap.clear_leftovers(out)
    assert not out.exists()
    assert (precious / "file.txt").read_text() == "keep me\n"


def test_validate_reads_one_output_even_if_a_run_replaces_it_meanwhile(
    previous: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A run's swap in the middle of ``validate``: the first read sees files vanish, the second
    reads the new output whole."""
    other = tmp_path / "other"
    run([SEED_FILES[1]], out=other, jobs=1)
    real = emit._validate
    reads: list[Path] = []

    def swapped_midway(out: Path) -> list[str]:
        reads.append(out)
        if len(reads) == 1:
            os.rename(out, tmp_path / "aside")  # what a two-step swap does; an exchange alike
            os.rename(other, out)
            raise FileNotFoundError(2, "vanished", str(out / "manifest.json"))
        return real(out)

    monkeypatch.setattr(emit, "_validate", swapped_midway)
    assert validate_dir(previous) == []
    assert len(reads) == 2 and documents(previous) == [SEED_FILES[1].stem]


def test_validate_gives_up_on_an_out_replaced_at_every_read(
    previous: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def replaced(out: Path) -> list[str]:
        aside = tmp_path / f"aside-{len(list(tmp_path.iterdir()))}"
        os.rename(out, aside)
        shutil.copytree(aside, out)
        return []

    monkeypatch.setattr(emit, "_validate", replaced)
    with pytest.raises(OutputError, match="is being replaced by a run"):
        validate_dir(previous)


@pytest.mark.parametrize("syncfs", [True, False], ids=["syncfs", "fsync-each"])
def test_the_new_output_is_written_to_disk_before_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syncfs: bool
) -> None:
    """One ``syncfs`` of the file system where the C library has it, else an ``fsync`` of every
    file and directory of the output."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    real = swap._libc_function
    if syncfs:
        found = real("syncfs")
        if found is None:
            pytest.skip("no syncfs in this C library")

        def spied(fd: int) -> int:
            synced.append("syncfs")
            return found(fd)

        monkeypatch.setattr(swap, "_libc_function", lambda n: spied if n == "syncfs" else real(n))
    else:
        monkeypatch.setattr(swap, "_libc_function", lambda n: None if n == "syncfs" else real(n))
    monkeypatch.setattr(os, "fsync", fsync)
    built = tmp_path / "built"
    (built / "documents").mkdir(parents=True)
    (built / "documents" / "a.json").write_text("{}")
    (built / "manifest.json").write_text("{}")
    swap.sync_tree(built)
    if syncfs:
        assert synced == ["syncfs"]  # one call for the whole file system, no fsync
    else:
        names = {Path(p).relative_to(built).as_posix() for p in synced}
        assert names == {".", "documents", "documents/a.json", "manifest.json"}
