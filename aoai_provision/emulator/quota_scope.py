"""The quota scope of a usage or a model SKU's capacity: ``scopeType`` and ``scopeId``.

SOURCE: the 2026-09-01 and 2026-09-15-preview x-ms-examples in azure-rest-api-specs (copied under
tests/data/emulator/armspec-newest): the region's ``AccountCount`` and a Standard SKU's capacity are
``Regional`` with the location as scope id; a DataZoneStandard capacity asked for in WestUS is ``DataZone``/``US``;
GlobalStandard is ``Global``/``Global``. A data zone is the US or the EU (the EU member states' regions); a
region in neither has no DataZone scope id. Older api-versions drop both fields (versioned_fields).
"""

from __future__ import annotations

from typing import Any

# Azure regions in EU member states (the EU data zone); US regions are named ...us, ...us2, ...us3.
EU_REGIONS = frozenset({"swedencentral", "westeurope", "northeurope", "francecentral", "francesouth",
                        "germanywestcentral", "germanynorth", "italynorth", "polandcentral", "spaincentral",
                        "austriaeast", "belgiumcentral", "denmarkeast"})


def data_zone(region: str) -> str | None:
    region = region.lower()
    if region in EU_REGIONS:
        return "EU"
    if region.rstrip("0123456789").endswith("us") and not region.startswith("usgov"):
        return "US"
    return None


def scope(sku_or_usage_name: str, region: str) -> tuple[str, str | None]:
    """(scopeType, scopeId) for a SKU name (``GlobalStandard``) or a usage name (``OpenAI.GlobalStandard.gpt-4o``)."""
    parts = sku_or_usage_name.split(".")
    sku = (parts[1] if len(parts) > 2 else parts[0]).lower()
    if sku.startswith("global"):
        return "Global", "Global"
    if sku.startswith("datazone"):
        return "DataZone", data_zone(region)
    return "Regional", region


def scoped(item: dict[str, Any], region: str) -> dict[str, Any]:
    """A usage with its scope (``name.value`` is the usage name)."""
    scope_type, scope_id = scope(str(item["name"]["value"]), region)
    return {**item, "scopeType": scope_type, "scopeId": scope_id}
