"""Template deployments: what-if — compare each template resource with what the emulator holds."""

from __future__ import annotations

import copy
from typing import Any

from aoai_provision.emulator.template_parse import TemplateResource
from aoai_provision.emulator.template_types import ref

# Leaves ARM stores but never returns as set (or the emulator cannot store): not compared.
IGNORED = {"properties.restore"}
TOP_LEVEL = ("location", "kind", "sku", "identity", "tags", "properties")


def resource_id(subscription: str, resource_group: str, res: TemplateResource) -> str:
    return ref(subscription, resource_group, res).id


def _leaves(value: Any, prefix: str) -> dict[str, Any]:
    if isinstance(value, dict) and value and not prefix.endswith("userAssignedIdentities"):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def _normal(path: str, value: Any) -> Any:
    if path == "location" and isinstance(value, str):
        return value.replace(" ", "").lower()
    if path.endswith("userAssignedIdentities") and isinstance(value, dict):
        return sorted(k.lower() for k in value)
    return value


def delta(template_body: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """Property changes (what-if `delta`) of the fields the template sets; tags compared as a whole."""
    changes: list[dict[str, Any]] = []
    wanted = {k: v for k, v in _leaves({k: template_body[k] for k in TOP_LEVEL if k in template_body}, "").items()
              if k not in IGNORED}
    have = _leaves({k: current.get(k) for k in TOP_LEVEL if k in current}, "")
    for path in sorted(wanted):
        after, before = wanted[path], have.get(path)
        if path not in have:
            if after not in (None, {}, []):
                changes.append({"path": path, "propertyChangeType": "Create", "after": after})
        elif _normal(path, before) != _normal(path, after):
            changes.append({"path": path, "propertyChangeType": "Modify", "before": before, "after": after})
    if "tags" in template_body:
        for path in sorted(p for p in have if p.startswith("tags.") and p not in wanted):
            changes.append({"path": path, "propertyChangeType": "Delete", "before": have[path]})
    return changes


def predicted(template_body: dict[str, Any], current: dict[str, Any] | None, rid: str,
              res: TemplateResource) -> dict[str, Any]:
    """The resource as it would look after the deployment (what-if `after`)."""
    after: dict[str, Any] = (copy.deepcopy(current) if current
                             else {"id": rid, "name": res.name.split("/")[-1], "type": res.type})
    for key in TOP_LEVEL:
        if key not in template_body:
            continue
        if isinstance(template_body[key], dict) and isinstance(after.get(key), dict) and key != "tags":
            merged = dict(after[key])
            merged.update(copy.deepcopy(template_body[key]))
            after[key] = merged
        else:
            after[key] = copy.deepcopy(template_body[key])
    return after


def what_if_changes(data: dict[str, Any], subscription: str, resource_group: str,
                    resources: list[TemplateResource], key_of: Any) -> list[dict[str, Any]]:
    """WhatIfChange items: Create / Modify / NoChange per template resource, Ignore for the rest of the group.

    ``key_of(res)`` gives the state key of a template resource (accounts or deployments collection).
    """
    changes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for res in sorted(resources, key=lambda r: r.index):
        rid = resource_id(subscription, resource_group, res)
        seen.add(rid.lower())
        record = data[ref(subscription, resource_group, res).collection].get(key_of(res))
        current = copy.deepcopy(record["body"]) if record else None
        after = predicted(res.body, current, rid, res)
        if current is None:
            changes.append({"resourceId": rid, "changeType": "Create", "after": after})
            continue
        diff = delta(res.body, current)
        change: dict[str, Any] = {"resourceId": rid, "changeType": "Modify" if diff else "NoChange",
                                  "before": current, "after": after}
        if diff:
            change["delta"] = diff
        changes.append(change)
    prefix = f"{subscription}/{resource_group}/".lower()
    for collection in ("accounts", "deployments"):
        for key, record in sorted(data[collection].items()):
            rid = record["body"]["id"]
            if key.startswith(prefix) and rid.lower() not in seen:
                changes.append({"resourceId": rid, "changeType": "Ignore", "before": copy.deepcopy(record["body"])})
    return changes
