"""Rendered Bicep parses cleanly, and Bicep and ARM describe the same resources, byte-identically each time."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_provision.errors import RenderError
from aoai_provision.render.engine import render_templates
from aoai_provision.spec.model import DesiredState, ownership_tags

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def test_bicep_parses_without_error_or_missing_nodes(state: DesiredState, bicep_reader: Any) -> None:
    files = render_templates(state, "bicep")
    assert set(files) == {"main.bicep", "main.bicepparam"}
    assert bicep_reader.problems(files["main.bicep"]) == []
    declared = {name: kind for name, (kind, _) in bicep_reader.parameters(files["main.bicep"]).items()}
    assert bicep_reader.problems(bicep_reader.bicepparam_as_bicep(files["main.bicepparam"], declared)) == []


def test_bicepparam_sets_every_parameter_main_bicep_declares_to_the_files_values(state: DesiredState,
                                                                                  bicep_reader: Any) -> None:
    files = render_templates(state, "bicep")
    declared = bicep_reader.parameters(files["main.bicep"])
    assert declared, "main.bicep declares parameters"
    types = {name: kind for name, (kind, _) in declared.items()}
    given = bicep_reader.parameters(bicep_reader.bicepparam_as_bicep(files["main.bicepparam"], types))
    assert set(given) == set(declared)
    capacities = {f"{a.name}/{d.name}": d.capacity for a in state.accounts for d in a.deployments}
    assert capacities and given["capacities"] == ("object", capacities)
    arm = render_templates(state, "arm")
    values = json.loads(arm["azuredeploy.parameters.json"])["parameters"]
    assert set(values) == set(json.loads(arm["azuredeploy.json"])["parameters"]) == set(declared)
    assert values["capacities"]["value"] == capacities


def test_outputs_give_each_accounts_endpoint_and_each_realtime_uri_in_the_form_outputs_prints(
        state: DesiredState, bicep_reader: Any) -> None:
    from aoai_provision.catalog.bundled import bundled_catalog
    from aoai_provision.catalog.endpoint_forms import deployment_endpoints, openai_host

    catalog = bundled_catalog()
    bicep = bicep_reader.outputs(render_templates(state, "bicep", catalog=catalog)["main.bicep"])
    arm = json.loads(render_templates(state, "arm", catalog=catalog)["azuredeploy.json"])["outputs"]
    assert set(bicep) == set(arm)
    realtime = 0
    for account in state.accounts:
        prefix = f"[reference(resourceId('Microsoft.CognitiveServices/accounts', '{account.name}'), "
        [endpoint] = [k for k, v in arm.items() if v["value"].startswith(prefix) and v["value"].endswith(".endpoint]")]
        assert bicep[endpoint] == ("string", f"{endpoint.removesuffix('_endpoint')}.properties.endpoint")
        for dep in account.deployments:
            host = openai_host(account.custom_subdomain or account.name)
            forms = {f.name: f.url for f in deployment_endpoints(host, dep.name, dep.model,
                                                                 catalog.get(dep.model, dep.version))}
            uris = [v for k, v in bicep.items() if k.endswith("_realtime_uri") and v[1] == forms.get("realtime_uri")]
            if "realtime_uri" in forms:
                realtime += 1
                assert len(uris) == 1 and arm[[k for k, v in bicep.items() if v == uris[0]][0]]["value"] == uris[0][1]
    assert realtime == sum(1 for name in bicep if name.endswith("_realtime_uri"))


def test_bicep_and_arm_describe_the_same_resources(state: DesiredState, bicep_reader: Any, arm_reader: Any) -> None:
    bicep = bicep_reader.resources(render_templates(state, "bicep")["main.bicep"])
    arm = arm_reader.resources(render_templates(state, "arm")["azuredeploy.json"])
    assert bicep == arm
    network = sum((a.private_endpoint is not None) + bool(a.private_endpoint and a.private_endpoint.dns_zone_ids)
                  + (a.diagnostics is not None) for a in state.accounts)
    assert len(arm) == len(state.accounts) + sum(len(a.deployments) for a in state.accounts) + network


def test_every_option_reaches_its_arm_property(arm_reader: Any, state: DesiredState) -> None:
    resources = {r["name"]: r for r in arm_reader.resources(render_templates(state, "arm")["azuredeploy.json"])}
    for account in state.accounts:
        acct = resources[account.name]
        assert (acct["location"], acct["kind"], acct["sku"]) == (account.region, account.kind, {"name": account.sku})
        props = acct["properties"]
        assert props["customSubDomainName"] == (account.custom_subdomain or account.name)
        assert props["publicNetworkAccess"] == account.public_network_access
        assert props["disableLocalAuth"] is account.disable_local_auth
        assert props.get("restore", False) is account.restore
        assert acct["tags"]["managed-by"] == "aoai-provision"
        assert acct["tags"]["aoai-provision-environment"] == state.environment
        assert all(acct["tags"][k] == v for k, v in account.tags.items())
        if account.identity:
            assert acct["identity"]["type"] == account.identity.type
            assert sorted(acct["identity"].get("userAssignedIdentities", {})) == sorted(
                account.identity.user_assigned_identities)
        else:
            assert "identity" not in acct
        if account.network_acls:
            acls = props["networkAcls"]
            assert acls["defaultAction"] == account.network_acls.default_action
            assert [r["value"] for r in acls["ipRules"]] == list(account.network_acls.ip_rules)
            assert [r["id"] for r in acls["virtualNetworkRules"]] == list(account.network_acls.virtual_network_rules)
            assert acls.get("bypass") == account.network_acls.bypass
        for dep in account.deployments:
            res = resources[f"{account.name}/{dep.name}"]
            assert res["sku"] == {"name": dep.sku, "capacity": dep.capacity}
            assert res["properties"]["model"] == {"format": dep.model_format, "name": dep.model,
                                                  "version": dep.version}
            assert res["properties"]["versionUpgradeOption"] == dep.version_upgrade
            assert res["properties"].get("raiPolicyName") == dep.rai_policy
            assert "dynamicThrottlingEnabled" not in res["properties"]  # read-only on deployments
            assert res["tags"] == {**dep.tags, **ownership_tags(state.environment)}


def test_deployments_of_one_account_are_chained(arm_reader: Any, state: DesiredState) -> None:
    """Account, then its private endpoint (and zone group), diagnostic setting and deployments, one at a time."""
    resources = arm_reader.resources(render_templates(state, "arm")["azuredeploy.json"])
    depends = {r["name"]: r.get("dependsOn", []) for r in resources if "scope" not in r}
    scoped = {(r["scope"], r["name"]): r.get("dependsOn", []) for r in resources if "scope" in r}
    for account in state.accounts:
        assert depends[account.name] == []
        previous: str | None = None
        pe, diag = account.private_endpoint, account.diagnostics
        if pe is not None:
            assert depends[pe.name] == [account.name]
            previous = pe.name
            if pe.dns_zone_ids:
                assert depends[f"{pe.name}/default"] == [pe.name]
                previous = f"{pe.name}/default"
        if diag is not None:
            scope = f"Microsoft.CognitiveServices/accounts/{account.name}"
            assert scoped[(scope, diag.name)] == [account.name] + ([previous] if previous else [])
            previous = diag.name
        for dep in account.deployments:
            full = f"{account.name}/{dep.name}"
            assert depends[full] == [account.name] + ([previous] if previous else [])
            previous = full


def test_versions_stay_strings_and_capacities_integers(state: DesiredState, bicep_reader: Any,
                                                      arm_reader: Any) -> None:
    account = replace(state.accounts[0], deployments=tuple(
        replace(d, version=v) for d, v in zip(state.accounts[0].deployments, ("001", "0914", "1"), strict=False)))
    odd = replace(state, accounts=(account,))
    arm = arm_reader.resources(render_templates(odd, "arm")["azuredeploy.json"])  # the capacities parameter resolved
    bicep = bicep_reader.resources(render_templates(odd, "bicep")["main.bicep"])
    for rendered in (arm, bicep):
        deployments = [r for r in rendered if r["type"].endswith("/deployments")]
        assert [d["properties"]["model"]["version"] for d in deployments] == [
            d.version for d in account.deployments]
        assert all(type(d["sku"]["capacity"]) is int for d in deployments)


def test_same_input_renders_byte_identical_output(state: DesiredState) -> None:
    for fmt in ("bicep", "arm"):
        first = render_templates(state, fmt)
        again = render_templates(replace(state), fmt)
        assert first == again
        assert all(text.endswith("\n") and "\r" not in text for text in first.values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tag_value=TEXT, rai=TEXT.filter(bool), dep_name=st.from_regex(r"[a-z][a-z0-9._-]{0,20}", fullmatch=True))
def test_any_string_survives_both_formats(tag_value: str, rai: str, dep_name: str, state: DesiredState,
                                          bicep_reader: Any, arm_reader: Any) -> None:
    account = state.accounts[0]
    first = replace(account.deployments[0], name=dep_name, rai_policy=rai, tags={"k": tag_value, "a b": tag_value})
    odd = replace(state, accounts=(replace(account, tags={**account.tags, "free text": tag_value},
                                           deployments=(first, *account.deployments[1:])),))
    bicep_text = render_templates(odd, "bicep")["main.bicep"]
    assert bicep_reader.problems(bicep_text) == []
    bicep = bicep_reader.resources(bicep_text)
    arm = arm_reader.resources(render_templates(odd, "arm")["azuredeploy.json"])
    assert bicep == arm
    assert arm[0]["tags"]["free text"] == tag_value
    deployment = next(r for r in arm if r["type"].endswith("/deployments"))
    assert deployment["name"] == f"{account.name}/{dep_name}"
    assert deployment["tags"] == {"k": tag_value, "a b": tag_value, **ownership_tags(state.environment)}
    assert deployment["properties"]["raiPolicyName"] == rai


def test_templates_dir_overrides_one_file_and_keeps_the_rest(state: DesiredState, tmp_path: Any) -> None:
    (tmp_path / "bicep").mkdir()
    (tmp_path / "bicep" / "main.bicepparam.j2").write_text("using 'main.bicep' // custom for {{ environment }}\n")
    files = render_templates(state, "bicep", tmp_path)
    assert files["main.bicepparam"] == f"using 'main.bicep' // custom for {state.environment}\n"
    assert files["main.bicep"] == render_templates(state, "bicep")["main.bicep"]


def test_unknown_variable_in_a_template_is_an_error(state: DesiredState, tmp_path: Any) -> None:
    (tmp_path / "arm").mkdir()
    (tmp_path / "arm" / "azuredeploy.parameters.json.j2").write_text("{{ no_such_thing }}\n")
    with pytest.raises(RenderError, match="no_such_thing"):
        render_templates(state, "arm", tmp_path)


def test_override_that_breaks_json_is_refused(state: DesiredState, tmp_path: Any) -> None:
    (tmp_path / "arm").mkdir()
    (tmp_path / "arm" / "azuredeploy.json.j2").write_text('{"resources": [{{ environment }}]}\n')
    with pytest.raises(RenderError, match="not valid JSON"):
        render_templates(state, "arm", tmp_path)
