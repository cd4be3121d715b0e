"""Every rendered ARM resource validates against the official Microsoft.CognitiveServices template schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from aoai_provision.render.engine import render_templates
from aoai_provision.spec.model import DesiredAccount, DesiredState, Identity

BASE = "https://schema.management.azure.com/"
SCHEMA_FILES = {"Microsoft.Network": "Microsoft.Network.NRP"}  # provider -> schema file of its resources


def _refuse(uri: str) -> Any:
    raise LookupError(f"no network: {uri} is not in tests/data/render/schemas")


@pytest.fixture(scope="module")
def registry(schema_dir: Path) -> Registry:
    resources = []
    for path in sorted(schema_dir.rglob("*.json")):
        uri = BASE + "schemas/" + path.relative_to(schema_dir).as_posix()
        resources.append((uri, Resource.from_contents(json.loads(path.read_text("utf-8")),
                                                      default_specification=DRAFT4)))
    return Registry(retrieve=_refuse).with_resources(resources)


@pytest.fixture(scope="module")
def schema_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "render" / "schemas"


def schema_errors(resource: dict[str, Any], registry: Registry) -> list[str]:
    """Validation errors of one resource against `resourceDefinitions/<type>` of its apiVersion's file."""
    provider, _, rest = resource["type"].partition("/")
    definition = "_".join(rest.split("/"))
    uri = f"{BASE}schemas/{resource['apiVersion']}/{SCHEMA_FILES.get(provider, provider)}.json"
    root = registry.resolver().lookup(uri).contents  # LookupError: no local schema for this apiVersion
    extension = "scope" in resource and definition in root.get("extension_resourceDefinitions", {})
    group = "extension_resourceDefinitions" if extension else "resourceDefinitions"
    assert definition in root[group], definition
    validator = Draft4Validator({"$ref": f"{uri}#/{group}/{definition}"}, registry=registry)
    errors = []
    # A top-level child resource is written `account/child` (ARM requires the full path there); the
    # schemas' name pattern (e.g. raiBlocklists: ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$) describes the child's own
    # name, so the last segment is what is checked against it.
    if isinstance(resource.get("name"), str) and not resource["name"].startswith("["):
        resource = {**resource, "name": resource["name"].rsplit("/", 1)[-1]}
    for err in validator.iter_errors(resource):
        leaves = [e for e in err.context] if err.context else [err]
        errors.append(f"{list(err.absolute_path)}: {err.message} {[e.message for e in leaves][:4]}")
    return errors


def test_every_rendered_resource_is_schema_valid(state: DesiredState, registry: Registry) -> None:
    template = json.loads(render_templates(state, "arm")["azuredeploy.json"])
    assert template["resources"]
    for resource in template["resources"]:
        assert schema_errors(resource, registry) == [], resource["name"]
    types = {r["type"] for r in template["resources"]}
    assert {"Microsoft.Network/privateEndpoints", "Microsoft.Insights/diagnosticSettings"} <= types


@pytest.mark.parametrize(("kind", "path", "bad"), [
    ("privateEndpoints", ("properties", "subnet"), "/subscriptions/x/subnets/pe"),
    ("privateDnsZoneGroups", ("properties", "privateDnsZoneConfigs"), {"name": "z"}),
    ("diagnosticSettings", ("properties", "logs"), [{"category": "Audit", "enabled": "yes"}]),
])
def test_validator_rejects_wrongly_typed_network_resources(registry: Registry, kind: str, path: tuple[str, str],
                                                           bad: Any) -> None:
    """The Network and Insights schemas have teeth too."""
    from tests.render.conftest import full_state

    template = json.loads(render_templates(full_state(), "arm")["azuredeploy.json"])
    resource = copy.deepcopy(next(r for r in template["resources"] if r["type"].endswith("/" + kind)))
    resource[path[0]][path[1]] = bad
    assert schema_errors(resource, registry)


@pytest.mark.parametrize(("path", "bad"), [
    (("sku", "capacity"), "100"),
    (("properties", "versionUpgradeOption"), "NoAutoUpdate"),
    (("properties", "model"), ["gpt-4o"]),
])
def test_validator_rejects_wrongly_typed_deployment(state: DesiredState, registry: Registry,
                                                    path: tuple[str, str], bad: Any) -> None:
    """The check has teeth: one wrong value in a rendered deployment is reported."""
    template = json.loads(render_templates(state, "arm")["azuredeploy.json"])
    deployment = copy.deepcopy(next(r for r in template["resources"] if r["type"].endswith("/deployments")))
    deployment[path[0]][path[1]] = bad
    assert schema_errors(deployment, registry)


@pytest.mark.parametrize(("path", "bad"), [
    (("properties", "disableLocalAuth"), "true"),
    (("properties", "publicNetworkAccess"), "disabled"),
    (("identity", "type"), "Managed"),
])
def test_validator_rejects_wrongly_typed_account(registry: Registry, path: tuple[str, str], bad: Any) -> None:
    state = DesiredState(environment="t", resource_group="rg", location="eastus2", accounts=(
        DesiredAccount(name="aoai-t", region="eastus2", identity=Identity("SystemAssigned")),))
    account = copy.deepcopy(json.loads(render_templates(state, "arm")["azuredeploy.json"])["resources"][0])
    account[path[0]][path[1]] = bad
    assert schema_errors(account, registry)



def test_content_filters_blocklists_and_role_assignments_are_schema_valid(registry: Registry) -> None:
    from aoai_provision.spec.compile import compile_text

    source = Path(__file__).resolve().parents[1] / "data" / "access" / "access.yaml"
    state = compile_text(source.read_text("utf-8"), str(source), environ={}, catalog=None,
                         as_of=__import__("datetime").date(2026, 11, 30)).state
    assert state is not None
    template = json.loads(render_templates(state, "arm")["azuredeploy.json"])
    types = {r["type"] for r in template["resources"]}
    assert {"Microsoft.CognitiveServices/accounts/raiPolicies", "Microsoft.CognitiveServices/accounts/raiBlocklists",
            "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems",
            "Microsoft.Authorization/roleAssignments"} <= types
    for resource in template["resources"]:
        assert schema_errors(resource, registry) == [], resource["name"]
    policy = copy.deepcopy(next(r for r in template["resources"] if r["type"].endswith("/raiPolicies")))
    policy["properties"]["contentFilters"][0]["severityThreshold"] = "medium"
    assert schema_errors(policy, registry)  # the check has teeth for the new types too
    role = copy.deepcopy(next(r for r in template["resources"] if r["type"].endswith("/roleAssignments")))
    role["properties"]["principalType"] = "App"
    assert schema_errors(role, registry)
