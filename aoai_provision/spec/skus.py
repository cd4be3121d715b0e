"""Deployment SKU names: the ones Azure knows, case-insensitive matching and suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

# Azure OpenAI deployment types (Microsoft Learn, "Deployment types", 2025); the catalog adds any
# SKU its models lists name.
DEPLOYMENT_SKUS = (
    "Standard",
    "GlobalStandard",
    "DataZoneStandard",
    "ProvisionedManaged",
    "GlobalProvisionedManaged",
    "DataZoneProvisionedManaged",
    "GlobalBatch",
    "DataZoneBatch",
    "DeveloperTier",
)


def known_skus(catalog: Catalog | None) -> list[str]:
    """Every deployment SKU name known statically or from the catalog's offers."""
    names = {s.lower(): s for s in DEPLOYMENT_SKUS}
    if catalog is not None:
        for name in catalog.sku_names():
            names.setdefault(name.lower(), name)
    return sorted(names.values())


def canonical_sku(name: str, catalog: Catalog | None) -> str:
    """Azure's spelling of ``name`` when known ("globalstandard" -> "GlobalStandard"), else ``name``."""
    lowered = name.lower()
    for known in DEPLOYMENT_SKUS:
        if known.lower() == lowered:
            return known
    if catalog is not None:
        for known in known_skus(catalog):
            if known.lower() == lowered:
                return known
    return name
