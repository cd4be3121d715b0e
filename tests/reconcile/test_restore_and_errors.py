"""Soft-deleted accounts: plan explains restore/purge, `restore: true` brings the account back; SDK errors wrapped."""

from __future__ import annotations

from typing import Any

import pytest


def test_soft_deleted_account_needs_restore_then_restore_converges(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("destroy", "--yes"))
    plan = env.ok(env.run("plan"), 1)
    assert "soft-deleted" in plan.output and "restore: true" in plan.output and "purge" in plan.output

    def restore_all(data: dict[str, Any]) -> None:
        data["defaults"]["account"]["restore"] = True
        data["accounts"][0]["restore"] = True

    env.edit(restore_all)
    env.ok(env.run("apply", "--yes"))
    names = sorted(a.name for a in env.clients().cognitive.accounts.list_by_resource_group("rg-aoai-test"))
    assert names == ["aoai-test-batch", "aoai-test-eastus2", "aoai-test-swedencentral"]
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_sdk_errors_are_wrapped_once_with_code_status_and_request_id(env: Any) -> None:
    from aoai_provision.azure.errors import azure_call
    from aoai_provision.errors import AzureCallError

    cog = env.clients().cognitive
    with pytest.raises(AzureCallError) as info:
        azure_call(cog.accounts.get, "rg-nowhere", "missing", resource="account.missing")
    err = info.value
    assert err.status == 404 and err.code in ("ResourceGroupNotFound", "ResourceNotFound")
    assert err.request_id and err.resource == "account.missing"
    assert "missing" in err.message or "rg-nowhere" in err.message


def test_an_account_deleted_with_its_deployments_is_restored_with_them_in_one_apply(env: Any) -> None:
    """Deleting an account soft-deletes its deployments with it; the restore brings them back, which the plan
    cannot read beforehand: it says so, writes each deployment as the file says, and one apply converges."""
    env.ok(env.run("apply", "--yes"))
    cog = env.clients().cognitive
    cog.accounts.begin_delete("rg-aoai-test", "aoai-test-eastus2").result()
    env.edit(lambda d: d["defaults"]["account"].__setitem__("restore", True))
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2).output
    assert "PLAN132" in plan and "comes back with the deployments" in plan
    env.ok(env.run("apply", "--yes"))
    restored = sorted(d.name for d in cog.deployments.list("rg-aoai-test", "aoai-test-eastus2"))
    assert restored and env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_a_restore_at_full_quota_is_not_refused_for_capacity_the_deleted_account_still_holds(env: Any) -> None:
    """Azure keeps charging a soft-deleted account's deployments to the quota until it is purged. The plan
    cannot tell which come back with the restore, so their creates are a warning (PLAN116), not a shortfall
    that blocks the restore; the apply converges."""
    env.configure(quota={"limits": {"swedencentral/OpenAI.Standard.text-embedding-3-large": 25}})
    env.ok(env.run("apply", "--yes"))
    env.clients().cognitive.accounts.begin_delete("rg-aoai-test", "aoai-test-batch").result()
    env.edit(lambda d: d["accounts"][0].__setitem__("restore", True))
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2).output
    assert "PLAN116" in plan and "PLAN113" not in plan and "20 in use" in plan
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
