"""RequestConflict from someone else is retried for a time budget (not a count); --conflict-timeout changes it."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def _apply(env: Any, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "aoai_provision", "apply", str(env.file), "--yes",
                             *env.target_args(), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "NO_COLOR": "1"})


def test_two_applies_of_one_environment_with_slow_operations_both_converge(env: Any) -> None:
    env.configure(lro_seconds={"account_create": 1.5, "deployment_create": 1.5})
    runs = [_apply(env), _apply(env)]
    outputs = [run.communicate(timeout=180)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], "\n\n".join(outputs)
    assert any(r.get("status") == 409 for r in env.requests())  # they did get in each other's way
    assert "retry" in "".join(outputs)
    env.configure()
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_a_conflict_outlasting_the_budget_fails_and_names_the_option(env: Any) -> None:
    from azure.mgmt.cognitiveservices import models as m

    env.ok(env.run("apply", "--yes"))
    env.configure(lro_seconds={"deployment_create": 30})
    body = m.Deployment(sku=m.Sku(name="Standard", capacity=3), properties=m.DeploymentProperties(
        model=m.DeploymentModel(format="OpenAI", name="text-embedding-3-large", version="1")))
    env.clients().cognitive.deployments.begin_create_or_update("rg-aoai-test", "aoai-test-batch", "portal-made", body)
    env.edit(lambda d: d["accounts"][0]["deployments"][0].update(capacity=22))
    result = env.ok(env.run("apply", "--yes", "--conflict-timeout", "1"), 1)
    text = " ".join(result.output.split())
    assert "RequestConflict" in text and "--conflict-timeout SECONDS waits longer" in text
    assert "account.aoai-test-batch.deployment.embed" in text
