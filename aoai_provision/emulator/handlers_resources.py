"""HTTP handlers for Microsoft.Resources resource groups and the operation monitors of every LRO."""

from __future__ import annotations

from typing import Any

from aoai_provision.emulator import lro
from aoai_provision.emulator.backend_base import WriteResult
from aoai_provision.emulator.routes import LOCATION, RG, SUB, Ctx, Reply, route


def lro_headers(ctx: Ctx, result: WriteResult, *, async_op: bool = True, location: bool = False) -> dict[str, str]:
    """Azure-AsyncOperation and/or Location headers (with api-version) plus a poll hint."""
    op = result.operation
    if op is None:
        return {}
    headers: dict[str, str] = {}
    if async_op:
        headers["Azure-AsyncOperation"] = ctx.url(op.status_path())
    if location:
        headers["Location"] = ctx.url(op.result_path())
    headers.update(ctx.backend.started_hint(op))
    return headers


def write_reply(ctx: Ctx, result: WriteResult, **kw: Any) -> Reply:
    return result.status, result.body, lro_headers(ctx, result, **kw)


# -- resource groups -------------------------------------------------------------------------------
@route("PUT", RG, "ResourceGroups_CreateOrUpdate", family="resources")
def put_resource_group(ctx: Ctx) -> Reply:
    result = ctx.backend.put_resource_group(ctx.params["sub"], ctx.params["rg"], ctx.json_body())
    return result.status, result.body, {}


@route("GET", RG, "ResourceGroups_Get", family="resources")
def get_resource_group(ctx: Ctx) -> Reply:
    return 200, ctx.backend.get_resource_group(ctx.params["sub"], ctx.params["rg"]), {}


@route("HEAD", RG, "ResourceGroups_CheckExistence", family="resources")
def head_resource_group(ctx: Ctx) -> Reply:
    ctx.backend.get_resource_group(ctx.params["sub"], ctx.params["rg"])
    return 204, None, {}


@route("DELETE", RG, "ResourceGroups_Delete", family="resources")
def delete_resource_group(ctx: Ctx) -> Reply:
    result = ctx.backend.delete_resource_group(ctx.params["sub"], ctx.params["rg"])
    return write_reply(ctx, result, async_op=False, location=True)


@route("GET", SUB + "/resourcegroups", "ResourceGroups_List", family="resources")
def list_resource_groups(ctx: Ctx) -> Reply:
    return 200, ctx.page(ctx.backend.list_resource_groups(ctx.params["sub"])), {}


# -- operation monitors ----------------------------------------------------------------------------
def status_reply(ctx: Ctx) -> Reply:
    """Azure-AsyncOperation monitor: 200 with ``{"status": ...}`` and a poll hint while running."""
    op = ctx.backend.operation(ctx.params["op"])
    return 200, lro.status_body(op), ctx.backend.poll_hint(op)


def result_reply(ctx: Ctx) -> Reply:
    """Location monitor: 202 while running; then the resource (200), nothing (200/204) or the error."""
    op = ctx.backend.operation(ctx.params["op"])
    if op["status"] not in lro.TERMINAL:
        return 202, None, {"Location": ctx.url(ctx.path), **ctx.backend.poll_hint(op)}
    if op["status"] == "Failed":
        return 400, {"error": op.get("error") or {"code": "OperationFailed", "message": "The operation failed."}}, {}
    target = op.get("target") or {}
    if target.get("collection") in ("accounts", "deployments") and not op["kind"].endswith("delete"):
        with ctx.backend.tx() as data:
            record = data[target["collection"]].get(target["key"])
            if record is not None:
                return 200, dict(record["body"]), {}
    return (200 if op.get("provider") == "Microsoft.Resources" else 204), None, {}


route("GET", SUB + r"/operationresults/(?P<op>[^/]+)", "Operations_Result", family="resources",
      polling=True)(result_reply)
route("GET", SUB + r"/operationstatuses/(?P<op>[^/]+)", "Operations_Status", family="resources",
      polling=True)(status_reply)
route("GET", LOCATION + r"/operationStatuses/(?P<op>[^/]+)", "OperationStatuses_Get", polling=True)(status_reply)
route("GET", LOCATION + r"/operationResults/(?P<op>[^/]+)", "OperationResults_Get", polling=True)(result_reply)
