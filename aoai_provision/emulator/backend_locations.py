"""Per-location reads: models.list, usages, model capacities and resource SKUs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors, quota, quota_scope
from aoai_provision.emulator.offers import normalize_location

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

FILTER_RE = re.compile(r"name\.value\s+eq\s+'([^']*)'", re.IGNORECASE)
CAPACITY_TYPE = "Microsoft.CognitiveServices/locations/models/skuCapacities"


class LocationsMixin:
    """Location-scoped reads of the Backend."""

    def _region(self: Backend, location: str) -> str:
        region = normalize_location(location)
        if not self.offers.is_region(region):
            raise errors.location_not_available(location, "locations", self.offers.regions())
        return region

    def list_models(self: Backend, subscription: str, location: str) -> list[dict[str, Any]]:
        """Models_List: the region's models.list items (the bundled catalog, or the configured file)."""
        return list(self.offers.items(self._region(location)))

    def list_usages(self: Backend, subscription: str, location: str, filter_: str | None = None) -> list[dict[str, Any]]:
        """Usages_List: AccountCount plus ``OpenAI.{sku}.{model}`` usage derived from the deployments."""
        region = self._region(location)
        with self.tx() as data:
            items = quota.usages(data, self.config.quota, subscription=subscription, region=region,
                                 usage_names=self.offers.usage_names(region))
        if filter_:
            wanted = set(FILTER_RE.findall(filter_))
            items = [i for i in items if i["name"]["value"] in wanted]
        return items

    def model_capacities(self: Backend, subscription: str, location: str | None, fmt: str, name: str,
                         version: str) -> list[dict[str, Any]]:
        """(LocationBased)ModelCapacities_List: capacity left per SKU for one model version."""
        for value in (fmt, name, version):
            if not value or not re.match(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", value):
                raise errors.bad_request("The query parameters 'modelFormat', 'modelName' and 'modelVersion' "
                                         "are required.", "InvalidRequestParameter")
        regions = [self._region(location)] if location else self.offers.regions()
        items: list[dict[str, Any]] = []
        with self.tx() as data:
            for region in regions:
                for item in self.offers.items(region):
                    model = item.get("model") or {}
                    if (str(model.get("format")), str(model.get("name")), str(model.get("version"))) != (
                            fmt, name, version):
                        continue
                    for sku in model.get("skus", []):
                        usage_name = sku.get("usageName") or f"OpenAI.{sku['name']}.{name}"
                        used = quota.usage_for(data, subscription, region, usage_name)
                        left = max(quota.limit_for(self.config.quota, region, usage_name) - used, 0.0)
                        items.append({
                            "id": f"/subscriptions/{subscription}/providers/Microsoft.CognitiveServices/locations/"
                                  f"{region}/models/{fmt}.{name}.{version}/skuCapacities/{sku['name']}",
                            "type": CAPACITY_TYPE, "name": sku["name"], "location": region,
                            "properties": {"model": {"format": fmt, "name": name, "version": version},
                                           "skuName": sku["name"], "availableCapacity": int(left),
                                           "availableFinetuneCapacity": 0,
                                           **_scope(sku["name"], region)},
                        })
        unique = {i["id"]: i for i in items}
        return list(unique.values())

    def resource_skus(self: Backend, subscription: str) -> list[dict[str, Any]]:
        """ResourceSkus_List: the account SKUs the tool uses (S0 for OpenAI and AIServices) in every region."""
        return [{"resourceType": "accounts", "name": "S0", "tier": "Standard", "kind": kind,
                 "locations": [r.upper() for r in self.offers.regions()], "restrictions": []}
                for kind in ("OpenAI", "AIServices")]


def _scope(sku: str, region: str) -> dict[str, Any]:
    scope_type, scope_id = quota_scope.scope(sku, region)
    return {"scopeType": scope_type, "scopeId": scope_id}
