"""HTTP handlers for Microsoft.CognitiveServices: accounts, deployments, deleted accounts, locations."""

from __future__ import annotations

from aoai_provision.emulator.errors import bad_request
from aoai_provision.emulator.handlers_resources import write_reply
from aoai_provision.emulator.quota_scope import scoped
from aoai_provision.emulator.routes import ACCOUNT, CS, LOCATION, RG, SUB, Ctx, Reply, route

DEPLOYMENT = ACCOUNT + r"/deployments/(?P<deployment>[^/]+)"
DELETED = LOCATION + r"/resourceGroups/(?P<rg>[^/]+)/deletedAccounts/(?P<account>[^/]+)"


def _tenant(ctx: Ctx) -> str | None:
    """The caller's tenant (a managed identity is created in it)."""
    return ctx.caller.tenant_id if ctx.caller is not None and ctx.caller.tenant_id else None


def _a(ctx: Ctx) -> tuple[str, str, str]:
    return ctx.params["sub"], ctx.params["rg"], ctx.params["account"]


# -- accounts --------------------------------------------------------------------------------------
@route("PUT", ACCOUNT, "Accounts_Create")
def create_account(ctx: Ctx) -> Reply:
    return write_reply(ctx, ctx.backend.put_account(*_a(ctx), ctx.json_body(), tenant_id=_tenant(ctx)))


@route("PATCH", ACCOUNT, "Accounts_Update")
def update_account(ctx: Ctx) -> Reply:
    return write_reply(ctx, ctx.backend.update_account(*_a(ctx), ctx.json_body(), tenant_id=_tenant(ctx)),
                       location=True)


@route("GET", ACCOUNT, "Accounts_Get")
def get_account(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_account(*_a(ctx)), {}


@route("DELETE", ACCOUNT, "Accounts_Delete")
def delete_account(ctx: Ctx) -> Reply:
    return write_reply(ctx, ctx.backend.delete_account(*_a(ctx)), location=True)


@route("GET", RG + CS + "/accounts", "Accounts_ListByResourceGroup")
def list_accounts_rg(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_accounts(ctx.params["sub"], ctx.params["rg"])), {}


@route("GET", SUB + CS + "/accounts", "Accounts_List")
def list_accounts(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_accounts(ctx.params["sub"])), {}


@route("POST", ACCOUNT + "/listKeys", "Accounts_ListKeys")
def list_keys(ctx: Ctx) -> Reply:
    return 200, ctx.backend.list_keys(*_a(ctx)), {}


@route("POST", ACCOUNT + "/regenerateKey", "Accounts_RegenerateKey")
def regenerate_key(ctx: Ctx) -> Reply:
    return 200, ctx.backend.regenerate_key(*_a(ctx), str(ctx.json_body().get("keyName", ""))), {}


@route("GET", ACCOUNT + "/models", "Accounts_ListModels")
def list_account_models(ctx: Ctx) -> Reply:
    account = ctx.backend.get_account(*_a(ctx))
    items = [i["model"] for i in ctx.backend.list_models(ctx.params["sub"], account["location"])
             if str(i.get("kind", "")).lower() == str(account["kind"]).lower() and "model" in i]
    return 200, ctx.page(items), {}


# -- deployments -----------------------------------------------------------------------------------
@route("PUT", DEPLOYMENT, "Deployments_CreateOrUpdate")
def put_deployment(ctx: Ctx) -> Reply:
    return write_reply(ctx, ctx.backend.put_deployment(*_a(ctx), ctx.params["deployment"], ctx.json_body()))


@route("PATCH", DEPLOYMENT, "Deployments_Update")
def update_deployment(ctx: Ctx) -> Reply:
    result = ctx.backend.update_deployment(*_a(ctx), ctx.params["deployment"], ctx.json_body())
    return write_reply(ctx, result, location=True)


@route("GET", DEPLOYMENT, "Deployments_Get")
def get_deployment(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_deployment(*_a(ctx), ctx.params["deployment"]), {}


@route("DELETE", DEPLOYMENT, "Deployments_Delete")
def delete_deployment(ctx: Ctx) -> Reply:
    return write_reply(ctx, ctx.backend.delete_deployment(*_a(ctx), ctx.params["deployment"]), location=True)


@route("GET", ACCOUNT + "/deployments", "Deployments_List")
def list_deployments(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_deployments(*_a(ctx))), {}


@route("GET", DEPLOYMENT + "/skus", "Deployments_ListSkus")
def list_deployment_skus(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_deployment_skus(*_a(ctx), ctx.params["deployment"])), {}


# -- deleted accounts ------------------------------------------------------------------------------
def _d(ctx: Ctx) -> tuple[str, str, str, str]:
    return ctx.params["sub"], ctx.params["location"], ctx.params["rg"], ctx.params["account"]


@route("GET", DELETED, "DeletedAccounts_Get")
def get_deleted(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_deleted_account(*_d(ctx)), {}


@route("DELETE", DELETED, "DeletedAccounts_Purge")
def purge_deleted(ctx: Ctx) -> Reply:
    return write_reply(ctx, ctx.backend.purge_deleted_account(*_d(ctx)), location=True)


@route("GET", SUB + CS + "/deletedAccounts", "DeletedAccounts_List")
def list_deleted(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_deleted_accounts(ctx.params["sub"])), {}


# -- subscription and location reads ---------------------------------------------------------------
@route("GET", LOCATION + "/models", "Models_List")
def list_models(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_models(ctx.params["sub"], ctx.params["location"])), {}


@route("GET", LOCATION + "/usages", "Usages_List")
def list_usages(ctx: Ctx) -> Reply:
    """The region's usages; each with its resource id and type (the 2026-09-15-preview Usage has them)."""
    items = ctx.backend.list_usages(ctx.params["sub"], ctx.params["location"], ctx.query.get("$filter"))
    base = f"/subscriptions/{ctx.params['sub']}{CS}/locations/{ctx.params['location']}/usages"
    region = ctx.backend._region(ctx.params["location"])
    return 200, ctx.page([{"id": f"{base}/{item['name']['value']}", "type": "Microsoft.CognitiveServices/locations/usages",
                           **scoped(item, region)} for item in items]), {}


def _capacity_query(ctx: Ctx) -> tuple[str, str, str]:
    return ctx.query.get("modelFormat", ""), ctx.query.get("modelName", ""), ctx.query.get("modelVersion", "")


@route("GET", LOCATION + "/modelCapacities", "LocationBasedModelCapacities_List")
def location_model_capacities(ctx: Ctx) -> Reply:
    items = ctx.backend.model_capacities(ctx.params["sub"], ctx.params["location"], *_capacity_query(ctx))
    return 200, ctx.page(items), {}


@route("GET", SUB + CS + "/modelCapacities", "ModelCapacities_List")
def model_capacities(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.model_capacities(ctx.params["sub"], None, *_capacity_query(ctx))), {}


@route("POST", SUB + CS + "/checkDomainAvailability", "CheckDomainAvailability")
def check_domain_availability(ctx: Ctx) -> Reply:
    body = ctx.json_body()
    name = body.get("subdomainName")
    if not isinstance(name, str) or not name:
        raise bad_request("The 'subdomainName' property is required.", "InvalidRequestContent")
    result = ctx.backend.check_domain_availability(name, str(body.get("type") or ""), body.get("kind"))
    return 200, result, {}


@route("GET", SUB + CS + "/skus", "ResourceSkus_List")
def resource_skus(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.resource_skus(ctx.params["sub"])), {}
