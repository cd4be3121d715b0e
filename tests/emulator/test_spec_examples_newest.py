"""The x-ms-examples of the newest stable (2026-09-01) and preview (2026-09-15-preview) api-versions, replayed.

Each example is sent at its own api-version: the status must be one the example lists, every field of the example's
response must be present with the same JSON type, and every enum-typed field must hold a value the version's spec
allows (tests/data/emulator/armspec-newest/SOURCE.md says where each file comes from and what is not replayed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.emulator.app import EmuResponse
from aoai_provision.emulator.config import EmulatorConfig
from tests.emulator.spec_enums import enum_problems, load
from tests.emulator.test_spec_examples import shape_problems

NEWEST = Path(__file__).resolve().parents[1] / "data" / "emulator" / "armspec-newest"
VERSIONS = ("2026-09-01", "2026-09-15-preview")
EXAMPLES = sorted(p for v in VERSIONS for p in (NEWEST / v).glob("*.json"))
CS = "/providers/Microsoft.CognitiveServices"
READ_ONLY = {"endpoint", "provisioningState", "endpoints", "dateCreated"}
# copied, but not replayed: the feature the example shows is not modelled by the emulator
NOT_REPLAYED = {
    "2026-09-15-preview/GetRaiPolicyAcs.json": "Agent Control Specification policies (format ACS, acs, acsRegos, "
                                               "customExternalSafetyProviders) are not modelled; the emulator keeps "
                                               "content-filter policies only",
}


class At:
    """The emulator, sending every raw request at one api-version."""

    def __init__(self, emu: Any, api: str) -> None:
        self.emu, self.api = emu, api
        self.backend = emu.transport.backend

    def raw(self, method: str, path: str, body: Any = None, query: str = "") -> EmuResponse:
        response: EmuResponse = self.emu.raw(method, path, body, api=self.api, query=query)
        return response

    def ok(self, method: str, path: str, body: Any = None) -> None:
        response = self.raw(method, path, body)
        assert response.status < 300, f"setup {method} {path}: {response.status} {response.body[:300]!r}"


def _acct(p: dict[str, Any], rg: str | None = None, name: str | None = None) -> str:
    return (f"/subscriptions/{p['subscriptionId']}/resourceGroups/{rg or p['resourceGroupName']}{CS}/accounts/"
            f"{name or p['accountName']}")


def _account(at: At, sub: str, rg: str, name: str, like: dict[str, Any] | None = None) -> None:
    like = like or {}
    body = {"location": like.get("location", "westus"), "kind": like.get("kind", "OpenAI"),
            "sku": like.get("sku", {"name": "S0"}),
            "properties": {k: v for k, v in (like.get("properties") or {}).items() if k not in READ_ONLY}}
    if like.get("tags"):
        body["tags"] = like["tags"]
    at.backend.put_resource_group(sub, rg, {"location": "westus"})
    at.backend.put_account(sub, rg, name, body)


def _listed_accounts(at: At, ex: dict[str, Any], delete: bool) -> None:
    sub = ex["parameters"]["subscriptionId"]
    for item in ex["responses"]["200"]["body"]["value"]:
        rg = item["id"].split("/")[4]
        _account(at, sub, rg, item["name"], item)
        if delete:
            at.ok("DELETE", _acct({"subscriptionId": sub}, rg, item["name"]))


def _deployment(at: At, p: dict[str, Any]) -> str:
    _account(at, p["subscriptionId"], p["resourceGroupName"], p["accountName"])
    path = f"{_acct(p)}/deployments/{p['deploymentName']}"
    at.ok("PUT", path, {"sku": {"name": "Standard", "capacity": 1},
                        "properties": {"model": {"format": "OpenAI", "name": "ada", "version": "1"}}})
    return path


def _rai_children(at: At, op: str, p: dict[str, Any], body_200: dict[str, Any]) -> str:
    """The account and the policies, blocklists or blocklist items the example reads or deletes; the path to send."""
    _account(at, p["subscriptionId"], p["resourceGroupName"], p["accountName"])
    parent, listing = _acct(p), op.endswith("_List")
    kind, name_key, default = {
        "RaiPolicies": ("raiPolicies", "raiPolicyName", {"basePolicyName": "Microsoft.Default"}),
        "RaiBlocklists": ("raiBlocklists", "raiBlocklistName", {"description": "Basic blocklist description"}),
        "RaiBlocklistItems": ("raiBlocklistItems", "raiBlocklistItemName",
                              {"isRegex": False, "pattern": "Pattern To Block"})}[op.split("_")[0]]
    if kind == "raiBlocklistItems":
        parent = f"{parent}/raiBlocklists/{p['raiBlocklistName']}"
        at.ok("PUT", parent, {"properties": {}})
    children = body_200.get("value") or [{"name": p[name_key], "properties": body_200.get("properties", default)}]
    for child in children:
        props = {k: v for k, v in child["properties"].items() if k != "type"}  # type: read-only
        at.ok("PUT", f"{parent}/{kind}/{child['name']}", {"properties": props})
    return f"{parent}/{kind}" if listing else f"{parent}/{kind}/{p[name_key]}"


def drive(ex: dict[str, Any], at: At) -> tuple[list[EmuResponse], Any]:
    """Set up what the example assumes, send its request; the responses and the request body sent."""
    op, p = ex["operationId"], ex["parameters"]
    sub = p["subscriptionId"]
    loc = f"/subscriptions/{sub}{CS}/locations/{p.get('location')}"
    body_200 = ex["responses"].get("200", {}).get("body") or {}
    if op == "Accounts_Create":
        at.backend.put_resource_group(sub, p["resourceGroupName"], {"location": "westus"})
        return [at.raw("PUT", _acct(p), p["account"]), at.raw("PUT", _acct(p), p["account"])], p["account"]
    if op in ("Accounts_List", "Accounts_ListByResourceGroup", "DeletedAccounts_List"):
        _listed_accounts(at, ex, delete=op.startswith("Deleted"))
        scope = f"/subscriptions/{sub}" + (f"/resourceGroups/{p['resourceGroupName']}" if "resourceGroupName" in p
                                            else "")
        return [at.raw("GET", f"{scope}{CS}/{'deletedAccounts' if op.startswith('Deleted') else 'accounts'}")], None
    if op == "Usages_List":
        return [at.raw("GET", f"{loc}/usages")], None
    if op == "Models_List":
        return [at.raw("GET", f"{loc}/models")], None
    if op in ("LocationBasedModelCapacities_List", "ModelCapacities_List"):
        query = f"&modelFormat={p['modelFormat']}&modelName={p['modelName']}&modelVersion={p['modelVersion']}"
        prefix = loc if "location" in p else f"/subscriptions/{sub}{CS}"
        return [at.raw("GET", f"{prefix}/modelCapacities", query=query)], None
    if op.startswith("Deployments_"):
        if op == "Deployments_CreateOrUpdate":
            _account(at, sub, p["resourceGroupName"], p["accountName"])
            path = f"{_acct(p)}/deployments/{p['deploymentName']}"
            return [at.raw("PUT", path, p["deployment"]), at.raw("PUT", path, p["deployment"])], p["deployment"]
        path = _deployment(at, p)
        method = {"Deployments_Update": "PATCH", "Deployments_Delete": "DELETE"}[op]
        return [at.raw(method, path, p.get("deployment"))], p.get("deployment")
    if op.startswith("Rai"):
        if op.endswith("_CreateOrUpdate"):
            _account(at, sub, p["resourceGroupName"], p["accountName"])
            sent = next(v for k, v in p.items() if k in ("raiPolicy", "raiBlocklist", "raiBlocklistItem"))
            if "raiBlocklistItemName" in p:
                at.ok("PUT", f"{_acct(p)}/raiBlocklists/{p['raiBlocklistName']}", {"properties": {}})
                path = f"{_acct(p)}/raiBlocklists/{p['raiBlocklistName']}/raiBlocklistItems/{p['raiBlocklistItemName']}"
            elif "raiBlocklistName" in p:
                path = f"{_acct(p)}/raiBlocklists/{p['raiBlocklistName']}"
            else:
                path = f"{_acct(p)}/raiPolicies/{p['raiPolicyName']}"
            return [at.raw("PUT", path, sent), at.raw("PUT", path, sent)], sent
        path = _rai_children(at, op, p, body_200)
        return [at.raw("DELETE" if op.endswith("_Delete") else "GET", path)], None
    if op.startswith("DeletedAccounts_"):
        _account(at, sub, p["resourceGroupName"], p["accountName"], body_200 or None)
        at.ok("DELETE", _acct(p))
        path = f"{loc}/resourceGroups/{p['resourceGroupName']}/deletedAccounts/{p['accountName']}"
        return [at.raw("GET" if op == "DeletedAccounts_Get" else "DELETE", path)], None
    if op == "Accounts_Update":
        _account(at, sub, p["resourceGroupName"], p["accountName"],
                 {"location": "global", "kind": "Bing.Search", "sku": {"name": "S1"}})
        return [at.raw("PATCH", _acct(p), p["account"])], p["account"]
    _account(at, sub, p["resourceGroupName"], p["accountName"], body_200)
    method, suffix, sent = {"Accounts_Get": ("GET", "", None), "Accounts_Delete": ("DELETE", "", None),
                            "Accounts_ListUsages": ("GET", "/usages", None), "Accounts_ListSkus": ("GET", "/skus", None),
                            "Accounts_RegenerateKey": ("POST", "/regenerateKey", p.get("parameters"))}[op]
    return [at.raw(method, _acct(p) + suffix, sent)], sent


@pytest.fixture
def newest_emu(emu_factory: Callable[..., Any], tmp_path: Path) -> Any:
    """Offers the 2026-09-01 ListLocationModels example's models in westus, with Standard, DataZoneStandard and
    GlobalStandard SKUs for ada 1 (the deployment and model-capacity examples' model)."""
    items = json.loads((NEWEST / "2026-09-01" / "ListLocationModels.json").read_text())
    items = items["responses"]["200"]["body"]["value"]
    for item in items:
        if item["model"]["name"] == "ada":
            item["model"]["skus"] += [{"name": sku, "usageName": f"OpenAI.{sku}.ada",
                                       "capacity": {"default": 1, "minimum": 1, "maximum": 1000, "step": 1}}
                                      for sku in ("Standard", "DataZoneStandard", "GlobalStandard")]
    models = tmp_path / "westus.json"
    models.write_text(json.dumps(items))
    return emu_factory(EmulatorConfig(models={"westus": models}))


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def test_both_newest_versions_are_covered_and_every_file_has_a_source() -> None:
    assert {p.parent.name for p in EXAMPLES} == set(VERSIONS)
    source = (NEWEST / "SOURCE.md").read_text()
    assert [f"{_id(p)}.json" for p in EXAMPLES if f"| {_id(p)}.json |" not in source] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=_id)
