"""Microsoft.Resources/tags `default` on a resource group: GET, and PATCH with operation Merge/Replace/Delete.

As ARM does it (Tags_UpdateAtScope, Tags_GetAtScope): tag names compare case-insensitively (an existing
name keeps its spelling, its value changes), at most 50 tags remain, the answer is 200 with
``{"id", "name": "default", "type": "Microsoft.Resources/tags", "properties": {"tags": {...}}}``.
"""

from __future__ import annotations

from typing import Any

from aoai_provision.emulator.backend_base import rg_key
from aoai_provision.emulator.errors import ArmError, bad_request
from aoai_provision.emulator.routes import RG, Ctx, Reply, route

TAGS = RG + r"/providers/Microsoft\.Resources/tags/default"
MAX_TAGS = 50  # "The specified entity can have a maximum of 50 tags" (Tags_UpdateAtScope)
OPERATIONS = {"merge": "Merge", "replace": "Replace", "delete": "Delete"}


def _tags_body(ctx: Ctx, tags: dict[str, str]) -> dict[str, Any]:
    scope = f"/subscriptions/{ctx.params['sub']}/resourceGroups/{ctx.params['rg']}"
    return {"id": f"{scope}/providers/Microsoft.Resources/tags/default", "name": "default",
            "type": "Microsoft.Resources/tags", "properties": {"tags": tags}}


def _requested(body: dict[str, Any]) -> tuple[str, dict[str, str]]:
    operation = OPERATIONS.get(str(body.get("operation", "")).lower())
    if operation is None:
        raise bad_request("The 'operation' must be one of 'Replace', 'Merge' or 'Delete'.", "InvalidTagOperation")
    props = body.get("properties")
    tags = props.get("tags") if isinstance(props, dict) else None
    if not isinstance(tags, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
        raise bad_request("The request content was invalid: 'properties.tags' must be an object of string values.",
                          "InvalidRequestContent")
    return operation, tags


def apply_tag_operation(current: dict[str, str], operation: str, tags: dict[str, str]) -> dict[str, str]:
    """The tag set after ``operation`` (names case-insensitive, as ARM compares them)."""
    if operation == "Replace":
        return dict(tags)
    result = dict(current)
    by_lower = {k.lower(): k for k in result}
    for name, value in tags.items():
        existing = by_lower.get(name.lower())
        if operation == "Merge":
            result[existing or name] = value
            by_lower[name.lower()] = existing or name
        elif existing is not None and (value == "" or result[existing] == value):
            del result[existing]
            del by_lower[name.lower()]
    return result


@route("PATCH", TAGS, "Tags_UpdateAtScope", family="resources")
def patch_tags(ctx: Ctx) -> Reply:
    operation, tags = _requested(ctx.json_body())
    with ctx.backend.tx() as data:
        key = rg_key(ctx.params["sub"], ctx.params["rg"])
        ctx.backend.require_resource_group(data, ctx.params["sub"], ctx.params["rg"])  # 404 ResourceGroupNotFound
        record = data["resource_groups"][key]
        updated = apply_tag_operation(dict(record["body"].get("tags") or {}), operation, tags)
        if len(updated) > MAX_TAGS:
            raise ArmError(400, "InvalidTagCount", f"The resource group would have {len(updated)} tags; at most "
                           f"{MAX_TAGS} tags are allowed on a resource or resource group.")
        data["resource_groups"][key] = {**record, "body": {**record["body"], "tags": updated}}
    return 200, _tags_body(ctx, updated), {}


@route("GET", TAGS, "Tags_GetAtScope", family="resources")
def get_tags(ctx: Ctx) -> Reply:
    with ctx.backend.tx() as data:
        tags = dict(ctx.backend.require_resource_group(data, ctx.params["sub"], ctx.params["rg"]).get("tags") or {})
    return 200, _tags_body(ctx, tags), {}
