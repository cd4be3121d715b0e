"""Each validation rule: names, duplicates, catalog lookups, offers, capacity bounds and rate limits."""

from __future__ import annotations

import pytest


def _findings(compile_yaml, text: str):
    return compile_yaml(text, header=True).findings


def _one(compile_yaml, h, text: str, code: str):
    return h.only(_findings(compile_yaml, text), code)


EMBED = '{name: e, model: text-embedding-3-large, version: "1", sku: GlobalStandard, capacity: 10}'


@pytest.mark.parametrize("name", ["a", "-leading-hyphen", "has space", "x" * 65, "ünï"])
def test_invalid_account_names(compile_yaml, h, name) -> None:
    finding = _one(compile_yaml, h, f"accounts: [{{name: '{name}', region: eastus2, custom_subdomain: ok-sub}}]\n",
                   "invalid-name")
    assert f"account name '{name}'" in finding.message and finding.location.line == 3


def test_valid_account_name_characters(compile_yaml) -> None:
    found = _findings(compile_yaml, "accounts: [{name: A.b_c-9, region: eastus2, custom_subdomain: a-b}]\n")
    assert found == ()


@pytest.mark.parametrize("sub", ["Upper", "under_score", "-edge", "edge-", "dot.ted"])
def test_invalid_custom_subdomains(compile_yaml, h, sub) -> None:
    finding = _one(compile_yaml, h, f"accounts: [{{name: acct, region: eastus2, custom_subdomain: '{sub}'}}]\n",
                   "invalid-name")
    assert "custom subdomain" in finding.message


def test_default_subdomain_of_a_name_with_underscore_asks_for_an_explicit_one(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, "accounts: [{name: my_acct, region: eastus2}]\n", "invalid-name")
    assert "set `custom_subdomain:` explicitly" in finding.fix


def test_invalid_deployment_environment_and_group_names(compile_yaml, h) -> None:
    found = compile_yaml("environment: 'bad env'\nresource_group: 'rg.'\n"
                         f"accounts: [{{name: acct, region: eastus2, deployments: [{EMBED.replace('name: e', 'name: -e')}]}}]\n"
                         ).findings
    messages = [f.message for f in found if f.code == "invalid-name"]
    assert any("environment name" in m for m in messages)
    assert any("resource group name" in m for m in messages)
    assert any("deployment name '-e'" in m for m in messages)


def test_duplicate_account_names_after_expansion(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, "regions: [eastus2]\naccounts: [{name: AOAI-prod-eastus2, region: westus}]\n",
                   "duplicate-name")
    assert "account name 'AOAI-prod-eastus2' is used twice" in finding.message
    assert finding.location.line == 4


def test_duplicate_deployment_names_and_subdomains(compile_yaml, h) -> None:
    found = _findings(compile_yaml, f"""accounts:
  - {{name: one, region: eastus2, custom_subdomain: same, deployments: [{EMBED}, {EMBED}]}}
  - {{name: two, region: eastus2, custom_subdomain: same}}
""")
    messages = [f.message for f in found if f.code == "duplicate-name"]
    assert any("deployment 'e' appears twice in account 'one'" in m for m in messages)
    assert any("custom subdomain 'same' is also used by account 'one'" in m for m in messages)


def test_region_listed_twice_in_different_spellings(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, "regions: [East US 2, eastus2]\n", "duplicate-name")
    assert finding.location.line == 3


def test_unknown_region_suggests(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, "regions: [Swedn Central]\n", "unknown-region")
    assert "did you mean 'swedencentral'" in finding.message
    assert (finding.location.line, finding.location.column) == (3, 11)


def test_unknown_model_version_and_sku_suggest(compile_yaml, h) -> None:
    found = _findings(compile_yaml, """regions: [swedencentral]
deployments:
  - {name: a, model: gpt-4o-mini-realtime-previw, version: "2024-12-17", sku: GlobalStandard, capacity: 1}
  - {name: b, model: text-embedding-3-large, version: "2", sku: GlobalStandard, capacity: 1}
  - {name: c, model: text-embedding-3-large, version: "1", sku: GlobalStandrd, capacity: 1}
""")
    assert "did you mean 'gpt-4o-mini-realtime-preview'" in h.only(found, "unknown-model").message
    version = h.only(found, "unknown-version")
    assert "unknown version '2' of text-embedding-3-large" in version.message and "1" in version.fix
    assert "did you mean 'GlobalStandard'?" in h.only(found, "unknown-sku").message


def test_model_not_offered_says_where_it_is(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, """regions: [westus]
deployments:
  - {name: a, model: gpt-4o-mini-realtime-preview, version: "2024-12-17", sku: GlobalStandard, capacity: 100}
""", "model-not-offered")
    assert "not offered on GlobalStandard in West US" in finding.message
    assert "East US 2" in finding.fix and "Sweden Central" in finding.fix


def test_model_not_offered_on_that_sku_names_the_skus_there(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, f"regions: [eastus2]\ndeployments: [{EMBED.replace('GlobalStandard', 'Standard')}]\n",
                   "model-not-offered")
    assert "in East US 2 it is offered on GlobalStandard" in finding.fix
    assert "on Standard it is offered in" in finding.fix and "Sweden Central" in finding.fix


