"""What Azure holds beside an account's deployments: RAI policies, blocklists with items, role assignments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aoai_provision.spec.model_access import BlocklistItem, ContentFilter, PolicyBlocklist


@dataclass(frozen=True)
class ObservedPolicy:
    """A content-filter policy as ARM reports it (``type`` SystemManaged for Microsoft's built-ins)."""

    name: str
    type: str | None = None
    base_policy: str | None = None
    mode: str | None = None
    filters: tuple[ContentFilter, ...] = ()
    blocklists: tuple[PolicyBlocklist, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    id: str = ""


@dataclass(frozen=True)
class ObservedBlocklist:
    """A custom blocklist and all its items."""

    name: str
    description: str | None = None
    items: tuple[BlocklistItem, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    id: str = ""


@dataclass(frozen=True)
class ObservedRoleAssignment:
    """A role assignment made exactly at the account's scope (inherited ones are not listed)."""

    name: str
    role_guid: str
    principal_id: str
    principal_type: str | None = None
    description: str | None = None
    id: str = ""


@dataclass(frozen=True)
class ObservedAccess:
    """An account's children; ``read`` is False when they were not read (then nothing is planned for them)."""

    read: bool = False
    rai_policies: tuple[ObservedPolicy, ...] = ()
    blocklists: tuple[ObservedBlocklist, ...] = ()
    role_assignments: tuple[ObservedRoleAssignment, ...] = ()

    def policy(self, name: str) -> ObservedPolicy | None:
        return next((p for p in self.rai_policies if p.name.lower() == name.lower()), None)

    def blocklist(self, name: str) -> ObservedBlocklist | None:
        return next((b for b in self.blocklists if b.name.lower() == name.lower()), None)
