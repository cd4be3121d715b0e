"""Emulator routes of Microsoft.Resources/deployments at resource-group scope.

Create, get, list, delete, operations, what-if and validate (templates with literal values,
parameters and dependsOn)."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from aoai_provision.emulator import template_runner as runner
from aoai_provision.emulator.clock import iso
from aoai_provision.emulator.errors import ArmError
from aoai_provision.emulator.routes import RG, SUB, Ctx, Reply, route
from aoai_provision.emulator.template_parse import parse_template
from aoai_provision.emulator.template_whatif import resource_id, what_if_changes

DEPLOYMENTS = RG + r"/providers/Microsoft\.Resources/deployments"
DEPLOYMENT = DEPLOYMENTS + r"/(?P<name>[^/]+)"
WHAT_IF_RESULTS = SUB + r"/providers/Microsoft\.Resources/whatIfResults/(?P<token>[^/]+)"
WHAT_IF_STORE = "what_if_results"
KEEP_WHAT_IF = 50
KEEP_PER_GROUP = 800  # ARM deletes the oldest finished deployments of a group beyond 800


def _names(ctx: Ctx) -> tuple[str, str, str]:
    return ctx.params["sub"], ctx.params["rg"], ctx.params["name"]


def _properties(ctx: Ctx) -> dict[str, Any]:
    props = ctx.json_body().get("properties")
    if not isinstance(props, dict):
        raise ArmError(400, "InvalidRequestContent", "The request content must contain 'properties'.")
    return props


def _record(ctx: Ctx, data: dict[str, Any]) -> dict[str, Any]:
    sub, rg, name = _names(ctx)
    ctx.backend.require_resource_group(data, sub, rg)
    record = runner.store(data).get(runner.record_key(sub, rg, name))
    if record is None:
        raise ArmError(404, "DeploymentNotFound", f"Deployment '{name}' could not be found.")
    runner.advance_record(ctx.backend, data, record)
    found: dict[str, Any] = record
    return found


@route("PUT", DEPLOYMENT, "Deployments_CreateOrUpdate", family="resources")
def create_deployment(ctx: Ctx) -> Reply:
    """Validate the whole template first (400 InvalidTemplate, nothing applied), then run it as an LRO."""
    sub, rg, name = _names(ctx)
    props = _properties(ctx)
    resources = parse_template(props, sub, rg)
    with ctx.backend.tx() as data:
        rg_body = ctx.backend.require_resource_group(data, sub, rg)
        key = runner.record_key(sub, rg, name)
        existing = runner.store(data).get(key)
        if existing is not None:
            runner.advance_record(ctx.backend, data, existing)
            if existing["body"]["properties"]["provisioningState"] in ("Accepted", "Running"):
                raise ArmError(409, "DeploymentActive", f"The deployment '{name}' is still active: it cannot be "
                                                        "changed until it finishes.")
        tenant = ctx.caller.tenant_id if ctx.caller is not None else None
        record = runner.new_record(ctx.backend, sub, rg_body["name"], name, props, resources, tenant)
        runner.store(data)[key] = record
        _prune_history(data, runner.record_key(sub, rg, ""))
        body = copy.deepcopy(record["body"])
        status_path = f"{ctx.path}/operationStatuses/{record['token']}"
    return 200 if existing else 201, body, {"Azure-AsyncOperation": ctx.url(status_path)}


def _prune_history(data: dict[str, Any], prefix: str) -> None:
    records = runner.store(data)
    finished = sorted((k for k, r in records.items() if k.startswith(prefix)
                       and r["body"]["properties"]["provisioningState"] in ("Succeeded", "Failed", "Canceled")),
                      key=lambda k: records[k]["started"])
    in_group = sum(1 for k in records if k.startswith(prefix))
    for key in finished[: max(in_group - KEEP_PER_GROUP, 0)]:
        del records[key]


@route("GET", DEPLOYMENT + r"/operationStatuses/(?P<token>[^/]+)", "Deployments_OperationStatus",
       family="resources", polling=True)
def deployment_status(ctx: Ctx) -> Reply:
    with ctx.backend.tx() as data:
        record = _record(ctx, data)
        if record["token"] != ctx.params["token"]:
            raise ArmError(404, "OperationNotFound", f"The operation '{ctx.params['token']}' could not be found.")
        state = record["body"]["properties"]["provisioningState"]
        body: dict[str, Any] = {"status": state}
        if state == "Failed":
            body["error"] = record["body"]["properties"]["error"]
        return 200, body, runner.running_hint(ctx.backend, data, record)


@route("GET", DEPLOYMENT, "Deployments_Get", family="resources")
def get_deployment(ctx: Ctx) -> Reply:
    with ctx.backend.tx() as data:
        return 200, copy.deepcopy(_record(ctx, data)["body"]), {}


@route("HEAD", DEPLOYMENT, "Deployments_CheckExistence", family="resources")
def head_deployment(ctx: Ctx) -> Reply:
    with ctx.backend.tx() as data:
        _record(ctx, data)
    return 204, None, {}


@route("DELETE", DEPLOYMENT, "Deployments_Delete", family="resources")
def delete_deployment(ctx: Ctx) -> Reply:
    """Removes the deployment from the history; the resources it deployed stay."""
    sub, rg, name = _names(ctx)
    with ctx.backend.tx() as data:
        ctx.backend.require_resource_group(data, sub, rg)
        record = runner.store(data).get(runner.record_key(sub, rg, name))
        if record is None:
            return 204, None, {}
        runner.advance_record(ctx.backend, data, record)
        if record["body"]["properties"]["provisioningState"] in ("Accepted", "Running"):
            raise ArmError(409, "DeploymentActive", f"The deployment '{name}' is still active.")
        del runner.store(data)[runner.record_key(sub, rg, name)]
    return 204, None, {}


@route("GET", DEPLOYMENTS, "Deployments_ListByResourceGroup", family="resources")
def list_deployments(ctx: Ctx) -> Reply:
    sub, rg = ctx.params["sub"], ctx.params["rg"]
    with ctx.backend.tx() as data:
        ctx.backend.require_resource_group(data, sub, rg)
        prefix = runner.record_key(sub, rg, "")
        items = []
        for key, record in sorted(runner.store(data).items()):
            if key.startswith(prefix):
                runner.advance_record(ctx.backend, data, record)
                items.append(copy.deepcopy(record["body"]))
    return 200, ctx.page(items), {}


def list_operations(ctx: Ctx) -> Reply:
    with ctx.backend.tx() as data:
        return 200, ctx.page(runner.operations(_record(ctx, data))), {}


def get_operation(ctx: Ctx) -> Reply:
    with ctx.backend.tx() as data:
        for item in runner.operations(_record(ctx, data)):
            if item["operationId"].lower() == ctx.params["op"].lower():
                return 200, item, {}
    raise ArmError(404, "DeploymentOperationNotFound", f"Deployment operation '{ctx.params['op']}' not found.")


# The SDK lists operations under `/resourcegroups/{rg}/deployments/...` (no provider segment); ARM takes both.
for _base in (DEPLOYMENT, RG + r"/deployments/(?P<name>[^/]+)"):
    route("GET", _base + "/operations", "DeploymentOperations_List", family="resources")(list_operations)
    route("GET", _base + r"/operations/(?P<op>[^/]+)", "DeploymentOperations_Get", family="resources")(get_operation)


@route("POST", DEPLOYMENT + "/validate", "Deployments_Validate", family="resources")
def validate_deployment(ctx: Ctx) -> Reply:
    sub, rg, _ = _names(ctx)
    props = _properties(ctx)
    with ctx.backend.tx() as data:
        rg_body = ctx.backend.require_resource_group(data, sub, rg)
    try:
        resources = parse_template(props, sub, rg)
    except ArmError as error:
        return 400, error.body(), {}
    body = {"id": f"{rg_body['id']}/providers/Microsoft.Resources/deployments/{ctx.params['name']}",
            "name": ctx.params["name"], "type": "Microsoft.Resources/deployments",
            "properties": {"provisioningState": "Succeeded", "mode": "Incremental",
                           "timestamp": iso(ctx.backend.now()), "duration": "PT0S",
                           "correlationId": str(uuid.uuid4()),
                           "templateHash": runner.template_hash(props.get("template")),
                           "parameters": props.get("parameters") or {},
                           "validatedResources": [{"id": resource_id(sub, rg_body["name"], r)} for r in resources]}}
    return 200, body, {}


@route("POST", DEPLOYMENT + "/whatIf", "Deployments_WhatIf", family="resources")
def what_if(ctx: Ctx) -> Reply:
    """202 + Location; the Location answers 200 with the WhatIfOperationResult."""
    sub, rg, _ = _names(ctx)
    resources = parse_template(_properties(ctx), sub, rg)
    with ctx.backend.tx() as data:
        rg_name = ctx.backend.require_resource_group(data, sub, rg)["name"]
        changes = what_if_changes(data, sub, rg_name, resources,
                                  lambda res: runner.state_key(sub, rg_name, res))
        results = data["extensions"].setdefault(WHAT_IF_STORE, {})
        token = str(uuid.uuid4())
        results[token] = {"status": "Succeeded", "properties": {"changes": changes}, "seq": len(results)}
        for old in sorted(results, key=lambda k: results[k]["seq"])[:-KEEP_WHAT_IF]:
            del results[old]
    location = ctx.url(f"/subscriptions/{sub}/providers/Microsoft.Resources/whatIfResults/{token}")
    return 202, None, {"Location": location, "Retry-After": "1"}


@route("GET", WHAT_IF_RESULTS, "Deployments_WhatIfResult", family="resources", polling=True)
def what_if_result(ctx: Ctx) -> Reply:
    with ctx.backend.tx() as data:
        found = data["extensions"].get(WHAT_IF_STORE, {}).get(ctx.params["token"])
        if found is None:
            raise ArmError(404, "OperationNotFound", f"The operation '{ctx.params['token']}' could not be found.")
        return 200, {k: v for k, v in found.items() if k != "seq"}, {}
