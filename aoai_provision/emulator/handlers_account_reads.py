"""Reads clients make about one account or SKU: Accounts_ListSkus, Accounts_ListUsages, CheckSkuAvailability."""

from __future__ import annotations

from typing import Any

from aoai_provision.emulator.clock import iso
from aoai_provision.emulator.errors import bad_request
from aoai_provision.emulator.quota_scope import scoped
from aoai_provision.emulator.routes import ACCOUNT, LOCATION, Ctx, Reply, route

ACCOUNT_SKUS = {"OpenAI": ("S0",), "AIServices": ("S0",)}
ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"


def _account(ctx: Ctx) -> dict[str, Any]:
    account: dict[str, Any] = ctx.backend.get_account(ctx.params["sub"], ctx.params["rg"], ctx.params["account"])
    return account


@route("GET", ACCOUNT + "/skus", "Accounts_ListSkus")
def list_account_skus(ctx: Ctx) -> Reply:
    """The SKUs this account could change to (its kind's account SKUs)."""
    kind = str(_account(ctx)["kind"])
    skus = ACCOUNT_SKUS.get(kind, ("S0",))
    return 200, {"value": [{"resourceType": ACCOUNT_TYPE, "sku": {"name": name, "tier": "Standard"}}
                           for name in skus]}, {}


@route("GET", ACCOUNT + "/usages", "Accounts_ListUsages")
def list_account_usages(ctx: Ctx) -> Reply:
    """The quota usages of the account's region (what its deployments draw on)."""
    account = _account(ctx)
    items = ctx.backend.list_usages(ctx.params["sub"], str(account["location"]), ctx.query.get("$filter"))
    region = str(account["location"])
    return 200, ctx.page([_usage(item, ctx.backend.now(), region) for item in items]), {}


def _usage(item: dict[str, Any], now: float, region: str) -> dict[str, Any]:
    """An account's usages also carry the quota period, next reset and status (Accounts_ListUsages' Usage)."""
    return scoped({**item, "quotaPeriod": "30.00:00:00", "nextResetTime": iso(now + 30 * 86400),
                   "status": "Included"}, region)


@route("POST", LOCATION + "/checkSkuAvailability", "CheckSkuAvailability")
def check_sku_availability(ctx: Ctx) -> Reply:
    body = ctx.json_body()
    skus, kind, type_ = body.get("skus"), body.get("kind"), body.get("type")
    if not isinstance(skus, list) or not skus or not kind or not type_:
        raise bad_request("The request must name 'skus', 'kind' and 'type'.", "InvalidRequestContent")
    region = ctx.backend._region(ctx.params["location"])
    offered = ACCOUNT_SKUS.get(str(kind), ()) if str(type_).lower() == ACCOUNT_TYPE.lower() else ()
    value = []
    for sku in skus:
        available = str(sku) in offered
        value.append({"kind": kind, "type": type_, "skuName": sku, "skuAvailable": available,
                      "reason": None if available else "SkuNotAvailable",
                      "message": None if available else f"The SKU '{sku}' of kind '{kind}' is not available in "
                                                        f"location '{region}'."})
    return 200, {"value": value}, {}
