"""ARM bodies of an account's children: content-filter policies, blocklists and items, role assignments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aoai_provision.arm_versions import API_VERSIONS
from aoai_provision.plan.access import role_description
from aoai_provision.spec.model import effective_tags
from aoai_provision.spec.model_access import Blocklist, BlocklistItem, RaiPolicy, RoleAssignment

POLICY_TYPE = "Microsoft.CognitiveServices/accounts/raiPolicies"
BLOCKLIST_TYPE = "Microsoft.CognitiveServices/accounts/raiBlocklists"
ITEM_TYPE = "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems"
ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments"
ROLE_API_VERSION = API_VERSIONS[ROLE_ASSIGNMENT_TYPE]


@dataclass(frozen=True)
class Expr:
    """A template expression, written once per language: Bicep source and the ARM `[...]` string."""

    bicep: str
    arm: str


def _role_definition(role_guid: str) -> Expr:
    call = f"subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{role_guid}')"
    return Expr(call, f"[{call}]")


def policy_body(policy: RaiPolicy, environment: str) -> dict[str, Any]:
    """What the SDK engine sends for a policy (azure/access.py policy_payload), as template properties."""
    filters = []
    for f in policy.filters:
        item: dict[str, Any] = {"name": f.name, "enabled": f.enabled}
        if f.severity is not None:
            item["severityThreshold"] = f.severity
        item.update(blocking=f.blocking, source=f.source)
        filters.append(item)
    properties: dict[str, Any] = {"basePolicyName": policy.base_policy}
    if policy.mode is not None:
        properties["mode"] = policy.mode
    properties["contentFilters"] = filters
    properties["customBlocklists"] = [{"blocklistName": b.name, "blocking": b.blocking, "source": b.source}
                                      for b in policy.blocklists]
    return {"name": policy.name, "tags": effective_tags({}, environment), "properties": properties}


def blocklist_body(blocklist: Blocklist, environment: str) -> dict[str, Any]:
    properties = {"description": blocklist.description} if blocklist.description is not None else {}
    return {"name": blocklist.name, "tags": effective_tags({}, environment), "properties": properties}


def item_body(item: BlocklistItem) -> dict[str, Any]:
    return {"name": item.name, "properties": {"pattern": item.pattern, "isRegex": item.regex}}


def role_assignment_body(ra: RoleAssignment, account_symbol: str, account: str, environment: str) -> dict[str, Any]:
    """`name` is Bicep's `guid(account.id, principalId, roleDefinitionId)`, the name the SDK engine computes."""
    role = _role_definition(ra.role_guid)
    name = Expr(f"guid({account_symbol}.id, '{ra.principal_id}', {role.bicep})",
                f"[guid(resourceId('Microsoft.CognitiveServices/accounts', '{account}'), '{ra.principal_id}', "
                f"{role.bicep})]")
    properties: dict[str, Any] = {"roleDefinitionId": role, "principalId": ra.principal_id}
    if ra.principal_type is not None:
        properties["principalType"] = ra.principal_type
    properties["description"] = role_description(ra.description, environment)
    return {"name": name, "properties": properties}
