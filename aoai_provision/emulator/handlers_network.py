"""HTTP routes of private endpoints, DNS zone groups, diagnostic settings and the generic resource store."""

from __future__ import annotations

from aoai_provision.emulator.routes import API_VERSIONS, RG, Ctx, Reply, route

API_VERSIONS.setdefault("network", ("2018-01-01", "2025-12-01"))
API_VERSIONS.setdefault("insights", ("2016-09-01", "2025-12-01"))
API_VERSIONS.setdefault("generic", ("2014-04-01", "2030-12-31"))

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


@route("GET", PE, "PrivateEndpoints_Get", family="network")
def get_endpoint(ctx: Ctx) -> Reply:
    return _reply(200, ctx.backend.get_generic(ctx.path))


@route("DELETE", PE, "PrivateEndpoints_Delete", family="network")
def delete_endpoint(ctx: Ctx) -> Reply:
    result = ctx.backend.delete_private_endpoint(ctx.params["sub"], ctx.params["rg"], ctx.params["pe"])
    return _reply(result.status, None)


@route("PUT", ZONE_GROUP, "PrivateDnsZoneGroups_CreateOrUpdate", family="network")
def put_zone_group(ctx: Ctx) -> Reply:
    result = ctx.backend.put_zone_group(ctx.params["sub"], ctx.params["rg"], ctx.params["pe"], ctx.params["name"],
                                        ctx.json_body())
    return _reply(result.status, result.body)


@route("GET", ZONE_GROUP, "PrivateDnsZoneGroups_Get", family="network")
def get_zone_group(ctx: Ctx) -> Reply:
    return _reply(200, ctx.backend.get_generic(ctx.path))


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


@route("GET", GENERIC, "GenericResource_Get", family="generic")
def get_generic(ctx: Ctx) -> Reply:
    return _reply(200, ctx.backend.get_generic(ctx.path))


@route("DELETE", GENERIC, "GenericResource_Delete", family="generic")
def delete_generic(ctx: Ctx) -> Reply:
    result = ctx.backend.delete_generic(ctx.path)
    return _reply(result.status, None)
