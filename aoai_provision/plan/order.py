"""Action order: resource group first, then per account one write at a time, freeing quota first."""

from __future__ import annotations

from collections.abc import Iterable

from aoai_provision.plan.actions import Action, ActionKind, Plan, ResourceType


def phase(action: Action) -> int:
    """Rank of an action inside its account.

    0 account create/restore/update, 1 deployment deletes, 2 capacity decreases, 3 other updates,
    4 replaces (delete + create), 5 capacity increases, 6 creates, 7 account delete.
    """
    if action.resource_type is ResourceType.ACCOUNT:
        return 7 if action.kind is ActionKind.DELETE else 0
    if action.kind is ActionKind.DELETE:
        return 1
    if action.kind is ActionKind.REPLACE:
        return 4
    if action.kind is ActionKind.CREATE:
        return 6
    if action.capacity_delta < 0:
        return 2
    return 5 if action.capacity_delta > 0 else 3


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
        batches[name] = sorted(batch, key=phase)  # stable: file order within a phase
    return rg, batches


def account_batches(plan: Plan) -> tuple[list[Action], dict[str, list[Action]]]:
    """(resource-group actions, {account name: its actions in execution order}).

    Run the resource-group actions first; then the accounts in parallel, each account's list
    strictly one write at a time. Within an account deletes and capacity decreases come before
    creates and increases (quota frees before it is needed); the account's create or restore
    comes before its deployments; deployment deletes come before the account's delete.
    """
    return _batches(list(plan.actions))
