"""Plan JSON: round trip, format_version refusal, and the desired state that travels with it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.errors import PlanError
from aoai_provision.plan.desired_json import desired_from_json
from aoai_provision.plan.order import account_batches
from aoai_provision.plan.serialize import plan_from_json, plan_to_json

CASES = Path(__file__).parent / "cases"



@pytest.mark.parametrize("name", ["create_from_empty", "prune_deletes_tagged_only", "version_auto_newer_kept_on_update"])
def test_plan_json_round_trip(name: str, plan_of: Any) -> None:
    plan = plan_of(name)
    data = json.loads(json.dumps(plan_to_json(plan)))  # through real JSON text
    assert data["format_version"] == 1
    again = plan_from_json(data)
    assert again == plan
    assert plan_to_json(again) == data


def test_plan_json_summary_and_actions(plan_of: Any) -> None:
    data = plan_to_json(plan_of("capacity_change"))
    assert data["summary"] == {"add": 0, "restore": 0, "change": 1, "replace": 0, "destroy": 0, "not_in_file": 0,
                               "has_changes": True}
    action = data["actions"][0]
    assert action["address"] == "account.aoai-prod-eastus2.deployment.realtime"
    assert action["kind"] == "update"
    assert action["changes"] == [{"field": "capacity", "before": 100, "after": 200}]
    assert action["desired"]["tags"]["managed-by"] == "aoai-provision"


def test_plan_json_refuses_other_versions() -> None:
    with pytest.raises(PlanError, match="format_version 2"):
        plan_from_json({"format_version": 2, "environment": "prod", "resource_group": "rg"})
    with pytest.raises(PlanError, match="not an aoai-provision plan"):
        plan_from_json({"resource_group": "rg"})
    with pytest.raises(PlanError, match="damaged"):
        plan_from_json({"format_version": 1, "environment": "prod", "resource_group": "rg",
                        "actions": [{"kind": "explode", "resource_type": "account", "name": "a"}]})


def test_desired_state_travels_with_the_plan(build: Any, plan_of: Any) -> None:
    case = json.loads((CASES / "account_update.json").read_text())
    desired, _ = build(case)
    plan = plan_of("account_update")
    assert desired_from_json(plan_from_json(plan_to_json(plan)).desired) == desired


def test_account_batches_order(plan_of: Any) -> None:
    rg, batches = account_batches(plan_of("create_from_empty"))
    assert [a.address for a in rg] == ["resource_group.rg-aoai-prod"]
    assert [a.address for a in batches["aoai-prod-eastus2"]][0] == "account.aoai-prod-eastus2"
    plan = plan_of("ordering_within_account")
    rg, batches = account_batches(replace(plan, actions=plan.actions[::-1]))  # e.g. a hand-edited plan file
    assert rg == []
    assert [f"{a.kind.value} {a.name}" for a in batches["aoai-prod-eastus2"]] == [
        "delete gone", "update down", "update up", "create new"]
    _, batches = account_batches(plan_of("prune_deletes_tagged_only"))
    assert [a.address for a in batches["aoai-prod-old"]] == [
        "account.aoai-prod-old.deployment.realtime", "account.aoai-prod-old"]
