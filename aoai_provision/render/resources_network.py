"""The ARM resources around an account: its private endpoint with DNS zone group, and its diagnostic setting."""

from __future__ import annotations

from typing import Any

from aoai_provision.catalog.network import PRIVATE_LINK_GROUP, last_segment
from aoai_provision.render.bicep import symbol_names
from aoai_provision.render.rendered import RenderedResource
from aoai_provision.render.resources_access import Expr
from aoai_provision.spec.model import DesiredAccount, DesiredState, effective_tags
from aoai_provision.spec.model_network import DNS_ZONE_GROUP_NAME

NETWORK_API_VERSION = "2024-05-01"
INSIGHTS_API_VERSION = "2021-05-01-preview"
ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints"
ZONE_GROUP_TYPE = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"
DIAGNOSTICS_TYPE = "Microsoft.Insights/diagnosticSettings"


def zone_config_name(zone_id: str) -> str:
    """`privatelink.openai.azure.com` -> `privatelink-openai-azure-com` (AVM's naming of zone configs)."""
    return last_segment(zone_id).replace(".", "-")


def endpoint_body(state: DesiredState, account: DesiredAccount, account_id: Any) -> dict[str, Any]:
    """The ARM body of the account's private endpoint (group `account`)."""
    pe = account.private_endpoint
    assert pe is not None
    return {
        "name": pe.name,
        "location": pe.region or account.region,
        "tags": effective_tags(account.tags, state.environment),
        "properties": {
            "subnet": {"id": pe.subnet_id},
            "privateLinkServiceConnections": [{
                "name": account.name,
                "properties": {"privateLinkServiceId": account_id, "groupIds": [PRIVATE_LINK_GROUP]},
            }],
        },
    }


def zone_group_body(zone_ids: tuple[str, ...]) -> dict[str, Any]:
    """The ARM body of the endpoint's DNS zone group: one config per zone."""
    return {
        "name": DNS_ZONE_GROUP_NAME,
        "properties": {"privateDnsZoneConfigs": [
            {"name": zone_config_name(z), "properties": {"privateDnsZoneId": z}} for z in zone_ids]},
    }


def diagnostics_body(account: DesiredAccount) -> dict[str, Any]:
    """The ARM body of the account's diagnostic setting (log categories or category groups, metrics)."""
    from aoai_provision.catalog.network import LOG_CATEGORY_GROUPS

    diag = account.diagnostics
    assert diag is not None
    logs = [{"categoryGroup" if c in LOG_CATEGORY_GROUPS else "category": c, "enabled": True} for c in diag.logs]
    metrics = [{"category": c, "enabled": True} for c in diag.metrics]
    return {"name": diag.name, "properties": {"workspaceId": diag.workspace_id, "logs": logs, "metrics": metrics}}


def network_resources(state: DesiredState, account: DesiredAccount, parent: RenderedResource,
                      taken: set[str]) -> list[RenderedResource]:
    """The endpoint, its zone group and the diagnostic setting of ``account``, chained after it."""
    out: list[RenderedResource] = []
    pe, diag = account.private_endpoint, account.diagnostics
    if pe is not None:
        account_id = Expr(bicep=f"{parent.symbol}.id", arm=f"[resourceId('{parent.type}', '{account.name}')]")
        symbol, zones_symbol = symbol_names([pe.name, f"{pe.name}_zones"], "pe_", taken)
        endpoint = RenderedResource(symbol, ENDPOINT_TYPE, pe.name, endpoint_body(state, account, account_id),
                                    depends_on=(parent,), api_version=NETWORK_API_VERSION)
        out.append(endpoint)
        if pe.dns_zone_ids:
            out.append(RenderedResource(zones_symbol, ZONE_GROUP_TYPE, DNS_ZONE_GROUP_NAME,
                                        zone_group_body(pe.dns_zone_ids), parent=endpoint,
                                        api_version=NETWORK_API_VERSION))
    if diag is not None:
        (symbol,) = symbol_names([f"{account.name}_{diag.name}"], "diag_", taken)
        out.append(RenderedResource(symbol, DIAGNOSTICS_TYPE, diag.name, diagnostics_body(account),
                                    depends_on=(out[-1],) if out else (), api_version=INSIGHTS_API_VERSION,
                                    scope=parent))
    return out
