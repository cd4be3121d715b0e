"""Fixtures for planner tests: a small fixed catalog and builders for desired/observed state from JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.catalog.catalog import Catalog
from aoai_provision.catalog.resolve import resolve
from aoai_provision.catalog.types import LifecycleFact, ModelVersion, SkuOffer, Source
from aoai_provision.plan.actions import Plan
from aoai_provision.plan.desired_json import desired_from_json
from aoai_provision.plan.observed import (
    DeletedAccount,
    ObservedAccount,
    ObservedDeployment,
    ObservedState,
    Usage,
)
from aoai_provision.plan.planner import build_plan
from aoai_provision.spec.model import DesiredState, Identity, NetworkAcls, ownership_tags

CASES = Path(__file__).parent / "cases"
DOCS = Source("S1", "test retirement table", "2025-10-01")
AVAIL = Source("avail", "test availability table", "2025-10-01")


def _offer(sku: str, model: str, lo: int = 1, hi: int | None = 10000, step: int = 1) -> SkuOffer:
    return SkuOffer(sku, f"OpenAI.{sku}.{model}", capacity_default=10, capacity_min=lo, capacity_max=hi,
                    capacity_step=step, tpm_per_unit=1000, rpm_per_unit=10, source=AVAIL)


def _mv(model: str, version: str, regions: Mapping[str, tuple[str, ...]], *, retire: str | None = None,
        qualifier: str = "scheduled", replacement: str | None = None, status: str = "GenerallyAvailable",
        step: int = 1) -> ModelVersion:
    fact = LifecycleFact(DOCS, lifecycle_status=status,
                         retirement_date=date.fromisoformat(retire) if retire else None,
                         retirement_qualifier=qualifier if retire else None, replacement=replacement)
    offers = {r: tuple(_offer(s, model, step=step) for s in skus) for r, skus in regions.items()}
    return ModelVersion(model, version, lifecycle=resolve([fact]), offers=offers, availability_source=AVAIL)


def make_catalog() -> Catalog:
    both = {"eastus2": ("GlobalStandard",), "swedencentral": ("GlobalStandard",)}
    return Catalog([
        _mv("gpt-4o-mini-realtime-preview", "2024-12-17", both, retire="2027-03-01", status="Preview"),
        _mv("gpt-4o-mini-audio-preview", "2024-12-17", {"eastus2": ("GlobalStandard",)}, retire="2027-03-01",
            status="Preview"),
        _mv("gpt-4o", "2024-08-06", {r: ("GlobalStandard", "Standard") for r in both}, retire="2027-02-01"),
        _mv("gpt-4o", "2024-11-20", {r: ("GlobalStandard", "Standard") for r in both}, retire="2027-06-01"),
        _mv("gpt-4", "0613", {"swedencentral": ("Standard",)}, retire="2025-06-06", replacement="gpt-4o"),
        _mv("gpt-35-turbo", "0301", {}, retire="2025-02-13", qualifier="retired", replacement="gpt-4o-mini"),
        _mv("gpt-4o", "2024-05-13", {"eastus2": ("Standard",)}, retire="2026-03-31"),
        _mv("text-embedding-3-large", "1", {"swedencentral": ("Standard",)}, step=10),
    ], as_of="2025-10-01")


@pytest.fixture
def catalog() -> Catalog:
    return make_catalog()


def _tags(data: Mapping[str, Any], env: str | None) -> dict[str, str]:
    """`"managed": true` in a case adds the ownership tags (of `"env"`, default the case's environment)."""
    tags = dict(data.get("tags") or {})
    if data.get("managed", True):
        tags.update(ownership_tags(str(data.get("env") or env)))
    return tags


def observed_from_json(data: Mapping[str, Any], env: str) -> ObservedState:
    accounts = []
    for a in data.get("accounts", ()):
        deps = tuple(ObservedDeployment(
            name=d["name"], model=d["model"], version=str(d["version"]), sku=d["sku"], capacity=d["capacity"],
            version_upgrade=d.get("version_upgrade"), rai_policy=d.get("rai_policy"), tags=_tags(d, env),
            current_capacity=d.get("current_capacity"), state=d.get("state"), service_tier=d.get("service_tier"),
            id=f"/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/{a['name']}"
               f"/deployments/{d['name']}") for d in a.get("deployments", ()))
        acls = a.get("network_acls")
        accounts.append(ObservedAccount(
            name=a["name"], region=a["region"], kind=a.get("kind", "OpenAI"), sku=a.get("sku", "S0"),
            custom_subdomain=a.get("custom_subdomain", a["name"]),
            public_network_access=a.get("public_network_access", "Enabled"),
            disable_local_auth=a.get("disable_local_auth", False),
            network_acls=NetworkAcls(**{**acls, "ip_rules": tuple(acls.get("ip_rules", ()))}) if acls else None,
            identity=Identity(**a["identity"]) if a.get("identity") else None, tags=_tags(a, env),
            id=f"/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/{a['name']}",
            deployments=deps))
    usages = {r: {n: Usage(n, u[0], u[1]) for n, u in lines.items()} for r, lines in data.get("usages", {}).items()}
    return ObservedState(
        subscription="sub-1", resource_group=data.get("resource_group", "rg-aoai-prod"),
        resource_group_exists=data.get("resource_group_exists", True),
        resource_group_location=data.get("resource_group_location", "eastus2"),
        resource_group_tags=_tags({"tags": data.get("resource_group_tags", {}),
                                   "managed": data.get("resource_group_managed", True)}, env),
        accounts=tuple(accounts),
        deleted_accounts=tuple(DeletedAccount(**d) for d in data.get("deleted_accounts", ())),
        usages=usages, models={r: tuple(items) for r, items in data.get("models", {}).items()},
    )


def desired_from_case(data: Mapping[str, Any]) -> DesiredState:
    """A compact desired state: defaults filled, ownership tags added as the spec loader does."""
    env = data.get("environment", "prod")
    accounts = []
    for a in data.get("accounts", ()):
        deps = [{"model_format": "OpenAI", "version_upgrade": "OnceNewDefaultVersionAvailable", **d,
                 "tags": {**d.get("tags", {}), **ownership_tags(env)}} for d in a.get("deployments", ())]
        accounts.append({**a, "tags": {**a.get("tags", {}), **ownership_tags(env)}, "deployments": deps,
                         "location": {"file": "environments/prod.yaml", "line": 10, "column": 5}})
    return desired_from_json({"environment": env, "resource_group": "rg-aoai-prod", "location": "eastus2",
                              "tags": ownership_tags(env), "source": "environments/prod.yaml", **data,
                              "accounts": accounts})


def live_item(model: str, version: str, skus: dict[str, tuple[int, int]], fmt: str = "OpenAI") -> dict[str, Any]:
    """One ARM models.list item (camelCase, as the REST API returns it)."""
    return {"kind": "OpenAI", "skuName": "S0", "model": {
        "format": fmt, "name": model, "version": version, "lifecycleStatus": "GenerallyAvailable",
        "capabilities": {}, "isDefaultVersion": False,
        "skus": [{"name": s, "usageName": f"OpenAI.{s}.{model}",
                  "capacity": {"minimum": lo, "maximum": hi, "default": lo}} for s, (lo, hi) in skus.items()]}}


@pytest.fixture
def build() -> Callable[[dict[str, Any]], tuple[DesiredState, ObservedState]]:
    def _build(case: dict[str, Any]) -> tuple[DesiredState, ObservedState]:
        desired = desired_from_case(case["desired"])
        return desired, observed_from_json(case.get("observed", {}), desired.environment)

    return _build


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, json.loads(p.read_text())) for p in sorted(CASES.glob("*.json"))]


def case_options(case: dict[str, Any]) -> tuple[dict[str, Any], date]:
    """A case's build_plan keyword options and its as-of date (default 2025-10-01)."""
    opts = dict(case.get("options", {}))
    return opts, date.fromisoformat(opts.pop("as_of", "2025-10-01"))


@pytest.fixture
def plan_of(build: Any, catalog: Catalog) -> Callable[[str], Plan]:
    """The plan of a golden case by name (the case must not expect an error)."""

    def _plan(name: str) -> Plan:
        case = json.loads((CASES / f"{name}.json").read_text())
        desired, observed = build(case)
        opts, as_of = case_options(case)
        return build_plan(desired, observed, catalog, as_of=as_of, **opts)

    return _plan


@pytest.fixture
def prepared(build: Any) -> Callable[[dict[str, Any]], tuple[DesiredState, ObservedState, dict[str, Any], date]]:
    """A case's desired state, snapshot, build_plan options and as-of date."""

    def _prepared(case: dict[str, Any]) -> tuple[DesiredState, ObservedState, dict[str, Any], date]:
        desired, observed = build(case)
        return (desired, observed, *case_options(case))

    return _prepared
