"""HTTP handlers: accounts/raiPolicies, raiBlocklists, raiBlocklistItems, Microsoft.Authorization roles."""

from __future__ import annotations

from aoai_provision.emulator.backend_base import WriteResult
from aoai_provision.emulator.handlers_resources import write_reply
from aoai_provision.emulator.routes import ACCOUNT, Ctx, Reply, route

POLICY = ACCOUNT + r"/raiPolicies/(?P<name>[^/]+)"
BLOCKLIST = ACCOUNT + r"/raiBlocklists/(?P<blocklist>[^/]+)"
ITEM = BLOCKLIST + r"/raiBlocklistItems/(?P<name>[^/]+)"
AUTH = r"(?P<scope>/subscriptions/.+?)/providers/Microsoft\.Authorization"
ASSIGNMENT = AUTH + r"/roleAssignments/(?P<name>[^/]+)"
DEFINITIONS = r"(?P<scope>(?:/subscriptions/.+?)?)/providers/Microsoft\.Authorization/roleDefinitions"


def _a(ctx: Ctx) -> tuple[str, str, str]:
    return ctx.params["sub"], ctx.params["rg"], ctx.params["account"]


def _deleted(ctx: Ctx, result: WriteResult) -> Reply:
    return write_reply(ctx, result, location=True)


# -- raiPolicies -----------------------------------------------------------------------------------
@route("PUT", POLICY, "RaiPolicies_CreateOrUpdate")
def put_policy(ctx: Ctx) -> Reply:
    status, body = ctx.backend.put_rai_policy(*_a(ctx), ctx.params["name"], ctx.json_body())
    return status, body, {}


@route("GET", POLICY, "RaiPolicies_Get")
def get_policy(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_rai_policy(*_a(ctx), ctx.params["name"]), {}


@route("DELETE", POLICY, "RaiPolicies_Delete")
def delete_policy(ctx: Ctx) -> Reply:
    return _deleted(ctx, ctx.backend.delete_rai_policy(*_a(ctx), ctx.params["name"]))


@route("GET", ACCOUNT + "/raiPolicies", "RaiPolicies_List")
def list_policies(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_rai_policies(*_a(ctx))), {}


# -- raiBlocklists and items -----------------------------------------------------------------------
@route("PUT", BLOCKLIST, "RaiBlocklists_CreateOrUpdate")
def put_blocklist(ctx: Ctx) -> Reply:
    status, body = ctx.backend.put_rai_blocklist(*_a(ctx), ctx.params["blocklist"], ctx.json_body())
    return status, body, {}


@route("GET", BLOCKLIST, "RaiBlocklists_Get")
def get_blocklist(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_rai_blocklist(*_a(ctx), ctx.params["blocklist"]), {}


@route("DELETE", BLOCKLIST, "RaiBlocklists_Delete")
def delete_blocklist(ctx: Ctx) -> Reply:
    return _deleted(ctx, ctx.backend.delete_rai_blocklist(*_a(ctx), ctx.params["blocklist"]))


@route("GET", ACCOUNT + "/raiBlocklists", "RaiBlocklists_List")
def list_blocklists(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_rai_blocklists(*_a(ctx))), {}


@route("PUT", ITEM, "RaiBlocklistItems_CreateOrUpdate")
def put_item(ctx: Ctx) -> Reply:
    status, body = ctx.backend.put_rai_blocklist_item(*_a(ctx), ctx.params["blocklist"], ctx.params["name"],
                                                      ctx.json_body())
    return status, body, {}


@route("GET", ITEM, "RaiBlocklistItems_Get")
def get_item(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_rai_blocklist_item(*_a(ctx), ctx.params["blocklist"], ctx.params["name"]), {}


@route("DELETE", ITEM, "RaiBlocklistItems_Delete")
def delete_item(ctx: Ctx) -> Reply:
    return _deleted(ctx, ctx.backend.delete_rai_blocklist_item(*_a(ctx), ctx.params["blocklist"], ctx.params["name"]))


@route("GET", BLOCKLIST + "/raiBlocklistItems", "RaiBlocklistItems_List")
def list_items(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_rai_blocklist_items(*_a(ctx), ctx.params["blocklist"])), {}


# -- Microsoft.Authorization -----------------------------------------------------------------------
@route("PUT", ASSIGNMENT, "RoleAssignments_Create", family="authorization")
def put_assignment(ctx: Ctx) -> Reply:
    status, body = ctx.backend.put_role_assignment(ctx.params["scope"], ctx.params["name"], ctx.json_body())
    return status, body, {}


@route("GET", ASSIGNMENT, "RoleAssignments_Get", family="authorization")
def get_assignment(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_role_assignment(ctx.params["scope"], ctx.params["name"]), {}


@route("DELETE", ASSIGNMENT, "RoleAssignments_Delete", family="authorization")
def delete_assignment(ctx: Ctx) -> Reply:
    status, body = ctx.backend.delete_role_assignment(ctx.params["scope"], ctx.params["name"])
    return status, body, {}


@route("GET", AUTH + "/roleAssignments", "RoleAssignments_ListForScope", family="authorization")
def list_assignments(ctx: Ctx) -> Reply:
    items = ctx.backend.list_role_assignments(ctx.params["scope"], ctx.query.get("$filter"))
    return 200, ctx.page(items), {}


@route("GET", DEFINITIONS + r"/(?P<id>[^/]+)", "RoleDefinitions_Get", family="authorization")
def get_definition(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_role_definition(ctx.params.get("scope", ""), ctx.params["id"]), {}


@route("GET", DEFINITIONS, "RoleDefinitions_List", family="authorization")
def list_definitions(ctx: Ctx) -> Reply:
    items = ctx.backend.list_role_definitions(ctx.params.get("scope", ""), ctx.query.get("$filter"))
    return 200, ctx.page(items), {}
