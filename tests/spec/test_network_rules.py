"""private_endpoint, diagnostics and encryption: id shapes, the zones a kind needs, log categories, key URIs."""

from __future__ import annotations

import pytest

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups"
SUBNET = f"{SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe"
ZONE = SUB + "/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.{}.azure.com"
LAW = f"{SUB}/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law"
UAI = f"{SUB}/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aoai"


def _account(settings: str, kind: str = "OpenAI") -> str:
    return f"accounts:\n  - name: acct\n    region: swedencentral\n    kind: {kind}\n" + "".join(
        f"    {line}\n" for line in settings.strip().splitlines())


def test_a_complete_secure_account_is_valid(compile_yaml) -> None:
    text = _account(f"""
private_endpoint:
  subnet_id: {SUBNET}
  dns_zone_ids: [{ZONE.format('openai')}, {ZONE.format('cognitiveservices')}]
diagnostics: {{workspace_id: {LAW}, logs: [Audit, RequestResponse, AzureOpenAIRequestUsage], metrics: [AllMetrics]}}
encryption: {{key_vault_key_id: 'https://kv-aoai.vault.azure.net/keys/aoai-cmk', identity: {UAI}}}
""")
    compiled = compile_yaml(text, header=True)
    assert compiled.findings == ()
    account = compiled.state.accounts[0]
    assert account.private_endpoint.name == "acct-pe"
    assert account.diagnostics.name == "aoai-provision"
    # the key's identity joins the account's identities (the file set none)
    assert account.identity.type == "UserAssigned" and account.identity.user_assigned_identities == (UAI,)


def test_aiservices_without_the_foundry_zone_is_a_warning_naming_it(compile_yaml, h) -> None:
    text = _account(f"""
private_endpoint:
  subnet_id: {SUBNET}
  dns_zone_ids: [{ZONE.format('openai')}, {ZONE.format('cognitiveservices')}]
""", kind="AIServices")
    finding = h.only(compile_yaml(text, header=True).findings, "missing-dns-zone")
    assert finding.severity.value == "warning"
    assert "privatelink.services.ai.azure.com" in finding.message and finding.location.line == 9


def test_no_zones_leaves_dns_alone(compile_yaml) -> None:
    text = _account(f"private_endpoint: {{subnet_id: {SUBNET}}}", kind="AIServices")
    assert compile_yaml(text, header=True).findings == ()


@pytest.mark.parametrize(("settings", "line", "what"), [
    ("private_endpoint: {subnet_id: /subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v}",
     7, "subnet"),
    (f"private_endpoint: {{subnet_id: {SUBNET}, dns_zone_ids: [{SUB}/rg/providers/Microsoft.Network/dnsZones/z]}}",
     7, "private DNS zone"),
    (f"diagnostics: {{workspace_id: {SUB}/rg/providers/Microsoft.Insights/components/x}}", 7,
     "Log Analytics workspace"),
    ("encryption: {key_vault_key_id: 'https://kv.vault.azure.net/keys/k', identity: id-aoai}", 7,
     "user-assigned identity"),
])
def test_resource_ids_of_the_wrong_shape_are_errors(compile_yaml, h, settings: str, line: int, what: str) -> None:
    finding = h.only(compile_yaml(_account(settings), header=True).findings, "invalid-resource-id")
    assert f"resource id of a {what}" in finding.message and finding.location.line == line
    assert "/subscriptions/<id>/resourceGroups/<rg>/providers/" in finding.fix


def test_a_log_category_the_account_type_does_not_offer_is_an_error_with_its_source(compile_yaml, h) -> None:
    text = _account(f"diagnostics: {{workspace_id: {LAW}, logs: [Audit, RequestRespons], metrics: [AllMetrics]}}")
    finding = h.only(compile_yaml(text, header=True).findings, "unknown-category")
    assert "'RequestRespons'; did you mean 'RequestResponse'?" in finding.message
    assert "microsoft-cognitiveservices-accounts-logs" in finding.details["source"]


@pytest.mark.parametrize("uri", ["http://kv.vault.azure.net/keys/k", "https://kv.vault.azure.net/secrets/k",
                                 "kv-aoai/keys/k", "https://kv.vault.azure.net/keys/k/v/extra"])
def test_key_uris_must_name_a_key(compile_yaml, h, uri: str) -> None:
    text = _account(f"encryption: {{key_vault_key_id: '{uri}', identity: {UAI}}}")
    assert "is not a Key Vault key URI" in h.only(compile_yaml(text, header=True).findings, "invalid-key-uri").message


def test_identity_none_with_a_key_is_an_error(compile_yaml, h) -> None:
    text = _account(f"identity: None\nencryption: {{key_vault_key_id: 'https://kv.vault.azure.net/keys/k', "
                    f"identity: {UAI}}}")
    assert "identity: None" in h.only(compile_yaml(text, header=True).findings, "invalid-value").message


def test_a_region_override_changes_only_the_subnet(compile_yaml) -> None:
    other = SUBNET.replace("vnet/", "vnet-sdc/")
    text = f"""\
defaults:
  account:
    private_endpoint: {{subnet_id: {SUBNET}, dns_zone_ids: [{ZONE.format('openai')}, {ZONE.format('cognitiveservices')}]}}
    identity: SystemAssigned
    encryption: {{key_vault_key_id: 'https://kv.vault.azure.net/keys/k', identity: {UAI}}}
regions: [eastus2, swedencentral]
overrides:
  swedencentral:
    account:
      private_endpoint: {{subnet_id: {other}}}
"""
    compiled = compile_yaml(text, header=True)
    assert compiled.findings == ()
    east, sweden = compiled.state.accounts
    assert east.private_endpoint.subnet_id == SUBNET and sweden.private_endpoint.subnet_id == other
    assert sweden.private_endpoint.dns_zone_ids == east.private_endpoint.dns_zone_ids
    assert len(east.private_endpoint.dns_zone_ids) == 2
    assert east.identity.type == "SystemAssigned, UserAssigned"


def test_public_access_disabled_without_an_endpoint_is_an_info(compile_yaml, h) -> None:
    finding = h.only(compile_yaml(_account("public_network_access: Disabled"), header=True).findings,
                     "unreachable-account")
    assert finding.severity.value == "info" and "private_endpoint" in finding.fix
