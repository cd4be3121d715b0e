"""Run a plan with the SDK: resource group first, accounts in parallel, one write at a time per account."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from aoai_provision.apply.interrupt import NOT_STARTED_NOTE, STOP
from aoai_provision.apply.result import (
    ActionResult,
    ApplyEvent,
    ApplyResult,
    EventCallback,
    EventKind,
    Status,
)
from aoai_provision.apply.steps import run_action
from aoai_provision.azure.clients import AzureClients
from aoai_provision.plan.actions import Action, ActionKind, Plan
from aoai_provision.plan.order import account_batches

# ARM's write bucket is 200 per subscription and principal, refilled at 10/s. With one write at a
# time per account, 32 accounts in flight issue at most 32 writes per operation duration (seconds to
# minutes), which the bucket absorbs; polls are reads (bucket 250, 25/s). 429s are retried anyway.
DEFAULT_PARALLELISM = 32


def _run_chain(clients: AzureClients, plan: Plan, actions: Sequence[Action], emit: EventCallback) -> list[ActionResult]:
    """One account's writes in order; after a failure the rest of the account is skipped."""
    results: list[ActionResult] = []
    failed: ActionResult | None = None
    for action in actions:
        if STOP.requested():  # interrupted: no new write starts
            emit(ApplyEvent(EventKind.SKIPPED, action, message=NOT_STARTED_NOTE))
            results.append(ActionResult(action, Status.NOT_STARTED, error=NOT_STARTED_NOTE))
            continue
        if failed is not None:
            note = f"skipped: {failed.action.address} failed"
            emit(ApplyEvent(EventKind.SKIPPED, action, message=note))
            results.append(ActionResult(action, Status.SKIPPED, error=note))
            continue
        result = run_action(clients, plan.resource_group, plan.environment, action, emit)
        results.append(result)
        if result.status is Status.FAILED:
            failed = result
    return results


def execute_plan(clients: AzureClients, plan: Plan, *, parallelism: int = DEFAULT_PARALLELISM,
                 on_event: EventCallback | None = None) -> ApplyResult:
    """Apply ``plan``; never raises for Azure errors (they are in the result)."""
    start = time.monotonic()
    lock = threading.Lock()

    def emit(event: ApplyEvent) -> None:
        if on_event is not None:
            with lock:
                on_event(event)

    rg_actions, per_account = account_batches(plan)
    first = [a for a in rg_actions if a.kind is not ActionKind.DELETE]
    last = [a for a in rg_actions if a.kind is ActionKind.DELETE]
    by_action: dict[int, ActionResult] = {}

    def record(results: Sequence[ActionResult]) -> None:
        for r in results:
            by_action[id(r.action)] = r

    head = _run_chain(clients, plan, first, emit)
    record(head)
    if any(r.status is not Status.OK for r in head):
        skipped = [a for chain in per_account.values() for a in chain] + last
        record(_run_chain(clients, plan, skipped, emit) if STOP.requested() else [])
        for action in [a for a in skipped if id(a) not in by_action]:
            note = "skipped: the resource group could not be written"
            emit(ApplyEvent(EventKind.SKIPPED, action, message=note))
            by_action[id(action)] = ActionResult(action, Status.SKIPPED, error=note)
    else:
        workers = max(1, min(parallelism, len(per_account) or 1))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aoai-apply") as pool:
            futures = [pool.submit(_run_chain, clients, plan, chain, emit) for chain in per_account.values()]
            chain_results = [f.result() for f in futures]
        for results in chain_results:
            record(results)
        if last:
            if STOP.requested() or all(r.status is Status.OK for rs in chain_results for r in rs):
                record(_run_chain(clients, plan, last, emit))
            else:
                for action in last:
                    note = "skipped: not every resource in the group was deleted"
                    emit(ApplyEvent(EventKind.SKIPPED, action, message=note))
                    by_action[id(action)] = ActionResult(action, Status.SKIPPED, error=note)
    ordered = tuple(by_action[id(a)] for a in plan.actions if id(a) in by_action)
    planned = {id(a) for a in plan.actions}  # once: rebuilding it per result was quadratic
    missing = [r for k, r in by_action.items() if k not in planned]
    return ApplyResult(results=ordered + tuple(missing), seconds=time.monotonic() - start, engine="sdk")
