"""One planned write, with the retries of a step around it.

Retried: someone else's RequestConflict, dropped connections and 5xx after azure-core's own retries,
and a long-running operation that ended Failed (once)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from aoai_provision.apply.interrupt import STOP
from aoai_provision.apply.result import ActionResult, ApplyEvent, EventCallback, EventKind, Status
from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.errors import wrap_sdk_error
from aoai_provision.azure.writes import TRANSIENT_CODES, OperationFailed, classify, perform
from aoai_provision.plan.actions import Action

__all__ = ["TRANSIENT_CODES", "run_action"]


class _InFlight:
    """How many writes are running in this process right now (the conflict budget scales with it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def __enter__(self) -> _InFlight:
        with self._lock:
            self.count += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.count -= 1


IN_FLIGHT = _InFlight()


def run_action(clients: AzureClients, resource_group: str, environment: str, action: Action,
               emit: EventCallback, *, sleep: Callable[[float], None] = time.sleep) -> ActionResult:
    """Run one action to completion with bounded retries; never raises for Azure errors.

    RequestConflict (someone else's operation on the account) is retried with exponential backoff
    until the conflict budget (seconds, scaled by the writes in flight) is spent; dropped connections
    and failed operations by count.
    """
    with IN_FLIGHT:
        return _run(clients, resource_group, environment, action, emit, sleep)


def _run(clients: AzureClients, resource_group: str, environment: str, action: Action, emit: EventCallback,
         sleep: Callable[[float], None]) -> ActionResult:
    settings = clients.retry
    budget = {"transient": settings.connection_retries, "failed_operation": settings.failed_operation_retries}
    used = {"conflict": 0, "transient": 0, "failed_operation": 0}
    start = time.monotonic()
    emit(ApplyEvent(EventKind.START, action))
    attempt = 0
    stopped = False
    while True:
        attempt += 1
        try:
            perform(clients, resource_group, environment, action)
        except Exception as exc:  # noqa: BLE001 - every failure is classified and reported
            reason = classify(exc)
            cause = exc.cause if isinstance(exc, OperationFailed) else exc
            elapsed = time.monotonic() - start
            if reason == "conflict":
                delay = min(settings.conflict_backoff * 2 ** used[reason], settings.backoff_max)
                retry = elapsed + delay <= settings.conflict_budget(IN_FLIGHT.count)
            else:
                delay = min(settings.conflict_backoff, settings.backoff_max) if reason == "transient" else 0.0
                retry = reason != "fatal" and used[reason] < budget[reason]
            if retry:
                used[reason] += 1
                short = wrap_sdk_error(cause, resource=action.address)
                emit(ApplyEvent(EventKind.RETRY, action, elapsed,
                                f"{reason.replace('_', ' ')}: {short.code or short.message}; retrying", attempt))
                if sleep is time.sleep:
                    STOP.wait(delay)  # returns at once on an interrupt
                else:
                    sleep(delay)
                if not STOP.requested():
                    continue
                stopped = True  # interrupted: the retry would start a new write
            err = wrap_sdk_error(cause, resource=action.address, action=action.kind.value)
            message = err.message
            if stopped:
                message += " (not retried: interrupted)"
            elif reason == "conflict":
                message += (f" (still conflicting after {elapsed:.0f}s of retries; --conflict-timeout SECONDS "
                            "waits longer)")
            seconds = time.monotonic() - start
            emit(ApplyEvent(EventKind.FAILED, action, seconds, message, attempt))
            return ActionResult(action, Status.FAILED, seconds, message, err.code, err.request_id, err.fix,
                                attempt)
        seconds = time.monotonic() - start
        emit(ApplyEvent(EventKind.DONE, action, seconds, attempt=attempt))
        return ActionResult(action, Status.OK, seconds, attempts=attempt)