def test_newest_example_status_shape_and_enums(path: Path, newest_emu: Any) -> None:
    if f"{_id(path)}.json" in NOT_REPLAYED:
        pytest.skip(NOT_REPLAYED[f"{_id(path)}.json"])
    example = json.loads(path.read_text())
    api = example["parameters"]["api-version"]
    spec = load(api)
    op = example["operationId"]
    responses, sent = drive(example, At(newest_emu, api))
    for response in responses:
        expected = example["responses"].get(str(response.status))
        assert expected is not None, (f"{_id(path)}: emulator answered {response.status} {response.body[:300]!r}; "
                                      f"the example allows {sorted(example['responses'])}")
        headers = {k.lower() for k in response.headers}
        for header in expected.get("headers", {}):
            assert header.lower() in headers, f"{_id(path)}: header {header} missing"
        if "body" not in expected:
            continue
        ours = json.loads(response.body)
        assert shape_problems(expected["body"], ours) == [], _id(path)
        assert enum_problems(spec, op, expected["body"], expected["body"]) == [], f"{_id(path)}: the example itself"
        assert enum_problems(spec, op, ours, sent) == [], _id(path)


def test_enum_check_catches_an_invented_value_and_tolerates_an_echoed_one() -> None:
    spec = load("2026-09-01")
    usage = {"value": [{"unit": "count", "status": "Included", "scopeType": "Continental"}]}
    assert enum_problems(spec, "Usages_List", usage) == [
        "$.value[0].scopeType: 'Continental' is not one of QuotaScopeType ['Regional', 'Global', 'DataZone', 'Classic']"]
    deployment = {"properties": {"versionUpgradeOption": "OnceSomethingNew", "deploymentState": "Running"}}
    assert enum_problems(spec, "Deployments_Get", deployment, {"properties": {"versionUpgradeOption": "OnceSomethingNew"}}) == []
    account = {"identity": {"type": "Managed"}}  # ResourceIdentityType is not modelAsString: never tolerated
    assert enum_problems(spec, "Accounts_Create", account, {"identity": {"type": "Managed"}}) == [
        "$.identity.type: 'Managed' is not one of ResourceIdentityType "
        "['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned']"]


