"""Convergence: applying a plan's `desired` payloads to the snapshot and planning again gives no actions."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.plan.actions import ActionKind, Plan, ResourceType
from aoai_provision.plan.desired_json import account_from_json
from aoai_provision.plan.observed import ObservedAccount, ObservedDeployment, ObservedState
from aoai_provision.plan.planner import build_plan

CASES = [p for p in sorted((Path(__file__).parent / "cases").glob("*.json"))
         if "error" not in json.loads(p.read_text())["expected"]]


def _deployment(d: dict[str, Any]) -> ObservedDeployment:
    return ObservedDeployment(name=d["name"], model=d["model"], version=d["version"], sku=d["sku"],
                              capacity=d["capacity"], model_format=d["model_format"],
                              version_upgrade=d["version_upgrade"], rai_policy=d["rai_policy"],
                              dynamic_throttling=d["dynamic_throttling"], tags=d["tags"])


def _apply(plan: Plan, observed: ObservedState) -> ObservedState:
    """What ARM holds after each action's PUT of ``desired`` (or DELETE), in plan order."""
    accounts = {a.name: a for a in observed.accounts}
    state = replace(observed, deleted_accounts=())
    for action in plan.actions:
        if action.resource_type is ResourceType.RESOURCE_GROUP:
            assert action.desired is not None
            state = replace(state, resource_group_exists=True, resource_group_tags=action.desired["tags"])
        elif action.resource_type is ResourceType.ACCOUNT:
            if action.kind is ActionKind.DELETE:
                del accounts[action.name]
                continue
            assert action.desired is not None
            d = account_from_json(action.desired)
            old = accounts.get(d.name)
            accounts[d.name] = ObservedAccount(
                name=d.name, region=d.region, kind=d.kind, sku=d.sku, custom_subdomain=d.custom_subdomain,
                public_network_access=d.public_network_access, disable_local_auth=d.disable_local_auth,
                network_acls=d.network_acls, identity=d.identity, tags=d.tags,
                deployments=old.deployments if old else ())
        else:
            acc = accounts[action.account or ""]
            kept = tuple(x for x in acc.deployments if x.name != action.name)
            if action.kind is not ActionKind.DELETE:
                assert action.desired is not None
                kept += (_deployment(dict(action.desired)),)
            accounts[acc.name] = replace(acc, deployments=kept)
    return replace(state, accounts=tuple(accounts.values()))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_applied_plan_converges(path: Path, prepared: Any, catalog: Any) -> None:
    case = json.loads(path.read_text())
    desired, observed, opts, as_of = prepared(case)
    plan = build_plan(desired, observed, catalog, as_of=as_of, **opts)
    after = _apply(plan, observed)
    again = build_plan(desired, after, catalog, as_of=as_of, **opts)
    assert again.actions == (), again.actions
