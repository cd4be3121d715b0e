"""`purge` and `destroy --purge`: free the names and quota of an environment's soft-deleted accounts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aoai_provision.apply.result import ApplyResult, Status
from aoai_provision.azure.target import Target
from aoai_provision.plan.actions import ActionKind, ResourceType
from aoai_provision.plan.observed import DeletedAccount

PurgeConfirm = Callable[[Sequence[DeletedAccount]], bool]


@dataclass(frozen=True)
class PurgeOutcome:
    """The soft-deleted accounts found and, when confirmed, each purge's result."""

    candidates: tuple[DeletedAccount, ...]
    results: tuple[Any, ...] = ()  # azure.purge.PurgeResult
    confirmed: bool = False

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def purge_environment(path: Path, target: Target, *, confirm: PurgeConfirm | None = None) -> PurgeOutcome:
    """Purge the soft-deleted accounts whose names the file declares (in its resource group); asks ``confirm``."""
    from aoai_provision.api.plan import connect, load_desired
    from aoai_provision.azure.purge import purge_accounts
    from aoai_provision.azure.readers import read_environment

    desired, _ = load_desired(path, subscription=target.subscription)
    clients = connect(target, desired.subscription)
    observed = read_environment(clients, desired, include_catalog=False)
    candidates = observed.deleted_accounts
    if not candidates or (confirm is not None and not confirm(candidates)):
        return PurgeOutcome(candidates)
    return PurgeOutcome(candidates, purge_accounts(clients, candidates), confirmed=True)


def deleted_by(result: ApplyResult, resource_group: str) -> tuple[DeletedAccount, ...]:
    """The accounts an apply or destroy deleted (now soft-deleted), for `destroy --purge`."""
    return tuple(DeletedAccount(name=r.action.name, region=r.action.region or "", resource_group=resource_group)
                 for r in result.results
                 if r.status is Status.OK and r.action.kind is ActionKind.DELETE
                 and r.action.resource_type is ResourceType.ACCOUNT)


def purge_after_destroy(target: Target, subscription: str, accounts: Sequence[DeletedAccount]) -> PurgeOutcome:
    """Purge the accounts a destroy just deleted (waits for each purge)."""
    from aoai_provision.api.plan import connect
    from aoai_provision.azure.purge import purge_accounts

    if not accounts:
        return PurgeOutcome(())
    return PurgeOutcome(tuple(accounts), purge_accounts(connect(target, subscription), accounts), confirmed=True)
