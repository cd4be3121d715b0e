"""Preflight stops impossible plans before any write; injected faults are retried or reported precisely."""

from __future__ import annotations

import json
from typing import Any

ALL_FAULTS = ["throttle", "server_error", "connection_reset", "operation_failed"]


def test_quota_shortfall_is_reported_at_plan_time_with_numbers_and_apply_writes_nothing(env: Any) -> None:
    env.configure(quota={"limits": {"swedencentral/OpenAI.Standard.text-embedding-3-large": 12}})
    plan = env.ok(env.run("plan"), 1)
    assert "quota" in plan.output.lower()
    assert "20" in plan.output and "12" in plan.output  # needed vs limit
    env.clear_log()
    env.ok(env.run("apply", "--yes"), 1)
    assert env.writes() == []


def test_model_not_offered_in_the_region_is_reported_at_plan_time(env: Any) -> None:
    from aoai_provision.catalog.bundled import bundled_catalog

    items = [i for i in bundled_catalog().models_list("swedencentral")
             if i["model"]["name"] != "text-embedding-3-large"]
    models = env.root / "swedencentral-models.json"
    models.write_text(json.dumps(items), encoding="utf-8")
    env.configure(models={"swedencentral": str(models)})
    plan = env.ok(env.run("plan"), 1)
    assert "text-embedding-3-large" in plan.output and "swedencentral" in plan.output
    env.clear_log()
    env.ok(env.run("apply", "--yes"), 1)
    assert env.writes() == []


def test_apply_under_twenty_percent_faults_converges_or_reports_then_converges(env: Any) -> None:
    env.configure(faults={"seed": 11, "rate": 0.2, "kinds": ALL_FAULTS}, retry_after_ms=1)
    first = env.run("apply", "--yes")
    if first.exit_code != 0:  # a precise report: which write failed, with ARM's code
        assert first.exit_code == 1, first.output
        assert "FAILED" in first.output and "code " in first.output
    env.ok(env.run("apply", "--yes"))
    injected = [r for r in env.requests() if r.get("fault") or r.get("status") in (429, 500, 502, 503)]
    assert injected  # the faults really happened
    env.configure()
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    assert sorted(env.deployments("aoai-test-swedencentral")) == ["audio", "realtime"]


def test_someone_elses_running_operation_is_waited_out_not_failed(env: Any) -> None:
    """A RequestConflict caused by another client (a long deployment write in progress) is retried."""
    from azure.mgmt.cognitiveservices import models as m

    env.ok(env.run("apply", "--yes"))
    env.configure(lro_seconds={"deployment_create": 4})  # longer than planning takes on a loaded machine
    cog = env.clients().cognitive
    body = m.Deployment(sku=m.Sku(name="Standard", capacity=3), properties=m.DeploymentProperties(
        model=m.DeploymentModel(format="OpenAI", name="text-embedding-3-large", version="1")))
    poller = cog.deployments.begin_create_or_update("rg-aoai-test", "aoai-test-batch", "portal-made", body)
    env.edit(lambda d: d["accounts"][0]["deployments"][0].update(capacity=22))
    result = env.run("apply", "--yes")
    poller.result()
    env.ok(result)
    assert "retry" in result.output.lower()  # the conflict was seen and retried, not reported as a failure
    assert any(r.get("status") == 409 for r in env.requests())
    assert env.deployments("aoai-test-batch")["embed"].sku.capacity == 22


def test_a_failure_stops_only_its_account_and_is_reported_with_arms_code(env: Any) -> None:
    """Quota taken elsewhere after the plan was saved: the embedding account fails, the others complete."""
    from azure.mgmt.cognitiveservices import models as m

    env.configure(quota={"limits": {"swedencentral/OpenAI.Standard.text-embedding-3-large": 25}})
    saved = env.root / "plan.json"
    env.ok(env.run("plan", "--out", str(saved)))
    clients = env.clients()  # another team, another resource group, same subscription and region
    clients.resources.resource_groups.create_or_update("rg-other-team", {"location": "swedencentral"})
    clients.cognitive.accounts.begin_create("rg-other-team", "other-team-embed", m.Account(
        location="swedencentral", kind="OpenAI", sku=m.Sku(name="S0"),
        properties=m.AccountProperties(custom_sub_domain_name="other-team-embed"))).result()
    clients.cognitive.deployments.begin_create_or_update("rg-other-team", "other-team-embed", "embed", m.Deployment(
        sku=m.Sku(name="Standard", capacity=10), properties=m.DeploymentProperties(
            model=m.DeploymentModel(format="OpenAI", name="text-embedding-3-large", version="1")))).result()

    result = env.ok(env.run("apply", "--yes", file=saved), 1)
    assert "FAILED" in result.output and "account.aoai-test-batch.deployment.embed" in result.output
    assert "InsufficientQuota" in result.output
    assert "Apply incomplete: 8 done, 1 failed, 0 skipped" in result.output
    assert sorted(env.deployments("aoai-test-eastus2")) == ["audio", "realtime"]
    assert env.deployments("aoai-test-batch") == {}
