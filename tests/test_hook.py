"""The pre-commit hook (``.pre-commit-hooks.yaml``), run by pre-commit itself on a scratch
repository: it passes on a clean letter, fails on a finding, and leaves no ``./out`` behind."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SEED_FILES

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which(
    "pre-commit"
)


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["coi-pipeline"]
    found: dict[str, object] = hooks[0]
    return found


def test_the_hook_checks_changed_text_files_into_a_temporary_directory() -> None:
    found = hook()
    assert found["language"] == "python" and found["pass_filenames"] is True
    assert str(found["entry"]).split()[:3] == ["coi-pipeline", "check", "--temp-out"]
    assert found["types"] == ["text"] and found["files"] == r"\.(txt|jsonl)$"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def scratch_repository(tmp_path: Path, repos: list[dict[str, object]]) -> Path:
    """A git repository holding a clean letter, a letter with a footnote marker but no note,
    a Markdown file, and a pre-commit configuration of ``repos``."""
    repo = tmp_path / "letters"
    repo.mkdir()
    git(repo, "init", "-q")
    config = {"repos": repos}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    clean = repo / "clean.txt"
    clean.write_text("A short letter with nothing to find in it.\n", encoding="utf-8")
    seed = next(p for p in SEED_FILES if p.name.startswith("001"))  # a footnote without a body
    shutil.copyfile(seed, repo / "bad.txt")
    (repo / "notes.md").write_text("not a letter\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "letters")
    return repo


def assert_the_hook_passes_fails_and_skips(repo: Path, env: dict[str, str]) -> None:
    env = {**env, "PRE_COMMIT_HOME": str(repo.parent / "cache")}
    env.pop("GITHUB_ACTIONS", None)

    def pre_commit(*files: str) -> subprocess.CompletedProcess[str]:
        assert PRE_COMMIT is not None
        return subprocess.run(
            [PRE_COMMIT, "run", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )

    passed = pre_commit("clean.txt", "notes.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    failed = pre_commit("clean.txt", "bad.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout and "footnote.missing-body" in failed.stdout
    skipped = pre_commit("notes.md")
    assert "Skipped" in skipped.stdout or "no files to check" in skipped.stdout
    assert not (repo / "out").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""  # the hook wrote nothing into the repository


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is installed by the test extra")
def test_pre_commit_runs_the_hook_on_a_scratch_repository(tmp_path: Path) -> None:
    """The hook as published, but as a ``local`` hook whose entry runs this checkout's package
    with the test's interpreter (so that uncommitted changes are tested too)."""
    found = hook()
    entry = str(found["entry"]).replace(
        "coi-pipeline", f"{shlex.quote(sys.executable)} -m pipeline", 1
    )
    local = {k: v for k, v in found.items() if k != "language"}
    hooks = [{**local, "language": "system", "entry": entry}]
    repo = scratch_repository(tmp_path, [{"repo": "local", "hooks": hooks}])
    assert_the_hook_passes_fails_and_skips(repo, {**os.environ, "PYTHONPATH": str(ROOT)})


def head_commit() -> str | None:
    found = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return found.stdout.strip() if found.returncode == 0 else None


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is installed by the test extra")
@pytest.mark.skipif(head_commit() is None, reason="needs the git checkout, not an sdist")
def test_pre_commit_installs_the_hook_from_the_repository_as_users_do(tmp_path: Path) -> None:
    """What a user's ``.pre-commit-config.yaml`` does: ``repo:`` this repository at a ``rev``;
    pre-commit clones it, installs the package into its own virtualenv with pip (dependencies
    from the package index) and runs the hook from ``.pre-commit-hooks.yaml`` unchanged. The
    rev is HEAD: what is committed is what is tested (CI tests a clean clone)."""
    repos = [{"repo": str(ROOT), "rev": head_commit(), "hooks": [{"id": "coi-pipeline"}]}]
    repo = scratch_repository(tmp_path, repos)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    assert_the_hook_passes_fails_and_skips(repo, env)
