"""Nothing the file does not manage is lost, and the Foundry upgrade is an in-place change (emulator, real SDK).

Properties and tags are set behind the tool's back with raw REST (including properties no SDK model
knows); an apply that changes capacity, version, tags and network ACLs keeps them. An account kind
OpenAI becomes AIServices in place; one Microsoft upgraded is reported, never rolled back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from azure.core.rest import HttpRequest

RG = "rg-aoai-test"
FILE = {
    "environment": "test",
    "subscription": "00000000-0000-0000-0000-000000000000",
    "resource_group": RG,
    "accounts": [{
        "name": "aoai-test-keep", "region": "eastus2", "identity": "SystemAssigned",
        "tags": {"team": "voice"},
        "network_acls": {"default_action": "Deny", "ip_rules": ["1.2.3.4"]},
        "deployments": [{"name": "rt", "model": "gpt-realtime-mini", "version": "2025-10-06",
                         "sku": "GlobalStandard", "capacity": 10, "tags": {"app": "voice"}}],
    }],
}
ACCOUNT = f"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/{RG}/providers/" \
          "Microsoft.CognitiveServices/accounts/aoai-test-keep"
# Set outside the file: some newer than azure-mgmt-cognitiveservices 14.1.0's models.
ACCOUNT_EXTRA = {"restrictOutboundNetworkAccess": True, "allowedFqdnList": ["contoso.com"],
                 "userOwnedStorage": [{"resourceId": "/subscriptions/x/storageAccounts/st"}],
                 "storedCompletionsDisabled": True, "futureAccountSetting": {"mode": "on"}}
DEPLOYMENT_EXTRA = {"serviceTier": "Priority", "futureDeploymentSetting": [1, 2, 3]}


def _write(env: Any, data: dict[str, Any]) -> None:
    env.file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _rest(env: Any, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    client = env.clients().cognitive
    request = HttpRequest(method, f"{path}?api-version=2025-09-01", json=body)
    response = client._send_request(request)
    response.raise_for_status()
    if method == "GET":
        return dict(response.json())
    return _rest(env, "GET", path)  # after the write's operation: what Azure now holds


def _settle(env: Any) -> None:
    """Let the emulator finish operations started by raw REST (a read does)."""
    env.clients().cognitive.accounts.get(RG, "aoai-test-keep")


@pytest.mark.parametrize("engine", ["sdk", "arm"])
def test_unmanaged_properties_and_tags_survive_an_apply_that_changes_managed_fields(env: Any, engine: str) -> None:
    """Both engines: the SDK engine PATCHes / read-modify-writes; the template engine renders the live JSON of
    each resource it updates with the managed fields laid over it (a template deployment PUTs resources whole)."""
    _write(env, FILE)
    env.ok(env.run("apply", "--engine", engine, "--yes"))
    live = _rest(env, "GET", ACCOUNT)
    _rest(env, "PATCH", ACCOUNT, {"properties": ACCOUNT_EXTRA, "tags": {**live["tags"], "policy-owner": "secops",
                                                                  "note": "[reviewed]"}})
    dep_path = f"{ACCOUNT}/deployments/rt"
    dep = _rest(env, "GET", dep_path)
    props = {k: v for k, v in dep["properties"].items() if k in ("model", "versionUpgradeOption", "raiPolicyName")}
    _rest(env, "PUT", dep_path, {"sku": dep["sku"], "tags": {**dep["tags"], "cost-center": "4711"},
                                 "properties": {**props, **DEPLOYMENT_EXTRA}})
    _settle(env)

    def change(data: dict[str, Any]) -> None:
        acct = data["accounts"][0]
        acct["tags"]["team"] = "speech"
        acct["network_acls"]["ip_rules"].append("5.6.7.8")
        acct["deployments"][0].update(capacity=20, version="2025-12-15")
        acct["deployments"][0]["tags"]["app"] = "speech"

    env.edit(change)
    plan = env.ok(env.run("plan", "--engine", engine, "--detailed-exitcode"), 2).stdout
    assert "policy-owner" not in plan and "cost-center" not in plan  # not managed: not in the plan
    assert "Fields it manages" in plan
    env.ok(env.run("apply", "--engine", engine, "--yes"))

    account = _rest(env, "GET", ACCOUNT)
    assert {k: account["properties"].get(k) for k in ACCOUNT_EXTRA} == ACCOUNT_EXTRA
    assert account["tags"]["policy-owner"] == "secops" and account["tags"]["team"] == "speech"
    assert account["tags"]["note"] == "[reviewed]"  # sent back as a literal, not a template expression
    assert [r["value"] for r in account["properties"]["networkAcls"]["ipRules"]] == ["1.2.3.4", "5.6.7.8"]
    deployment = _rest(env, "GET", dep_path)
    assert {k: deployment["properties"].get(k) for k in DEPLOYMENT_EXTRA} == DEPLOYMENT_EXTRA
    assert deployment["properties"]["model"]["version"] == "2025-12-15" and deployment["sku"]["capacity"] == 20
    assert deployment["tags"]["cost-center"] == "4711" and deployment["tags"]["app"] == "speech"
    env.ok(env.run("plan", "--engine", engine, "--detailed-exitcode"), 0)


@pytest.mark.parametrize("engine", ["sdk", "arm"])
def test_openai_to_aiservices_is_an_in_place_upgrade_and_the_next_plan_is_empty(env: Any, engine: str) -> None:
    _write(env, FILE)
    env.ok(env.run("apply", "--engine", engine, "--yes"))
    before = _rest(env, "GET", ACCOUNT)
    env.edit(lambda data: data["accounts"][0].update(kind="AIServices"))
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2).stdout
    assert "~ update account.aoai-test-keep" in plan and "-/+" not in plan
    assert "upgrade to Foundry in place" in plan and "kind: OpenAI → AIServices" in plan
    env.clear_log()
    env.ok(env.run("apply", "--engine", engine, "--yes"))
    assert not [w for w in env.writes() if w.get("method") == "DELETE"]
    after = _rest(env, "GET", ACCOUNT)
    assert after["kind"] == "AIServices" and after["properties"]["allowProjectManagement"] is True
    assert after["properties"]["endpoint"] == before["properties"]["endpoint"]  # endpoint kept
    assert after["properties"]["internalId"] == before["properties"]["internalId"]  # same resource
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


@pytest.mark.parametrize("engine", ["sdk", "arm"])
def test_an_account_microsoft_upgraded_is_reported_never_rolled_back(env: Any, engine: str) -> None:
    _write(env, FILE)
    env.ok(env.run("apply", "--engine", engine, "--yes"))
    _rest(env, "PATCH", ACCOUNT, {"kind": "AIServices", "properties": {"allowProjectManagement": True}})
    _settle(env)
    result = env.run("plan", "--detailed-exitcode")
    assert result.exit_code in (0, 2), result.output
    assert "PLAN126" in result.output and "upgraded to Foundry" in result.output
    assert "kind: AIServices and allow_project_management: true" in result.output  # how to record it
    env.clear_log()
    env.ok(env.run("apply", "--engine", engine, "--yes"))
    assert _rest(env, "GET", ACCOUNT)["kind"] == "AIServices"  # never rolled back by itself
    # The rollback happens only when the file asks for it.
    env.edit(lambda data: data["accounts"][0].update(foundry_rollback=True))
    env.ok(env.run("apply", "--engine", engine, "--yes"))
    assert _rest(env, "GET", ACCOUNT)["kind"] == "OpenAI"
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


ACCESS = Path(__file__).resolve().parents[1] / "data" / "access" / "access.yaml"
RAI_ACCOUNT = f"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/{RG}/providers/" \
              "Microsoft.CognitiveServices/accounts/aoai-test-swedencentral"
# 2026-05-01 properties azure-mgmt-cognitiveservices 14.1.0's RaiPolicy model does not have, and one newer still.
POLICY_EXTRA = {"safetyProviders": [{"safetyProviderName": "acme", "blocking": True, "source": "Prompt"}],
                "futurePolicySetting": {"on": True}}
BLOCKLIST_EXTRA = {"futureBlocklistSetting": "kept"}


@pytest.mark.parametrize("engine", ["sdk", "arm"])
def test_content_filter_and_blocklist_keep_what_the_file_does_not_manage(env: Any, engine: str) -> None:
    """Policies and blocklists have no PATCH: both engines PUT the live JSON with the file's fields laid over it."""
    env.file.write_text(ACCESS.read_text(encoding="utf-8"), encoding="utf-8")
    env.ok(env.run("apply", "--engine", engine, "--yes"))
    policy_path, list_path = f"{RAI_ACCOUNT}/raiPolicies/strict", f"{RAI_ACCOUNT}/raiBlocklists/banned-terms"
    policy = _rest(env, "GET", policy_path)
    _rest(env, "PUT", policy_path, {"tags": {**policy["tags"], "reviewed-by": "trust-and-safety"},
                                    "properties": {**policy["properties"], **POLICY_EXTRA}})
    blocklist = _rest(env, "GET", list_path)
    _rest(env, "PUT", list_path, {"tags": {**blocklist["tags"], "ticket": "[SEC-42]"},
                                  "properties": {**blocklist["properties"], **BLOCKLIST_EXTRA}})

    def change(data: dict[str, Any]) -> None:
        access = data["defaults"]["account"]
        access["content_filters"]["strict"]["filters"][0]["severity"] = "Low"
        access["blocklists"]["banned-terms"]["description"] = "Terms we never send, reviewed"

    env.edit(change)
    plan = env.ok(env.run("plan", "--engine", engine, "--detailed-exitcode"), 2).stdout
    assert "reviewed-by" not in plan and "SEC-42" not in plan  # not managed: not in the plan
    assert "content filters: properties.basePolicyName" in plan
    env.ok(env.run("apply", "--engine", engine, "--yes"))

    policy = _rest(env, "GET", policy_path)
    assert {k: policy["properties"].get(k) for k in POLICY_EXTRA} == POLICY_EXTRA
    assert policy["tags"]["reviewed-by"] == "trust-and-safety"
    hate = [f for f in policy["properties"]["contentFilters"] if f["name"] == "Hate" and f["source"] == "Prompt"]
    assert hate[0]["severityThreshold"] == "Low"
    blocklist = _rest(env, "GET", list_path)
    assert blocklist["properties"] == {"description": "Terms we never send, reviewed", **BLOCKLIST_EXTRA}
    assert blocklist["tags"]["ticket"] == "[SEC-42]"  # sent back as a literal, not a template expression
    env.ok(env.run("plan", "--engine", engine, "--detailed-exitcode"), 0)
