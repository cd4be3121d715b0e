"""Private endpoints, DNS zone groups, diagnostic settings and customer-managed keys reach their ARM properties."""

from __future__ import annotations

import json
from typing import Any

from aoai_provision.render.engine import render_templates
from tests.render.conftest import ZONES, full_state


def _by_type(resources: list[dict[str, Any]], suffix: str) -> list[dict[str, Any]]:
    return [r for r in resources if r["type"].endswith(suffix)]


def test_endpoint_zone_group_and_diagnostics_carry_the_file_values(arm_reader: Any) -> None:
    state = full_state()
    resources = arm_reader.resources(render_templates(state, "arm")["azuredeploy.json"])
    batch = state.accounts[0]
    endpoints = {r["name"]: r for r in _by_type(resources, "/privateEndpoints")}
    pe = endpoints["pe.batch"]
    assert pe["location"] == "swedencentral"
    assert pe["properties"]["subnet"]["id"] == batch.private_endpoint.subnet_id  # type: ignore[union-attr]
    (connection,) = pe["properties"]["privateLinkServiceConnections"]
    assert connection["properties"] == {"privateLinkServiceId": {"$id": batch.name}, "groupIds": ["account"]}
    assert pe["tags"]["managed-by"] == "aoai-provision"
    # an endpoint without dns_zone_ids gets no zone group (DNS left to Azure Policy)
    assert endpoints["aoai-dev-westus-pe"]["location"] == "westus"
    (zones,) = _by_type(resources, "/privateDnsZoneGroups")
    assert zones["name"] == "pe.batch/default"
    assert [c["properties"]["privateDnsZoneId"] for c in zones["properties"]["privateDnsZoneConfigs"]] == list(ZONES)
    assert [c["name"] for c in zones["properties"]["privateDnsZoneConfigs"]][2] == "privatelink-services-ai-azure-com"
    (diag,) = _by_type(resources, "/diagnosticSettings")
    assert diag["scope"] == f"Microsoft.CognitiveServices/accounts/{batch.name}"
    assert diag["properties"]["logs"] == [{"categoryGroup": "allLogs", "enabled": True}]
    assert diag["properties"]["metrics"] == []


def test_encryption_reads_the_identity_client_id_unless_a_plan_knows_it() -> None:
    resources = json.loads(render_templates(full_state(), "arm")["azuredeploy.json"])["resources"]
    accounts = {r["name"]: r for r in resources if r["type"] == "Microsoft.CognitiveServices/accounts"}
    pinned = accounts["aoai-dev_batch.1"]["properties"]["encryption"]
    assert pinned["keySource"] == "Microsoft.KeyVault"
    props = pinned["keyVaultProperties"]
    assert (props["keyVaultUri"], props["keyName"], props["keyVersion"]) == (
        "https://kv-aoai.vault.azure.net/", "aoai-cmk", "0123456789abcdef")
    assert props["identityClientId"].startswith("[reference('/subscriptions/")
    assert props["identityClientId"].endswith("userAssignedIdentities/id-aoai', '2023-01-31').clientId]")
    rotating = accounts["aoai-dev-westus"]["properties"]["encryption"]["keyVaultProperties"]
    assert "keyVersion" not in rotating  # no version: the account follows key rotation
    assert rotating["identityClientId"] == "11111111-2222-3333-4444-555555555555"
    bicep = render_templates(full_state(), "bicep")["main.bicep"]
    assert "identityClientId: reference('/subscriptions/" in bicep
    assert "privateLinkServiceId: acct_aoai_dev_batch_1.id" in bicep
    assert "scope: acct_aoai_dev_batch_1" in bicep
