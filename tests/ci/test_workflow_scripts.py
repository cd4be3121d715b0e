"""The GitHub workflows' `run:` scripts, executed by bash against `emulator serve` like a runner would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / "examples" / "ci" / "github-actions"
DATA = Path(__file__).resolve().parents[1] / "data" / "ci"


def step(workflow: str, job: str, name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    for candidate in data["jobs"][job]["steps"]:
        if candidate.get("name") == name:
            return dict(candidate)
    raise AssertionError(f"{workflow}: no step {name!r} in job {job!r}")


@dataclass
class Runner:
    """A job's workspace: the repository checkout plus GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files."""

    workspace: Path
    env: dict[str, str]

    def run(self, workflow: str, job: str, name: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        found = step(workflow, job, name)
        script = found["run"]
        # Scripts read inputs from env, never from ${{ }} inside the script (no script injection).
        assert "${{" not in script, f"{workflow}/{name}: expression inside run:"
        for key, value in found.get("env", {}).items():
            extra_env.setdefault(key, str(value))
        output = self.workspace / "github_output"
        output.write_text("")
        env = {**self.env, **extra_env, "GITHUB_OUTPUT": str(output)}
        # GitHub's default shell for run: steps on Linux.
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=self.workspace, env=env, capture_output=True, text=True, timeout=120)

    def outputs(self) -> dict[str, str]:
        lines = (self.workspace / "github_output").read_text().splitlines()
        return dict(line.split("=", 1) for line in lines if "=" in line)

    def summary(self) -> str:
        return (self.workspace / "summary.md").read_text()


@pytest.fixture
def runner(tmp_path: Path, emulator: dict[str, str]) -> Runner:
    (tmp_path / "environments").mkdir()
    shutil.copy(DATA / "dev.yaml", tmp_path / "environments" / "dev.yaml")
    (tmp_path / "summary.md").write_text("")
    env = {k: v for k, v in os.environ.items()
           if k not in ("AZURE_SUBSCRIPTION_ID", "NO_COLOR")}
    env.update(emulator)
    env.update({"PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", "CI": "true",
                "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
                "ENVIRONMENT": "dev", "FAIL_WITHIN_DAYS": "30"})
    return Runner(tmp_path, env)


def test_pull_request_workflow_lists_plans_comments_and_passes_on_changes(runner: Runner) -> None:
    assert runner.run("aoai-plan.yml", "validate", "Validate (findings appear as annotations on the changed lines)").returncode == 0
    listed = runner.run("aoai-plan.yml", "validate", "List environments")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(runner.outputs()["environments"]) == ["dev"]

    plan = runner.run("aoai-plan.yml", "plan", "Plan")
    assert plan.returncode == 0, plan.stderr
    assert runner.outputs()["exitcode"] == "2"  # changes: the emulator starts empty
    comment = (runner.workspace / "comment.md").read_text()
    assert comment.startswith("<!-- aoai-provision-plan:dev -->")
    assert "aoai-dev-swedencentral" in comment and "| `+` |" in comment
    assert comment.split("\n", 1)[1] in runner.summary()

    passed = runner.run("aoai-plan.yml", "plan", "Fail on plan errors (exit 2 = changes is fine)", EXITCODE="2")
    assert passed.returncode == 0 and "::notice" in passed.stdout
    failed = runner.run("aoai-plan.yml", "plan", "Fail on plan errors (exit 2 = changes is fine)", EXITCODE="1")
    assert failed.returncode == 1 and "::error" in failed.stdout


def test_main_workflow_saves_applies_the_reviewed_plan_and_then_has_nothing_to_do(runner: Runner) -> None:
    plan = runner.run("aoai-apply-environment.yml", "plan", "Plan and save it")
    assert plan.returncode == 0, plan.stderr
    assert runner.outputs()["changes"] == "true"
    assert json.loads((runner.workspace / "plan.json").read_text())
    assert "aoai-dev-swedencentral" in runner.summary()

    applied = runner.run("aoai-apply-environment.yml", "apply", "Apply the reviewed plan")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Apply complete" in applied.stdout

    again = runner.run("aoai-apply-environment.yml", "plan", "Plan and save it")
    assert again.returncode == 0, again.stderr
    assert runner.outputs()["changes"] == "false"


def test_nightly_audit_writes_sarif_and_summary_and_gates_on_exit_3(runner: Runner) -> None:
    audit = runner.run("aoai-audit.yml", "audit", "Audit (SARIF for code scanning)")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    code = runner.outputs()["exitcode"]
    assert code in ("0", "3")
    sarif = json.loads((runner.workspace / "audit.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    summary = runner.run("aoai-audit.yml", "audit", "Markdown report in the job summary")
    assert summary.returncode == 0, summary.stderr
    assert runner.summary().strip()
    gate = "Gate on retirements within the window"
    assert runner.run("aoai-audit.yml", "audit", gate, EXITCODE="0").returncode == 0
    blocked = runner.run("aoai-audit.yml", "audit", gate, EXITCODE="3")
    assert blocked.returncode == 3 and "aoai-provision upgrade" in blocked.stdout
