"""Template deployments: run the resources of a deployment through the backend, in dependsOn order.

A deployment record lives in ``data["extensions"]["template_deployments"]``. It advances lazily —
whenever it is read or polled — so no thread is needed: finished resource operations are collected,
then every pending resource whose dependencies succeeded is PUT through the same backend methods
the direct API uses (quota, availability, conflicts and injected faults behave identically).
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import lro, template_types
from aoai_provision.emulator.clock import iso
from aoai_provision.emulator.errors import ArmError
from aoai_provision.emulator.template_functions import Unsupported
from aoai_provision.emulator.template_parse import SUPPORTED_TYPES, TemplateResource, output_values
from aoai_provision.emulator.template_whatif import resource_id

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

STORE = "template_deployments"
DONE = ("Succeeded", "Failed", "Skipped")
STATUS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 400: "BadRequest", 404: "NotFound", 409: "Conflict",
               429: "TooManyRequests", 500: "InternalServerError"}


def store(data: dict[str, Any]) -> dict[str, Any]:
    records: dict[str, Any] = data["extensions"].setdefault(STORE, {})
    return records


def record_key(subscription: str, resource_group: str, name: str) -> str:
    return f"{subscription}/{resource_group}/{name}".lower()


def state_key(subscription: str, resource_group: str, res: TemplateResource) -> str:
    return template_types.ref(subscription, resource_group, res).key


def new_record(backend: Backend, subscription: str, resource_group: str, name: str, properties: dict[str, Any],
               resources: list[TemplateResource], tenant_id: str | None = None) -> dict[str, Any]:
    now = backend.now()
    types = sorted({r.type.split("/", 1)[1] for r in resources})
    body: dict[str, Any] = {
        "id": f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.Resources/"
              f"deployments/{name}",
        "name": name, "type": "Microsoft.Resources/deployments",
        "properties": {
            "provisioningState": "Accepted", "correlationId": str(uuid.uuid4()), "timestamp": iso(now),
            "duration": "PT0S", "mode": "Incremental", "parameters": copy.deepcopy(properties.get("parameters") or {}),
            "providers": [{"namespace": "Microsoft.CognitiveServices",
                           "resourceTypes": [{"resourceType": t, "locations": []} for t in types]}] if types else [],
            "dependencies": [], "outputResources": [], "templateHash": template_hash(properties.get("template")),
        },
    }
    items = [{"index": r.index, "type": r.type, "name": r.name, "body": r.body, "depends_on": r.depends_on,
              "id": resource_id(subscription, resource_group, r), "state": "Pending", "op": None,
              "operation_id": uuid.uuid4().hex[:16].upper(), "status_code": None, "error": None,
              "started": None, "ended": None} for r in resources]
    template = properties.get("template") or {}
    return {"body": body, "resources": items, "token": str(uuid.uuid4()), "started": now,
            "outputs": {"template": {k: template[k] for k in ("parameters", "outputs") if k in template},
                        "given": copy.deepcopy(properties.get("parameters") or {})},
            "meta": {"subscription": subscription, "resource_group": resource_group, "name": name,
                     "tenant_id": tenant_id}}  # ARM creates the resources on behalf of the caller


def template_hash(template: Any) -> str:
    """A stable number derived from the template (ARM's `templateHash` is opaque too)."""
    digest = hashlib.sha256(json.dumps(template, sort_keys=True).encode("utf-8")).hexdigest()
    return str(int(digest[:15], 16))


def advance_record(backend: Backend, data: dict[str, Any], record: dict[str, Any]) -> None:
    """Collect finished resource writes and start every ready one, until nothing more moves now."""
    if record["body"]["properties"]["provisioningState"] in ("Succeeded", "Failed", "Canceled"):
        return
    record["body"]["properties"]["provisioningState"] = "Running"
    for _ in range(2 * len(record["resources"]) + 2):
        moved = _collect(backend, data, record) | _start_ready(backend, data, record)
        if not moved:
            break
        backend.advance(data)  # finalize operations that are already due (zero durations)
    _finish_if_done(backend, record)
    if record["body"]["properties"]["provisioningState"] == "Succeeded":
        _set_outputs(data, record)


def _collect(backend: Backend, data: dict[str, Any], record: dict[str, Any]) -> bool:
    moved = False
    for item in record["resources"]:
        if item["state"] != "Running":
            continue
        op = data["operations"].get(item["op"])
        status = op["status"] if op else _provisioning_state(data, record, item)
        if status not in lro.TERMINAL:
            continue
        item["state"], item["ended"] = ("Succeeded" if status == "Succeeded" else "Failed"), backend.now()
        if item["state"] == "Failed":
            item["error"] = (op or {}).get("error") or {"code": "ResourceDeploymentFailure",
                                                        "message": f"The resource operation on '{item['name']}' "
                                                                   "completed with terminal provisioning state "
                                                                   f"'{status}'."}
        moved = True
    return moved


def _provisioning_state(data: dict[str, Any], record: dict[str, Any], item: dict[str, Any]) -> str:
    meta = record["meta"]
    res = TemplateResource(item["index"], item["type"], item["name"], item["body"])
    where = template_types.ref(meta["subscription"], meta["resource_group"], res)
    found = data[where.collection].get(where.key)
    return str(found["body"]["properties"].get("provisioningState", "Succeeded")) if found else "Failed"


def _start_ready(backend: Backend, data: dict[str, Any], record: dict[str, Any]) -> bool:
    moved = False
    items = {item["index"]: item for item in record["resources"]}
    for item in record["resources"]:
        if item["state"] != "Pending":
            continue
        deps = [items[d]["state"] for d in item["depends_on"]]
        if any(s in ("Failed", "Skipped") for s in deps):
            item["state"], moved = "Skipped", True
            continue
        if any(s != "Succeeded" for s in deps):
            continue
        _start(backend, record, item)
        moved = True
    return moved


def _start(backend: Backend, record: dict[str, Any], item: dict[str, Any]) -> None:
    meta = record["meta"]
    sub, rg = meta["subscription"], meta["resource_group"]
    item["started"] = backend.now()
    body = copy.deepcopy(item["body"])
    try:
        res = TemplateResource(item["index"], item["type"], item["name"], body)
        status, operation = template_types.put(backend, sub, rg, res, body, tenant_id=meta.get("tenant_id"))
    except ArmError as error:
        item.update(state="Failed", ended=backend.now(), status_code=error.status, error=error.body()["error"])
        return
    item["status_code"] = status
    if operation is None:
        item.update(state="Succeeded", ended=backend.now())
    else:
        item.update(state="Running", op=operation.id)


def _finish_if_done(backend: Backend, record: dict[str, Any]) -> None:
    items = record["resources"]
    if any(i["state"] not in DONE for i in items):
        return
    props = record["body"]["properties"]
    failed = [i for i in items if i["state"] == "Failed"]
    props["provisioningState"] = "Failed" if failed else "Succeeded"
    props["duration"] = f"PT{max(backend.now() - record['started'], 0):.3f}S"
    props["timestamp"] = iso(backend.now())
    props["outputResources"] = [{"id": i["id"]} for i in items if i["state"] == "Succeeded"]
    if failed:
        props["error"] = {
            "code": "DeploymentFailed",
            "message": "At least one resource deployment operation failed. Please list deployment operations "
                       "for details. Please see https://aka.ms/arm-deployment-operations for usage details.",
            "details": [i["error"] for i in failed],
        }


def _set_outputs(data: dict[str, Any], record: dict[str, Any]) -> None:
    """Evaluate the template's outputs against the resources as written (as ARM does when it succeeds)."""
    spec = record.get("outputs") or {}
    props = record["body"]["properties"]
    if "outputs" in props or not (spec.get("template") or {}).get("outputs"):
        return
    meta = record["meta"]

    def reference(rid: str) -> dict[str, Any]:
        head, _, tail = rid.partition("/providers/")
        namespace, *rest = tail.split("/")
        rtype = "/".join([namespace, *rest[0::2]])
        canonical = SUPPORTED_TYPES.get(rtype.lower())
        if canonical is None or len(rest) % 2:
            raise Unsupported(f"reference('{rid}'): not a resource the emulator holds")
        res = TemplateResource(0, canonical, "/".join(rest[1::2]), {})
        where = template_types.ref(meta["subscription"], meta["resource_group"], res)
        found = data[where.collection].get(where.key)
        if found is None:
            raise Unsupported(f"reference('{rid}'): the resource is not found")
        return dict(found["body"].get("properties") or {})

    try:
        props["outputs"] = output_values(spec["template"], spec.get("given"), meta["subscription"],
                                         meta["resource_group"], reference)
    except (ArmError, Unsupported) as exc:
        props["provisioningState"] = "Failed"
        props["error"] = {"code": "DeploymentOutputEvaluationFailed",
                          "message": f"Unable to evaluate template outputs: {exc}"}


def running_hint(backend: Backend, data: dict[str, Any], record: dict[str, Any]) -> dict[str, str]:
    """A poll hint from the soonest-ending resource operation still running."""
    ops = [data["operations"].get(i["op"]) for i in record["resources"] if i["state"] == "Running"]
    hints = [backend.poll_hint(op) for op in ops if op]
    if not hints:
        return {"retry-after-ms": "1"} if record["body"]["properties"]["provisioningState"] == "Running" else {}
    return min(hints, key=lambda h: int(h.get("retry-after-ms", 0)) or int(h.get("Retry-After", "0")) * 1000)


def operations(record: dict[str, Any]) -> list[dict[str, Any]]:
    """DeploymentOperation items, one per resource that was started (as ARM: held-up ones are not listed)."""
    out = []
    for item in record["resources"]:
        if item["state"] in ("Pending", "Skipped"):
            continue
        state = {"Running": "Running", "Succeeded": "Succeeded", "Failed": "Failed"}
        props: dict[str, Any] = {
            "provisioningOperation": "Create", "provisioningState": state[item["state"]],
            "timestamp": iso(item["ended"] or item["started"] or record["started"]),
            "duration": f"PT{max((item['ended'] or item['started'] or 0) - (item['started'] or 0), 0):.3f}S",
            "trackingId": str(uuid.uuid5(uuid.NAMESPACE_URL, item["id"] + item["operation_id"])),
            "targetResource": {"id": item["id"], "resourceType": item["type"], "resourceName": item["name"]},
        }
        if item["status_code"]:
            props["statusCode"] = STATUS_TEXT.get(item["status_code"], str(item["status_code"]))
        if item["error"]:
            props["statusMessage"] = {"status": "Failed", "error": item["error"]}
        out.append({"id": f"{record['body']['id']}/operations/{item['operation_id']}",
                    "operationId": item["operation_id"], "properties": props})
    return out
