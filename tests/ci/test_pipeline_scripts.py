"""The Azure Pipelines inline scripts, macro-expanded and run by bash against `emulator serve`.

Azure DevOps expands `${{ }}` template expressions and `$(Var)` macros before a script runs; the
test does the same with temporary directories. AzureCLI@2's login is stood in for by an `az`
on PATH that only answers `az account show` (the scripts' one az call); every aoai-provision call
goes to the emulator over HTTPS.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION

ROOT = Path(__file__).resolve().parents[2]
PIPELINES = ROOT / "examples" / "ci" / "azure-pipelines"
DATA = Path(__file__).resolve().parents[1] / "data" / "ci"


def steps_of(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "task" in node or "script" in node:
            yield node
        for value in node.values():
            yield from steps_of(value)
    elif isinstance(node, list):
        for item in node:
            yield from steps_of(item)


def script_of(pipeline: str, display_name: str) -> str:
    data = yaml.safe_load((PIPELINES / pipeline).read_text(encoding="utf-8"))
    for found in steps_of(data):
        if found.get("displayName") == display_name or found.get("name") == display_name:
            return str(found["inputs"]["inlineScript"] if "inputs" in found else found["script"])
    raise AssertionError(f"{pipeline}: no step {display_name!r}")


@dataclass
class Agent:
    root: Path
    env: dict[str, str]

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    def expand(self, script: str) -> str:
        macros = {
            "${{ env }}": "dev",
            "${{ parameters.failWithinDays }}": "30",
            "$(Build.ArtifactStagingDirectory)": str(self.staging),
            "$(Common.TestResultsDirectory)": str(self.root / "results"),
            "$(Pipeline.Workspace)": str(self.root / "pipeline"),
        }
        for macro, value in macros.items():
            script = script.replace(macro, value)
        assert "${{" not in script and "$(Build." not in script, script
        return script

    def run(self, pipeline: str, step: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        script = self.expand(script_of(pipeline, step))
        return subprocess.run(["bash", "--noprofile", "--norc", "-e", "-c", script], cwd=self.root / "s",
                              env={**self.env, **extra_env}, capture_output=True, text=True, timeout=120)


@pytest.fixture
def agent(tmp_path: Path, emulator: dict[str, str]) -> Agent:
    for folder in ("s/environments", "staging", "results", "pipeline", "bin"):
        (tmp_path / folder).mkdir(parents=True)
    shutil.copy(DATA / "dev.yaml", tmp_path / "s" / "environments" / "dev.yaml")
    az = tmp_path / "bin" / "az"
    az.write_text(f'#!/bin/sh\n[ "$1 $2" = "account show" ] && echo {EMULATOR_SUBSCRIPTION} && exit 0\nexit 1\n')
    az.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("AZURE_SUBSCRIPTION_ID", "NO_COLOR", "CI", "GITHUB_ACTIONS")}
    env.update(emulator)
    env.update({"PATH": os.pathsep.join([str(tmp_path / "bin"), str(Path(sys.executable).parent), env.get("PATH", "")]),
                "TF_BUILD": "True"})
    return Agent(tmp_path, env)


def test_plan_pipeline_marks_changes_and_attaches_the_markdown(agent: Agent) -> None:
    result = agent.run("plan.yml", "plan")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "##vso[task.setvariable variable=changes;isOutput=true]true" in result.stdout
    summary = agent.staging / "plan-dev.md"
    assert f"##vso[task.uploadsummary]{summary}" in result.stdout
    assert "aoai-dev-swedencentral" in summary.read_text()


def test_apply_pipeline_applies_the_published_plan(agent: Agent) -> None:
    planned = agent.run("apply.yml", "planstep")
    assert planned.returncode == 0, planned.stdout + planned.stderr
    assert "isOutput=true]true" in planned.stdout
    # `download: current` puts the published artifact at $(Pipeline.Workspace)/plan-dev.
    shutil.copytree(agent.staging, agent.root / "pipeline" / "plan-dev")
    applied = agent.run("apply.yml", "Apply the reviewed plan")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Apply complete" in applied.stdout
    # Timestamped progress lines, since TF_BUILD says this is CI.
    assert any(line[:4].isdigit() and line[19:20] == "Z" for line in applied.stdout.splitlines())
    shutil.rmtree(agent.staging)
    agent.staging.mkdir()
    again = agent.run("apply.yml", "planstep")
    assert again.returncode == 0 and "isOutput=true" not in again.stdout  # nothing left to apply


def test_audit_pipeline_writes_junit_for_the_tests_tab_and_gates(agent: Agent) -> None:
    result = agent.run("audit.yml", "audit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "##vso[task.setvariable variable=auditExitCode]" in result.stdout
    junit = ET.parse(agent.root / "results" / "aoai-audit.xml").getroot()
    assert len(list(junit.iter("testcase"))) == 2  # one test case per deployment of dev.yaml
    assert (agent.staging / "audit.md").read_text().strip()
    gate = "Gate on retirements within ${{ parameters.failWithinDays }} days"
    assert agent.run("audit.yml", gate, AUDIT_EXIT_CODE="0").returncode == 0
    blocked = agent.run("audit.yml", gate, AUDIT_EXIT_CODE="3")
    assert blocked.returncode == 3 and "##vso[task.logissue type=error]" in blocked.stdout
