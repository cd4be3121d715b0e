"""HTTP routes of private endpoints, DNS zone groups, diagnostic settings and the generic resource store."""

from __future__ import annotations

from aoai_provision.emulator.api_versions import FAMILIES
from aoai_provision.emulator.routes import RG, Ctx, Reply, register, route

# SOURCE: the api-version folders of Azure/azure-resource-manager-schemas (commit a1454431, 2026-08-16) for
# Microsoft.Network (NRP), Microsoft.Network/privateDnsZones, Microsoft.OperationalInsights,
# Microsoft.ManagedIdentity and Microsoft.Insights diagnosticSettings: the recent stable ones clients send.
NETWORK = ("2023-04-01", "2023-05-01", "2023-06-01", "2023-09-01", "2023-11-01", "2024-01-01", "2024-03-01",
           "2024-05-01", "2024-07-01", "2024-10-01", "2025-01-01")
PRIVATE_DNS = ("2018-09-01", "2020-01-01", "2020-06-01", "2024-06-01")
WORKSPACES = ("2020-08-01", "2021-06-01", "2022-10-01", "2023-09-01", "2025-02-01")
IDENTITIES = ("2018-11-30", "2023-01-31", "2023-07-31-preview", "2024-11-30", "2025-01-31-preview")
FAMILIES.setdefault("network", NETWORK)
FAMILIES.setdefault("insights", ("2017-05-01-preview", "2021-05-01-preview"))
FAMILIES.setdefault("generic", tuple(sorted(set(NETWORK + PRIVATE_DNS + WORKSPACES + IDENTITIES))))

PE = RG + r"/providers/Microsoft\.Network/privateEndpoints/(?P<pe>[^/]+)"
ZONE_GROUP = PE + r"/privateDnsZoneGroups/(?P<name>[^/]+)"
SCOPE = r"(?P<scope>/subscriptions/[^/]+/resourcegroups/[^/]+/providers/.+?)"
DIAGNOSTICS = SCOPE + r"/providers/Microsoft\.Insights/diagnosticSettings"
# any resource of a provider the emulator does not model (Cognitive Services and Resources are modelled)
GENERIC = RG + r"/providers/(?!Microsoft\.CognitiveServices/|Microsoft\.Resources/)[^/]+(?:/[^/]+/[^/]+)+"


def _reply(status: int, body: object) -> Reply:
    return status, body, {}


# -- private endpoints and zone groups -------------------------------------------------------------
@route("PUT", PE, "PrivateEndpoints_CreateOrUpdate", family="network")
def put_endpoint(ctx: Ctx) -> Reply:
    result = ctx.backend.put_private_endpoint(ctx.params["sub"], ctx.params["rg"], ctx.params["pe"], ctx.json_body())
    return _reply(result.status, result.body)


@route("DELETE", PE, "PrivateEndpoints_Delete", family="network")
def delete_endpoint(ctx: Ctx) -> Reply:
    result = ctx.backend.delete_private_endpoint(ctx.params["sub"], ctx.params["rg"], ctx.params["pe"])
    return _reply(result.status, None)


@route("PUT", ZONE_GROUP, "PrivateDnsZoneGroups_CreateOrUpdate", family="network")
def put_zone_group(ctx: Ctx) -> Reply:
    result = ctx.backend.put_zone_group(ctx.params["sub"], ctx.params["rg"], ctx.params["pe"], ctx.params["name"],
                                        ctx.json_body())
    return _reply(result.status, result.body)


@route("DELETE", ZONE_GROUP, "PrivateDnsZoneGroups_Delete", family="network")
def delete_zone_group(ctx: Ctx) -> Reply:
    result = ctx.backend.delete_zone_group(ctx.params["sub"], ctx.params["rg"], ctx.params["pe"], ctx.params["name"])
    return _reply(result.status, None)


# -- diagnostic settings (extension resources) -----------------------------------------------------
@route("PUT", DIAGNOSTICS + r"/(?P<name>[^/]+)", "DiagnosticSettings_CreateOrUpdate", family="insights")
def put_diagnostics(ctx: Ctx) -> Reply:
    result = ctx.backend.put_diagnostic_setting(ctx.params["scope"], ctx.params["name"], ctx.json_body())
    return _reply(200, result.body)


@route("GET", DIAGNOSTICS + r"/(?P<name>[^/]+)", "DiagnosticSettings_Get", family="insights")
def get_diagnostics(ctx: Ctx) -> Reply:
    return _reply(200, ctx.backend.get_diagnostic_setting(ctx.params["scope"], ctx.params["name"]))


@route("GET", DIAGNOSTICS, "DiagnosticSettings_List", family="insights")
def list_diagnostics(ctx: Ctx) -> Reply:
    return _reply(200, {"value": ctx.backend.list_diagnostic_settings(ctx.params["scope"])})


@route("DELETE", DIAGNOSTICS + r"/(?P<name>[^/]+)", "DiagnosticSettings_Delete", family="insights")
def delete_diagnostics(ctx: Ctx) -> Reply:
    result = ctx.backend.delete_diagnostic_setting(ctx.params["scope"], ctx.params["name"])
    return _reply(result.status, None)


# -- the generic store -----------------------------------------------------------------------------
@route("PUT", GENERIC, "GenericResource_CreateOrUpdate", family="generic")
def put_generic(ctx: Ctx) -> Reply:
    result = ctx.backend.put_generic(ctx.path, ctx.json_body())
    return _reply(result.status, result.body)


@route("DELETE", GENERIC, "GenericResource_Delete", family="generic")
def delete_generic(ctx: Ctx) -> Reply:
    result = ctx.backend.delete_generic(ctx.path)
    return _reply(result.status, None)


# -- reads: the store holds every resource of this module under its id ----------------------------
def get_by_id(ctx: Ctx) -> Reply:
    return _reply(200, ctx.backend.get_generic(ctx.path))


# GENERIC also matches the paths of endpoints, zone groups and diagnostic settings: the first match wins
for _pattern, _operation, _family in ((PE, "PrivateEndpoints_Get", "network"),
                                      (ZONE_GROUP, "PrivateDnsZoneGroups_Get", "network"),
                                      (GENERIC, "GenericResource_Get", "generic")):
    register("GET", _pattern, _operation, get_by_id, family=_family)
