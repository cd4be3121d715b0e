"""Private endpoints, diagnostic settings and customer-managed keys end to end on the emulator (real SDK)."""

from __future__ import annotations

from typing import Any

import pytest

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups"
VNET = f"{SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-sdc"
SUBNET = f"{VNET}/subnets/pe"
ZONES = [f"{SUB}/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.{z}.azure.com"
         for z in ("openai", "cognitiveservices")]
LAW = f"{SUB}/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law"
UAI = f"{SUB}/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aoai"
KEY = "https://kv-aoai.vault.azure.net/keys/aoai-cmk"
BATCH = f"{SUB}/rg-aoai-test/providers/Microsoft.CognitiveServices/accounts/aoai-test-batch"
VERSIONS = {"virtualNetworks": "2024-05-01", "privateDnsZones": "2020-06-01", "workspaces": "2023-09-01",
            "userAssignedIdentities": "2023-01-31"}


def _version(resource_id: str) -> str:
    return next(v for k, v in VERSIONS.items() if f"/{k}/" in resource_id)


def put(env: Any, resource_id: str, body: dict[str, Any]) -> None:
    """Create a resource the tool only references, with an ordinary ARM PUT (any client could)."""
    clients = env.clients()
    rg = resource_id.split("/")[4]
    clients.resources.resource_groups.create_or_update(rg, {"location": "swedencentral"})
    clients.resources.resources.begin_create_or_update_by_id(resource_id, body,
                                                             api_version=_version(resource_id)).result()


def generic_get(env: Any, resource_id: str, api_version: str) -> dict[str, Any] | None:
    from azure.core.exceptions import ResourceNotFoundError

    try:
        return env.clients().resources.resources.get_by_id(resource_id, api_version=api_version).as_dict()
    except ResourceNotFoundError:
        return None


@pytest.fixture
def secure(env: Any) -> Any:
    """The batch account with all three keys; the referenced network resources exist."""
    put(env, VNET, {"location": "swedencentral", "properties": {
        "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
        "subnets": [{"name": "pe", "properties": {"addressPrefix": "10.1.1.0/24"}}]}})
    for zone in ZONES:
        put(env, zone, {"location": "global"})
    put(env, LAW, {"location": "swedencentral", "properties": {"sku": {"name": "PerGB2018"}}})
    put(env, UAI, {"location": "swedencentral"})

    def secure_batch(data: dict[str, Any]) -> None:
        data["accounts"][0].update(
            public_network_access="Disabled",
            private_endpoint={"subnet_id": SUBNET, "dns_zone_ids": ZONES},
            diagnostics={"workspace_id": LAW, "logs": ["Audit", "RequestResponse", "AzureOpenAIRequestUsage"],
                         "metrics": ["AllMetrics"]},
            encryption={"key_vault_key_id": KEY, "identity": UAI})

    env.edit(secure_batch)
    return env


def test_one_apply_converges_and_the_next_plan_is_empty(secure: Any) -> None:
    env = secure
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    account = env.clients().cognitive.accounts.get("rg-aoai-test", "aoai-test-batch")
    (connection,) = account.properties.private_endpoint_connections
    assert connection.properties.private_link_service_connection_state.status == "Approved"
    assert connection.properties.private_endpoint.id.endswith("/privateEndpoints/aoai-test-batch-pe")
    identity = generic_get(env, UAI, "2023-01-31")
    kv = account.properties.encryption.key_vault_properties
    assert (kv.key_vault_uri, kv.key_name, kv.identity_client_id) == (
        "https://kv-aoai.vault.azure.net/", "aoai-cmk", identity["properties"]["clientId"])
    assert list(account.identity.user_assigned_identities) == [UAI]
    setting = generic_get(env, f"{BATCH}/providers/Microsoft.Insights/diagnosticSettings/aoai-provision",
                          "2021-05-01-preview")
    assert setting["properties"]["workspaceId"] == LAW
    zone_record = generic_get(env, f"{ZONES[0]}/A/aoai-test-batch", "2020-06-01")
    assert zone_record["properties"]["aRecords"]  # the zone group registered the account's name


