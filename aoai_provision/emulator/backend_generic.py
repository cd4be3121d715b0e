"""A generic ARM resource store for the types the emulator does not model.

Virtual networks, subnets, private DNS zones, workspaces, identities: any client PUTs, GETs and
DELETEs them by id, as ARM holds them."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors
from aoai_provision.emulator.backend_base import TENANT, WriteResult, rg_key
from aoai_provision.emulator.offers import normalize_location

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

STORE = "generic"


@dataclass(frozen=True)
class ResourceId:
    """A parsed resource-group-scoped id: `/subscriptions/s/resourceGroups/g/providers/ns/t1/n1[/t2/n2...]`."""

    id: str
    subscription: str
    resource_group: str
    namespace: str
    pairs: tuple[tuple[str, str], ...]

    @property
    def type(self) -> str:
        return "/".join([self.namespace, *(t for t, _ in self.pairs)])

    @property
    def name(self) -> str:
        return self.pairs[-1][1]

    @property
    def parent(self) -> str | None:
        return self.id.rsplit("/", 2)[0] if len(self.pairs) > 1 else None

    @property
    def key(self) -> str:
        return self.id.lower()


def parse_id(resource_id: str) -> ResourceId | None:
    parts = resource_id.strip("/").split("/")
    if len(parts) < 8 or [p.lower() for p in (parts[0], parts[2], parts[4])] != ["subscriptions", "resourcegroups",
                                                                                    "providers"]:
        return None
    rest = parts[6:]
    if len(rest) % 2 or "providers" in (p.lower() for p in rest):
        return None
    pairs = tuple((rest[i], rest[i + 1]) for i in range(0, len(rest), 2))
    return ResourceId("/" + "/".join(parts), parts[1], parts[3], parts[5], pairs)


def store(data: dict[str, Any]) -> dict[str, Any]:
    records: dict[str, Any] = data["extensions"].setdefault(STORE, {})
    return records


def find(data: dict[str, Any], resource_id: str) -> dict[str, Any] | None:
    """The stored body of ``resource_id`` (any type the generic store holds), or None."""
    found: dict[str, Any] | None = store(data).get(resource_id.rstrip("/").lower())
    return found


def stable_uuid(resource_id: str, what: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{what}:{resource_id.lower()}"))


def not_found(rid: ResourceId) -> errors.ArmError:
    path = "/".join(f"{t}/{n}" for t, n in rid.pairs)
    return errors.resource_not_found(rid.namespace, path, rid.resource_group)


def invalid_reference(referenced: str, by: str) -> errors.ArmError:
    """ARM's answer when a resource refers to one that does not exist (or is in another region)."""
    return errors.ArmError(400, "InvalidResourceReference",
                           f"Resource {referenced} referenced by resource {by} was not found. Please make sure that "
                           "the referenced resource exists, and that both resources are in the same region.")


def _computed(rid: ResourceId, body: dict[str, Any]) -> None:
    """Read-only properties ARM adds for a few well-known types (kept stable across PUTs)."""
    props = body["properties"]
    kind = rid.type.lower()
    if kind == "microsoft.managedidentity/userassignedidentities":
        props.update(principalId=stable_uuid(rid.id, "principal"), clientId=stable_uuid(rid.id, "client"),
                     tenantId=TENANT)
    elif kind == "microsoft.operationalinsights/workspaces":
        props["customerId"] = stable_uuid(rid.id, "customer")
    elif kind == "microsoft.network/virtualnetworks":
        subnets = []
        for subnet in props.get("subnets") or []:
            child = {**copy.deepcopy(subnet), "id": f"{rid.id}/subnets/{subnet.get('name')}",
                     "type": "Microsoft.Network/virtualNetworks/subnets"}
            child.setdefault("properties", {})["provisioningState"] = "Succeeded"
            subnets.append(child)
        props["subnets"] = subnets


