"""What the planner needs from the catalog, and the live `models.list` facts it checks directly."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from aoai_provision.catalog.types import ModelVersion, Source
from aoai_provision.plan.observed import ObservedState

LiveItems = Sequence[Mapping[str, Any]]


class PlanCatalog(Protocol):
    """The part of ``aoai_provision.catalog.catalog.Catalog`` the planner uses."""

    def get(self, model: str, version: str) -> ModelVersion | None: ...

    def versions(self, model: str) -> list[ModelVersion]: ...

    def with_live(self, region: str, items: list[dict[str, Any]], source: Source) -> PlanCatalog: ...


def region_key(name: str | None) -> str:
    """`East US 2` / `EASTUS2` -> `eastus2` (enough for comparing what ARM and the file say)."""
    return re.sub(r"[\s_-]+", "", (name or "")).lower()


def live_source(region: str, observed: ObservedState, as_of: date) -> Source:
    """The Source that facts from this region's live models list carry."""
    day = observed.read_at[:10] if observed.read_at else as_of.isoformat()
    return Source(key=f"live:{region}", title=f"live models list ({region})", as_of=day, live=True)


def overlay_live(catalog: PlanCatalog, observed: ObservedState, as_of: date) -> PlanCatalog:
    """The catalog with every region's live models list laid over it (live facts win)."""
    for region, items in sorted(observed.models.items()):
        catalog = catalog.with_live(region, [dict(item) for item in items], live_source(region, observed, as_of))
    return catalog


def live_items(observed: ObservedState, region: str) -> LiveItems | None:
    """The live models list read for ``region``, or None when it was not read."""
    for name, items in observed.models.items():
        if region_key(name) == region_key(region):
            return items
    return None


def _model_of(item: Mapping[str, Any]) -> Mapping[str, Any]:
    model = item.get("model", item)
    return model if isinstance(model, Mapping) else {}


def live_versions(items: LiveItems, model: str) -> set[str]:
    """Versions of ``model`` the live list holds."""
    return {
        str(_model_of(i).get("version"))
        for i in items
        if str(_model_of(i).get("name", "")).lower() == model.lower()
    }


def live_skus(items: LiveItems, model: str, version: str) -> set[str] | None:
    """SKU names (lower case) live for (model, version); None when the version is absent."""
    found: set[str] | None = None
    for item in items:
        m = _model_of(item)
        if str(m.get("name", "")).lower() == model.lower() and str(m.get("version")) == version:
            found = found or set()
            for sku in m.get("skus") or ():
                if isinstance(sku, Mapping) and sku.get("name"):
                    found.add(str(sku["name"]).lower())
    return found


def live_usage_name(items: LiveItems, model: str, version: str, sku: str) -> str | None:
    """The quota usage name of a live SKU offer (e.g. `OpenAI.GlobalStandard.gpt-4o`)."""
    for item in items:
        m = _model_of(item)
        if str(m.get("name", "")).lower() != model.lower() or str(m.get("version")) != version:
            continue
        for s in m.get("skus") or ():
            if isinstance(s, Mapping) and str(s.get("name", "")).lower() == sku.lower() and s.get("usageName"):
                return str(s["usageName"])
    return None


def where_offered(
    catalog: PlanCatalog, observed: ObservedState, model: str, version: str, sku: str
) -> list[str]:
    """Regions offering (model, version, sku): live lists decide for regions read, the catalog elsewhere."""
    regions: set[str] = set()
    mv = catalog.get(model, version)
    if mv is not None:
        regions.update(mv.regions_for(sku))
    for region, items in observed.models.items():
        skus = live_skus(items, model, version)
        if skus is not None and sku.lower() in skus:
            regions.add(region)
        else:
            regions.discard(region)
    return sorted(regions)


def usage_name(
    catalog: PlanCatalog, observed: ObservedState, region: str, model: str, version: str, sku: str
) -> str | None:
    """The quota usage name for a deployment: live list first, then the catalog's offer."""
    items = live_items(observed, region)
    if items is not None:
        name = live_usage_name(items, model, version, sku)
        if name:
            return name
    mv = catalog.get(model, version)
    offer = mv.offer(region, sku) if mv is not None else None
    return offer.usage_name if offer is not None and offer.usage_name else None
