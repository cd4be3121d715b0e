"""One observed account or deployment as the values an environment file writes for it (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aoai_provision.plan.observed import ObservedAccount, ObservedDeployment
from aoai_provision.spec.model import ENVIRONMENT_TAG, MANAGED_BY_TAG, Identity, NetworkAcls

DEFAULT_UPGRADE = "OnceNewDefaultVersionAvailable"  # what ARM does when the option is absent

# What a file writes to say "as Azure's default" for a setting another layer (defaults, the matrix) sets:
# each compares equal, in the plan's diff, to the setting being absent in Azure.
ACCOUNT_NEUTRAL: dict[str, Any] = {
    "network_acls": {"default_action": "Allow"},
    "identity": "None",
    "allow_project_management": False,
}
DEPLOYMENT_NEUTRAL: dict[str, Any] = {"service_tier": "Default", "state": "running"}


def own_tags(tags: Mapping[str, str]) -> dict[str, str]:
    """A resource's tags without the ownership tags (the tool writes those itself)."""
    return {str(k): str(v) for k, v in tags.items() if k not in (MANAGED_BY_TAG, ENVIRONMENT_TAG)}


def _acls(acls: NetworkAcls) -> dict[str, Any]:
    out: dict[str, Any] = {"default_action": acls.default_action.capitalize()}
    if acls.ip_rules:
        out["ip_rules"] = list(acls.ip_rules)
    if acls.virtual_network_rules:
        out["virtual_network_rules"] = list(acls.virtual_network_rules)
    if acls.bypass:
        out["bypass"] = acls.bypass
    return out


def _identity(identity: Identity) -> Any:
    kind = ", ".join(sorted(p.strip() for p in identity.type.split(",") if p.strip())) or "None"
    if not identity.user_assigned_identities:
        return kind
    return {"type": kind, "user_assigned_identities": list(identity.user_assigned_identities)}


def account_values(account: ObservedAccount) -> dict[str, Any]:
    """The account's settings as file values, in file order (no name, region, tags or children)."""
    out: dict[str, Any] = {"kind": account.kind or "OpenAI", "sku": account.sku or "S0"}
    out["public_network_access"] = account.public_network_access or "Enabled"
    out["disable_local_auth"] = bool(account.disable_local_auth)
    if account.network_acls is not None:
        out["network_acls"] = _acls(account.network_acls)
    if account.identity is not None and account.identity.type not in ("", "None"):
        out["identity"] = _identity(account.identity)
    if account.allow_project_management is not None and account.kind.lower() == "aiservices":
        out["allow_project_management"] = account.allow_project_management
    return out


def custom_subdomain(account: ObservedAccount) -> str | None:
    """The subdomain to write: only when it is not the default (the account name in lower case)."""
    sub = account.custom_subdomain
    return sub if sub and sub.lower() != account.name.lower() else None


def deployment_values(deployment: ObservedDeployment) -> dict[str, Any]:
    """The deployment's settings as file values, in file order (no name or tags). Capacity is in units."""
    out: dict[str, Any] = {"model": deployment.model, "version": deployment.version, "sku": deployment.sku,
                           "capacity": deployment.capacity,
                           "version_upgrade": deployment.version_upgrade or DEFAULT_UPGRADE}
    if deployment.rai_policy:
        out["rai_policy"] = deployment.rai_policy
    if deployment.model_format and deployment.model_format != "OpenAI":
        out["model_format"] = deployment.model_format
    if deployment.spillover_deployment:
        out["spillover_deployment"] = deployment.spillover_deployment
    if deployment.service_tier and deployment.service_tier.lower() != "default":
        out["service_tier"] = deployment.service_tier
    if deployment.state and deployment.state.lower() != "running":
        out["state"] = deployment.state.lower()
    return out
