"""The frozen, normalized desired state that every command consumes (accounts with deployments)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aoai_provision.findings import Location
from aoai_provision.spec.model_access import Blocklist, RaiPolicy, RoleAssignment
from aoai_provision.spec.model_network import Diagnostics, Encryption, PrivateEndpoint

MANAGED_BY_TAG = "managed-by"
MANAGED_BY_VALUE = "aoai-provision"
ENVIRONMENT_TAG = "aoai-provision-environment"


def ownership_tags(environment: str) -> dict[str, str]:
    """The tags that mark a resource as managed by aoai-provision for ``environment``."""
    return {MANAGED_BY_TAG: MANAGED_BY_VALUE, ENVIRONMENT_TAG: environment}


def effective_tags(tags: Mapping[str, str], environment: str) -> dict[str, str]:
    """The full tag set the tool writes: the file's tags plus the ownership tags (which always win)."""
    return {**dict(tags), **ownership_tags(environment)}


def is_managed(tags: Mapping[str, str] | None, environment: str | None = None) -> bool:
    """True when ``tags`` carry the ownership tags (of ``environment``, when given)."""
    tags = tags or {}
    if tags.get(MANAGED_BY_TAG) != MANAGED_BY_VALUE:
        return False
    return environment is None or tags.get(ENVIRONMENT_TAG) == environment


@dataclass(frozen=True)
class NetworkAcls:
    """Account network rules: default action, IP rules (CIDR or address), VNet subnet ids."""

    default_action: str = "Allow"  # "Allow" | "Deny"
    ip_rules: tuple[str, ...] = ()
    virtual_network_rules: tuple[str, ...] = ()
    bypass: str | None = None  # "AzureServices" | "None"


@dataclass(frozen=True)
class Identity:
    """Managed identity: "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned" or "None"."""

    type: str = "SystemAssigned"
    user_assigned_identities: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesiredDeployment:
    """One model deployment, every value resolved.

    ``capacity`` is in the SKU's service units (usually 1 unit = 1,000 TPM). ``requested_tpm`` and
    ``requested_rpm`` keep what the file asked for, for messages. ``locations`` maps a field name
    ("name", "model", "version", "sku", "capacity", "rate_limit", ...) to where it was written;
    the key "" is the deployment entry itself.
    """

    name: str
    model: str
    version: str
    sku: str
    capacity: int
    model_format: str = "OpenAI"
    version_upgrade: str = "OnceNewDefaultVersionAvailable"
    rai_policy: str | None = None
    dynamic_throttling: bool | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    requested_tpm: int | None = None
    requested_rpm: int | None = None
    locations: Mapping[str, Location] = field(default_factory=dict)
    spillover_deployment: str | None = None  # None: not managed
    service_tier: str | None = None  # "Default" | "Priority"; None: not managed
    state: str | None = None  # "running" | "paused"; None: not managed

    @property
    def location(self) -> Location | None:
        return self.locations.get("")

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "spillover_deployment": self.spillover_deployment,
            "service_tier": self.service_tier,
            "state": self.state,
            "model": self.model,
            "model_format": self.model_format,
            "version": self.version,
            "sku": self.sku,
            "capacity": self.capacity,
            "version_upgrade": self.version_upgrade,
            "rai_policy": self.rai_policy,
            "dynamic_throttling": self.dynamic_throttling,
            "tags": dict(self.tags),
            "requested": {"tpm": self.requested_tpm, "rpm": self.requested_rpm},
            "location": self.location.to_json() if self.location else None,
        }


@dataclass(frozen=True)
class DesiredAccount:
    """One Cognitive Services account (kind OpenAI or AIServices) and its deployments.

    ``region`` is the ARM name (``eastus2``). ``tags`` already include the ownership tags.
    """

    name: str
    region: str
    kind: str = "OpenAI"
    sku: str = "S0"
    custom_subdomain: str = ""
    public_network_access: str = "Enabled"  # "Enabled" | "Disabled"
    disable_local_auth: bool = False
    network_acls: NetworkAcls | None = None
    identity: Identity | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    restore: bool = False
    deployments: tuple[DesiredDeployment, ...] = ()
    locations: Mapping[str, Location] = field(default_factory=dict)
    allow_project_management: bool | None = None  # None: not managed (the Foundry upgrade sets it to true)
    foundry_rollback: bool = False
    foundry_auto_upgrade: str | None = None  # "Enabled" | "Disabled" (preview api-version only: reported)
    rai_policies: tuple[RaiPolicy, ...] = ()
    blocklists: tuple[Blocklist, ...] = ()
    role_assignments: tuple[RoleAssignment, ...] = ()
    private_endpoint: PrivateEndpoint | None = None
    diagnostics: Diagnostics | None = None
    encryption: Encryption | None = None

    @property
    def location(self) -> Location | None:
        return self.locations.get("")

    def deployment(self, name: str) -> DesiredDeployment | None:
        return next((d for d in self.deployments if d.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "region": self.region,
            "kind": self.kind,
            "sku": self.sku,
            "custom_subdomain": self.custom_subdomain,
            "public_network_access": self.public_network_access,
            "disable_local_auth": self.disable_local_auth,
            "network_acls": None
            if self.network_acls is None
            else {
                "default_action": self.network_acls.default_action,
                "ip_rules": list(self.network_acls.ip_rules),
                "virtual_network_rules": list(self.network_acls.virtual_network_rules),
                "bypass": self.network_acls.bypass,
            },
            "identity": None
            if self.identity is None
            else {
                "type": self.identity.type,
                "user_assigned_identities": list(self.identity.user_assigned_identities),
            },
            "tags": dict(self.tags),
            "restore": self.restore,
            "allow_project_management": self.allow_project_management,
            "foundry_rollback": self.foundry_rollback,
            "foundry_auto_upgrade": self.foundry_auto_upgrade,
            "content_filters": [p.to_json() for p in self.rai_policies],
            "blocklists": [b.to_json() for b in self.blocklists],
            "role_assignments": [r.to_json() for r in self.role_assignments],
            "private_endpoint": self.private_endpoint.to_json() if self.private_endpoint else None,
            "diagnostics": self.diagnostics.to_json() if self.diagnostics else None,
            "encryption": self.encryption.to_json() if self.encryption else None,
            "deployments": [d.to_json() for d in self.deployments],
            "location": self.location.to_json() if self.location else None,
        }


@dataclass(frozen=True)
class DesiredState:
    """A whole environment file after expansion: what Azure should look like."""

    environment: str
    resource_group: str
    location: str  # ARM region name of the resource group
    subscription: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)  # resource-group tags (incl. ownership)
    accounts: tuple[DesiredAccount, ...] = ()
    source: str = ""  # the file it came from
    prune: bool = False  # `prune: true`: delete managed resources no longer in the file (as --prune)

    def account(self, name: str) -> DesiredAccount | None:
        return next((a for a in self.accounts if a.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "environment": self.environment,
            "subscription": self.subscription,
            "resource_group": self.resource_group,
            "location": self.location,
            "tags": dict(self.tags),
            "source": self.source,
            "accounts": [a.to_json() for a in self.accounts],
            "prune": self.prune,
        }
