"""kill -9 at seeded random points of apply, destroy and apply --prune: every re-run converges to exactly the
declared resources, and nothing untagged is ever written.

The default suite runs 3 points (one per command); `.ci/run` runs 27 with AOAI_PROVISION_KILL9_POINTS=27.
Each point starts from a fresh emulator state, kills the command (a subprocess, so the in-process emulator
dies with it mid-request) after a seeded number of writes plus a seeded delay, then re-runs it in-process.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

RG = "rg-aoai-test"
POINTS = int(os.environ.get("AOAI_PROVISION_KILL9_POINTS", "3"))
SEED = 20261130
DECLARED = {"aoai-test-batch": {"embed"}, "aoai-test-eastus2": {"audio", "realtime"},
            "aoai-test-swedencentral": {"audio", "realtime"}}
FOREIGN = "aoai-foreign"


def _foreign(env: Any) -> None:
    """An untagged account with an untagged deployment in the same group: never to be touched."""
    from azure.mgmt.cognitiveservices import models as m

    clients = env.clients()
    clients.resources.resource_groups.create_or_update(RG, {"location": "eastus2"})  # someone else's group
    cognitive = clients.cognitive
    cognitive.accounts.begin_create(RG, FOREIGN, m.Account(
        location="swedencentral", kind="OpenAI", sku=m.Sku(name="S0"),
        properties=m.AccountProperties(custom_sub_domain_name=FOREIGN))).result()
    cognitive.deployments.begin_create_or_update(RG, FOREIGN, "hand-made", m.Deployment(
        sku=m.Sku(name="Standard", capacity=2), properties=m.DeploymentProperties(
            model=m.DeploymentModel(format="OpenAI", name="text-embedding-3-large", version="1")))).result()


def _managed(env: Any) -> dict[str, set[str]]:
    cognitive = env.clients().cognitive
    out: dict[str, set[str]] = {}
    for account in cognitive.accounts.list_by_resource_group(RG):
        if (account.tags or {}).get("aoai-provision-environment") == "test":
            out[account.name] = {d.name for d in cognitive.deployments.list(RG, account.name)
                                 if (d.tags or {}).get("aoai-provision-environment") == "test"}
    return out


def _kill_after(env: Any, args: list[str], writes: int, delay: float) -> None:
    before = len(env.writes())
    proc = subprocess.Popen([sys.executable, "-m", "aoai_provision", *args, str(env.file), "--yes",
                             *env.target_args()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and len(env.writes()) - before < writes and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def _untouched(env: Any) -> None:
    hand_made = env.clients().cognitive.deployments.get(RG, FOREIGN, "hand-made")
    assert hand_made.sku.capacity == 2 and not hand_made.tags
    touched = [r for r in env.writes() if FOREIGN in str(r.get("path"))]
    assert touched == [], touched


def _prepare(env: Any, *, applied: bool) -> None:
    env.configure()
    _foreign(env)
    if applied:
        env.ok(env.run("apply", "--yes"))
    env.clear_log()


def _drop_some(data: dict[str, Any]) -> None:
    data["deployments"] = [d for d in data["deployments"] if d["name"] != "audio"]
    data["accounts"] = []


SCENARIOS = {
    # name: (command, start applied?, edit before the killed run, writes it makes, declared afterwards)
    "apply": (["apply"], False, None, 8, DECLARED),
    "destroy": (["destroy"], True, None, 8, {}),
    "apply --prune": (["apply", "--prune"], True, _drop_some, 5,
                      {"aoai-test-eastus2": {"realtime"}, "aoai-test-swedencentral": {"realtime"}}),
}


def _points() -> list[tuple[str, int, float]]:
    rng = random.Random(SEED)
    names = list(SCENARIOS)
    points = []
    for i in range(POINTS):
        name = names[i % len(names)]
        writes = SCENARIOS[name][3]
        points.append((name, rng.randint(1, writes), round(rng.uniform(0.0, 0.3), 3)))
    return points


@pytest.mark.parametrize(("scenario", "writes", "delay"), _points(),
                         ids=[f"{n}-after-{w}-writes+{d}s" for n, w, d in _points()])
def test_a_run_killed_at_any_point_converges_when_run_again(env: Any, scenario: str, writes: int,
                                                            delay: float) -> None:
    command, applied, edit, _total, declared = SCENARIOS[scenario]
    _prepare(env, applied=applied)
    if edit is not None:
        env.edit(edit)
    env.configure(lro_seconds={kind: 0.2 for kind in ("account_create", "account_delete", "deployment_create",
                                                        "deployment_delete", "deployment_update")})
    _kill_after(env, command, writes, delay)
    _untouched(env)
    env.configure()
    rerun = env.run(command[0], "--yes", *command[1:])
    assert rerun.exit_code == 0, rerun.output
    if scenario != "destroy":
        env.ok(env.run("plan", "--detailed-exitcode"), 0)
    assert _managed(env) == declared
    _untouched(env)