def test_writes_come_in_order_one_at_a_time(secure: Any) -> None:
    env = secure
    plan = env.ok(env.run("plan")).output
    create = plan.index("+ create account.aoai-test-batch ")
    key = plan.index("~ update account.aoai-test-batch.encryption")  # once the account holds its identity
    endpoint = plan.index("+ create account.aoai-test-batch.private_endpoint.aoai-test-batch-pe")
    assert create < key < endpoint
    assert "customer-managed key, once the account holds the key's identity" in plan
    env.clear_log()
    env.ok(env.run("apply", "--yes"))
    kinds = []
    for w in env.writes():
        path = str(w["path"])
        if "aoai-test-batch" not in path:
            continue
        for marker, kind in (("/privateDnsZoneGroups/", "zones"), ("/privateEndpoints/", "endpoint"),
                             ("/diagnosticSettings/", "diagnostics"), ("/deployments/", "deployment"),
                             ("/accounts/aoai-test-batch", "account")):
            if marker in path:
                kinds.append(kind)
                break
    # identity (account create) before the key (account update); the account before its endpoint
    assert kinds == ["account", "account", "endpoint", "zones", "diagnostics", "deployment"]


def test_a_missing_subnet_fails_the_plan_with_no_writes(secure: Any) -> None:
    env = secure
    env.clients().resources.resources.begin_delete_by_id(SUBNET, api_version="2024-05-01").result()
    env.clear_log()
    result = env.ok(env.run("apply", "--yes"), 1)
    assert "PLAN150" in result.output and SUBNET in result.output and "does not exist" in result.output
    assert env.writes() == []


def test_destroy_removes_what_it_made_and_keeps_what_it_referenced(secure: Any) -> None:
    env = secure
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("destroy", "--yes"))
    endpoint = f"{SUB}/rg-aoai-test/providers/Microsoft.Network/privateEndpoints/aoai-test-batch-pe"
    assert generic_get(env, endpoint, "2024-05-01") is None
    assert generic_get(env, f"{BATCH}/providers/Microsoft.Insights/diagnosticSettings/aoai-provision",
                       "2021-05-01-preview") is None
    assert generic_get(env, f"{ZONES[0]}/A/aoai-test-batch", "2020-06-01") is None
    for kept in (SUBNET, *ZONES, LAW, UAI):
        assert generic_get(env, kept, _version(kept)) is not None, kept


def test_dropping_diagnostics_from_the_file_needs_prune(secure: Any) -> None:
    env = secure
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["accounts"][0].pop("diagnostics"))
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2).output  # kept, but drift
    assert "account.aoai-test-batch.diagnostic_setting.aoai-provision" in plan and "not in" in plan
    env.ok(env.run("apply", "--prune", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    assert generic_get(env, f"{BATCH}/providers/Microsoft.Insights/diagnosticSettings/aoai-provision",
                       "2021-05-01-preview") is None


def test_changing_the_zones_updates_the_zone_group_in_place(secure: Any) -> None:
    env = secure
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["accounts"][0]["private_endpoint"].update(dns_zone_ids=ZONES[:1]))
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2).output
    assert "~ update account.aoai-test-batch.private_endpoint.aoai-test-batch-pe" in plan
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    assert generic_get(env, f"{ZONES[1]}/A/aoai-test-batch", "2020-06-01") is None


def _snapshot(env: Any) -> dict[str, Any]:
    """The endpoint, its zone group, the diagnostic setting and the account's key and connections, as ARM holds them."""
    endpoint = f"{SUB}/rg-aoai-test/providers/Microsoft.Network/privateEndpoints/aoai-test-batch-pe"
    account = env.clients().cognitive.accounts.get("rg-aoai-test", "aoai-test-batch").as_dict()
    out = {
        "endpoint": generic_get(env, endpoint, "2024-05-01"),
        "zones": generic_get(env, f"{endpoint}/privateDnsZoneGroups/default", "2024-05-01"),
        "diagnostics": generic_get(env, f"{BATCH}/providers/Microsoft.Insights/diagnosticSettings/aoai-provision",
                                   "2021-05-01-preview"),
        "encryption": account["properties"]["encryption"], "identity": account["identity"],
        "connections": [c["properties"]["private_endpoint"]["id"]
                        for c in account["properties"]["private_endpoint_connections"]],
    }
    for item in (out["endpoint"], out["zones"]):
        for key in ("etag", "system_data", "systemData"):
            item.pop(key, None)
    return out


