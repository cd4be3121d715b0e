"""Facts about private DNS zones, diagnostic categories and resource-id shapes, each with its source."""

from __future__ import annotations

import re

# Private DNS zones the `account` sub-resource of a private endpoint registers names in, per account kind.
# Source: azure-ai-docs articles/foundry/how-to/upgrade-azure-openai.md (2026-01-07) and Azure Private
# Endpoint DNS values (privatelink.cognitiveservices.azure.com, privatelink.openai.azure.com,
# privatelink.services.ai.azure.com), public cloud; as of 2026-11-29.
ZONES_BY_KIND: dict[str, tuple[str, ...]] = {
    "openai": ("privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com"),
    "aiservices": ("privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com",
                   "privatelink.services.ai.azure.com"),
}
PRIVATE_LINK_GROUP = "account"  # groupIds of the private link service connection

# Resource log categories and category groups of Microsoft.CognitiveServices/accounts.
# Source: MicrosoftDocs/azure-monitor-docs articles/azure-monitor/reference/supported-logs/
# microsoft-cognitiveservices-accounts-logs.md @8875b7f (ms.date 2025-04-16); groups: Azure Monitor
# "diagnostic settings" (audit, allLogs); metrics: AllMetrics. As of 2026-11-29.
LOG_CATEGORIES = ("Audit", "AzureOpenAIRequestUsage", "RequestResponse", "Trace")
LOG_CATEGORY_GROUPS = ("allLogs", "audit")
METRIC_CATEGORIES = ("AllMetrics",)
CATEGORY_SOURCE = ("azure-monitor-docs supported-logs/microsoft-cognitiveservices-accounts-logs.md "
                   "(2025-04-16)")

_SEG = r"[^/]+"
_RG_PREFIX = rf"^/subscriptions/{_SEG}/resourceGroups/{_SEG}/providers/"
RESOURCE_ID_SHAPES: dict[str, re.Pattern[str]] = {
    "subnet": re.compile(_RG_PREFIX + rf"Microsoft\.Network/virtualNetworks/{_SEG}/subnets/{_SEG}$", re.I),
    "private DNS zone": re.compile(_RG_PREFIX + rf"Microsoft\.Network/privateDnsZones/{_SEG}$", re.I),
    "Log Analytics workspace": re.compile(_RG_PREFIX + rf"Microsoft\.OperationalInsights/workspaces/{_SEG}$", re.I),
    "user-assigned identity": re.compile(
        _RG_PREFIX + rf"Microsoft\.ManagedIdentity/userAssignedIdentities/{_SEG}$", re.I),
}
EXAMPLE_IDS = {
    "subnet": "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/"
              "subnets/<subnet>",
    "private DNS zone": "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/"
                        "privatelink.openai.azure.com",
    "Log Analytics workspace": "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/"
                               "workspaces/<name>",
    "user-assigned identity": "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/"
                              "userAssignedIdentities/<name>",
}
# Key Vault and Managed HSM DNS suffixes of the public and sovereign clouds.
KEY_VAULT_SUFFIXES = (".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net",
                      ".managedhsm.azure.net", ".managedhsm.azure.cn", ".managedhsm.usgovcloudapi.net")


def last_segment(resource_id: str) -> str:
    """The resource's own name (the last path segment of its id)."""
    return resource_id.rstrip("/").rsplit("/", 1)[-1]
