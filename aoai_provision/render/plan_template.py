"""The ARM template of a plan's writes: only the accounts and children the plan creates or changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aoai_provision.plan.actions import Action, ActionKind, ResourceType
from aoai_provision.plan.desired_json import account_from_json, deployment_from_json
from aoai_provision.render import resources_access as ra
from aoai_provision.render.engine import render_arm_template
from aoai_provision.render.resources import ACCOUNT_TYPE, DEPLOYMENT_TYPE, rendered_resources
from aoai_provision.spec.model import DesiredAccount, DesiredState
from aoai_provision.spec.model_access import (
    Blocklist,
    BlocklistItem,
    policy_from_json,
    role_assignment_from_json,
)

# What an incremental template deployment can do; deletes (and the delete half of a replace) cannot.
TEMPLATE_KINDS = frozenset({ActionKind.CREATE, ActionKind.UPDATE, ActionKind.REPLACE, ActionKind.RESTORE})


def in_template(action: Action) -> bool:
    """Accounts, deployments and their children go into the template; private endpoints and diagnostic
    settings are written through the SDK after it (as every delete is)."""
    from aoai_provision.plan.actions import NETWORK_CHILDREN

    return (action.resource_type is not ResourceType.RESOURCE_GROUP and action.resource_type not in NETWORK_CHILDREN
            and action.kind in TEMPLATE_KINDS)


ARM_TYPES = {ResourceType.ACCOUNT: ACCOUNT_TYPE, ResourceType.DEPLOYMENT: DEPLOYMENT_TYPE,
             ResourceType.RAI_POLICY: ra.POLICY_TYPE, ResourceType.RAI_BLOCKLIST: ra.BLOCKLIST_TYPE,
             ResourceType.RAI_BLOCKLIST_ITEM: ra.ITEM_TYPE, ResourceType.ROLE_ASSIGNMENT: ra.ROLE_ASSIGNMENT_TYPE}


def template_name(action: Action) -> str:
    """The action's resource name inside the template: `account`, `account/child`, `account/blocklist/item`,
    or a role assignment's own name (it is an extension resource of the account)."""
    if action.resource_type in (ResourceType.ACCOUNT, ResourceType.ROLE_ASSIGNMENT):
        return action.name
    if action.resource_type is ResourceType.RAI_BLOCKLIST_ITEM:
        return f"{action.account}/{action.parent}/{action.name}"
    return f"{action.account}/{action.name}"


def resource_id(subscription: str, resource_group: str, action: Action) -> str:
    account = action.account or action.name
    rid = (f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{ACCOUNT_TYPE}/"
           f"{account}")
    segments = {ResourceType.DEPLOYMENT: "deployments", ResourceType.RAI_POLICY: "raiPolicies",
                ResourceType.RAI_BLOCKLIST: "raiBlocklists",
                ResourceType.ROLE_ASSIGNMENT: "providers/Microsoft.Authorization/roleAssignments"}
    if action.resource_type is ResourceType.RAI_BLOCKLIST_ITEM:
        return f"{rid}/raiBlocklists/{action.parent}/raiBlocklistItems/{action.name}"
    segment = segments.get(action.resource_type)
    return f"{rid}/{segment}/{action.name}" if segment else rid


def _children(base: DesiredAccount, name: str, actions: list[Action]) -> DesiredAccount:
    """The account's blocklists, items, policies and role assignments as the plan's actions want them."""
    mine = [a for a in actions if a.account == name]
    lists: dict[str, Blocklist] = {}
    for a in mine:
        if a.resource_type is ResourceType.RAI_BLOCKLIST:
            lists[a.name] = Blocklist(a.name, (a.desired or {}).get("description"))
    for a in mine:
        if a.resource_type is ResourceType.RAI_BLOCKLIST_ITEM:
            owner = lists.setdefault(a.parent or "", Blocklist(a.parent or ""))
            item = BlocklistItem(a.name, str((a.desired or {})["pattern"]), bool((a.desired or {}).get("regex")))
            lists[owner.name] = replace(owner, items=(*owner.items, item))
    return replace(base,
                   blocklists=tuple(lists.values()),
                   rai_policies=tuple(policy_from_json(dict(a.desired or {})) for a in mine
                                      if a.resource_type is ResourceType.RAI_POLICY),
                   role_assignments=tuple(role_assignment_from_json(dict(a.desired or {})) for a in mine
                                          if a.resource_type is ResourceType.ROLE_ASSIGNMENT))


def template_state(desired: DesiredState, actions: list[Action]) -> DesiredState:
    """The desired state cut down to ``actions``: each resource as its action wants it (the planner's
    desired JSON keeps versions Azure auto-upgraded), deployments in plan order."""
    accounts = {a.name: a for a in desired.accounts}
    account_actions = {a.name: a for a in actions if a.resource_type is ResourceType.ACCOUNT}
    order: list[str] = []
    for action in actions:
        name = action.account or action.name
        if name and name not in order:
            order.append(name)
    chosen: list[DesiredAccount] = []
    for name in order:
        if name in account_actions and account_actions[name].desired:
            base = account_from_json({"name": name, "region": account_actions[name].region or "",
                                      **dict(account_actions[name].desired or {})})
            # `restore: true` only where the plan restores, as the SDK engine sends it
            base = replace(base, restore=account_actions[name].kind is ActionKind.RESTORE)
            if account_actions[name].kind is ActionKind.UPDATE and any(c.field == "kind"
                                                                       for c in account_actions[name].changes):
                # the Foundry upgrade (or its rollback) in place, as the SDK engine's PATCH sends it
                base = replace(base, allow_project_management=base.kind.lower() == "aiservices")
        else:
            base = accounts.get(name) or DesiredAccount(name=name, region="")
        deployments = tuple(deployment_from_json(dict(a.desired or {})) for a in actions
                            if a.resource_type is ResourceType.DEPLOYMENT and a.account == name)
        chosen.append(_children(replace(base, deployments=deployments, private_endpoint=None, diagnostics=None), name,
                                actions))
    return replace(desired, accounts=tuple(chosen))


def template_for_actions(desired: DesiredState, actions: list[Action]) -> dict[str, Any] | None:
    """The rendered ARM template that makes ``actions`` (None when there is nothing to deploy).

    Accounts without an action of their own are left out (they exist already); the deployments
    of one account stay chained in plan order.
    """
    actions = [a for a in actions if in_template(a)]
    if not actions:
        return None
    state = template_state(desired, actions)
    written = {(ARM_TYPES[a.resource_type], template_name(a)) for a in actions if a.resource_type in ARM_TYPES}
    template = render_arm_template(state)
    dropped = {r.resource_id_expression() for r in rendered_resources(state)
               if not r.scope and (r.type, r.full_name) not in written}
    kept = []
    for resource in template["resources"]:
        if "scope" not in resource and (resource["type"], resource["name"]) not in written:
            continue
        if "dependsOn" in resource:
            resource["dependsOn"] = [d for d in resource["dependsOn"] if d not in dropped]
            if not resource["dependsOn"]:
                del resource["dependsOn"]
        kept.append(resource)
    template["resources"] = kept
    return template

