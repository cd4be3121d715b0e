"""--adopt brings untagged resources under management in one step; --target and --replace limit or force changes."""

from __future__ import annotations

import json
from typing import Any

RG = "rg-aoai-test"


def _untag(env: Any) -> None:
    """Make the batch account and its deployment look created by hand (no ownership tags)."""
    from azure.mgmt.cognitiveservices import models as m

    cog = env.clients().cognitive
    cog.accounts.begin_update(RG, "aoai-test-batch", m.Account(tags={"owner": "someone"})).result()
    embed: Any = cog.deployments.get(RG, "aoai-test-batch", "embed")
    embed.tags = None
    cog.deployments.begin_create_or_update(RG, "aoai-test-batch", "embed", embed).result()


def test_untagged_resources_are_named_at_once_and_adopt_takes_them_over(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    _untag(env)
    refused = env.ok(env.run("plan"), 1)
    # one run names the account and its deployment (not one per run), and offers --adopt
    assert "cannot succeed (2 problems)" in refused.output
    assert "PLAN101: account aoai-test-batch" in refused.output
    assert "PLAN106: deployment embed exists in account aoai-test-batch" in refused.output
    assert "--adopt" in refused.output

    adopt = env.ok(env.run("plan", "--adopt", "--format", "json", "--detailed-exitcode"), 2)
    actions = json.loads(adopt.output)["actions"]
    assert sorted(a["address"] for a in actions) == ["account.aoai-test-batch", "account.aoai-test-batch.deployment.embed"]
    assert all(a["adopt"] and a["kind"] == "update" for a in actions)
    assert all(any(c["field"] == "tags.managed-by" for c in a["changes"]) for a in actions)

    env.ok(env.run("apply", "--yes", "--adopt"))
    assert env.deployments("aoai-test-batch")["embed"].tags["managed-by"] == "aoai-provision"
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_target_limits_the_plan_and_apply_to_one_deployment(env: Any) -> None:
    target = "account.aoai-test-eastus2.deployment.audio"
    planned = env.ok(env.run("plan", "--target", target, "--format", "json"))
    addresses = [a["address"] for a in json.loads(planned.output)["actions"]]
    # the deployment and what it needs (its account, the resource group), nothing else
    assert addresses == ["resource_group.rg-aoai-test", "account.aoai-test-eastus2", target]
    env.ok(env.run("apply", "--yes", "--target", target))
    assert sorted(env.deployments("aoai-test-eastus2")) == ["audio"]
    rest = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    assert "+ create account.aoai-test-eastus2.deployment.realtime" in rest.output

    typo = env.ok(env.run("plan", "--target", "account.aoai-test-eastus2.deployment.audi"), 1)
    assert "did you mean account.aoai-test-eastus2.deployment.audio" in typo.output


def test_replace_recreates_one_deployment(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    address = "account.aoai-test-batch.deployment.embed"
    planned = env.ok(env.run("plan", "--replace", address, "--detailed-exitcode"), 2)
    assert f"-/+ replace {address}" in planned.output
    env.clear_log()
    env.ok(env.run("apply", "--yes", "--replace", address))
    methods = [(w["method"], w["path"].rsplit("/", 1)[-1]) for w in env.writes()]
    assert ("DELETE", "embed") in [(m, p.split("?")[0]) for m, p in methods]
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
