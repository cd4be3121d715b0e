"""Where the deployment options of 2025-2026 are offered (spillover, priority processing, pause), with sources."""

from __future__ import annotations

from aoai_provision.catalog.types import Source

_DOCS = "MicrosoftDocs/azure-ai-docs"
SPILLOVER_DOC = Source(
    key="spillover", title="Manage traffic with spillover for provisioned deployments", as_of="2026-03-04",
    url=f"{_DOCS}/articles/foundry/openai/how-to/spillover-traffic-management.md@01cbaee927a16a5bee56d35eb83e470d7f14d36a")
PRIORITY_DOC = Source(
    key="priority-processing", title="Priority processing", as_of="2026-09-24",
    url=f"{_DOCS}/articles/foundry/openai/includes/concepts-priority-processing-1.md@03b0fd556609d6d400a6266be673031e151ae349")
TEMPLATE_SCHEMA = Source(
    key="arm-schema-2026-05-01", title="Microsoft.CognitiveServices template schema 2026-05-01 (deploymentState, "
    "serviceTier descriptions)", as_of="2026-06-04",
    url="Azure/azure-resource-manager-schemas/schemas/2026-05-01/Microsoft.CognitiveServices.json@a1454431")

PROVISIONED_SKUS = ("ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged")
STANDARD_SKUS = ("Standard", "GlobalStandard", "DataZoneStandard")
# Spillover goes to the standard deployment at the provisioned one's data-processing level.
SPILLOVER_TARGET = {"ProvisionedManaged": "Standard", "GlobalProvisionedManaged": "GlobalStandard",
                    "DataZoneProvisionedManaged": "DataZoneStandard"}
PRIORITY_SKUS = ("GlobalStandard", "DataZoneStandard")
PRIORITY_MODELS = frozenset({
    ("gpt-5.6-terra", "2026-07-09"), ("gpt-5.6-sol", "2026-07-09"), ("gpt-5.5", "2026-04-24"),
    ("gpt-5.4-mini", "2026-03-17"), ("gpt-5.4", "2026-03-05"), ("gpt-5.2", "2025-12-11"),
    ("gpt-5.1", "2025-11-13"), ("gpt-4.1", "2025-04-14"),
})
PAUSE_SKUS = ("Standard", "DataZoneStandard", "GlobalStandard")  # "Pause operations are only supported on ..."


def sku_named(name: str, choices: tuple[str, ...]) -> str | None:
    """The canonical spelling of ``name`` among ``choices`` (SKU names are case-insensitive), else None."""
    return next((c for c in choices if c.lower() == name.lower()), None)
