"""One planned write with the step-level retries: someone else's RequestConflict, dropped connections and
5xx after azure-core's own retries, and a long-running operation that ended Failed (retried once)."""

from __future__ import annotations

import time
from collections.abc import Callable

from aoai_provision.apply.result import ActionResult, ApplyEvent, EventCallback, EventKind, Status
from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.errors import wrap_sdk_error
from aoai_provision.azure.writes import TRANSIENT_CODES, OperationFailed, classify, perform
from aoai_provision.plan.actions import Action

__all__ = ["TRANSIENT_CODES", "run_action"]


def run_action(clients: AzureClients, resource_group: str, environment: str, action: Action,
               emit: EventCallback, *, sleep: Callable[[float], None] = time.sleep) -> ActionResult:
    """Run one action to completion with bounded retries; never raises for Azure errors."""
    settings = clients.retry
    budget = {"conflict": settings.conflict_retries, "transient": settings.connection_retries,
              "failed_operation": settings.failed_operation_retries}
    used = {"conflict": 0, "transient": 0, "failed_operation": 0}
    start = time.monotonic()
    emit(ApplyEvent(EventKind.START, action))
    attempt = 0
    while True:
        attempt += 1
        try:
            perform(clients, resource_group, environment, action)
        except Exception as exc:  # noqa: BLE001 - every failure is classified and reported
            reason = classify(exc)
            cause = exc.cause if isinstance(exc, OperationFailed) else exc
            if reason != "fatal" and used[reason] < budget[reason]:
                used[reason] += 1
                delay = 0.0
                if reason == "conflict":
                    delay = min(settings.conflict_backoff * 2 ** (used[reason] - 1), settings.backoff_max)
                elif reason == "transient":
                    delay = min(settings.conflict_backoff, settings.backoff_max)
                short = wrap_sdk_error(cause, resource=action.address)
                emit(ApplyEvent(EventKind.RETRY, action, time.monotonic() - start,
                                f"{reason.replace('_', ' ')}: {short.code or short.message}; retrying", attempt))
                sleep(delay)
                continue
            err = wrap_sdk_error(cause, resource=action.address, action=action.kind.value)
            seconds = time.monotonic() - start
            emit(ApplyEvent(EventKind.FAILED, action, seconds, err.message, attempt))
            return ActionResult(action, Status.FAILED, seconds, err.message, err.code, err.request_id, err.fix,
                                attempt)
        seconds = time.monotonic() - start
        emit(ApplyEvent(EventKind.DONE, action, seconds, attempt=attempt))
        return ActionResult(action, Status.OK, seconds, attempts=attempt)
