"""Destroy plans: tagged resources only, deployments before their account, the resource group kept."""

from __future__ import annotations

from typing import Any

from aoai_provision.plan.planner import build_destroy_plan

RT = {"model": "gpt-4o-mini-realtime-preview", "version": "2024-12-17", "sku": "GlobalStandard", "capacity": 100}


def _case(accounts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"desired": {"accounts": [{"name": "aoai-prod-eastus2", "region": "eastus2",
                                      "deployments": [{"name": "realtime", **RT}]}]},
            "observed": {"accounts": accounts}}


def test_destroy_deletes_tagged_deployments_then_account(build: Any) -> None:
    desired, observed = build(_case([
        {"name": "aoai-prod-eastus2", "region": "eastus2", "deployments": [{"name": "realtime", **RT}]},
        {"name": "aoai-prod-extra", "region": "swedencentral", "deployments": []},
    ]))
    plan = build_destroy_plan(desired, observed)
    assert [f"{a.kind.value} {a.address}" for a in plan.actions] == [
        "delete account.aoai-prod-eastus2.deployment.realtime",
        "delete account.aoai-prod-eastus2",
        "delete account.aoai-prod-extra",
    ]
    assert plan.fingerprint == observed.fingerprint()
    assert [f.code for f in plan.findings] == ["PLAN131"]  # the resource group is kept, and said so


def test_destroy_keeps_account_with_untagged_deployments_and_untagged_accounts(build: Any) -> None:
    desired, observed = build(_case([
        {"name": "aoai-prod-eastus2", "region": "eastus2",
         "deployments": [{"name": "realtime", **RT}, {"name": "byhand", **RT, "managed": False}]},
        {"name": "not-ours", "region": "eastus2", "managed": False, "deployments": [{"name": "x", **RT}]},
        {"name": "aoai-dev-eastus2", "region": "eastus2", "env": "dev", "deployments": []},
    ]))
    plan = build_destroy_plan(desired, observed)
    assert [f"{a.kind.value} {a.address}" for a in plan.actions] == [
        "delete account.aoai-prod-eastus2.deployment.realtime"
    ]
    kept = [f for f in plan.findings if f.code == "PLAN130"]
    assert len(kept) == 1
    assert "aoai-prod-eastus2 is kept" in kept[0].message and "byhand" in kept[0].message


def test_destroy_of_nothing_is_empty(build: Any) -> None:
    desired, observed = build(_case([]))
    plan = build_destroy_plan(desired, observed)
    assert plan.is_empty
