"""Expansion to the desired state: matrix and explicit forms, defaults, overrides, names, tags, locations."""

from __future__ import annotations

BOTH_FORMS = """\
environment: prod
subscription: ${SUB:-00000000-0000-0000-0000-000000000000}
resource_group: rg-aoai-prod
tags: {cost-center: "4711"}
defaults:
  account: {kind: OpenAI, disable_local_auth: true, public_network_access: Disabled}
  deployment: {sku: GlobalStandard, version_upgrade: NoAutoUpgrade, tags: {tier: gold}}
regions: [East US 2, SWEDENCENTRAL]
account_name: aoai-{environment}-{region}
deployments:
  - name: realtime
    model: gpt-4o-mini-realtime-preview
    version: "2024-12-17"
    rate_limit: {tpm: 100K, rpm: 1K}
  - name: audio
    model: gpt-4o-mini-audio-preview
    version: 2024-12-17
    rate_limit: {tpm: 100K}
overrides:
  Sweden Central:
    account: {public_network_access: Enabled}
    deployments:
      audio: {version_upgrade: OnceCurrentVersionExpired, tags: {region: eu}}
accounts:
  - name: aoai-prod-batch
    region: swedencentral
    kind: AIServices
    deployments:
      - {name: embed, model: text-embedding-3-large, version: "1", sku: standard, capacity: 120}
"""


def test_both_forms_in_one_file(compile_yaml, h) -> None:
    compiled = compile_yaml(BOTH_FORMS)
    state = compiled.state
    assert state is not None
    assert [(a.name, a.region) for a in state.accounts] == [
        ("aoai-prod-eastus2", "eastus2"), ("aoai-prod-swedencentral", "swedencentral"),
        ("aoai-prod-batch", "swedencentral")]
    assert state.location == "eastus2"  # default: the first region
    assert state.subscription == "00000000-0000-0000-0000-000000000000"
    assert [f for f in compiled.findings if f.severity.value == "error"] == []


def test_versions_are_kept_as_written(compile_yaml) -> None:
    state = compile_yaml(BOTH_FORMS).state
    assert {d.version for a in state.accounts for d in a.deployments} == {"2024-12-17", "1"}
    text = """
        regions: [swedencentral]
        deployments:
          - {name: instruct, model: gpt-35-turbo-instruct, version: 0914, sku: Standard, capacity: 1}
        """
    state = compile_yaml(text, header=True).state
    assert state.accounts[0].deployments[0].version == "0914"


def test_defaults_then_matrix_then_override(compile_yaml) -> None:
    state = compile_yaml(BOTH_FORMS).state
    east, sweden, batch = state.accounts
    assert east.public_network_access == "Disabled" and sweden.public_network_access == "Enabled"
    assert east.disable_local_auth and sweden.disable_local_auth and batch.disable_local_auth
    assert east.deployment("audio").version_upgrade == "NoAutoUpgrade"
    assert sweden.deployment("audio").version_upgrade == "OnceCurrentVersionExpired"
    assert sweden.deployment("realtime").version_upgrade == "NoAutoUpgrade"
    assert batch.kind == "AIServices" and east.kind == "OpenAI"
    assert batch.deployment("embed").version_upgrade == "NoAutoUpgrade"  # explicit accounts get defaults too


def test_capacity_from_rate_limits_and_canonical_sku(compile_yaml) -> None:
    state = compile_yaml(BOTH_FORMS).state
    realtime = state.accounts[0].deployment("realtime")
    assert (realtime.capacity, realtime.requested_tpm, realtime.requested_rpm) == (100, 100_000, 1_000)
    embed = state.accounts[2].deployment("embed")
    assert (embed.sku, embed.capacity, embed.requested_tpm) == ("Standard", 120, None)


def test_tags_merge_with_ownership_tags(compile_yaml) -> None:
    state = compile_yaml(BOTH_FORMS).state
    ownership = {"managed-by": "aoai-provision", "aoai-provision-environment": "prod"}
    assert state.tags == {"cost-center": "4711", **ownership}
    assert state.accounts[0].tags == {"cost-center": "4711", **ownership}
    audio = state.accounts[1].deployment("audio")
    assert audio.tags == {"cost-center": "4711", "tier": "gold", "region": "eu", **ownership}


def test_locations_point_at_the_entry_or_the_override(compile_yaml) -> None:
    state = compile_yaml(BOTH_FORMS).state
    east_audio = state.accounts[0].deployment("audio")
    sweden_audio = state.accounts[1].deployment("audio")
    assert east_audio.location.line == sweden_audio.location.line == 15
    assert east_audio.locations["version"].line == sweden_audio.locations["version"].line == 17
    assert east_audio.locations["version_upgrade"].line == 7  # from defaults.deployment
    assert sweden_audio.locations["version_upgrade"].line == 23  # from the override
    assert sweden_audio.locations["version_upgrade"].path == "overrides.Sweden Central.deployments.audio.version_upgrade"
    embed = state.accounts[2].deployment("embed")
    assert embed.locations["capacity"].line == 29
    assert state.accounts[2].locations["name"].line == 25


def test_override_of_the_amount_replaces_capacity_and_rate_limit(compile_yaml) -> None:
    state = compile_yaml("""
        defaults: {deployment: {sku: GlobalStandard, capacity: 5}}
        regions: [eastus2, swedencentral]
        deployments:
          - {name: e, model: text-embedding-3-large, version: "1", rate_limit: {tpm: 20K}}
        overrides:
          swedencentral: {deployments: {e: {capacity: 7}}}
        """, header=True).state
    east, sweden = state.accounts
    assert east.deployments[0].capacity == 20 and east.deployments[0].requested_tpm == 20_000
    assert sweden.deployments[0].capacity == 7 and sweden.deployments[0].requested_tpm is None


def test_account_name_default_template_and_secure_account_options(compile_yaml) -> None:
    state = compile_yaml("""
        regions: [westus3]
        defaults:
          account:
            identity: {type: UserAssigned, user_assigned_identities: [/subscriptions/s/rg/id]}
            network_acls: {ip_rules: [203.0.113.0/24], virtual_network_rules: [/subscriptions/s/subnet]}
            custom_subdomain: shared
            restore: true
        """, header=True).state
    (account,) = state.accounts
    assert account.name == "aoai-prod-westus3"
    assert account.custom_subdomain == "shared" and account.restore
    assert account.identity.type == "UserAssigned"
    assert account.network_acls.default_action == "Deny"
    assert account.network_acls.ip_rules == ("203.0.113.0/24",)


def test_custom_subdomain_defaults_to_the_lowercased_name(compile_yaml) -> None:
    state = compile_yaml("accounts: [{name: Aoai-Dev, region: eastus2}]\n", header=True).state
    assert state.accounts[0].custom_subdomain == "aoai-dev"


def test_expanded_json_lists_accounts_and_deployments(compile_yaml) -> None:
    data = compile_yaml(BOTH_FORMS).state.to_json()
    first = data["accounts"][0]
    assert (first["name"], first["region"]) == ("aoai-prod-eastus2", "eastus2")
    assert {k: first["deployments"][0][k] for k in ("name", "model", "version", "sku", "capacity")} == {
        "name": "realtime", "model": "gpt-4o-mini-realtime-preview", "version": "2024-12-17",
        "sku": "GlobalStandard", "capacity": 100}