def test_capacity_out_of_bounds(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, f"regions: [eastus2]\ndeployments: [{EMBED.replace('capacity: 10', 'capacity: 2000000')}]\n",
                   "capacity-out-of-bounds")
    assert "1..1000000" in finding.message and finding.location.line == 4


def test_tpm_that_is_not_a_whole_number_of_units(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, """regions: [eastus2]
deployments:
  - {name: e, model: text-embedding-3-large, version: "1", sku: GlobalStandard, rate_limit: {tpm: 1500}}
""", "rate-limit-mismatch")
    assert "1K TPM per unit" in finding.message and "2K TPM" in finding.message


def test_rpm_inconsistent_with_tpm_shows_the_derived_value(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, """regions: [eastus2]
deployments:
  - {name: e, model: text-embedding-3-large, version: "1", sku: GlobalStandard, rate_limit: {tpm: 100K, rpm: 1K}}
""", "rate-limit-mismatch")
    assert "100 units give 600 RPM" in finding.message
    assert finding.fix.startswith("set rpm: 600")


def test_consistent_tpm_and_rpm_pass(compile_yaml, h) -> None:
    found = _findings(compile_yaml, """regions: [eastus2]
deployments:
  - {name: e, model: text-embedding-3-large, version: "1", sku: GlobalStandard, rate_limit: {tpm: 100K, rpm: 600}}
""")
    assert "rate-limit-mismatch" not in h.codes(found)


def test_fixed_limits_warn_with_what_the_service_enforces(compile_yaml, h) -> None:
    found = _findings(compile_yaml, """regions: [eastus2]
deployments:
  - {name: a, model: gpt-4o-mini-audio-preview, version: "2024-12-17", sku: GlobalStandard, rate_limit: {tpm: 50K}}
  - {name: r, model: gpt-4o-mini-realtime-preview, version: "2024-12-17", sku: GlobalStandard, rate_limit: {tpm: 100K, rpm: 1K}}
""")
    finding = h.only(found, "fixed-rate-limit")
    assert finding.severity.value == "warning"
    assert "enforces 100K TPM and 1K RPM per deployment" in finding.message and finding.location.line == 5
    assert "rate-limit-mismatch" not in h.codes(found)  # 1K RPM is what the service fixes, not 6/unit


def test_missing_sku_and_unused_overrides(compile_yaml, h) -> None:
    found = _findings(compile_yaml, """regions: [eastus2]
deployments:
  - {name: e, model: text-embedding-3-large, version: "1", capacity: 1}
overrides:
  westus: {}
  eastus2: {deployments: {ee: {capacity: 2}}}
""")
    assert "has no sku" in h.only(found, "missing-value").message
    messages = [f.message for f in found if f.code == "unused-override"]
    assert any("region 'westus', which is not in `regions`" in m for m in messages)
    assert any("deployment 'ee'" in m and "did you mean 'e'?" in m for m in messages)


def test_account_name_template_placeholders(compile_yaml, h) -> None:
    found = _findings(compile_yaml, "regions: [eastus2, westus]\naccount_name: aoai-{env}\n")
    messages = [f.message for f in found if f.code == "invalid-template"]
    assert any("'{env}'" in m for m in messages) and any("no {region}" in m for m in messages)


def test_reserved_tags_and_bad_ip_rules_and_identity_ids(compile_yaml, h) -> None:
    found = _findings(compile_yaml, """tags: {managed-by: terraform}
accounts:
  - name: acct
    region: eastus2
    network_acls: {ip_rules: [300.1.1.1]}
    identity: UserAssigned
""")
    assert h.only(found, "reserved-tag").severity.value == "warning"
    assert "300.1.1.1" in h.only(found, "invalid-value").message
    assert "needs user_assigned_identities" in h.only(found, "missing-value").message


def test_matrix_problems_are_reported_once_per_location(compile_yaml, h) -> None:
    found = _findings(compile_yaml, """regions: [eastus2, swedencentral]
deployments:
  - {name: a, model: gpt-4o-mini-realtime-preview, version: "2024-12-18", sku: GlobalStandard, capacity: 1}
""")
    assert h.codes(found) == ["unknown-version"]


def test_dynamic_throttling_is_read_only_and_says_so(compile_yaml, h) -> None:
    """ARM 2025-09-01 never applies dynamicThrottlingEnabled, so the file is told rather than misled."""
    finding = _one(compile_yaml, h, """regions: [swedencentral]
deployments:
  - name: e
    model: text-embedding-3-large
    version: "1"
    sku: Standard
    capacity: 10
    dynamic_throttling: true
""", "read-only-option")
    assert finding.severity.value == "warning"
    assert "read-only" in finding.message
    assert finding.location.line == 10


def test_capacity_and_tpm_that_disagree_name_both_in_the_fix(compile_yaml, h) -> None:
    finding = _one(compile_yaml, h, """regions: [eastus2]
deployments:
  - {name: e, model: text-embedding-3-large, version: "1", sku: GlobalStandard, capacity: 10, rate_limit: {tpm: 20K}}
""", "rate-limit-mismatch")
    assert "10 units give 10K TPM" in finding.message
    assert "set tpm: 10K" in finding.fix and "multiple" not in finding.fix
