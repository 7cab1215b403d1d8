"""Faults during a run: kill -9, Ctrl-C, a full disk, two runs into one OUT.

Whatever happens, the previous OUT is either left byte for byte as it was or replaced whole by a
complete new one; an interrupted or failed run says so in one line, and the next run tidies up
whatever a killed one had to leave behind.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FILES

from pipeline import OutputError
from pipeline import run as run_pipeline
from pipeline.runtime.lock import lock_path, locked, machine

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and flock")

RECORDS = 1000  # about 8 s of work for two processes: a run is surely killed mid-way


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL corpus of the seed texts under distinct ids, slow enough to interrupt."""
    texts = [p.read_text("utf-8") for p in SEED_FILES]
    path = tmp_path_factory.mktemp("corpus") / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(RECORDS):
            handle.write(json.dumps({"id": f"d{i:05}", "text": texts[i % len(texts)]}) + "\n")
    return path


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A complete OUT in a directory of its own (``tmp_path/outs/out``) and its snapshot."""
    out = tmp_path / "outs" / "out"
    run_pipeline([SEED_FILES[0]], out)
    return out, snapshot(out)


# ``python -m pipeline``, with Ctrl-C raising KeyboardInterrupt as on a terminal even if the
# test run started with SIGINT ignored (a background job), which every child would inherit.
AS_ON_A_TERMINAL = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('pipeline', run_name='__main__', alter_sys=True)"
)


def start(*args: str | Path) -> subprocess.Popen[str]:
    """``python -m pipeline ARGS`` in a process group of its own (the pool workers join it)."""
    return subprocess.Popen(
        [sys.executable, "-c", AS_ON_A_TERMINAL, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_until_writing(process: subprocess.Popen[str], out: Path, timeout: float = 20) -> None:
    """Return once ``process`` has written documents into its staging directory beside ``out``
    (so it is surely mid-run); fail if it ends or takes too long first."""
    deadline = time.monotonic() + timeout
    pattern = f".{out.name}.tmp-{process.pid}-*/documents/*.json"
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the run ended first: {process.communicate()}"
        if any(out.parent.glob(pattern)):
            return
        time.sleep(0.05)
    process.kill()
    pytest.fail("the run did not start writing in time")


def litter(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_kill_9_mid_run_leaves_out_untouched_and_the_next_run_tidies_up(
    cli, big_corpus: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    process = start("run", big_corpus, "-o", out, "--jobs", "2", "--no-progress")
    wait_until_writing(process, out)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)  # reaped: its pid is free, so its leftovers are stale
    assert process.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    # what may remain until the next run: its working directory, its lock file
    assert all(name.startswith(".out.tmp-") or name == ".out.lock" for name in litter(out))
    result = cli("run", SEED_FILES[1], "-o", out, "--no-progress")
    assert result.code == 0, result.err
    assert [p.name for p in (out / "documents").iterdir()] == [f"{SEED_FILES[1].stem}.json"]
    assert cli("validate", out).code == 0
    assert litter(out) == []  # the next run took over the lock file and removed it


def test_ctrl_c_mid_run_is_one_line_exit_130_and_out_untouched(
    big_corpus: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    process = start("run", big_corpus, "-o", out, "--jobs", "2", "--no-progress")
    wait_until_writing(process, out)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == ["coi-pipeline: interrupted; output left as it was"]
    assert stdout == ""
    assert snapshot(out) == before
    assert litter(out) == []


class DiskFull:
    """Writes that fail as on a full disk: from the ``after``-th write on, ENOSPC."""

    def __init__(self, after: int = 1) -> None:
        self.after, self.calls = after, 0

    def hit(self) -> None:
        self.calls += 1
        if self.calls >= self.after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullFile:
    """A file object whose writes go to a :class:`DiskFull` first (wraps the real one)."""

    def __init__(self, handle: Any, disk: DiskFull) -> None:
        self._handle, self._disk = handle, disk

    def write(self, data: bytes) -> int:
        self._disk.hit()
        return int(self._handle.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> FullFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._handle.close()


@pytest.mark.parametrize(
    ("target", "after"),
    [
        ("documents", 1),
        ("documents", 3),
        ("manifest.json", 1),
        ("report.html", 1),
        ("corpus.jsonl", 2),
        ("spill", 1),
    ],
    ids=["first-document", "third-document", "manifest", "report", "corpus-jsonl", "quote-spill"],
)
def test_a_full_disk_is_one_line_exit_2_and_out_intact(
    cli,
    previous: tuple[Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    after: int,
) -> None:
    # Where a run writes: each document and report with Path.write_bytes (manifest.json last),
    # corpus.jsonl through one open file, and the quote check's spill to a temporary file in
    # the staging directory.
    out, before = previous
    disk = DiskFull(after)
    if target == "corpus.jsonl":
        real_open = Path.open

        def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_open(self, mode, *args, **kwargs)
            return FullFile(handle, disk) if self.name == "corpus.jsonl" else handle

        monkeypatch.setattr(Path, "open", open_)
    elif target == "spill":
        real_temporary_file = tempfile.TemporaryFile

        def temporary_file(*args: Any, **kwargs: Any) -> Any:
            return FullFile(real_temporary_file(*args, **kwargs), disk)

        monkeypatch.setattr(tempfile, "TemporaryFile", temporary_file)
    else:
        real_write_bytes = Path.write_bytes

        def write_bytes(self: Path, data: Any) -> int:
            if target in (self.name, self.parent.name):
                disk.hit()
            return real_write_bytes(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
    result = cli("run", *SEED_FILES, "-o", out, "--no-progress")
    assert disk.calls >= after, "the simulated disk never filled up"
    assert result.code == 2, result.err
    assert result.err.splitlines() == [
        f"coi-pipeline: error: {out}: cannot write output: No space left on device"
    ]
    assert snapshot(out) == before
    assert litter(out) == []


# --- two runs into one OUT -----------------------------------------------------------------------

HOLD = """
import sys
from pipeline.runtime.lock import locked
with locked(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another process holding the lock of ``tmp_path/outs/out`` until its stdin closes."""
    out = tmp_path / "outs" / "out"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    yield process, out
    process.kill()
    process.wait()


def test_the_lock_is_exclusive_across_processes_and_names_the_holder(
    holder: tuple[subprocess.Popen[str], Path],
) -> None:
    process, out = holder
    assert lock_path(out) == out.parent / ".out.lock"  # parents were created for it
    with pytest.raises(OutputError) as error, locked(out):
        pass
    assert str(error.value) == (
        f"{out}: another coi-pipeline run is writing it (pid {process.pid}); "
        "try again when it has finished"
    )
    assert process.stdin is not None
    process.stdin.close()  # the holder finishes: the lock is free again
    process.wait(timeout=10)
    with locked(out) as path:
        assert path.read_text().split() == [str(os.getpid()), machine()]
    assert not path.exists()  # removed: a run leaves nothing beside OUT


def test_a_killed_holder_releases_the_lock(holder: tuple[subprocess.Popen[str], Path]) -> None:
    process, out = holder
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    with locked(out):
        pass


def test_the_lock_is_exclusive_within_one_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with locked(out), pytest.raises(OutputError, match=rf"pid {os.getpid()}\)"), locked(out):
        pass
    with locked(out):  # released by the first block
        pass
    assert not out.exists()  # the lock never creates OUT itself


def test_a_lock_that_cannot_be_created_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with (
        pytest.raises(OutputError, match="cannot create its lock file"),
        locked(tmp_path / "file" / "out"),
    ):
        pass


def test_second_concurrent_run_fails_clearly(
    cli, big_corpus: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    first = start("run", big_corpus, "-o", out, "--jobs", "2", "--no-progress")
    try:
        wait_until_writing(first, out)
        beside = litter(out)
        second = cli("run", SEED_FILES[1], "-o", out, "--no-progress")
        assert second.code == 2, second.err
        assert second.err.splitlines() == [
            f"coi-pipeline: error: {out}: another coi-pipeline run is writing it "
            f"(pid {first.pid}); try again when it has finished"
        ]
        assert snapshot(out) == before
        assert litter(out) == beside  # the first run's staging directory is still there
        assert first.poll() is None
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.communicate(timeout=10)


# The child: a run whose worker is killed (as by the out-of-memory killer) on one document.
KILLED_WORKER = """
import multiprocessing, os, signal, sys
import pipeline.runtime.worker
from pipeline.cli import main
process = pipeline.runtime.worker.process
def dying(item, *args, **kwargs):
    if item.id == sys.argv[1] and multiprocessing.parent_process() is not None:  # a worker
        os.kill(os.getpid(), signal.SIGKILL)
    return process(item, *args, **kwargs)
pipeline.runtime.worker.process = dying
sys.exit(main(sys.argv[2:]))
"""


def test_a_killed_worker_is_one_line_naming_its_document_and_out_intact(
    big_corpus: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WORKER, "d00040", "run", big_corpus, "-o", out,
         "--jobs", "2", "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2, err
    assert err == (
        f"coi-pipeline: error: {big_corpus}:41: a worker process was killed while cleaning it "
        "(out of memory, or a signal)\n"
    )
    assert snapshot(out) == before
    assert litter(out) == []
