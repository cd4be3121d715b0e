"""The write layer's own guard, whatever plan it is handed: no write to what this environment does not own."""

from __future__ import annotations

from typing import Any

from aoai_provision.apply.executor import execute_plan
from aoai_provision.apply.result import Status
from aoai_provision.plan.actions import Action, ActionKind, Plan, ResourceType

RG = "rg-aoai-test"
MODEL = {"name": "extra", "model": "text-embedding-3-large", "version": "1", "sku": "Standard", "capacity": 1}


def _by_hand(env: Any, account: str, name: str, tags: dict[str, str] | None) -> None:
    from azure.mgmt.cognitiveservices import models as m

    body = m.Deployment(sku=m.Sku(name="Standard", capacity=1), tags=tags,
                        properties=m.DeploymentProperties(model=m.DeploymentModel(
                            format="OpenAI", name="text-embedding-3-large", version="1")))
    env.clients().cognitive.deployments.begin_create_or_update(RG, account, name, body).result()


def _untagged_account(env: Any, name: str) -> None:
    from azure.mgmt.cognitiveservices import models as m

    body = m.Account(location="swedencentral", kind="OpenAI", sku=m.Sku(name="S0"),
                     properties=m.AccountProperties(custom_sub_domain_name=name))
    env.clients().cognitive.accounts.begin_create(RG, name, body).result()


def _run(env: Any, *actions: Action) -> Any:
    plan = Plan(environment="test", subscription="00000000-0000-0000-0000-000000000000", resource_group=RG,
                source="hand-built", actions=actions, fingerprint="x")
    env.clear_log()
    return execute_plan(env.clients(), plan)


def _delete(name: str, account: str) -> Action:
    return Action(ActionKind.DELETE, ResourceType.DEPLOYMENT, name, "hand-built", account=account)


def test_the_guard_refuses_what_this_environment_does_not_own_and_lets_its_own_through(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    _by_hand(env, "aoai-test-batch", "untagged", None)
    _by_hand(env, "aoai-test-batch", "other-env", {"managed-by": "aoai-provision", "aoai-provision-environment": "prod"})
    _untagged_account(env, "aoai-foreign")
    forbidden = {
        "account.aoai-test-batch.deployment.untagged": _delete("untagged", "aoai-test-batch"),
        "account.aoai-test-batch.deployment.other-env": _delete("other-env", "aoai-test-batch"),
        "account.aoai-foreign.deployment.extra": Action(ActionKind.CREATE, ResourceType.DEPLOYMENT, "extra",
                                                        "hand-built", account="aoai-foreign", desired=MODEL),
        "account.aoai-foreign": Action(ActionKind.DELETE, ResourceType.ACCOUNT, "aoai-foreign", "hand-built",
                                       account="aoai-foreign"),
    }
    for address, action in forbidden.items():
        (result,) = _run(env, action).results
        assert (result.status, result.code) == (Status.FAILED, "NotOwned"), address
        assert "refused" in (result.error or "")
        assert env.writes() == [], address
    cognitive = env.clients().cognitive
    batch = cognitive.accounts.get(RG, "aoai-test-batch")
    batch.tags = {"managed-by": "aoai-provision"}  # someone removed the environment tag after the plan
    cognitive.accounts.begin_create(RG, "aoai-test-batch", batch).result()
    update = Action(ActionKind.UPDATE, ResourceType.ACCOUNT, "aoai-test-batch", "hand-built", account="aoai-test-batch",
                    region="swedencentral", desired={"name": "aoai-test-batch", "region": "swedencentral"})
    (result,) = _run(env, update).results
    assert result.code == "NotOwned" and env.writes() == []
    (own,) = _run(env, _delete("audio", "aoai-test-eastus2")).results
    assert own.status is Status.OK
    assert [r["method"] for r in env.writes()] == ["DELETE"]
    assert {"untagged", "other-env"} <= set(env.deployments("aoai-test-batch"))
    assert any(a.name == "aoai-foreign" for a in env.clients().cognitive.accounts.list_by_resource_group(RG))


def test_a_resource_group_delete_is_refused_even_when_everything_else_succeeded(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    result = _run(env, Action(ActionKind.DELETE, ResourceType.RESOURCE_GROUP, RG, "hand-built"))
    (only,) = result.results
    assert only.status is Status.FAILED and "never deletes a resource group" in (only.error or "")
    assert env.writes() == []
    assert env.clients().resources.resource_groups.check_existence(RG)


def test_a_create_over_a_same_named_untagged_deployment_made_after_the_plan_is_refused(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    _by_hand(env, "aoai-test-batch", "late", None)
    result = _run(env, Action(ActionKind.CREATE, ResourceType.DEPLOYMENT, "late", "hand-built",
                              account="aoai-test-batch", desired={**MODEL, "name": "late", "capacity": 5}))
    assert result.results[0].status is Status.FAILED
    assert "has no aoai-provision ownership tags" in (result.results[0].error or "")
    assert env.writes() == []
    assert env.deployments("aoai-test-batch")["late"].sku.capacity == 1
