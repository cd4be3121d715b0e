"""Read the private endpoints, diagnostic settings and referenced resources of an environment (GETs by id)."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

from aoai_provision.azure import generic
from aoai_provision.azure.errors import azure_call
from aoai_provision.catalog.network import LOG_CATEGORY_GROUPS
from aoai_provision.plan.observed import ObservedAccount
from aoai_provision.plan.observed_network import ObservedDiagnostics, ObservedEndpoint, Reference
from aoai_provision.spec.model import DesiredState, is_managed
from aoai_provision.spec.model_network import DEFAULT_DIAGNOSTICS_NAME, DNS_ZONE_GROUP_NAME

ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints"
DIAGNOSTICS_PATH = "/providers/Microsoft.Insights/diagnosticSettings/"


@dataclass(frozen=True)
class NetworkState:
    endpoints: tuple[ObservedEndpoint, ...]
    diagnostics: tuple[ObservedDiagnostics, ...]
    references: dict[str, Reference]


def _get(clients: Any, resource_id: str) -> dict[str, Any] | None:
    return azure_call(lambda: generic.get(clients, resource_id), resource=resource_id, action="reading")


def referenced_ids(desired: DesiredState) -> dict[str, str]:
    """Every resource id the file references, lower-cased id -> kind (subnet, zone, workspace, identity)."""
    out: dict[str, str] = {}
    for account in desired.accounts:
        if account.private_endpoint is not None:
            out[account.private_endpoint.subnet_id.lower()] = "subnet"
            for zone in account.private_endpoint.dns_zone_ids or ():
                out[zone.lower()] = "private DNS zone"
        if account.diagnostics is not None:
            out[account.diagnostics.workspace_id.lower()] = "Log Analytics workspace"
        if account.encryption is not None:
            out[account.encryption.identity.lower()] = "user-assigned identity"
    return out


def read_reference(clients: Any, resource_id: str, kind: str) -> Reference:
    """Read one referenced resource; for a subnet also its virtual network (whose location it has)."""
    found = _get(clients, resource_id)
    if found is None:
        return Reference(resource_id, kind, exists=False)
    region, client_id = str(found.get("location") or ""), ""
    if kind == "subnet":
        vnet = _get(clients, resource_id.rsplit("/subnets/", 1)[0])
        region = str((vnet or {}).get("location") or "")
    if kind == "user-assigned identity":
        client_id = str(found["properties"].get("clientId") or "")
    return Reference(resource_id, kind, True, region.replace(" ", "").lower(), client_id)


def map_endpoint(body: dict[str, Any], zone_group: dict[str, Any] | None) -> ObservedEndpoint:
    props = body.get("properties") or {}
    connections = props.get("privateLinkServiceConnections") or props.get("manualPrivateLinkServiceConnections") or []
    first = (connections[0].get("properties") or {}) if connections else {}
    zones = None
    if zone_group is not None:
        configs = (zone_group.get("properties") or {}).get("privateDnsZoneConfigs") or []
        zones = tuple(str((c.get("properties") or {}).get("privateDnsZoneId") or "") for c in configs)
    return ObservedEndpoint(
        name=str(body.get("name") or ""), region=str(body.get("location") or "").replace(" ", "").lower(),
        subnet_id=str((props.get("subnet") or {}).get("id") or ""),
        target_id=str(first.get("privateLinkServiceId") or ""), group_ids=tuple(first.get("groupIds") or ()),
        dns_zone_ids=zones, tags=dict(body.get("tags") or {}), id=str(body.get("id") or ""))


def read_endpoint(clients: Any, endpoint_id: str) -> ObservedEndpoint | None:
    body = _get(clients, endpoint_id)
    if body is None:
        return None
    return map_endpoint(body, _get(clients, f"{endpoint_id}/privateDnsZoneGroups/{DNS_ZONE_GROUP_NAME}"))


def map_diagnostics(account: str, body: dict[str, Any]) -> ObservedDiagnostics:
    props = body.get("properties") or {}
    logs = tuple(str(e.get("categoryGroup") or e.get("category")) for e in props.get("logs") or ()
                 if e.get("enabled"))
    metrics = tuple(str(e.get("category")) for e in props.get("metrics") or () if e.get("enabled"))
    return ObservedDiagnostics(account=account, name=str(body.get("name") or ""),
                               workspace_id=str(props.get("workspaceId") or ""), logs=logs, metrics=metrics,
                               id=str(body.get("id") or ""))


def read_diagnostics(clients: Any, account: ObservedAccount, name: str) -> ObservedDiagnostics | None:
    body = _get(clients, f"{account.id}{DIAGNOSTICS_PATH}{name}")
    return None if body is None else map_diagnostics(account.name, body)


def read_network(clients: Any, pool: Executor, desired: DesiredState,
                 accounts: list[ObservedAccount]) -> NetworkState:
    """Referenced resources of the file; the endpoints and diagnostic settings of the environment's accounts.

    Requests: 1 GET per referenced id (2 for a subnet), 2 per candidate endpoint (it and its zone group):
    those connected to a managed account from this resource group plus those the file names, and 1 per
    managed account for its diagnostic setting (the file's name, else the default) — concurrently.
    """
    refs = {rid: pool.submit(read_reference, clients, rid, kind) for rid, kind in referenced_ids(desired).items()}
    rg_prefix = f"/subscriptions/{clients.subscription}/resourceGroups/{desired.resource_group}/providers/".lower()
    candidates: dict[str, str] = {}
    for account in desired.accounts:
        if account.private_endpoint is not None:
            eid = f"{rg_prefix}{ENDPOINT_TYPE}/{account.private_endpoint.name}"
            candidates[eid.lower()] = eid
    managed = [a for a in accounts if is_managed(a.tags, desired.environment)]
    for observed in managed:
        for eid in observed.endpoint_connections:
            if eid.lower().startswith(rg_prefix + ENDPOINT_TYPE.lower() + "/"):
                candidates.setdefault(eid.lower(), eid)
    endpoints: list[Future[ObservedEndpoint | None]] = [pool.submit(read_endpoint, clients, e) for e in candidates.values()]
    names = {a.name.lower(): a.diagnostics.name for a in desired.accounts if a.diagnostics is not None}
    diags = [pool.submit(read_diagnostics, clients, a, names.get(a.name.lower(), DEFAULT_DIAGNOSTICS_NAME))
             for a in managed]
    found_endpoints = tuple(sorted((e for f in endpoints if (e := f.result()) is not None), key=lambda e: e.name))
    found_diags = tuple(d for f in diags if (d := f.result()) is not None)
    return NetworkState(found_endpoints, found_diags, {k: f.result() for k, f in refs.items()})


def category_entry(category: str) -> dict[str, Any]:
    """A `logs` entry of a diagnostic setting: category groups and categories are different keys."""
    key = "categoryGroup" if category in LOG_CATEGORY_GROUPS else "category"
    return {key: category, "enabled": True}
