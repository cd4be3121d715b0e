"""The Azure Pipelines inline scripts, macro-expanded and run by bash against `emulator serve`.

Azure DevOps expands `${{ }}` template expressions and `$(Var)` macros before a script runs; the
test does the same with temporary directories. AzureCLI@2's login is stood in for by an `az`
on PATH that only answers `az account show` (the scripts' one az call); every aoai-provision call
goes to the emulator over HTTPS.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


class FakeThreadsApi(BaseHTTPRequestHandler):
    """Azure DevOps' pull-request threads REST API, just what the comment step uses, on loopback."""

    threads: list[dict[str, Any]] = []
    tokens: list[str] = []
    PATH = "/org/proj/_apis/git/repositories/repo-id/pullRequests/7/threads"

    def _reply(self, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        self.tokens.append(self.headers.get("Authorization", ""))
        return dict(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        assert self.path == self.PATH + "?api-version=7.1", self.path
        self._reply({"value": self.threads, "count": len(self.threads)})

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        thread = {"id": len(self.threads) + 1, "comments": [{"id": 1, **body["comments"][0]}], "status": body["status"]}
        self.threads.append(thread)
        self._reply(thread)

    def do_PATCH(self) -> None:  # noqa: N802
        thread_id = int(self.path.split("/threads/")[1].split("/")[0])
        self.threads[thread_id - 1]["comments"][0]["content"] = self._body()["content"]
        self._reply(self.threads[thread_id - 1]["comments"][0])

    def log_message(self, *args: Any) -> None:
        pass


def test_plan_pipeline_keeps_one_pull_request_comment_per_environment(agent: Agent) -> None:
    FakeThreadsApi.threads, FakeThreadsApi.tokens = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeThreadsApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        plan = agent.staging / "plan-dev.md"
        env = {"SYSTEM_COLLECTIONURI": f"http://127.0.0.1:{server.server_address[1]}/org/",
               "SYSTEM_TEAMPROJECT": "proj", "BUILD_REPOSITORY_ID": "repo-id",
               "SYSTEM_PULLREQUEST_PULLREQUESTID": "7", "SYSTEM_ACCESSTOKEN": "token-123",
               "PLAN_FILE": str(plan), "MARKER": "<!-- aoai-provision-plan:dev -->"}
        for text in ("first plan", "second plan"):
            plan.write_text(text)
            result = agent.run("plan.yml", "Comment the plan on the pull request", **env)
            assert result.returncode == 0, result.stderr
        assert len(FakeThreadsApi.threads) == 1  # updated, not a new comment per push
        assert FakeThreadsApi.threads[0]["comments"][0]["content"] == "<!-- aoai-provision-plan:dev -->\nsecond plan"
        assert set(FakeThreadsApi.tokens) == {"Bearer token-123"}
    finally:
        server.shutdown()
        server.server_close()
