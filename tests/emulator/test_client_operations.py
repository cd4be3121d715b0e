"""Operations and shapes that foreign clients (az, portals, other SDKs) use beyond what this tool calls."""

from __future__ import annotations

import json
from typing import Any

from aoai_provision.emulator.identity import TENANT_ID

ACCOUNTS = "/providers/Microsoft.CognitiveServices/accounts"


def acct(emu: Any, name: str = "acct1") -> str:
    return f"/subscriptions/{emu.SUB}/resourceGroups/rg1{ACCOUNTS}/{name}"


def test_recover_with_azs_minimal_body_restores_the_soft_deleted_account(ready: Any) -> None:
    ready.cognitive.accounts.begin_delete("rg1", "acct1").result()
    recovered = ready.raw("PUT", acct(ready), {"properties": {"restore": True}, "location": ready.REGION})
    assert recovered.status == 201, recovered.body
    account = ready.cognitive.accounts.get("rg1", "acct1")
    assert (account.kind, account.sku.name, account.properties.provisioning_state) == ("OpenAI", "S0", "Succeeded")
    fresh = ready.raw("PUT", acct(ready, "acct9"), {"location": ready.REGION})
    assert fresh.status == 400 and json.loads(fresh.body)["error"]["code"] == "InvalidRequestContent"


def test_account_skus_usages_and_sku_availability(ready: Any) -> None:
    skus = ready.cognitive.accounts.list_skus("rg1", "acct1")
    assert [(s.resource_type, s.sku.name) for s in skus.value] == [("Microsoft.CognitiveServices/accounts", "S0")]
    ready.deploy()
    usages = {u.name.value: u for u in ready.cognitive.accounts.list_usages("rg1", "acct1").value}
    used = usages["OpenAI.GlobalStandard.gpt-4o"]
    assert used.current_value == 10 and used.quota_period == "30.00:00:00" and used.status == "Included"
    path = f"/subscriptions/{ready.SUB}/providers/Microsoft.CognitiveServices/locations/{ready.REGION}/checkSkuAvailability"
    answer = json.loads(ready.raw("POST", path, {"skus": ["S0", "F0"], "kind": "OpenAI",
                                                 "type": "Microsoft.CognitiveServices/accounts"}).body)
    assert [(v["skuName"], v["skuAvailable"]) for v in answer["value"]] == [("S0", True), ("F0", False)]


def test_identity_tenant_is_the_callers_and_deployment_state_follows_the_version(ready: Any) -> None:
    created = ready.raw("PUT", acct(ready, "ai1"), {"location": ready.REGION, "kind": "AIServices", "sku": {"name": "S0"},
                                                    "identity": {"type": "SystemAssigned"},
                                                    "properties": {"customSubDomainName": "ai1"}})
    body = json.loads(created.body)
    assert body["identity"]["tenantId"] == TENANT_ID
    assert set(body["properties"]["endpoints"]) >= {"OpenAI Language Model Instance API", "AI Foundry API"}
    ready.deploy()
    path = acct(ready) + "/deployments/gpt-4o"
    for api, has_state in (("2025-12-01", True), ("2025-10-01-preview", True), ("2025-09-01", False),
                           ("2025-07-01-preview", False)):
        props = json.loads(ready.raw("GET", path, api=api).body)["properties"]
        assert ("deploymentState" in props) is has_state, api
        assert props.get("deploymentState", "Running") == "Running"


def test_usage_scope_and_id_follow_the_version_that_introduced_them(ready: Any) -> None:
    ready.deploy()
    usage_path = f"/subscriptions/{ready.SUB}/providers/Microsoft.CognitiveServices/locations/{ready.REGION}/usages"

    def usages(api: str) -> dict[str, dict[str, Any]]:
        return {u["name"]["value"]: u for u in json.loads(ready.raw("GET", usage_path, api=api).body)["value"]}

    newest = usages("2026-09-15-preview")
    assert (newest["AccountCount"]["scopeType"], newest["AccountCount"]["scopeId"]) == ("Regional", ready.REGION)
    global_usage = newest["OpenAI.GlobalStandard.gpt-4o"]
    assert (global_usage["scopeType"], global_usage["scopeId"]) == ("Global", "Global")
    assert global_usage["id"] == f"{usage_path}/OpenAI.GlobalStandard.gpt-4o"
    assert global_usage["type"] == "Microsoft.CognitiveServices/locations/usages"
    for api, has_scope in (("2026-07-01", True), ("2026-05-01", False), ("2026-01-15-preview", True),
                           ("2025-10-01-preview", False)):
        item = usages(api)["OpenAI.GlobalStandard.gpt-4o"]
        assert ("scopeType" in item, "scopeId" in item, "id" in item) == (has_scope, has_scope, False), api


def test_template_validate_has_arms_fields_and_template_links_are_refused(ready: Any) -> None:
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0", "resources": []}
    base = f"/subscriptions/{ready.SUB}/resourcegroups/rg1/providers/Microsoft.Resources/deployments/d1"
    valid = ready.raw("POST", base + "/validate", {"properties": {"mode": "Incremental", "template": template}},
                      api="2025-04-01")
    props = json.loads(valid.body)["properties"]
    assert valid.status == 200 and props["timestamp"] and props["correlationId"] and props["templateHash"]
    linked = ready.raw("PUT", base, {"properties": {"mode": "Incremental",
                                                    "templateLink": {"uri": "https://example.test/t.json"}}},
                       api="2025-04-01")
    error = json.loads(linked.body)["error"]
    assert linked.status == 400 and error["code"] == "InvalidContentLink"
    assert error["message"].startswith("Unable to download deployment content from 'https://example.test/t.json'.")