@pytest.mark.parametrize("api", VERSIONS)
def test_responses_of_operations_without_an_example_hold_only_the_versions_enum_values(api: str,
                                                                                      newest_emu: Any) -> None:
    """The served operations the index held no example of at these versions: their enums are checked all the same."""
    at, spec = At(newest_emu, api), load(api)
    p = {"subscriptionId": "00000000-1111-2222-3333-444444444444", "resourceGroupName": "rg", "accountName": "acct",
         "deploymentName": "ada"}
    deployment = _deployment(at, p)
    sub = f"/subscriptions/{p['subscriptionId']}{CS}"
    capacity = "&modelFormat=OpenAI&modelName=ada&modelVersion=1"
    requests = {"Deployments_Get": ("GET", deployment, ""), "Deployments_List": ("GET", f"{_acct(p)}/deployments", ""),
                "Deployments_ListSkus": ("GET", f"{deployment}/skus", ""),
                "Accounts_ListModels": ("GET", f"{_acct(p)}/models", ""), "Models_List": ("GET", f"{sub}/locations/westus/models", ""),
                "Accounts_ListKeys": ("POST", f"{_acct(p)}/listKeys", ""), "ResourceSkus_List": ("GET", f"{sub}/skus", ""),
                "ModelCapacities_List": ("GET", f"{sub}/modelCapacities", capacity),
                "Accounts_ListUsages": ("GET", f"{_acct(p)}/usages", "")}
    for op, (method, path, query) in requests.items():
        response = at.raw(method, path, query=query)
        assert response.status == 200, f"{op}: {response.status} {response.body[:200]!r}"
        assert enum_problems(spec, op, json.loads(response.body)) == [], op
