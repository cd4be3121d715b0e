"""Desired account children: content-filter (RAI) policies, blocklists with their items, role assignments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aoai_provision.findings import Location


@dataclass(frozen=True)
class ContentFilter:
    """One filter of a policy, with ARM's name (`Hate`, `Protected Material Text`)."""

    name: str
    source: str
    severity: str | None = None  # Low | Medium | High, for multi-level filters
    blocking: bool = True
    enabled: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "severity": self.severity, "blocking": self.blocking,
                "enabled": self.enabled}


@dataclass(frozen=True)
class PolicyBlocklist:
    """A blocklist a policy applies, to prompts or completions."""

    name: str
    source: str
    blocking: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "blocking": self.blocking}


@dataclass(frozen=True)
class RaiPolicy:
    """A content-filter policy (`accounts/raiPolicies`)."""

    name: str
    base_policy: str = "Microsoft.DefaultV2"
    mode: str | None = None
    filters: tuple[ContentFilter, ...] = ()
    blocklists: tuple[PolicyBlocklist, ...] = ()
    locations: Mapping[str, Location] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "base_policy": self.base_policy, "mode": self.mode,
                "filters": [f.to_json() for f in self.filters], "blocklists": [b.to_json() for b in self.blocklists]}


@dataclass(frozen=True)
class BlocklistItem:
    """One term or regular expression of a blocklist; ``name`` is its ARM name (derived from the pattern)."""

    name: str
    pattern: str
    regex: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "pattern": self.pattern, "regex": self.regex}


@dataclass(frozen=True)
class Blocklist:
    """A custom blocklist (`accounts/raiBlocklists`) and its items (`.../raiBlocklistItems`)."""

    name: str
    description: str | None = None
    items: tuple[BlocklistItem, ...] = ()
    locations: Mapping[str, Location] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "items": [i.to_json() for i in self.items]}


@dataclass(frozen=True)
class RoleAssignment:
    """A role assignment at account scope. ``role`` is as written; ``role_guid`` the role definition's GUID
    ("" when the role is unknown); ``principal_id`` is lower case."""

    role: str
    role_guid: str
    principal_id: str
    principal_type: str | None = None
    description: str | None = None
    locations: Mapping[str, Location] = field(default_factory=dict)

    @property
    def location(self) -> Location | None:
        return self.locations.get("")

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "role_guid": self.role_guid, "principal_id": self.principal_id,
                "principal_type": self.principal_type, "description": self.description}


def policy_from_json(data: Mapping[str, Any]) -> RaiPolicy:
    return RaiPolicy(
        name=str(data["name"]), base_policy=str(data.get("base_policy") or "Microsoft.DefaultV2"),
        mode=data.get("mode"),
        filters=tuple(ContentFilter(str(f["name"]), str(f["source"]), f.get("severity"), bool(f.get("blocking", True)),
                                    bool(f.get("enabled", True))) for f in data.get("filters") or ()),
        blocklists=tuple(PolicyBlocklist(str(b["name"]), str(b["source"]), bool(b.get("blocking", True)))
                         for b in data.get("blocklists") or ()))


def blocklist_from_json(data: Mapping[str, Any]) -> Blocklist:
    return Blocklist(name=str(data["name"]), description=data.get("description"),
                     items=tuple(BlocklistItem(str(i["name"]), str(i["pattern"]), bool(i.get("regex", False)))
                                 for i in data.get("items") or ()))


def role_assignment_from_json(data: Mapping[str, Any]) -> RoleAssignment:
    return RoleAssignment(role=str(data["role"]), role_guid=str(data.get("role_guid") or ""),
                          principal_id=str(data["principal_id"]), principal_type=data.get("principal_type"),
                          description=data.get("description"))
