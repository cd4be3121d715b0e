"""Every 2025-09-01 spec example of an implemented operation: same status code, every example field present, same type.

The newest stable and preview versions' examples are replayed by test_spec_examples_newest.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.emulator.app import EmuResponse
from aoai_provision.emulator.config import EmulatorConfig

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "emulator" / "armspec"
ACCOUNTS = "/providers/Microsoft.CognitiveServices/accounts"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def _union(items: list[Any]) -> Any:
    """Merge list elements into one shape: keys of every object element, in every nested list."""
    objects = [i for i in items if isinstance(i, dict)]
    if not objects:
        return items[0] if items else None
    merged: dict[str, Any] = {}
    for obj in objects:
        for key, value in obj.items():
            if key not in merged:
                merged[key] = value
            elif isinstance(value, dict) and isinstance(merged[key], dict):
                merged[key] = _union([merged[key], value])
            elif isinstance(value, list) and isinstance(merged[key], list):
                merged[key] = merged[key] + value
    return merged


def shape_problems(example: Any, ours: Any, path: str = "$") -> list[str]:
    """Fields of ``example`` missing from ``ours`` or of another JSON type (lists: against the union)."""
    if _kind(example) != _kind(ours):
        return [f"{path}: example has {_kind(example)}, emulator has {_kind(ours)}"]
    if isinstance(example, dict):
        problems = []
        for key, value in example.items():
            if key not in ours:
                problems.append(f"{path}.{key}: missing")
            else:
                problems += shape_problems(value, ours[key], f"{path}.{key}")
        return problems
    if isinstance(example, list) and example:
        if not ours:
            return [f"{path}: example has items, emulator returned none"]
        union = _union(ours)
        return [p for i, item in enumerate(example) for p in shape_problems(item, union, f"{path}[{i}]")]
    return []


def load(name: str) -> dict[str, Any]:
    example: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    return example


# -- drivers: set up what the example assumes, then send its request --------------------------------
def _acct_path(p: dict[str, Any]) -> str:
    return f"/subscriptions/{p['subscriptionId']}/resourceGroups/{p['resourceGroupName']}{ACCOUNTS}/{p['accountName']}"


def _setup_account(emu: Any, p: dict[str, Any], body: dict[str, Any] | None = None, location: str = "westus") -> None:
    be = emu.transport.backend
    be.put_resource_group(p["subscriptionId"], p["resourceGroupName"], {"location": location})
    body = body or {"location": location, "kind": "OpenAI", "sku": {"name": "S0"}}
    be.put_account(p["subscriptionId"], p["resourceGroupName"], p["accountName"], body)


def _from_example(resp: dict[str, Any]) -> dict[str, Any]:
    return {k: resp[k] for k in ("location", "kind", "sku", "tags") if k in resp}


def _setup_deployment(emu: Any, p: dict[str, Any]) -> str:
    _setup_account(emu, p)
    body = {"sku": {"name": "Standard", "capacity": 1},
            "properties": {"model": {"format": "OpenAI", "name": "ada", "version": "1"}}}
    emu.transport.backend.put_deployment(p["subscriptionId"], p["resourceGroupName"], p["accountName"],
                                         p.get("deploymentName", "deploymentName"), body)
    return f"{_acct_path(p)}/deployments/{p.get('deploymentName', 'deploymentName')}"


def drive(name: str, emu: Any) -> list[EmuResponse]:
    ex = load(name)
    p = ex["parameters"]
    loc = f"/subscriptions/{p['subscriptionId']}/providers/Microsoft.CognitiveServices/locations/{p.get('location')}"
    if name in ("CreateAccount", "CreateAccountMin"):
        emu.transport.backend.put_resource_group(p["subscriptionId"], p["resourceGroupName"], {"location": "westus"})
        return [emu.raw("PUT", _acct_path(p), p["account"]), emu.raw("PUT", _acct_path(p), p["account"])]
    if name == "UpdateAccount":
        _setup_account(emu, p, {"location": "global", "kind": "Bing.Search", "sku": {"name": "S1"}}, "westus")
        return [emu.raw("PATCH", _acct_path(p), p["account"])]
    if name in ("GetAccount", "ListKeys", "DeleteAccount"):
        body = _from_example(ex["responses"]["200"].get("body") or {}) or None
        _setup_account(emu, p, body)
        method = {"GetAccount": "GET", "ListKeys": "POST", "DeleteAccount": "DELETE"}[name]
        return [emu.raw(method, _acct_path(p) + ("/listKeys" if name == "ListKeys" else ""))]
    if name == "ListAccountsBySubscription":
        for item in ex["responses"]["200"]["body"]["value"]:
            rg = item["id"].split("/")[4]
            _setup_account(emu, {"subscriptionId": p["subscriptionId"], "resourceGroupName": rg,
                                 "accountName": item["name"]}, _from_example(item))
        return [emu.raw("GET", f"/subscriptions/{p['subscriptionId']}{ACCOUNTS}")]
    if name in ("GetDeletedAccount", "PurgeDeletedAccount"):
        body = _from_example(ex["responses"].get("200", {}).get("body") or {}) or None
        _setup_account(emu, p, body)
        emu.raw("DELETE", _acct_path(p))
        path = f"{loc}/resourceGroups/{p['resourceGroupName']}/deletedAccounts/{p['accountName']}"
        return [emu.raw("GET" if name == "GetDeletedAccount" else "DELETE", path)]
    if name == "ListUsages":
        return [emu.raw("GET", f"{loc}/usages")]
    if name == "ListLocationModels":
        return [emu.raw("GET", f"{loc}/models")]
    if name in ("ListModelCapacities", "ListLocationBasedModelCapacities"):
        query = f"&modelFormat={p['modelFormat']}&modelName={p['modelName']}&modelVersion={p['modelVersion']}"
        prefix = loc if "location" in p else f"/subscriptions/{p['subscriptionId']}/providers/Microsoft.CognitiveServices"
        return [emu.raw("GET", f"{prefix}/modelCapacities", query=query)]
    if name == "CheckDomainAvailability":
        path = f"/subscriptions/{p['subscriptionId']}/providers/Microsoft.CognitiveServices/checkDomainAvailability"
        return [emu.raw("POST", path, p["parameters"])]
    if name.startswith("GetSkus"):
        return [emu.raw("GET", f"/subscriptions/{p['subscriptionId']}/providers/Microsoft.CognitiveServices/skus")]
    if name == "PutDeployment":
        _setup_account(emu, p)
        path = f"{_acct_path(p)}/deployments/{p['deploymentName']}"
        return [emu.raw("PUT", path, p["deployment"]), emu.raw("PUT", path, p["deployment"])]
    path = _setup_deployment(emu, p)
    if name == "ListDeployments":
        return [emu.raw("GET", f"{_acct_path(p)}/deployments")]
    method, suffix, body = {"GetDeployment": ("GET", "", None), "ListDeploymentSkus": ("GET", "/skus", None),
                            "UpdateDeployment": ("PATCH", "", p.get("deployment")),
                            "DeleteDeployment": ("DELETE", "", None)}[name]
    return [emu.raw(method, path + suffix, body)]


NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


@pytest.fixture
def spec_emu(emu_factory: Callable[..., Any], tmp_path: Path) -> Any:
    """Offers the example's own models in westus, plus a Standard SKU for ada 1 (the deployment examples' model)."""
    items = load("ListLocationModels")["responses"]["200"]["body"]["value"]
    for item in items:
        if item["model"]["name"] == "ada":
            item["model"]["skus"].append({"name": "Standard", "usageName": "OpenAI.Standard.ada",
                                          "capacity": {"default": 1, "minimum": 1, "maximum": 1000, "step": 1,
                                                       "allowedValues": [1, 2, 5]}})
    models = tmp_path / "westus.json"
    models.write_text(json.dumps(items))
    return emu_factory(EmulatorConfig(models={"westus": models}))


def test_all_examples_are_driven() -> None:
    assert len(NAMES) == 21


@pytest.mark.parametrize("name", NAMES)
def test_example_status_and_shape(name: str, spec_emu: Any) -> None:
    example = load(name)
    for response in drive(name, spec_emu):
        expected = example["responses"].get(str(response.status))
        assert expected is not None, (
            f"{name}: emulator answered {response.status} {response.body[:300]!r}; "
            f"the example allows {sorted(example['responses'])}")
        if "body" in expected:
            ours = json.loads(response.body)
            assert shape_problems(expected["body"], ours) == [], name
        headers = {k.lower() for k in response.headers}
        for header in expected.get("headers", {}):
            assert header.lower() in headers, f"{name}: header {header} missing"


def test_shape_check_catches_a_missing_field_and_a_wrong_type() -> None:
    example = {"value": [{"name": {"value": "x"}, "limit": 1}]}
    assert shape_problems(example, {"value": [{"name": {"value": "x"}, "limit": 2.5}]}) == []
    assert shape_problems(example, {"value": [{"name": {}, "limit": "1"}]}) == [
        "$.value[0].name.value: missing", "$.value[0].limit: example has number, emulator has string"]
