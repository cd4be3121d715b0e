"""Updates that keep what the file does not manage: PATCH for accounts, read-modify-write for the rest.

An SDK model drops every property it does not know (customer-managed keys, user-owned storage,
outbound rules, network injection, spillover, service tier, a paused state, anything newer than
the SDK), so updates never round-trip through one: accounts get a PATCH of the fields the file
manages (ARM merges it), deployments a PUT of the live JSON with only the managed fields changed
(their PATCH takes only sku and tags, so it is used when nothing else changes); content-filter policies
and blocklists, which have no PATCH, a PUT of the live JSON with the file's properties laid over it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any

from aoai_provision.azure.payloads import deployment_settings, encryption_rest, managed_tags

# Read-only deployment properties ARM computes (sending them back is pointless or refused).
DEPLOYMENT_READ_ONLY = ("provisioningState", "capabilities", "rateLimits", "callRateLimit", "currentCapacity",
                         "dynamicThrottlingEnabled")
_PATCHABLE_DEPLOYMENT_FIELDS = ("capacity",)  # besides tags: what Deployments_Update (PATCH) accepts


def raw_json(pipeline_response: Any, _deserialized: Any, _headers: Any) -> Any:
    """``cls=`` for an SDK GET: the response's JSON exactly as ARM sent it, unknown properties included."""
    return pipeline_response.http_response.json()


def as_body(data: Mapping[str, Any]) -> bytes:
    """A JSON request body the SDK sends as it is (bytes go through its IO[bytes] overload unchanged;
    a stream would be consumed by the first attempt and sent empty on a retry)."""
    return json.dumps(data).encode("utf-8")


# What ARM computes around every resource and never takes back in a body.
ENVELOPE = ("id", "name", "type", "systemData", "etag")


def _live_body(live: Mapping[str, Any], dropped: Iterable[str]) -> dict[str, Any]:
    """A copy of the live JSON to PUT back: without its ``ENVELOPE``, nor the ``dropped`` properties."""
    body = {k: copy.deepcopy(v) for k, v in live.items() if k not in ENVELOPE}
    drop = set(dropped)
    body["properties"] = {k: v for k, v in dict(body.get("properties") or {}).items() if k not in drop}
    return body


def _merged_tags(live: Mapping[str, Any], desired: Mapping[str, Any], environment: str) -> dict[str, str]:
    return {**dict(live.get("tags") or {}), **managed_tags(desired, environment)}


def _network_acls(acls: Mapping[str, Any]) -> dict[str, Any]:
    rules: dict[str, Any] = {"defaultAction": acls.get("default_action") or "Allow"}
    if acls.get("bypass") is not None:
        rules["bypass"] = acls["bypass"]
    rules["ipRules"] = [{"value": v} for v in acls.get("ip_rules") or ()]
    rules["virtualNetworkRules"] = [{"id": v} for v in acls.get("virtual_network_rules") or ()]
    return rules


def account_patch(desired: Mapping[str, Any], live: Mapping[str, Any], environment: str,
                  changed: Iterable[str]) -> dict[str, Any]:
    """The Accounts_Update body: the managed fields only (kind only when the plan changes it)."""
    fields = set(changed)
    props: dict[str, Any] = {"publicNetworkAccess": desired.get("public_network_access") or "Enabled",
                             "disableLocalAuth": bool(desired.get("disable_local_auth"))}
    if desired.get("network_acls"):
        props["networkAcls"] = _network_acls(desired["network_acls"])
    if desired.get("encryption"):  # a managed customer-managed key is sent with every update
        props["encryption"] = encryption_rest(desired["encryption"])
    body: dict[str, Any] = {"sku": {"name": desired.get("sku") or "S0"},
                            "tags": _merged_tags(live, desired, environment)}
    if "kind" in fields:
        body["kind"] = desired["kind"]
        props["allowProjectManagement"] = str(desired["kind"]).lower() == "aiservices"
    elif desired.get("allow_project_management") is not None:
        props["allowProjectManagement"] = bool(desired["allow_project_management"])
    identity = desired.get("identity")
    if identity and identity.get("type"):
        users: dict[str, dict[str, Any]] = {uid: {} for uid in identity.get("user_assigned_identities") or ()}
        body["identity"] = {"type": identity["type"], **({"userAssignedIdentities": users} if users else {})}
    body["properties"] = props
    return body


# Read-only account properties ARM computes.
ACCOUNT_READ_ONLY = ("provisioningState", "endpoint", "endpoints", "dateCreated", "internalId", "isMigrated",
                      "callRateLimit", "quotaLimit", "capabilities", "skuChangeInfo", "privateEndpointConnections",
                      "deletionDate", "scheduledPurgeDate", "abusePenalty", "associatedProjects")


def account_put(desired: Mapping[str, Any], live: Mapping[str, Any], environment: str,
                changed: Iterable[str]) -> dict[str, Any]:
    """The live account JSON with the managed fields of :func:`account_patch` laid over it, for a PUT that
    repairs a Failed account (a PUT re-runs provisioning; every unmanaged property is sent back)."""
    patch = account_patch(desired, live, environment, changed)
    body = _live_body(live, ACCOUNT_READ_ONLY)
    props = body["properties"]
    props.update(patch.pop("properties"))
    body.update(patch)
    body["properties"] = props
    return body


def deployment_update(desired: Mapping[str, Any], live: Mapping[str, Any], environment: str,
                      changed: Iterable[str]) -> tuple[str, dict[str, Any]]:
    """("patch", body) when only capacity and tags change, else ("put", the live JSON with the managed fields set)."""
    sku = {**dict(live.get("sku") or {}), "name": desired["sku"], "capacity": int(desired["capacity"])}
    tags = _merged_tags(live, desired, environment)
    if all(f in _PATCHABLE_DEPLOYMENT_FIELDS or f.startswith("tags.") for f in changed):
        return "patch", {"sku": sku, "tags": tags}
    body = _live_body(live, DEPLOYMENT_READ_ONLY)
    props = body["properties"]
    model = dict(props.get("model") or {})
    model.update(format=desired.get("model_format") or "OpenAI", name=desired["model"], version=str(desired["version"]))
    props["model"] = model
    if desired.get("version_upgrade"):
        props["versionUpgradeOption"] = desired["version_upgrade"]
    if desired.get("rai_policy") is not None:
        props["raiPolicyName"] = desired["rai_policy"]
    props.update(deployment_settings(desired))
    body.update(sku=sku, tags=tags, properties=props)
    return "put", body


# Content-filter policies and blocklists: what the file writes (a managed property it leaves unset is removed;
# every other one, e.g. a policy's safetyProviders, is sent back as ARM holds it) and what ARM computes.
POLICY_MANAGED = ("basePolicyName", "mode", "contentFilters", "customBlocklists")
POLICY_READ_ONLY = ("type",)
BLOCKLIST_MANAGED = ("description",)


def child_put(managed: Mapping[str, Any], live: Mapping[str, Any], dropped: Iterable[str]) -> dict[str, Any]:
    """The live JSON of a resource ARM cannot PATCH, without the ``dropped`` properties, with the ``managed``
    body's properties laid over it and its tags added to the live ones."""
    body = _live_body(live, dropped)
    body["properties"].update(copy.deepcopy(dict(managed.get("properties") or {})))
    body["tags"] = {**dict(live.get("tags") or {}), **dict(managed.get("tags") or {})}
    return body
