"""The composite action: its check step (action/run.sh) run locally with GITHUB_* variables in
tmp_path, and action.yml and the CI guide's workflow (docs/ci.md) validated against GitHub's
schemas."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SEED_FILES

ROOT = Path(__file__).resolve().parent.parent
CHECK_JSONSCHEMA = shutil.which(
    "check-jsonschema", path=str(Path(sys.executable).parent)
) or shutil.which("check-jsonschema")


def run_step(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "coi-pipeline"  # the console script the action's install step provides
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pipeline "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    outputs = tmp_path / "github_output"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
    }
    done = subprocess.run(
        ["bash", str(ROOT / "action" / "run.sh")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    return done, outputs


def test_the_check_step_annotates_writes_outputs_and_fails_on_findings(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    for seed in SEED_FILES:
        shutil.copyfile(seed, letters / seed.name)
    done, outputs = run_step(tmp_path, paths="letters", out="results")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::error file=letters/")
    assert (tmp_path / "results" / "findings.sarif").is_file()
    assert (tmp_path / "results" / "report.html").is_file()
    assert outputs.read_text(encoding="utf-8").splitlines() == [
        "out=results",
        "sarif=results/findings.sarif",
        "exit-code=1",
    ]
    assert "### coi-pipeline: 5 documents" in (tmp_path / "summary.md").read_text("utf-8")


def test_fail_on_never_passes_and_args_are_forwarded(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("A short letter with nothing to find in it.\n", encoding="utf-8")
    done, outputs = run_step(
        tmp_path, paths="letter.txt", fail_on="never", args="--output-format json"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert "exit-code=0" in outputs.read_text(encoding="utf-8")
    assert (tmp_path / "coi-pipeline-out" / "manifest.json").is_file()


def test_paths_one_per_line_keep_their_spaces(tmp_path: Path) -> None:
    for name in ("open letter.txt", "second.txt"):
        (tmp_path / name).write_text("A short letter with nothing to find in it.\n", "utf-8")
    done, _ = run_step(tmp_path, paths="open letter.txt\n\n  second.txt\n", fail_on="never")
    assert done.returncode == 0, done.stderr
    inputs = (tmp_path / "coi-pipeline-out" / "manifest.json").read_text(encoding="utf-8")
    assert '"open letter.txt"' in inputs and '"second.txt"' in inputs


def test_action_yml_installs_from_its_ref_and_uploads_sarif_and_report() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    runs = " ".join(str(s.get("run", "")) for s in steps)
    assert 'pip install "${{ github.action_path }}"' in runs and "action/run.sh" in runs
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "github/codeql-action/upload-sarif" in uses and "actions/upload-artifact" in uses
    assert {"paths", "fail-on", "config", "args", "python-version", "upload-sarif"} <= set(
        action["inputs"]
    )


def readme_workflow() -> str:
    """The workflow of the CI guide (docs/ci.md, which the README points to)."""
    readme = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    section = readme.split("## Use in pre-commit and GitHub Actions", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    workflow = next(b for b in blocks if "jobs:" in b)
    return workflow


@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema is in the test extra")
@pytest.mark.parametrize("which", ["action", "workflow"])
def test_against_githubs_schemas(which: str, tmp_path: Path) -> None:
    if which == "action":
        target, schema = ROOT / "action.yml", "vendor.github-actions"
    else:
        target, schema = tmp_path / "workflow.yml", "vendor.github-workflows"
        target.write_text(readme_workflow(), encoding="utf-8")
        assert "uses: coi-pipeline/coi-pipeline@" in target.read_text(encoding="utf-8")
    assert CHECK_JSONSCHEMA is not None
    done = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
