"""The observed state: an immutable snapshot of what Azure holds for one environment (facts, not actions)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from aoai_provision.plan.observed_access import ObservedAccess
from aoai_provision.plan.observed_network import ObservedDiagnostics, ObservedEndpoint, Reference
from aoai_provision.spec.model import MANAGED_BY_TAG, Identity, NetworkAcls


@dataclass(frozen=True)
class ObservedDeployment:
    """A deployment as ARM reports it."""

    name: str
    model: str
    version: str
    sku: str
    capacity: int
    model_format: str = "OpenAI"
    version_upgrade: str | None = None
    rai_policy: str | None = None
    dynamic_throttling: bool | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    provisioning_state: str | None = None
    id: str = ""
    spillover_deployment: str | None = None
    service_tier: str | None = None  # absent: Default
    state: str | None = None  # deploymentState: Running | Paused (absent: Running)
    current_capacity: int | None = None


@dataclass(frozen=True)
class ObservedAccount:
    """An account as ARM reports it, with all its deployments (from one list call)."""

    name: str
    region: str
    kind: str
    sku: str
    custom_subdomain: str | None = None
    public_network_access: str | None = None
    disable_local_auth: bool | None = None
    network_acls: NetworkAcls | None = None
    identity: Identity | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    endpoint: str | None = None
    endpoints: Mapping[str, str] = field(default_factory=dict)  # properties.endpoints (AIServices: many)
    allow_project_management: bool | None = None
    provisioning_state: str | None = None
    id: str = ""
    deployments: tuple[ObservedDeployment, ...] = ()
    access: ObservedAccess = field(default_factory=ObservedAccess)
    encryption: Mapping[str, str] | None = None  # keyVaultUri, keyName, keyVersion, identityClientId
    endpoint_connections: tuple[str, ...] = ()  # ids of the private endpoints connected to it

    def deployment(self, name: str) -> ObservedDeployment | None:
        return next((d for d in self.deployments if d.name.lower() == name.lower()), None)  # ARM: case-insensitive


@dataclass(frozen=True)
class DeletedAccount:
    """A soft-deleted account (restorable or purgeable within 48 hours)."""

    name: str
    region: str
    resource_group: str
    deletion_date: str | None = None
    scheduled_purge_date: str | None = None


@dataclass(frozen=True)
class Usage:
    """One quota line of `usages.list(region)`, in capacity units."""

    name: str  # OpenAI.GlobalStandard.gpt-4o
    current: float
    limit: float


@dataclass(frozen=True)
class ObservedState:
    """Everything read from Azure for one environment; ``fingerprint`` detects change since a plan."""

    subscription: str
    resource_group: str
    resource_group_exists: bool = False
    resource_group_location: str | None = None
    resource_group_tags: Mapping[str, str] = field(default_factory=dict)
    accounts: tuple[ObservedAccount, ...] = ()
    deleted_accounts: tuple[DeletedAccount, ...] = ()
    usages: Mapping[str, Mapping[str, Usage]] = field(default_factory=dict)  # region -> usage name -> Usage
    models: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)  # region -> models.list items
    read_at: str = ""
    endpoints: tuple[ObservedEndpoint, ...] = ()
    diagnostics: tuple[ObservedDiagnostics, ...] = ()
    references: Mapping[str, Reference] = field(default_factory=dict)  # lower-cased id -> what was read

    def endpoint(self, name: str) -> ObservedEndpoint | None:
        return next((e for e in self.endpoints if e.name.lower() == name.lower()), None)

    def diagnostic_settings(self, account: str) -> tuple[ObservedDiagnostics, ...]:
        return tuple(d for d in self.diagnostics if d.account.lower() == account.lower())

    def reference(self, resource_id: str) -> Reference | None:
        return self.references.get(resource_id.lower())

    def account(self, name: str) -> ObservedAccount | None:
        return self._accounts_by_name.get(name.lower())

    @functools.cached_property
    def _accounts_by_name(self) -> dict[str, ObservedAccount]:
        """Lower-cased name -> account (the first of that name), built once: a plan looks up every account."""
        found: dict[str, ObservedAccount] = {}
        for account in self.accounts:
            found.setdefault(account.name.lower(), account)
        return found

    def deleted_account(self, name: str) -> DeletedAccount | None:
        return next((a for a in self.deleted_accounts if a.name.lower() == name.lower()), None)

    def fingerprint(self) -> str:
        """A hash of what was read about the managed resources (not models, usages, provisioning states or read time)."""
        data = _plain(replace(self, models={}, usages={}))  # (models are large and not fingerprinted: not copied)
        data.pop("read_at", None)
        data.pop("models", None)
        data.pop("usages", None)
        for account in data["accounts"]:  # an operation finishing is not a change the plan cares about
            account.pop("provisioning_state", None)
            _managed_access(account)
            for deployment in account["deployments"]:
                deployment.pop("provisioning_state", None)
                deployment.pop("current_capacity", None)  # Azure's own adjustment, not a change
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for hashing: the same JSON, without deep-copying every leaf (a plan of 10,000
    deployments spent seconds in ``copy.deepcopy`` of strings)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _managed_access(account: dict[str, Any]) -> None:
    """Keep only the children the tool made in the fingerprint; drop the key when there are none (so a plan
    that read them and an apply that did not agree)."""
    from aoai_provision.spec.roles import is_marked

    access = account.pop("access", None) or {}
    kept = {
        "rai_policies": [p for p in access.get("rai_policies", ()) if p.get("tags", {}).get(MANAGED_BY_TAG)],
        "blocklists": [b for b in access.get("blocklists", ()) if b.get("tags", {}).get(MANAGED_BY_TAG)],
        "role_assignments": [r for r in access.get("role_assignments", ()) if is_marked(r.get("description"))],
    }
    if any(kept.values()):
        account["access"] = kept
