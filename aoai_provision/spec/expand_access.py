"""Layer an account's content_filters, blocklists and role_assignments (defaults, override, account)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aoai_provision.findings import Location
from aoai_provision.spec import rai_vocab, roles
from aoai_provision.spec.layers import Layer
from aoai_provision.spec.model_access import (
    Blocklist,
    BlocklistItem,
    ContentFilter,
    PolicyBlocklist,
    RaiPolicy,
    RoleAssignment,
)
from aoai_provision.spec.nodes import MapNode, PathPart, location_of

ACCESS_FIELDS = ("content_filters", "blocklists", "role_assignments")


def _entries(layers: Sequence[Layer], key: str) -> dict[str, tuple[Any, tuple[PathPart, ...]]]:
    """name -> (spec, path) over the layers; a later layer's entry of the same name replaces the earlier one."""
    out: dict[str, tuple[Any, tuple[PathPart, ...]]] = {}
    for layer in layers:
        values = getattr(layer.model, key, None) if layer.model is not None else None
        for name, spec in (values or {}).items():
            out.pop(name, None)
            out[name] = (spec, (*layer.path, key, name))
    return out


def policies(layers: Sequence[Layer], file: str, root: MapNode) -> tuple[RaiPolicy, ...]:
    """The account's content-filter policies; filter names are ARM's where known (else kept as written)."""
    out = []
    for name, (spec, path) in _entries(layers, "content_filters").items():
        locations: dict[str, Location] = {"": location_of(file, root, path)}
        filters = []
        for i, f in enumerate(spec.filters):
            kind = rai_vocab.find_filter(f.name)
            source = f.source or (kind.source if kind and kind.source else "")
            filters.append(ContentFilter(kind.name if kind else f.name, source, f.severity, f.blocking, f.enabled))
            locations[f"filters[{i}]"] = location_of(file, root, (*path, "filters", i))
        lists = []
        for i, b in enumerate(spec.blocklists):
            lists.append(PolicyBlocklist(b.name, b.source, b.blocking))
            locations[f"blocklists[{i}]"] = location_of(file, root, (*path, "blocklists", i, "name"))
        for key in ("base_policy", "mode"):
            locations[key] = location_of(file, root, (*path, key))
        out.append(RaiPolicy(name, spec.base_policy, spec.mode, tuple(filters), tuple(lists), locations))
    return tuple(out)


def blocklists(layers: Sequence[Layer], file: str, root: MapNode) -> tuple[Blocklist, ...]:
    """The account's blocklists; each item gets a stable ARM name derived from its pattern."""
    out = []
    for name, (spec, path) in _entries(layers, "blocklists").items():
        locations = {"": location_of(file, root, path)}
        items = []
        for i, item in enumerate(spec.items):
            items.append(BlocklistItem(rai_vocab.item_name(item.pattern, item.regex), item.pattern, item.regex))
            locations[f"items[{i}]"] = location_of(file, root, (*path, "items", i))
        out.append(Blocklist(name, spec.description, tuple(items), locations))
    return tuple(out)


def role_assignments(layers: Sequence[Layer], file: str, root: MapNode) -> tuple[RoleAssignment, ...]:
    """Every layer's role assignments, in order (defaults first); duplicates are left to validation."""
    out = []
    for layer in layers:
        values = getattr(layer.model, "role_assignments", None) if layer.model is not None else None
        for i, spec in enumerate(values or ()):
            path = (*layer.path, "role_assignments", i)
            found = roles.find_role(spec.role)
            guid = found.guid if found else (spec.role.lower() if roles.is_guid(spec.role) else "")
            locations = {"": location_of(file, root, path)}
            for key in ("role", "principal_id", "principal_type"):
                locations[key] = location_of(file, root, (*path, key))
            out.append(RoleAssignment(spec.role, guid, spec.principal_id.strip().lower(), spec.principal_type,
                                      spec.description, locations))
    return tuple(out)
