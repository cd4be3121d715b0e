"""The emulator's generic resource store, private endpoints with DNS zone groups, diagnostic settings and
customer-managed keys: what ARM stores, and how ARM refuses references to resources that do not exist."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aoai_provision.emulator.config import EmulatorConfig, SeedResource

NET = "2024-05-01"


class Reply:
    """An emulator response with its JSON body parsed."""

    def __init__(self, response: Any) -> None:
        self.status = response.status
        self.j = json.loads(response.body) if response.body else None


def call(emu: Any, method: str, path: str, body: Any = None, *, api: str = "2025-09-01") -> Reply:
    return Reply(emu.raw(method, path, body, api=api))


def rid(emu: Any, rg: str, rest: str) -> str:
    return f"/subscriptions/{emu.SUB}/resourceGroups/{rg}/providers/{rest}"


@pytest.fixture
def net(ready: Any) -> Any:
    """rg1/acct1 plus a virtual network (subnet pe) in swedencentral, a DNS zone, a workspace, an identity."""
    ready.rg("rg-net")
    vnet = rid(ready, "rg-net", "Microsoft.Network/virtualNetworks/vnet")
    assert call(ready, "PUT", vnet, {"location": "swedencentral", "properties": {
        "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
        "subnets": [{"name": "pe", "properties": {"addressPrefix": "10.0.1.0/24"}}]}}, api=NET).status == 201
    call(ready, "PUT", rid(ready, "rg-net", "Microsoft.Network/privateDnsZones/privatelink.openai.azure.com"),
              {"location": "global"}, api="2020-06-01")
    call(ready, "PUT", rid(ready, "rg-net", "Microsoft.OperationalInsights/workspaces/law"),
              {"location": "swedencentral"}, api="2023-09-01")
    call(ready, "PUT", rid(ready, "rg-net", "Microsoft.ManagedIdentity/userAssignedIdentities/id1"),
              {"location": "swedencentral"}, api="2023-01-31")
    return ready


def endpoint_body(emu: Any, subnet: str = "vnet/subnets/pe", location: str = "swedencentral",
                  target: str = "acct1") -> dict[str, Any]:
    return {"location": location, "properties": {
        "subnet": {"id": rid(emu, "rg-net", f"Microsoft.Network/virtualNetworks/{subnet}")},
        "privateLinkServiceConnections": [{"name": "c", "properties": {
            "privateLinkServiceId": rid(emu, "rg1", f"Microsoft.CognitiveServices/accounts/{target}"),
            "groupIds": ["account"]}}]}}


def test_generic_resources_are_stored_as_arm_holds_them(net: Any) -> None:
    subnet = call(net, "GET", rid(net, "rg-net", "Microsoft.Network/virtualNetworks/vnet/subnets/pe"), api=NET)
    assert subnet.status == 200 and subnet.j["properties"]["addressPrefix"] == "10.0.1.0/24"
    identity = call(net, "GET", rid(net, "rg-net", "Microsoft.ManagedIdentity/userAssignedIdentities/id1"),
                       api="2023-01-31").j
    assert identity["properties"]["clientId"] and identity["properties"]["principalId"]
    missing = call(net, "GET", rid(net, "rg-net", "Microsoft.Network/virtualNetworks/nope"), api=NET)
    assert (missing.status, missing.j["error"]["code"]) == (404, "ResourceNotFound")
    orphan = call(net, "PUT", rid(net, "rg-net", "Microsoft.Network/virtualNetworks/nope/subnets/x"), {}, api=NET)
    assert (orphan.status, orphan.j["error"]["code"]) == (404, "ParentResourceNotFound")
    assert call(net, "DELETE", rid(net, "rg-net", "Microsoft.Network/virtualNetworks/vnet"), api=NET).status == 200
    gone = call(net, "GET", rid(net, "rg-net", "Microsoft.Network/virtualNetworks/vnet/subnets/pe"), api=NET)
    assert gone.status == 404  # the subnet went with its virtual network


def test_a_private_endpoint_is_listed_on_the_account_auto_approved(net: Any) -> None:
    pe = rid(net, "rg1", "Microsoft.Network/privateEndpoints/pe1")
    created = call(net, "PUT", pe, endpoint_body(net), api=NET)
    assert created.status == 201
    assert created.j["properties"]["customDnsConfigs"][0]["fqdn"] == "acct1.openai.azure.com"
    (connection,) = net.cognitive.accounts.get("rg1", "acct1").properties.private_endpoint_connections
    assert connection.properties.private_endpoint.id == pe
    assert connection.properties.private_link_service_connection_state.status == "Approved"
    zone = rid(net, "rg-net", "Microsoft.Network/privateDnsZones/privatelink.openai.azure.com")
    group = call(net, "PUT", f"{pe}/privateDnsZoneGroups/default", {"properties": {"privateDnsZoneConfigs": [
        {"name": "openai", "properties": {"privateDnsZoneId": zone}}]}}, api=NET)
    assert group.status == 201
    record = call(net, "GET", f"{zone}/A/acct1", api="2020-06-01").j
    assert record["properties"]["aRecords"][0]["ipv4Address"].startswith("10.")
    # an account update keeps the connection (read-only), a delete of the endpoint removes it
    net.cognitive.accounts.begin_create("rg1", "acct1", net.cognitive.accounts.get("rg1", "acct1")).result()
    assert len(net.cognitive.accounts.get("rg1", "acct1").properties.private_endpoint_connections) == 1
    assert call(net, "DELETE", pe, api=NET).status == 200
    assert not net.cognitive.accounts.get("rg1", "acct1").properties.private_endpoint_connections
    assert call(net, "GET", f"{zone}/A/acct1", api="2020-06-01").status == 404


@pytest.mark.parametrize(("change", "code"), [
    ({"subnet": "vnet/subnets/missing"}, "InvalidResourceReference"),
    ({"location": "eastus2"}, "InvalidResourceReference"),  # the subnet's vnet is in swedencentral
    ({"target": "no-such-account"}, "InvalidResourceReference"),
])
def test_an_endpoint_referencing_what_does_not_exist_fails_as_arm_does(net: Any, change: dict[str, str],
                                                                       code: str) -> None:
    reply = call(net, "PUT", rid(net, "rg1", "Microsoft.Network/privateEndpoints/pe1"),
                    endpoint_body(net, **change), api=NET)
    assert (reply.status, reply.j["error"]["code"]) == (400, code)
    assert "Please make sure that the referenced resource exists" in reply.j["error"]["message"]


def test_a_zone_group_with_a_missing_zone_fails(net: Any) -> None:
    pe = rid(net, "rg1", "Microsoft.Network/privateEndpoints/pe1")
    call(net, "PUT", pe, endpoint_body(net), api=NET)
    missing = rid(net, "rg-net", "Microsoft.Network/privateDnsZones/privatelink.services.ai.azure.com")
    reply = call(net, "PUT", f"{pe}/privateDnsZoneGroups/default", {"properties": {"privateDnsZoneConfigs": [
        {"name": "ai", "properties": {"privateDnsZoneId": missing}}]}}, api=NET)
    assert (reply.status, reply.j["error"]["code"]) == (400, "InvalidResourceReference")


def test_diagnostic_settings_at_account_scope(net: Any) -> None:
    account = rid(net, "rg1", "Microsoft.CognitiveServices/accounts/acct1")
    path = f"{account}/providers/Microsoft.Insights/diagnosticSettings/d1"
    law = rid(net, "rg-net", "Microsoft.OperationalInsights/workspaces/law")
    body = {"properties": {"workspaceId": law, "logs": [{"category": "Audit", "enabled": True}],
                           "metrics": [{"category": "AllMetrics", "enabled": True}]}}
    api = "2021-05-01-preview"
    assert call(net, "PUT", path, body, api=api).status == 200
    listed = call(net, "GET", f"{account}/providers/Microsoft.Insights/diagnosticSettings", api=api).j
    assert [s["name"] for s in listed["value"]] == ["d1"]
    wrong = {"properties": {**body["properties"], "logs": [{"category": "Requests", "enabled": True}]}}
    assert call(net, "PUT", path, wrong, api=api).j["error"]["message"] == "Category 'Requests' is not supported."
    nowhere = {"properties": {**body["properties"], "workspaceId": law + "-gone"}}
    assert call(net, "PUT", path, nowhere, api=api).status == 400
    assert call(net, "DELETE", path, api=api).status == 200
    assert call(net, "GET", path, api=api).status == 404


def test_a_customer_managed_key_needs_its_identity_on_the_account(net: Any) -> None:
    uai = rid(net, "rg-net", "Microsoft.ManagedIdentity/userAssignedIdentities/id1")
    client_id = call(net, "GET", uai, api="2023-01-31").j["properties"]["clientId"]
    path = rid(net, "rg1", "Microsoft.CognitiveServices/accounts/acct2")
    encryption = {"keySource": "Microsoft.KeyVault", "keyVaultProperties": {
        "keyName": "k", "keyVaultUri": "https://kv.vault.azure.net/", "identityClientId": client_id}}
    body = {"location": "swedencentral", "kind": "OpenAI", "sku": {"name": "S0"},
            "properties": {"customSubDomainName": "acct2", "encryption": encryption}}
    refused = call(net, "PUT", path, {**body, "identity": {"type": "SystemAssigned"}})
    assert (refused.status, refused.j["error"]["code"]) == (400, "InvalidEncryptionProperties")
    unknown = call(net, "PUT", path, {**body, "identity": {"type": "UserAssigned", "userAssignedIdentities": {
        uai + "-gone": {}}}})
    assert (unknown.status, unknown.j["error"]["code"]) == (400, "FailedIdentityOperation")
    created = call(net, "PUT", path, {**body, "identity": {"type": "UserAssigned",
                                                         "userAssignedIdentities": {uai: {}}}})
    assert created.status == 201
    assert created.j["identity"]["userAssignedIdentities"][uai]["clientId"] == client_id
    assert created.j["properties"]["encryption"]["keyVaultProperties"]["identityClientId"] == client_id


def test_seed_resources_exist_from_the_start(emu_factory: Any) -> None:
    vnet = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-s/providers/Microsoft.Network/" \
           "virtualNetworks/v"
    emu = emu_factory(EmulatorConfig(seed=[SeedResource(id=vnet, location="eastus2", properties={
        "subnets": [{"name": "pe", "properties": {"addressPrefix": "10.0.0.0/24"}}]})]))
    assert call(emu, "GET", f"{vnet}/subnets/pe", api=NET).status == 200
    assert emu.resources.resource_groups.get("rg-s").location == "eastus2"
