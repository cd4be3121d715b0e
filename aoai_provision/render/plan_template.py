"""The ARM template of a plan's writes: only the accounts and deployments the plan creates or changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aoai_provision.plan.actions import Action, ActionKind, ResourceType
from aoai_provision.plan.desired_json import account_from_json, deployment_from_json
from aoai_provision.render.engine import render_arm_template
from aoai_provision.render.resources import ACCOUNT_TYPE, rendered_resources
from aoai_provision.spec.model import DesiredAccount, DesiredState

# What an incremental template deployment can do; deletes (and the delete half of a replace) cannot.
TEMPLATE_KINDS = frozenset({ActionKind.CREATE, ActionKind.UPDATE, ActionKind.REPLACE, ActionKind.RESTORE})


def in_template(action: Action) -> bool:
    return action.resource_type is not ResourceType.RESOURCE_GROUP and action.kind in TEMPLATE_KINDS


def template_name(action: Action) -> str:
    """The action's resource name inside the template: `account` or `account/deployment`."""
    if action.resource_type is ResourceType.DEPLOYMENT:
        return f"{action.account}/{action.name}"
    return action.name


def resource_id(subscription: str, resource_group: str, action: Action) -> str:
    account = action.account if action.resource_type is ResourceType.DEPLOYMENT else action.name
    rid = (f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{ACCOUNT_TYPE}/"
           f"{account}")
    return f"{rid}/deployments/{action.name}" if action.resource_type is ResourceType.DEPLOYMENT else rid


def template_state(desired: DesiredState, actions: list[Action]) -> DesiredState:
    """The desired state cut down to ``actions``: each resource as its action wants it (the planner's
    desired JSON keeps versions Azure auto-upgraded), deployments in plan order."""
    accounts = {a.name: a for a in desired.accounts}
    account_actions = {a.name: a for a in actions if a.resource_type is ResourceType.ACCOUNT}
    order: list[str] = []
    for action in actions:
        name = action.account if action.resource_type is ResourceType.DEPLOYMENT else action.name
        if name and name not in order:
            order.append(name)
    chosen: list[DesiredAccount] = []
    for name in order:
        if name in account_actions and account_actions[name].desired:
            base = account_from_json({"name": name, "region": account_actions[name].region or "",
                                      **dict(account_actions[name].desired or {})})
            # `restore: true` only where the plan restores, as the SDK engine sends it
            base = replace(base, restore=account_actions[name].kind is ActionKind.RESTORE)
        else:
            base = accounts.get(name) or DesiredAccount(name=name, region="")
        deployments = tuple(deployment_from_json(dict(a.desired or {})) for a in actions
                            if a.resource_type is ResourceType.DEPLOYMENT and a.account == name)
        chosen.append(replace(base, deployments=deployments))
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
    written = {a.name for a in actions if a.resource_type is ResourceType.ACCOUNT}
    template = render_arm_template(state)
    dropped = {r.resource_id_expression() for r in rendered_resources(state)
               if r.parent is None and r.name not in written}
    kept = []
    for resource in template["resources"]:
        if resource["type"] == ACCOUNT_TYPE and resource["name"] not in written:
            continue
        if "dependsOn" in resource:
            resource["dependsOn"] = [d for d in resource["dependsOn"] if d not in dropped]
            if not resource["dependsOn"]:
                del resource["dependsOn"]
        kept.append(resource)
    template["resources"] = kept
    return template

