"""apply converges, the next plan is empty, a capacity change shows as a field diff, saved plans are checked."""

from __future__ import annotations

import json
from typing import Any

ACCOUNTS = ["aoai-test-batch", "aoai-test-eastus2", "aoai-test-swedencentral"]


def test_apply_converges_and_next_plan_is_empty(env: Any) -> None:
    result = env.ok(env.run("apply", "--yes"))
    assert "Apply complete" in result.output
    accounts = sorted(a.name for a in env.clients().cognitive.accounts.list_by_resource_group("rg-aoai-test"))
    assert accounts == ACCOUNTS
    deps = env.deployments("aoai-test-eastus2")
    assert sorted(deps) == ["audio", "realtime"]
    assert deps["realtime"].tags["managed-by"] == "aoai-provision"
    assert deps["realtime"].properties.model.version == "2024-12-17"
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    again = env.ok(env.run("apply", "--yes"))
    assert "Nothing to do" in again.output


def test_no_op_plan_lists_instead_of_getting_each_deployment(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    env.clear_log()
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    paths = [str(r.get("path") or r.get("url")) for r in env.requests()]
    assert not any("/deployments/" in p for p in paths), paths  # one list per account, no per-deployment GET
    assert sum(p.rstrip("/").endswith("/deployments") for p in paths) == len(ACCOUNTS)
    assert env.writes() == []


def test_capacity_change_is_exit_2_with_the_field_diff_then_converges(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))

    def bump(data: dict) -> None:
        data["accounts"][0]["deployments"][0]["capacity"] = 30

    env.edit(bump)
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    assert "embed" in plan.output and "capacity" in plan.output
    assert "20" in plan.output and "30" in plan.output
    data = json.loads(env.ok(env.run("plan", "--format", "json", "--detailed-exitcode"), 2).stdout)
    assert len(data["actions"]) == 1
    env.ok(env.run("apply", "--yes"))
    assert env.deployments("aoai-test-batch")["embed"].sku.capacity == 30
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_saved_plan_applies_exactly_and_is_refused_after_azure_changed(env: Any) -> None:
    saved = env.root / "plan.json"
    env.ok(env.run("plan", "--out", str(saved)))
    env.ok(env.run("apply", "--yes", file=saved))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)

    env.edit(lambda d: d["accounts"][0]["deployments"][0].update(capacity=25))
    env.ok(env.run("plan", "--out", str(saved)))
    # someone changes the deployment behind the tool's back after the plan was made
    clients = env.clients()
    dep = env.deployments("aoai-test-batch")["embed"]
    dep.sku.capacity = 40
    clients.cognitive.deployments.begin_create_or_update("rg-aoai-test", "aoai-test-batch", "embed", dep).result()
    env.clear_log()
    refused = env.ok(env.run("apply", "--yes", file=saved), 1)
    assert "Azure changed since the plan was made" in refused.output
    assert env.writes() == []
    assert env.deployments("aoai-test-batch")["embed"].sku.capacity == 40


def test_non_interactive_apply_without_yes_names_yes_and_writes_nothing(env: Any) -> None:
    result = env.ok(env.run("apply"), 1)
    assert "--yes" in result.output
    assert env.writes() == []


def test_outputs_json_has_endpoints_and_the_realtime_wss_uri(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    data = json.loads(env.ok(env.run("outputs", "--format", "json")).stdout)
    east = next(a for a in data["accounts"] if a["name"] == "aoai-test-eastus2")
    assert east["endpoint"].startswith("https://")
    rt = next(d for d in east["deployments"] if d["name"] == "realtime")
    assert rt["realtime_uri"].startswith("wss://aoai-test-eastus2.openai.azure.com/openai/realtime?api-version=")
    assert rt["realtime_uri"].endswith("&deployment=realtime")
    assert rt["inference_url"] == "https://aoai-test-eastus2.openai.azure.com/openai/deployments/realtime"
    embed = next(a for a in data["accounts"] if a["name"] == "aoai-test-batch")["deployments"][0]
    assert "realtime_uri" not in embed
    assert "key" not in json.dumps(data).lower().replace("keys", "")


def test_saved_plan_of_the_arm_engine_is_applied_by_the_arm_engine(env: Any) -> None:
    saved = env.root / "plan-arm.json"
    env.ok(env.run("plan", "--engine", "arm", "--out", str(saved)))
    assert json.loads(saved.read_text(encoding="utf-8"))["engine"] == "arm"
    env.clear_log()
    env.ok(env.run("apply", "--yes", file=saved))
    operations = {str(r.get("operation")) for r in env.requests()}
    assert any(op.startswith("Deployments_CreateOrUpdate") for op in operations)
    assert any("Microsoft.Resources/deployments" in str(r.get("path")) for r in env.requests())
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_saved_plan_is_refused_for_another_subscription_naming_both(env: Any) -> None:
    saved = env.root / "plan.json"
    env.ok(env.run("plan", "--out", str(saved)))
    other = "22222222-2222-2222-2222-222222222222"
    refused = env.ok(env.run("apply", "--yes", "--subscription", other, file=saved), 1)
    assert f"targets subscription {other}" in refused.output
    assert "Azure changed" not in refused.output
    assert env.writes() == []


def test_a_saved_plan_edited_to_write_other_values_than_it_shows_is_refused(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["accounts"][0]["deployments"][0].update(capacity=25))
    saved = env.root / "plan.json"
    env.ok(env.run("plan", "--out", str(saved)))
    data = json.loads(saved.read_text(encoding="utf-8"))
    (action,) = [a for a in data["actions"] if a["kind"] == "update"]
    before = action["changes"][0]["before"]
    action["desired"]["capacity"] = 90  # the review still shows 25
    saved.write_text(json.dumps(data), encoding="utf-8")
    env.clear_log()
    refused = env.ok(env.run("apply", "--yes", file=saved), 1)
    assert "shows capacity → 25 but would write 90" in refused.output
    assert env.writes() == []
    assert env.deployments("aoai-test-batch")["embed"].sku.capacity == before
