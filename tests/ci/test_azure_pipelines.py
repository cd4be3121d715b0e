"""The Azure Pipelines examples: federated service connections, Azure calls inside AzureCLI@2, gates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PIPELINES = ROOT / "examples" / "ci" / "azure-pipelines"
FILES = sorted(PIPELINES.glob("*.yml"))
KNOWN_TASKS = {"UsePythonVersion@0", "AzureCLI@2", "PublishTestResults@2"}
# Subcommands that talk to Azure need the az login that only exists inside an AzureCLI@2 task.
AZURE_COMMAND = re.compile(r"aoai-provision (plan|apply|destroy|outputs)\b|aoai-provision audit .*--live")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def all_steps(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if any(key in node for key in ("task", "script", "publish", "download", "checkout")):
            yield node
        for value in node.values():
            yield from all_steps(value)
    elif isinstance(node, list):
        for item in node:
            yield from all_steps(item)


def tasks(node: Any, name: str) -> list[dict[str, Any]]:
    return [s for s in all_steps(node) if s.get("task") == name]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_pipeline_logs_in_with_a_federated_service_connection(path: Path) -> None:
    pipeline = load(path)
    text = path.read_text(encoding="utf-8")
    for secret in ("servicePrincipalKey", "addSpnToEnvironment", "client-secret", "AZURE_CLIENT_SECRET", "$(password"):
        assert secret not in text, f"{path.name} mentions {secret}"
    used = {s["task"] for s in all_steps(pipeline) if "task" in s}
    assert used <= KNOWN_TASKS, used - KNOWN_TASKS
    cli = tasks(pipeline, "AzureCLI@2")
    assert cli, f"{path.name} never logs in"
    for task in cli:
        inputs = task["inputs"]
        assert inputs["azureSubscription"].startswith("${{ parameters."), "service connection must be compile-time"
        assert (inputs["scriptType"], inputs["scriptLocation"]) == ("bash", "inlineScript")
    for step in all_steps(pipeline):
        if "script" in step:
            assert not AZURE_COMMAND.search(step["script"]), f"{path.name}: Azure call outside AzureCLI@2"


def test_plan_pipeline_validates_and_surfaces_the_detailed_exit_code() -> None:
    pipeline = load(PIPELINES / "plan.yml")
    assert pipeline["trigger"] == "none"
    assert "pr" in pipeline
    scripts = [s.get("script", "") for s in all_steps(pipeline)]
    assert "aoai-provision validate environments/*.yaml" in scripts
    inline = tasks(pipeline, "AzureCLI@2")[0]["inputs"]["inlineScript"]
    assert "--format markdown --detailed-exitcode" in inline
    assert "task.uploadsummary" in inline and "2)" in inline and "exit 1" in inline
    assert any(s.get("publish") for s in all_steps(pipeline))


def test_apply_pipeline_saves_the_plan_and_applies_it_in_an_approved_environment() -> None:
    pipeline = load(PIPELINES / "apply.yml")
    assert pipeline["lockBehavior"] == "sequential"
    stages = next(iter(pipeline["stages"][0].values()))
    plan_stage, apply_stage = stages
    assert "--out \"$dir/plan.json\"" in tasks(plan_stage, "AzureCLI@2")[0]["inputs"]["inlineScript"]
    assert [s["artifact"] for s in all_steps(plan_stage) if "publish" in s] == ["plan-${{ env }}"]
    deployment = apply_stage["jobs"][0]
    assert deployment["environment"] == "aoai-${{ env }}"
    assert "outputs['plan.planstep.changes']" in apply_stage["condition"]
    deploy_steps = deployment["strategy"]["runOnce"]["deploy"]["steps"]
    assert deploy_steps[0] == {"download": "current", "artifact": "plan-${{ env }}"}
    assert "aoai-provision apply \"$(Pipeline.Workspace)/plan-${{ env }}/plan.json\" --yes" in (
        tasks(deployment, "AzureCLI@2")[0]["inputs"]["inlineScript"])


def test_audit_pipeline_publishes_junit_to_the_tests_tab_and_gates() -> None:
    pipeline = load(PIPELINES / "audit.yml")
    assert pipeline["schedules"][0]["always"] is True
    inline = tasks(pipeline, "AzureCLI@2")[0]["inputs"]["inlineScript"]
    assert "--live --format junit --output \"$(Common.TestResultsDirectory)/aoai-audit.xml\"" in inline
    assert "--fail-within" in inline
    publish = tasks(pipeline, "PublishTestResults@2")[0]
    assert publish["condition"] == "succeededOrFailed()"
    assert publish["inputs"]["testResultsFormat"] == "JUnit"
    assert publish["inputs"]["testResultsFiles"].endswith("aoai-audit.xml")
    gate = list(all_steps(pipeline))[-1]
    assert "exit 3" in gate["script"] and gate["env"] == {"AUDIT_EXIT_CODE": "$(auditExitCode)"}
