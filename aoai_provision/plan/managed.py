"""The fields an update writes (ARM names); every other property and tag is kept as Azure holds it."""

from __future__ import annotations

from collections.abc import Iterable

from aoai_provision.plan.actions import Action, ActionKind, ResourceType

MANAGED_FIELDS: dict[ResourceType, tuple[str, ...]] = {
    ResourceType.ACCOUNT: ("kind", "sku.name", "identity", "properties.publicNetworkAccess",
                           "properties.disableLocalAuth", "properties.networkAcls",
                           "properties.allowProjectManagement", "tags the file declares"),
    ResourceType.DEPLOYMENT: ("sku.name", "sku.capacity", "properties.model", "properties.versionUpgradeOption",
                              "properties.raiPolicyName", "properties.spilloverDeploymentName",
                              "properties.serviceTier", "properties.deploymentState", "tags the file declares"),
    ResourceType.RAI_POLICY: ("properties.basePolicyName", "properties.mode", "properties.contentFilters",
                              "properties.customBlocklists", "tags the file declares"),
    ResourceType.RAI_BLOCKLIST: ("properties.description", "tags the file declares"),
}


def managed_fields_note(actions: Iterable[Action]) -> str | None:
    """One line for the plan: what its updates write, when it has any."""
    kinds = sorted({a.resource_type for a in actions
                    if a.kind is ActionKind.UPDATE and a.resource_type in MANAGED_FIELDS}, key=lambda t: t.value)
    if not kinds:
        return None
    parts = [f"{t.value.replace('_', ' ')}s: {', '.join(MANAGED_FIELDS[t])}" for t in kinds]
    return ("Fields it manages (updates write only these; every other property and tag, including any set "
            f"in the portal or by Azure Policy, is kept): {'; '.join(parts)}.")
