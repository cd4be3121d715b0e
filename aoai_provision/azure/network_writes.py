"""The writes behind private-endpoint and diagnostic-setting actions (generic ARM PUT/DELETE by id)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aoai_provision.azure import generic
from aoai_provision.azure.clients import AzureClients
from aoai_provision.catalog.network import PRIVATE_LINK_GROUP
from aoai_provision.plan.actions import Action, ActionKind, ResourceType
from aoai_provision.render.resources_network import zone_group_body
from aoai_provision.spec.model import ownership_tags
from aoai_provision.spec.model_network import DNS_ZONE_GROUP_NAME


def endpoint_body(desired: Mapping[str, Any], environment: str) -> dict[str, Any]:
    """The private endpoint's ARM body: in the subnet, one auto-approved connection to the account."""
    account = str(desired["account_id"])
    return {
        "location": desired["region"],
        "tags": {**{str(k): str(v) for k, v in (desired.get("tags") or {}).items()}, **ownership_tags(environment)},
        "properties": {
            "subnet": {"id": desired["subnet_id"]},
            "privateLinkServiceConnections": [{
                "name": account.rsplit("/", 1)[-1],
                "properties": {"privateLinkServiceId": account, "groupIds": [PRIVATE_LINK_GROUP]},
            }],
        },
    }


def diagnostics_body(desired: Mapping[str, Any]) -> dict[str, Any]:
    from aoai_provision.azure.network_reads import category_entry

    return {"properties": {"workspaceId": desired["workspace_id"],
                           "logs": [category_entry(c) for c in desired.get("logs") or ()],
                           "metrics": [{"category": c, "enabled": True} for c in desired.get("metrics") or ()]}}


def perform_child(clients: AzureClients, environment: str, action: Action,
                  run: Callable[[Callable[[], Any]], Any], delete: Callable[[Callable[[], Any]], None]) -> None:
    """One attempt at a child action; ``run`` waits on a poller, ``delete`` also treats 404 as done."""
    desired = action.desired or {}
    rid = str(desired["id"])
    if action.kind in (ActionKind.DELETE, ActionKind.REPLACE):
        delete(lambda: generic.delete(clients, rid))
    if action.kind is ActionKind.DELETE:
        return
    if action.resource_type is ResourceType.DIAGNOSTIC_SETTING:
        run(lambda: generic.begin_put(clients, rid, diagnostics_body(desired)))
        return
    run(lambda: generic.begin_put(clients, rid, endpoint_body(desired, environment)))
    zones = desired.get("dns_zone_ids")
    group = f"{rid}/privateDnsZoneGroups/{DNS_ZONE_GROUP_NAME}"
    if zones:
        body = zone_group_body(tuple(zones))
        body.pop("name", None)
        run(lambda: generic.begin_put(clients, group, body))
    elif zones is not None:  # the file lists no zones: no zone group
        delete(lambda: generic.delete(clients, group))