class GenericMixin:
    """Generic resources of the Backend (any type not modelled elsewhere)."""

    def put_generic(self: Backend, resource_id: str, body: dict[str, Any]) -> WriteResult:
        rid = _require_id(resource_id)
        with self.tx() as data:
            self.require_resource_group(data, rid.subscription, rid.resource_group)
            parent = find(data, rid.parent) if rid.parent else None
            if rid.parent and parent is None:
                raise errors.ArmError(404, "ParentResourceNotFound",
                                      f"Failed to perform 'write' on resource(s) of type '{rid.type}', because the "
                                      f"parent resource '{rid.parent}' could not be found.")
            before = find(data, rid.id)
            record: dict[str, Any] = {"id": rid.id, "name": rid.name, "type": rid.type}
            if body.get("location"):
                record["location"] = normalize_location(str(body["location"]))
            for key in ("kind", "sku", "tags", "identity", "zones"):
                if body.get(key) is not None:
                    record[key] = copy.deepcopy(body[key])
            record["properties"] = {**copy.deepcopy(body.get("properties") or {}), "provisioningState": "Succeeded"}
            _computed(rid, record)
            self.stamp(record, created=before is None)
            self._store_generic(data, rid, record)
            return WriteResult(200 if before else 201, copy.deepcopy(record))

    def _store_generic(self: Backend, data: dict[str, Any], rid: ResourceId, record: dict[str, Any]) -> None:
        records = store(data)
        if rid.type.lower() == "microsoft.network/virtualnetworks":  # subnets written inline are resources too
            for key in [k for k in records if k.startswith(rid.key + "/subnets/")]:
                del records[key]
            for subnet in record["properties"]["subnets"]:
                records[subnet["id"].lower()] = copy.deepcopy(subnet)
        if rid.type.lower() == "microsoft.network/virtualnetworks/subnets" and rid.parent:
            vnet = records[rid.parent.lower()]
            subnets = [s for s in vnet["properties"].get("subnets") or [] if s["name"].lower() != rid.name.lower()]
            vnet["properties"]["subnets"] = [*subnets, copy.deepcopy(record)]
        records[rid.key] = record

    def get_generic(self: Backend, resource_id: str) -> dict[str, Any]:
        rid = _require_id(resource_id)
        with self.tx() as data:
            self.require_resource_group(data, rid.subscription, rid.resource_group)
            found = find(data, rid.id)
            if found is None:
                raise not_found(rid)
            return copy.deepcopy(found)

    def delete_generic(self: Backend, resource_id: str) -> WriteResult:
        """Delete a resource and everything under it (200), or 204 when it does not exist."""
        rid = _require_id(resource_id)
        with self.tx() as data:
            self.require_resource_group(data, rid.subscription, rid.resource_group)
            records = store(data)
            if rid.key not in records:
                return WriteResult(204, None)
            for key in [k for k in records if k == rid.key or k.startswith(rid.key + "/")]:
                del records[key]
            if rid.type.lower() == "microsoft.network/virtualnetworks/subnets" and rid.parent:
                vnet = records.get(rid.parent.lower())
                if vnet is not None:
                    vnet["properties"]["subnets"] = [s for s in vnet["properties"].get("subnets") or []
                                                     if s["name"].lower() != rid.name.lower()]
            return WriteResult(200, None)


def _require_id(resource_id: str) -> ResourceId:
    rid = parse_id(resource_id)
    if rid is None:
        raise errors.bad_request(f"'{resource_id}' is not a valid resource id.", "InvalidResourceId")
    return rid


def apply_seed(backend: Backend) -> None:
    """Create the configured seed resources that do not exist yet (and their resource groups)."""
    for seed in backend.config.seed:
        rid = _require_id(seed.id)
        with backend.tx() as data:
            exists = find(data, rid.id) is not None
            has_group = rg_key(rid.subscription, rid.resource_group) in data["resource_groups"]
        if exists:
            continue
        if not has_group:
            backend.put_resource_group(rid.subscription, rid.resource_group, {"location": seed.location or "eastus"})
        body: dict[str, Any] = {"properties": seed.properties}
        if seed.location:
            body["location"] = seed.location
        if seed.tags is not None:
            body["tags"] = seed.tags
        backend.put_generic(rid.id, body)
