"""Azure public regions: ARM names, display names, normalization and "did you mean" suggestions."""

from __future__ import annotations

import difflib

# ARM name -> display name of Azure public-cloud regions (a well-known static list, as printed by
# `az account list-locations`). Azure OpenAI is offered in a subset; the catalog says which models where.
_REGIONS: dict[str, str] = {
    "australiacentral": "Australia Central",
    "australiacentral2": "Australia Central 2",
    "australiaeast": "Australia East",
    "australiasoutheast": "Australia Southeast",
    "austriaeast": "Austria East",
    "belgiumcentral": "Belgium Central",
    "brazilsouth": "Brazil South",
    "brazilsoutheast": "Brazil Southeast",
    "canadacentral": "Canada Central",
    "canadaeast": "Canada East",
    "centralindia": "Central India",
    "centralus": "Central US",
    "chilecentral": "Chile Central",
    "eastasia": "East Asia",
    "eastus": "East US",
    "eastus2": "East US 2",
    "francecentral": "France Central",
    "francesouth": "France South",
    "germanynorth": "Germany North",
    "germanywestcentral": "Germany West Central",
    "indonesiacentral": "Indonesia Central",
    "israelcentral": "Israel Central",
    "italynorth": "Italy North",
    "japaneast": "Japan East",
    "japanwest": "Japan West",
    "jioindiacentral": "Jio India Central",
    "jioindiawest": "Jio India West",
    "koreacentral": "Korea Central",
    "koreasouth": "Korea South",
    "malaysiawest": "Malaysia West",
    "mexicocentral": "Mexico Central",
    "newzealandnorth": "New Zealand North",
    "northcentralus": "North Central US",
    "northeurope": "North Europe",
    "norwayeast": "Norway East",
    "norwaywest": "Norway West",
    "polandcentral": "Poland Central",
    "qatarcentral": "Qatar Central",
    "southafricanorth": "South Africa North",
    "southafricawest": "South Africa West",
    "southcentralus": "South Central US",
    "southeastasia": "Southeast Asia",
    "southindia": "South India",
    "spaincentral": "Spain Central",
    "swedencentral": "Sweden Central",
    "swedensouth": "Sweden South",
    "switzerlandnorth": "Switzerland North",
    "switzerlandwest": "Switzerland West",
    "uaecentral": "UAE Central",
    "uaenorth": "UAE North",
    "uksouth": "UK South",
    "ukwest": "UK West",
    "westcentralus": "West Central US",
    "westeurope": "West Europe",
    "westindia": "West India",
    "westus": "West US",
    "westus2": "West US 2",
    "westus3": "West US 3",
}


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def normalize_region(name: str) -> str | None:
    """ARM name of a region given its ARM or display name in any case ("East US 2" -> "eastus2")."""
    key = _key(name)
    return key if key in _REGIONS else None


def display_name(arm: str) -> str:
    """Display name of a region ("eastus2" -> "East US 2"); unknown names are returned unchanged."""
    return _REGIONS.get(_key(arm), arm)


def known_regions() -> list[str]:
    """Every known ARM region name, sorted."""
    return sorted(_REGIONS)


def suggest_region(name: str, n: int = 3) -> list[str]:
    """Close ARM region names for a mistyped region (display-name spellings are matched too)."""
    key = _key(name)
    if not key:
        return []
    by_display = {_key(v): k for k, v in _REGIONS.items()}
    candidates = list(_REGIONS) + [k for k in by_display if k not in _REGIONS]
    out: list[str] = []
    for match in difflib.get_close_matches(key, candidates, n=n * 2, cutoff=0.75):
        arm = match if match in _REGIONS else by_display[match]
        if arm not in out:
            out.append(arm)
    return out[:n]
