"""Plan actions: what to create, update, replace, restore or delete, each with its reason and field diff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from aoai_provision.findings import Finding

PLAN_FORMAT_VERSION = 1


class ActionKind(str, Enum):  # noqa: UP042 - str() kept as before
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"  # delete + create (deployment SKU name change; needs --allow-replace)
    RESTORE = "restore"  # restore a soft-deleted account (restore: true)
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "replace": "-/+", "restore": "+", "delete": "-"}[self.value]


class ResourceType(str, Enum):  # noqa: UP042
    RESOURCE_GROUP = "resource_group"
    ACCOUNT = "account"
    DEPLOYMENT = "deployment"
    RAI_BLOCKLIST = "blocklist"
    RAI_BLOCKLIST_ITEM = "blocklist_item"
    RAI_POLICY = "content_filter"
    ROLE_ASSIGNMENT = "role_assignment"
    PRIVATE_ENDPOINT = "private_endpoint"  # with its DNS zone group; in the account's resource group
    DIAGNOSTIC_SETTING = "diagnostic_setting"  # on the account (Microsoft.Insights extension resource)
    ENCRYPTION = "encryption"  # a new account's customer-managed key: a second account PUT, after its identity


# Resources that live inside an account beside its deployments (written in the account's chain).
CHILD_TYPES = frozenset({ResourceType.RAI_POLICY, ResourceType.RAI_BLOCKLIST, ResourceType.RAI_BLOCKLIST_ITEM,
                         ResourceType.ROLE_ASSIGNMENT})
# Resources around an account (private endpoint, diagnostic setting, a new account's key step): also in the
# account's chain, after the account, deleted before it; written through azure/network_writes.py.
NETWORK_CHILDREN = frozenset({ResourceType.PRIVATE_ENDPOINT, ResourceType.DIAGNOSTIC_SETTING, ResourceType.ENCRYPTION})


@dataclass(frozen=True)
class FieldChange:
    """One field's change, shown as `field: before → after`."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Action:
    """One write to make. ``desired`` is the resource's desired-state JSON (DesiredAccount/DesiredDeployment
    ``to_json()`` without nested deployments); ``account`` is None for the resource group."""

    kind: ActionKind
    resource_type: ResourceType
    name: str
    reason: str
    account: str | None = None
    region: str | None = None
    changes: tuple[FieldChange, ...] = ()
    desired: Mapping[str, Any] | None = None
    capacity_delta: int = 0  # + for increases, - for decreases (ordering: frees quota first)
    parent: str | None = None  # the account child this resource belongs to (a blocklist item's blocklist)
    adopt: bool = False  # --adopt: the resource exists untagged; this write brings it under management

    @property
    def address(self) -> str:
        """Terraform-like address: `account.aoai-prod-eastus2.deployment.realtime`."""
        if self.resource_type is ResourceType.RAI_BLOCKLIST_ITEM:
            return f"account.{self.account}.blocklist.{self.parent}.item.{self.name}"
        if self.resource_type is ResourceType.ENCRYPTION:
            return f"account.{self.account}.encryption"
        if self.resource_type not in (ResourceType.ACCOUNT, ResourceType.RESOURCE_GROUP):
            return f"account.{self.account}.{self.resource_type.value}.{self.name}"
        if self.resource_type is ResourceType.ACCOUNT:
            return f"account.{self.name}"
        return f"resource_group.{self.name}"


@dataclass(frozen=True)
class PlanScope:
    """``adopt``: bring untagged resources the file declares under management. ``targets``: addresses the
    plan is limited to (plus what they need). ``replace``: deployment addresses to delete and create again."""

    adopt: bool = False
    targets: tuple[str, ...] = ()
    replace: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"adopt": self.adopt, "targets": list(self.targets), "replace": list(self.replace)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlanScope:
        return cls(adopt=bool(data.get("adopt", False)), targets=tuple(str(t) for t in data.get("targets") or ()),
                   replace=tuple(str(r) for r in data.get("replace") or ()))

    def replaces(self, address: str) -> bool:
        return address.lower() in {r.lower() for r in self.replace}


@dataclass(frozen=True)
class Plan:
    """Ordered actions for one environment plus the findings (warnings, infos) preflight produced."""

    environment: str
    subscription: str
    resource_group: str
    source: str
    actions: tuple[Action, ...] = ()
    findings: tuple[Finding, ...] = ()
    fingerprint: str = ""  # ObservedState.fingerprint() the plan was made from
    engine: str = "sdk"
    desired: Mapping[str, Any] = field(default_factory=dict)  # DesiredState.to_json()
    prune: bool = False  # made with --prune (a saved plan is re-derived with the same options)
    allow_replace: bool = False  # made with --allow-replace
    scope: PlanScope = field(default_factory=lambda: PlanScope())  # --adopt / --target / --replace

    @property
    def is_empty(self) -> bool:
        """No writes to make (managed resources no longer in the file may still be listed)."""
        return not self.actions

    @property
    def not_in_file(self) -> tuple[str, ...]:
        """Addresses of managed resources the file no longer declares and the plan keeps (no --prune)."""
        return tuple(f.resource or "" for f in self.findings if f.details.get("drift") == "not-in-file")

    @property
    def has_changes(self) -> bool:
        """Writes to make, or managed resources no longer in the file (drift that --detailed-exitcode reports)."""
        return bool(self.actions or self.not_in_file)
