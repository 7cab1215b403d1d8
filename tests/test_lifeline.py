"""Workers that cannot outlive their run (:mod:`pipeline.machinery.lifeline`): a worker ends when
the process that started it is killed, by the kernel's parent-death signal or by the watch thread,
and one started after its run already died ends at once.

Each test starts a small "run" process in a session of its own, which starts a "worker" that
arms :func:`~pipeline.machinery.lifeline.die_with_parent` and then sleeps; the run is ``kill -9``\\
ed and the worker must be gone soon after (waited for up to :data:`SETTLE` seconds: a bound on
the wait, not a timing assertion). Whatever happens, the session is killed at the end.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from pipeline.machinery.lifeline import running

SETTLE = 10.0  # seconds a worker gets to end after its run is killed

WORKER = """
import sys, time
from pipeline.machinery.lifeline import die_with_parent
how = die_with_parent(watch=sys.argv[1] == "watch")
print(how, flush=True)
time.sleep(600)
"""

RUN = """
import subprocess, sys, time
worker = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]], stdout=subprocess.PIPE,
                          text=True)
how = worker.stdout.readline().strip()
print(worker.pid, how, flush=True)
time.sleep(600)
"""


@pytest.fixture
def session() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes started in sessions of their own, killed (with their groups) at the end."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        with contextlib.suppress(ProcessLookupError):  # (the group has ended already)
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def start_run(
    session: list[subprocess.Popen[str]], mode: str
) -> tuple[subprocess.Popen[str], int, str]:
    run = subprocess.Popen(
        [sys.executable, "-c", RUN, WORKER, mode],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    session.append(run)
    assert run.stdout is not None
    pid, how = run.stdout.readline().split()
    return run, int(pid), how


def gone_within(pid: int, seconds: float) -> bool:
    """Whether process ``pid`` has ended (a zombie counts as ended) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize("mode", ["signal", "watch"])
def test_a_worker_ends_when_its_run_is_killed(
    session: list[subprocess.Popen[str]], mode: str
) -> None:
    if mode == "signal" and not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    run, worker, how = start_run(session, mode)
    assert how == mode  # the way asked for is the way armed
    assert running(worker)
    os.kill(run.pid, signal.SIGKILL)  # as the out-of-memory killer would: no chance to clean up
    run.wait(timeout=10)
    assert gone_within(worker, SETTLE), f"worker {worker} outlived its run ({mode})"


def test_a_worker_whose_run_is_already_gone_ends_at_once() -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # reaped: its pid no longer runs
    code = (
        "from pipeline.machinery.lifeline import die_with_parent; "
        f"die_with_parent({dead.pid}); print('alive')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")


def test_a_worker_whose_run_is_alive_carries_on() -> None:
    code = (
        "import os; from pipeline.machinery.lifeline import die_with_parent; "
        "print(die_with_parent(os.getppid(), watch=True))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "watch\n")


def test_running_tells_live_ended_and_zombie_processes_apart() -> None:
    assert running(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    # Wait for it to end without reaping it: a zombie until child.wait() below.
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
    assert not running(child.pid)  # a zombie is dead, if not yet reaped
    child.wait()
    assert not running(child.pid)


def test_die_with_parent_reports_how_it_is_armed() -> None:
    # In a child: arming the signal in the test process would kill pytest with its parent.
    code = "from pipeline.machinery.lifeline import die_with_parent; print(die_with_parent())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    expected = "signal" if sys.platform.startswith("linux") else "watch"
    assert (done.returncode, done.stdout.strip()) == (0, expected)
