"""``findings.sarif`` passes Microsoft's SARIF multitool (``validate``, rule kinds Sarif and
GitHub) on the seeds and on a 2,000-document synthetic corpus: no error-level result.

Needs the multitool: ``npm install --prefix DIR @microsoft/sarif-multitool`` (``.ci/run`` does,
and sets ``COI_SARIF_MULTITOOL`` to the binary). Without it these tests are skipped — except in
CI (``CI=true``), where a missing multitool is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NATIVE = Path("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")


@pytest.fixture(scope="module")
def multitool() -> str:
    # The native binary, not npm's `sarif-multitool` wrapper: that one goes through a shell,
    # which splits the rule kinds' "Sarif;Gh" at the semicolon.
    given = os.environ.get("COI_SARIF_MULTITOOL")
    candidates = [Path(given)] if given else []
    candidates += [ROOT / ".ci" / "multitool" / NATIVE]
    for candidate in candidates:
        if candidate.is_file():
            if not os.access(candidate, os.X_OK):  # npm may skip the package's chmod script
                candidate.chmod(candidate.stat().st_mode | 0o100)
            return str(candidate)
    found = shutil.which("Sarif.Multitool")
    if found:
        return found
    reason = (
        "SARIF multitool not found (npm install @microsoft/sarif-multitool; COI_SARIF_MULTITOOL)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must validate the SARIF")
    pytest.skip(reason)


def _run(*args: str | Path, cwd: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    subprocess.run([sys.executable, *map(str, args)], cwd=cwd, env=env, check=True, timeout=1800)


def _validate(tool: str, sarif: Path, tmp: Path) -> list[dict[str, object]]:
    """The multitool's results on ``sarif``: its own SARIF log of what it found."""
    report = tmp / "validation.sarif"
    done = subprocess.run(
        [tool, "validate", "--rule-kind", "Sarif;Gh", "-o", str(report), str(sarif)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    print(done.stdout, done.stderr)  # the validation output, shown with -s or on a failure
    assert done.returncode == 0, done.stdout + done.stderr
    log = json.loads(report.read_text(encoding="utf-8-sig"))
    return [r for run in log["runs"] for r in run.get("results", [])]


def _errors(results: list[dict[str, object]]) -> list[str]:
    return [json.dumps(r["message"]) for r in results if r.get("level", "warning") == "error"]


def test_the_seeds_sarif_has_no_error_or_warning_of_the_multitool(
    multitool: str, tmp_path: Path
) -> None:
    _run("-m", "pipeline.cli", "run", "seeds", "-o", tmp_path / "out", "--no-progress", cwd=ROOT)
    results = _validate(multitool, tmp_path / "out" / "findings.sarif", tmp_path)
    assert _errors(results) == []
    # informationUri, helpUri and the rest: not even a warning is left on the seeds
    assert [r.get("ruleId") for r in results] == []


def test_a_2000_document_corpus_sarif_has_no_error_of_the_multitool(
    multitool: str, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _run("-m", "bench.corpus", "2000", "--seed", "3", "-o", corpus, cwd=ROOT)
    out, config = tmp_path / "out", tmp_path / "c.toml"
    # a cap below the corpus's ~1,900 findings: the log with its note of what it left out
    config.write_text("[sarif]\nmax_results = 1000\n", encoding="utf-8")
    _run(
        "-m",
        "pipeline.cli",
        "run",
        corpus,
        "-o",
        out,
        "--config",
        config,
        "--no-progress",
        cwd=ROOT,
    )
    sarif = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 1000
    assert sarif["runs"][0]["properties"]["resultsOmitted"] > 0
    assert _errors(_validate(multitool, out / "findings.sarif", tmp_path)) == []
