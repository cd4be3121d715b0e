"""Action order: resource group first, then per account one write at a time, freeing quota first."""

from __future__ import annotations

from collections.abc import Iterable

from aoai_provision.plan.actions import Action, ActionKind, Plan, ResourceType

# Account children: written after the account and before the deployments that use them (blocklists and
# their items, then the policies naming them, then role assignments); deleted after the deployments that
# might still use them, in reverse (policies, then blocklists, then role assignments), before the account.
# The private endpoint and diagnostic setting follow (6, 7) and are deleted just before the account (80).
_CHILD_WRITE = {ResourceType.RAI_BLOCKLIST: 1, ResourceType.RAI_BLOCKLIST_ITEM: 3, ResourceType.RAI_POLICY: 4,
                ResourceType.ROLE_ASSIGNMENT: 5, ResourceType.PRIVATE_ENDPOINT: 6, ResourceType.DIAGNOSTIC_SETTING: 7,
                ResourceType.ENCRYPTION: 0}  # a new account's key: right after the account create that precedes it
_CHILD_DELETE = {ResourceType.RAI_BLOCKLIST_ITEM: 2, ResourceType.RAI_POLICY: 70, ResourceType.RAI_BLOCKLIST: 75,
                 ResourceType.ROLE_ASSIGNMENT: 78, ResourceType.PRIVATE_ENDPOINT: 80,
                 ResourceType.DIAGNOSTIC_SETTING: 80}


def phase(action: Action) -> int:
    """Rank of an action inside its account.

    0 account create/restore/update; 1-5 child writes (blocklists, item deletes, items, policies, role
    assignments); 10 deployment deletes, 20 capacity decreases, 30 other updates, 40 replaces (delete +
    create), 50 capacity increases, 60 creates; 70-78 child deletes (policies, blocklists, role
    assignments), 80 private endpoint and diagnostic setting deletes; 90 account delete. (6, 7: private
    endpoint and diagnostic setting writes.)
    """
    kind, rtype = action.kind, action.resource_type
    if rtype is ResourceType.ACCOUNT:
        return 90 if kind is ActionKind.DELETE else 0
    if rtype in _CHILD_WRITE:
        return _CHILD_DELETE[rtype] if kind is ActionKind.DELETE else _CHILD_WRITE[rtype]
    if kind is ActionKind.DELETE:
        return 10
    if kind is ActionKind.REPLACE:
        return 40
    if kind is ActionKind.CREATE:
        return 60
    if action.capacity_delta < 0:
        return 20
    return 50 if action.capacity_delta > 0 else 30


def account_of(action: Action) -> str:
    return action.account or action.name


def order_actions(actions: Iterable[Action]) -> tuple[Action, ...]:
    """Resource-group actions, then each account's actions by phase; accounts keep first-seen order."""
    rg, batches = _batches(list(actions))
    return tuple(rg + [a for batch in batches.values() for a in batch])


def _batches(actions: list[Action]) -> tuple[list[Action], dict[str, list[Action]]]:
    rg: list[Action] = []
    batches: dict[str, list[Action]] = {}
    for action in actions:
        if action.resource_type is ResourceType.RESOURCE_GROUP:
            rg.append(action)
        else:
            batches.setdefault(account_of(action), []).append(action)
    for name, batch in batches.items():
        # stable: file order within a phase; a spillover source after its target, which must exist first
        batches[name] = sorted(batch, key=lambda a: (phase(a), bool((a.desired or {}).get("spillover_deployment"))))
    return rg, batches


def account_batches(plan: Plan) -> tuple[list[Action], dict[str, list[Action]]]:
    """(resource-group actions, {account name: its actions in execution order}).

    Run the resource-group actions first; then the accounts in parallel, each account's list
    strictly one write at a time. Within an account deletes and capacity decreases come before
    creates and increases (quota frees before it is needed); the account's create or restore
    comes before its deployments; deployment deletes come before the account's delete.
    """
    return _batches(list(plan.actions))
