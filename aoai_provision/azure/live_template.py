"""The template engine's read-modify-write: live JSON under the template's managed fields.

A resource the template updates carries its live JSON under the template's managed fields, since a
template deployment PUTs every resource whole (even in Incremental mode)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.errors import azure_call
from aoai_provision.azure.merge_writes import (
    ACCOUNT_READ_ONLY,
    BLOCKLIST_MANAGED,
    DEPLOYMENT_READ_ONLY,
    ENVELOPE,
    POLICY_MANAGED,
    POLICY_READ_ONLY,
    raw_json,
)
from aoai_provision.plan.actions import Action, ActionKind, ResourceType
from aoai_provision.render.resources import ACCOUNT_TYPE, DEPLOYMENT_TYPE, arm_literal
from aoai_provision.render.resources_access import BLOCKLIST_TYPE, POLICY_TYPE

# Live properties never carried into the template: what ARM computes, and what the file manages (a policy's
# mode or a blocklist's description the file leaves unset is removed, as the SDK engine does).
_READ_ONLY = {ACCOUNT_TYPE.lower(): ACCOUNT_READ_ONLY, DEPLOYMENT_TYPE.lower(): DEPLOYMENT_READ_ONLY,
              POLICY_TYPE.lower(): POLICY_READ_ONLY + POLICY_MANAGED, BLOCKLIST_TYPE.lower(): BLOCKLIST_MANAGED}
_MERGED = ("properties", "sku", "tags")  # the template's keys laid over the live ones

LiveKey = tuple[str, str]  # (ARM type, template name), lower case


def read_live(clients: AzureClients, resource_group: str, actions: Iterable[Action]) -> dict[LiveKey, Any]:
    """The live JSON (exactly as ARM sends it, unknown properties included) of each account, deployment,
    content-filter policy and blocklist an update in ``actions`` writes."""
    cog = clients.cognitive
    children = {ResourceType.DEPLOYMENT: (DEPLOYMENT_TYPE, cog.deployments),
                ResourceType.RAI_POLICY: (POLICY_TYPE, cog.rai_policies),
                ResourceType.RAI_BLOCKLIST: (BLOCKLIST_TYPE, cog.rai_blocklists)}
    live: dict[LiveKey, Any] = {}
    for action in actions:
        if action.kind is not ActionKind.UPDATE:
            continue
        if action.resource_type is ResourceType.ACCOUNT:
            live[(ACCOUNT_TYPE.lower(), action.name.lower())] = azure_call(
                lambda a=action: cog.accounts.get(resource_group, a.name, cls=raw_json),
                resource=action.address, action="reading")
        elif action.resource_type in children:
            arm_type, operations = children[action.resource_type]
            account = action.account or ""
            live[(arm_type.lower(), f"{account}/{action.name}".lower())] = azure_call(
                lambda a=action, acct=account, ops=operations: ops.get(resource_group, acct, a.name, cls=raw_json),
                resource=action.address, action="reading")
    return live


def merge_resource(resource: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
    """The template resource with every live property and tag it does not set (live values as ARM literals)."""
    read_only = _READ_ONLY.get(str(resource.get("type", "")).lower(), ())
    out = dict(resource)
    for key, value in live.items():
        if key in ENVELOPE or value is None:
            continue
        if key == "properties" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in read_only}
        if key in _MERGED and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**arm_literal(copy.deepcopy(value)), **out[key]}
        elif key not in out:
            out[key] = arm_literal(copy.deepcopy(value))
    return out


def merge_template(template: dict[str, Any], live: Mapping[LiveKey, Any]) -> dict[str, Any]:
    """``template`` with each resource found in ``live`` merged (:func:`merge_resource`); others as they are."""
    resources = []
    for resource in template.get("resources", []):
        found = live.get((str(resource.get("type", "")).lower(), str(resource.get("name", "")).lower()))
        resources.append(merge_resource(resource, found) if isinstance(found, Mapping) else resource)
    return {**template, "resources": resources}
