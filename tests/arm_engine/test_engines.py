"""The SDK engine and the ARM engine converge to the same resources, and each accepts the other's work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

ENGINES = ("sdk", "arm")


@pytest.fixture
def applied(workspace_factory: Callable[[str], Any]) -> dict[str, Any]:
    """The same file applied by each engine, each on its own fresh emulator."""
    spaces = {engine: workspace_factory(engine) for engine in ENGINES}
    for engine, space in spaces.items():
        space.ok("apply", "--engine", engine, "--yes")
    return spaces


def test_both_engines_leave_identical_resources(applied: dict[str, Any]) -> None:
    sdk, arm = applied["sdk"].resources(), applied["arm"].resources()
    assert sorted(arm) == ["aoai-secure-batch", "aoai-secure-batch/embed", "aoai-secure-eastus2",
                           "aoai-secure-eastus2/audio", "aoai-secure-eastus2/realtime", "aoai-secure-swedencentral",
                           "aoai-secure-swedencentral/audio", "aoai-secure-swedencentral/realtime"]
    for name in sdk:
        if "/" not in name:  # endpoints and keys are per account creation; compare the rest
            for resource in (sdk[name], arm[name]):
                resource["properties"].pop("endpoint", None)
                resource["properties"].pop("endpoints", None)
        assert arm[name] == sdk[name], name
    batch = arm["aoai-secure-batch"]
    assert batch["tags"]["team"] == "o'brien" and batch["tags"]["managed-by"] == "aoai-provision"
    assert batch["tags"]["note"] == "[literal, not an ARM expression]"  # written `[[...` in the template
    assert batch["properties"]["network_acls"]["ip_rules"] == [{"value": "203.0.113.0/24"}]


@pytest.mark.parametrize(("first", "second"), [("sdk", "arm"), ("arm", "sdk")])
def test_after_either_engine_the_other_plans_nothing(applied: dict[str, Any], first: str, second: str) -> None:
    result = applied[first].ok("plan", "--engine", second, "--detailed-exitcode")
    assert "No changes" in result.output


def test_arm_plan_shows_what_if_deltas_and_apply_converges(applied: dict[str, Any]) -> None:
    space = applied["arm"]

    def shrink(data: dict[str, Any]) -> None:
        data["accounts"][0]["deployments"][0]["capacity"] = 30
        data["defaults"]["account"]["public_network_access"] = "Enabled"

    space.edit(shrink)
    plan = space.ok("plan", "--engine", "arm", "--detailed-exitcode", code=2).output
    assert "sku.capacity: 20 → 30" in plan
    assert "properties.publicNetworkAccess: Disabled → Enabled" in plan
    assert "arm-what-if" in plan
    space.ok("apply", "--engine", "arm", "--yes")
    assert space.resources()["aoai-secure-batch/embed"]["sku"]["capacity"] == 30
    space.ok("plan", "--engine", "sdk", "--detailed-exitcode")


def test_arm_engine_prunes_through_the_sdk(applied: dict[str, Any]) -> None:
    space = applied["arm"]
    space.edit(lambda data: data["deployments"].pop())  # drop `audio` from both regional accounts
    space.ok("apply", "--engine", "arm", "--prune", "--yes")
    names = sorted(space.resources())
    assert "aoai-secure-eastus2/audio" not in names and "aoai-secure-swedencentral/audio" not in names
    assert "aoai-secure-eastus2/realtime" in names
    deployments = space.clients().deployments.deployments.list_by_resource_group("rg-aoai-secure")
    assert all(d.properties.provisioning_state == "Succeeded" for d in deployments)


def test_saved_arm_plan_reports_the_failing_resource_and_a_rerun_converges(
        workspace_factory: Callable[[str], Any]) -> None:
    """Quota shrinks between `plan --out` and `apply PLAN.json`: preflight passed, ARM's deployment fails
    on one resource; the result names it, the rest of the plan is done, and a re-run converges."""
    space = workspace_factory("quota")
    saved = space.root / "plan.json"
    space.ok("plan", "--engine", "arm", "--out", str(saved))
    space.configure(quota={"limits": {"swedencentral/OpenAI.Standard.text-embedding-3-large": 10}})
    result = space.cli_on(saved, "apply", "--yes")
    assert result.exit_code == 1, result.output
    assert "InsufficientQuota" in result.output
    assert "account.aoai-secure-batch.deployment.embed" in result.output
    resources = space.resources()
    assert "aoai-secure-batch" in resources and "aoai-secure-batch/embed" not in resources
    assert "aoai-secure-eastus2/audio" in resources  # other accounts are unaffected
    space.configure()
    space.ok("apply", "--engine", "arm", "--yes")
    space.ok("plan", "--engine", "sdk", "--detailed-exitcode")


def test_arm_apply_resubmits_failed_operations_and_converges(workspace_factory: Callable[[str], Any]) -> None:
    space = workspace_factory("faults")
    space.configure(faults={"seed": 11, "rate": 0.3, "kinds": ["operation_failed"]})
    first = space.cli("apply", "--engine", "arm", "--yes")
    assert "InternalServerError: deploying again" in first.output  # the engine resubmitted what failed
    outcomes = [first.exit_code] + [space.cli("apply", "--engine", "arm", "--yes").exit_code for _ in range(2)]
    assert 0 in outcomes, outcomes
    space.configure()
    space.ok("plan", "--engine", "sdk", "--detailed-exitcode")
    space.ok("plan", "--engine", "arm", "--detailed-exitcode")


def test_arm_engine_replaces_a_deployment_delete_by_sdk_then_template(applied: dict[str, Any]) -> None:
    space = applied["arm"]

    def new_sku(data: dict[str, Any]) -> None:
        data["accounts"][0]["deployments"][0]["sku"] = "GlobalStandard"

    space.edit(new_sku)
    plan = space.ok("plan", "--engine", "arm", "--allow-replace").output
    assert "-/+ replace account.aoai-secure-batch.deployment.embed" in plan
    space.ok("apply", "--engine", "arm", "--allow-replace", "--yes")
    assert space.resources()["aoai-secure-batch/embed"]["sku"]["name"] == "GlobalStandard"
    space.ok("plan", "--engine", "sdk", "--detailed-exitcode")