def test_both_engines_leave_identical_state(secure: Any, tmp_path: Any) -> None:
    from dataclasses import replace

    arm = replace(secure, state=tmp_path / "arm-state.json", log=tmp_path / "arm.jsonl")
    arm.configure()
    for resource, body in ((VNET, {"location": "swedencentral", "properties": {
            "subnets": [{"name": "pe", "properties": {"addressPrefix": "10.1.1.0/24"}}]}}),
            *((z, {"location": "global"}) for z in ZONES), (LAW, {"location": "swedencentral"}),
            (UAI, {"location": "swedencentral"})):
        put(arm, resource, body)
    secure.ok(secure.run("apply", "--engine", "sdk", "--yes"))
    arm.ok(arm.run("apply", "--engine", "arm", "--yes"))
    assert _snapshot(arm) == _snapshot(secure)
    arm.ok(arm.run("plan", "--engine", "sdk", "--detailed-exitcode"), 0)
    secure.ok(secure.run("plan", "--engine", "arm", "--detailed-exitcode"), 0)


def test_a_saved_plan_applies_the_endpoint_and_key(secure: Any, tmp_path: Any) -> None:
    env = secure
    saved = tmp_path / "plan.json"
    env.ok(env.run("plan", "--out", str(saved)))
    from click.testing import CliRunner

    from aoai_provision.cli import main

    result = CliRunner().invoke(main, ["apply", str(saved), "--yes", *env.target_args()], catch_exceptions=False)
    env.ok(result)
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_the_foundry_upgrade_recreates_the_endpoint_and_says_so(secure: Any) -> None:
    env = secure
    env.ok(env.run("apply", "--yes"))
    ai_zone = f"{SUB}/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.services.ai.azure.com"
    put(env, ai_zone, {"location": "global"})

    def upgrade(data: dict[str, Any]) -> None:
        data["accounts"][0]["kind"] = "AIServices"
        data["accounts"][0]["private_endpoint"]["dns_zone_ids"] = [*ZONES, ai_zone]

    env.edit(upgrade)
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2).output
    assert "-/+ replace account.aoai-test-batch.private_endpoint.aoai-test-batch-pe" in plan
    assert "PLAN153" in plan and "the endpoint must be recreated" in plan
    assert plan.index("~ update account.aoai-test-batch ") < plan.index("-/+ replace account.aoai-test-batch.private")
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    assert generic_get(env, f"{ai_zone}/A/aoai-test-batch", "2020-06-01") is not None
    account = env.clients().cognitive.accounts.get("rg-aoai-test", "aoai-test-batch")
    assert account.kind == "AIServices" and account.properties.encryption.key_source == "Microsoft.KeyVault"


def test_a_key_rotation_to_a_pinned_version_is_an_account_update_that_keeps_the_rest(secure: Any) -> None:
    env = secure
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["accounts"][0]["encryption"].update(key_vault_key_id=KEY + "/0123abcd"))
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2).output
    assert "~ update account.aoai-test-batch " in plan and "encryption" in plan
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    account = env.clients().cognitive.accounts.get("rg-aoai-test", "aoai-test-batch")
    assert account.properties.encryption.key_vault_properties.key_version == "0123abcd"
    assert len(account.properties.private_endpoint_connections) == 1


def test_import_writes_the_endpoint_diagnostics_and_key_the_tool_made(secure: Any) -> None:
    import yaml
    from click.testing import CliRunner

    from aoai_provision.cli import main

    env = secure
    env.ok(env.run("apply", "--yes"))
    out = env.root / "imported.yaml"
    env.ok(CliRunner().invoke(main, ["import", "-g", "rg-aoai-test", "-o", str(out), *env.target_args()]))
    batch = yaml.safe_load(out.read_text(encoding="utf-8"))["accounts"][0]
    assert batch["private_endpoint"] == {"subnet_id": SUBNET, "dns_zone_ids": ZONES}
    assert batch["diagnostics"] == {"workspace_id": LAW, "logs": ["Audit", "RequestResponse",
                                                                  "AzureOpenAIRequestUsage"]}
    assert batch["encryption"] == {"key_vault_key_id": KEY, "identity": UAI}
    env.ok(env.run("plan", "--detailed-exitcode", file=out), 0)
