"""Drift made through the SDK behind the tool's back; untagged resources are never touched; --prune and destroy."""

from __future__ import annotations

import json
from typing import Any

RG = "rg-aoai-test"


def _untagged(env: Any, account: str, name: str, tags: dict[str, str] | None = None) -> None:
    from azure.mgmt.cognitiveservices import models as m

    dep = m.Deployment(sku=m.Sku(name="Standard", capacity=5), tags=tags,
                       properties=m.DeploymentProperties(model=m.DeploymentModel(
                           format="OpenAI", name="text-embedding-3-large", version="1")))
    env.clients().cognitive.deployments.begin_create_or_update(RG, account, name, dep).result()


def test_drift_is_shown_and_reverted_and_untagged_is_left_alone(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    cog = env.clients().cognitive
    embed: Any = env.deployments("aoai-test-batch")["embed"]
    embed.sku.capacity = 7
    cog.deployments.begin_create_or_update(RG, "aoai-test-batch", "embed", embed).result()
    cog.deployments.begin_delete(RG, "aoai-test-eastus2", "audio").result()
    _untagged(env, "aoai-test-batch", "someone-elses")

    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    assert "capacity" in plan.output and "7" in plan.output and "20" in plan.output
    assert "audio" in plan.output
    assert "someone-elses" in plan.output  # reported, not planned for deletion
    env.ok(env.run("apply", "--yes"))
    deps = env.deployments("aoai-test-batch")
    assert deps["embed"].sku.capacity == 20
    assert deps["someone-elses"].sku.capacity == 5 and not deps["someone-elses"].tags
    assert "audio" in env.deployments("aoai-test-eastus2")
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_prune_deletes_only_tagged_extras(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    _untagged(env, "aoai-test-batch", "untagged-extra")
    tags = {"managed-by": "aoai-provision", "aoai-provision-environment": "test"}
    _untagged(env, "aoai-test-batch", "tagged-extra", tags)
    # without --prune the tagged extra is listed and counts as drift (exit 2); the untagged one does not
    reported = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    assert "! account.aoai-test-batch.deployment.tagged-extra" in reported.output
    assert "! account.aoai-test-batch.deployment.untagged-extra" not in reported.output
    # ... and the summary must not claim that Azure matches the file
    assert "Azure matches" not in reported.output
    assert "1 managed resource(s) not in" in reported.output and "--prune deletes them" in reported.output
    env.ok(env.run("plan", "--prune", "--detailed-exitcode"), 2)
    env.ok(env.run("apply", "--yes", "--prune"))
    deps = env.deployments("aoai-test-batch")
    assert "tagged-extra" not in deps
    assert "untagged-extra" in deps and "embed" in deps
    env.ok(env.run("plan", "--prune", "--detailed-exitcode"), 0)


def test_destroy_deletes_tagged_and_keeps_an_account_with_untagged_deployments(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    _untagged(env, "aoai-test-batch", "keep-me")
    result = env.ok(env.run("destroy", "--yes"))
    assert any("aoai-test-batch" in line and "kept" in line and "keep-me" in line
               for line in result.output.splitlines())  # named as kept, with the reason
    cog = env.clients().cognitive
    accounts = sorted(a.name for a in cog.accounts.list_by_resource_group(RG))
    assert accounts == ["aoai-test-batch"]
    assert sorted(env.deployments("aoai-test-batch")) == ["keep-me"]
    again = env.ok(env.run("destroy", "--yes"))  # nothing left to delete: say so, not "Azure matches"
    assert "Nothing to destroy for" in again.output and "matches" not in again.output
    assert "keep-me" in again.output


def test_a_deployment_removed_from_the_file_is_drift_until_pruned(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["accounts"][0]["deployments"].append(
        {"name": "embed2", "model": "text-embedding-3-large", "version": "1", "sku": "Standard", "capacity": 5}))
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["accounts"][0]["deployments"].pop())  # removed from the file

    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2)  # a CI drift check notices
    assert "! account.aoai-test-batch.deployment.embed2" in plan.output
    as_json = env.ok(env.run("plan", "--format", "json", "--detailed-exitcode"), 2)
    data = json.loads(as_json.output)
    assert data["not_in_file"] == ["account.aoai-test-batch.deployment.embed2"]
    assert data["summary"]["has_changes"] is True and data["summary"]["destroy"] == 0
    env.clear_log()
    env.ok(env.run("apply", "--yes"))  # apply without prune keeps it
    assert env.writes() == []
    assert "embed2" in env.deployments("aoai-test-batch")

    env.edit(lambda d: d.update(prune=True))  # `prune: true` in the file: as --prune
    pruned = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    assert "- delete account.aoai-test-batch.deployment.embed2" in pruned.output
    assert "prune: true" in pruned.output
    env.ok(env.run("apply", "--yes"))
    assert "embed2" not in env.deployments("aoai-test-batch")
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
