"""The ARM resources of an environment: every account and deployment option mapped to its ARM property."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aoai_provision.arm_versions import COGNITIVE_SERVICES
from aoai_provision.render.bicep import symbol_names
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment, DesiredState, effective_tags

API_VERSION = COGNITIVE_SERVICES  # declared once in aoai_provision.arm_versions
ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
DEPLOYMENT_TYPE = "Microsoft.CognitiveServices/accounts/deployments"


@dataclass(frozen=True)
class RenderedResource:
    """One resource of the template: its ARM body (without type/apiVersion/dependsOn) and its wiring.

    ``body`` holds `name` (the resource's own name, not the `account/deployment` path) and the
    ARM properties in template order. ``depends_on`` lists symbols of resources it waits for,
    beyond its parent.
    """

    symbol: str
    type: str
    name: str
    body: dict[str, Any]
    parent: RenderedResource | None = None
    depends_on: tuple[RenderedResource, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.parent.full_name}/{self.name}" if self.parent else self.name

    def resource_id_expression(self) -> str:
        """`[resourceId('<type>', '<account>'[, '<deployment>'])]` for ARM `dependsOn`."""
        parts = ", ".join("'" + p.replace("'", "''") + "'" for p in self.full_name.split("/"))
        return f"[resourceId('{self.type}', {parts})]"


def account_body(state: DesiredState, account: DesiredAccount) -> dict[str, Any]:
    """The ARM body of an account (name, location, kind, sku, identity, tags, properties)."""
    body: dict[str, Any] = {
        "name": account.name,
        "location": account.region,
        "kind": account.kind,
        "sku": {"name": account.sku},
    }
    if account.identity is not None:
        identity: dict[str, Any] = {"type": account.identity.type}
        if account.identity.user_assigned_identities:
            identity["userAssignedIdentities"] = {uid: {} for uid in account.identity.user_assigned_identities}
        body["identity"] = identity
    body["tags"] = effective_tags(account.tags, state.environment)
    properties: dict[str, Any] = {
        "customSubDomainName": account.custom_subdomain or account.name,
        "publicNetworkAccess": account.public_network_access,
        "disableLocalAuth": account.disable_local_auth,
    }
    acls = account.network_acls
    if acls is not None:
        network: dict[str, Any] = {"defaultAction": acls.default_action}
        if acls.bypass is not None:
            network["bypass"] = acls.bypass
        network["ipRules"] = [{"value": rule} for rule in acls.ip_rules]
        network["virtualNetworkRules"] = [{"id": subnet} for subnet in acls.virtual_network_rules]
        properties["networkAcls"] = network
    if account.allow_project_management is not None:
        properties["allowProjectManagement"] = account.allow_project_management
    if account.restore:
        properties["restore"] = True
    body["properties"] = properties
    return body


def deployment_body(state: DesiredState, deployment: DesiredDeployment) -> dict[str, Any]:
    """The ARM body of a deployment (name, sku, tags, properties).

    ``dynamic_throttling`` has no ARM property to map to: `dynamicThrottlingEnabled` is read-only on
    deployments (REST 2025-09-01) and absent from the 2025-06-01 template schema, so it is not written
    (the SDK engine does not send it either).
    """
    body: dict[str, Any] = {
        "name": deployment.name,
        "sku": {"name": deployment.sku, "capacity": deployment.capacity},
    }
    body["tags"] = effective_tags(deployment.tags, state.environment)
    properties: dict[str, Any] = {
        "model": {"format": deployment.model_format, "name": deployment.model, "version": deployment.version},
        "versionUpgradeOption": deployment.version_upgrade,
    }
    if deployment.rai_policy:
        properties["raiPolicyName"] = deployment.rai_policy
    if deployment.spillover_deployment:
        properties["spilloverDeploymentName"] = deployment.spillover_deployment
    if deployment.service_tier:
        properties["serviceTier"] = deployment.service_tier
    if deployment.state:
        properties["deploymentState"] = deployment.state.capitalize()
    body["properties"] = properties
    return body


def rendered_resources(state: DesiredState) -> list[RenderedResource]:
    """Accounts in file order, each followed by its deployments chained one after another.

    Azure refuses parallel writes to deployments of one account, so each deployment depends on
    the previous one of the same account (the first one only on its account, its parent).
    """
    taken: set[str] = set()
    resources: list[RenderedResource] = []
    account_symbols = symbol_names([a.name for a in state.accounts], "acct_", taken)
    for account, symbol in zip(state.accounts, account_symbols, strict=True):
        parent = RenderedResource(symbol, ACCOUNT_TYPE, account.name, account_body(state, account))
        resources.append(parent)
        # a spillover source is chained after its target, which must exist first
        ordered = sorted(account.deployments, key=lambda d: bool(d.spillover_deployment))
        names = [f"{account.name}_{d.name}" for d in ordered]
        previous: RenderedResource | None = None
        for deployment, dep_symbol in zip(ordered, symbol_names(names, "dep_", taken), strict=True):
            child = RenderedResource(
                dep_symbol, DEPLOYMENT_TYPE, deployment.name, deployment_body(state, deployment),
                parent=parent, depends_on=(previous,) if previous else (),
            )
            resources.append(child)
            previous = child
    return resources


def arm_literal(value: Any) -> Any:
    """Escape literal strings for ARM: a string starting with `[` would be an expression, so `[[`."""
    if isinstance(value, str):
        return "[" + value if value.startswith("[") else value
    if isinstance(value, dict):
        return {k: arm_literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [arm_literal(v) for v in value]
    return value


def arm_resource(resource: RenderedResource) -> dict[str, Any]:
    """The resource as it appears in `azuredeploy.json` (full name, explicit `dependsOn` chain)."""
    out: dict[str, Any] = {"type": resource.type, "apiVersion": API_VERSION, "name": resource.full_name}
    out.update((k, arm_literal(v)) for k, v in resource.body.items() if k != "name")
    depends = ([resource.parent] if resource.parent else []) + list(resource.depends_on)
    if depends:
        out["dependsOn"] = [r.resource_id_expression() for r in depends]
    return out


def template_metadata(state: DesiredState, generator_version: str) -> dict[str, Any]:
    """The template's `metadata`: which tool wrote it, for which environment (no timestamps)."""
    return {
        "_generator": {"name": "aoai-provision", "version": generator_version},
        "environment": state.environment,
        "resourceGroup": state.resource_group,
    }
