"""The SDK calls behind one plan action (PUT / DELETE and wait), and how their failures are classified."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.errors import error_code
from aoai_provision.azure.merge_writes import account_patch, account_put, as_body, deployment_update, raw_json
from aoai_provision.azure.payloads import (
    account_payload,
    deployment_payload,
    resource_group_payload,
    resource_group_tag_merge,
)
from aoai_provision.azure.polling import lean_polling
from aoai_provision.plan.actions import CHILD_TYPES, NETWORK_CHILDREN, Action, ActionKind, ResourceType


class OperationFailed(Exception):
    """A long-running operation was accepted but ended Failed/Canceled (raised from ``.result()``)."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _lro(begin: Callable[[], Any]) -> None:
    """Start an LRO and wait; errors after the initial request become OperationFailed.

    ``wait`` rather than ``result``: no caller uses the final body, so it is not turned into an SDK
    model (with lean polling it would be the last operation-status body anyway)."""
    from azure.core.exceptions import HttpResponseError

    poller = begin()
    try:
        poller.wait()
    except HttpResponseError as exc:
        raise OperationFailed(exc) from exc


def _delete(begin: Callable[[], Any]) -> None:
    """Delete; a resource that is already gone counts as deleted."""
    from azure.core.exceptions import ResourceNotFoundError

    try:
        _lro(begin)
    except ResourceNotFoundError:
        return
    except OperationFailed as exc:
        if isinstance(exc.cause, ResourceNotFoundError):
            return
        raise


def perform(clients: AzureClients, resource_group: str, environment: str, action: Action) -> None:
    """Make one write (one attempt), after the write guard read the resource and let it through.

    Replace = delete then create."""
    exists = clients.guard.check(clients, resource_group, environment, action)
    if action.resource_type is ResourceType.ENCRYPTION:  # a new account's key: an account update with it
        action = replace(action, resource_type=ResourceType.ACCOUNT, name=action.account or action.name)
    if action.resource_type in NETWORK_CHILDREN:
        from aoai_provision.azure.network_writes import perform_child

        perform_child(clients, environment, action, _lro, _delete)
        return
    cog = clients.cognitive
    desired = action.desired or {}
    kind = action.kind
    interval = clients.polling_interval
    if action.resource_type is ResourceType.RESOURCE_GROUP:
        groups = clients.resources.resource_groups
        if kind is ActionKind.DELETE:  # the guard refuses this; kept so the call is explicit if ever allowed
            _delete(lambda: groups.begin_delete(action.name, polling=lean_polling(interval)))
            return
        if kind is ActionKind.CREATE and not exists:  # made meanwhile (another environment): merge only
            groups.create_or_update(action.name, resource_group_payload(action.desired, action.region, environment))
        # Merge, never overwrite: another environment sharing the group may have written its tags meanwhile.
        scope = f"/subscriptions/{clients.subscription}/resourceGroups/{action.name}"
        _lro(lambda: clients.resources.tags.begin_update_at_scope(
            scope, resource_group_tag_merge(action.desired, environment), polling=lean_polling(interval)))
        return
    if action.resource_type in CHILD_TYPES:
        from aoai_provision.azure.access import perform_access

        perform_access(clients, resource_group, environment, action, _delete, lean_polling(interval))
        return
    changed = [c.field for c in action.changes]
    if action.resource_type is ResourceType.ACCOUNT:
        if kind is ActionKind.UPDATE:  # PATCH of the managed fields: everything else stays as Azure holds it
            live = cog.accounts.get(resource_group, action.name, cls=raw_json)
            if "provisioning_state" in changed:  # a repair re-runs provisioning: PUT the live JSON back
                body = as_body(account_put(desired, live, environment, changed))
                _lro(lambda: cog.accounts.begin_create(resource_group, action.name, body,
                                                       polling=lean_polling(interval)))
                return
            patch = as_body(account_patch(desired, live, environment, changed))
            _lro(lambda: cog.accounts.begin_update(resource_group, action.name, patch, polling=lean_polling(interval)))
            return
        if kind in (ActionKind.DELETE, ActionKind.REPLACE):
            _delete(lambda: cog.accounts.begin_delete(resource_group, action.name, polling=lean_polling(interval)))
        if kind is not ActionKind.DELETE:
            body = account_payload(desired, environment, restore=kind is ActionKind.RESTORE)
            _lro(lambda: cog.accounts.begin_create(resource_group, action.name, body, polling=lean_polling(interval)))
        return
    account = action.account or ""
    if kind is ActionKind.UPDATE:  # read-modify-write of the live JSON (or PATCH for capacity and tags)
        live = cog.deployments.get(resource_group, account, action.name, cls=raw_json)
        verb, update = deployment_update(desired, live, environment, changed)
        ops = cog.deployments
        begin = ops.begin_update if verb == "patch" else ops.begin_create_or_update
        _lro(lambda: begin(resource_group, account, action.name, as_body(update), polling=lean_polling(interval)))
        return
    if kind in (ActionKind.DELETE, ActionKind.REPLACE):
        _delete(lambda: cog.deployments.begin_delete(resource_group, account, action.name,
                                                      polling=lean_polling(interval)))
    if kind is not ActionKind.DELETE:
        dep = as_body(deployment_payload(desired, environment))
        _lro(lambda: cog.deployments.begin_create_or_update(resource_group, account, action.name, dep,
                                                            polling=lean_polling(interval)))


# Codes of a failed long-running operation that say "try again" rather than "this cannot work".
TRANSIENT_CODES = frozenset({"InternalServerError", "ServiceUnavailable", "InternalError", "GatewayTimeout",
                             "RequestTimeout", "TooManyRequests", "Conflict", "RequestConflict"})


def classify(exc: BaseException) -> str:
    """conflict | transient (dropped connection, 5xx, failed-then-retryable operation) | failed_operation | fatal."""
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

    if isinstance(exc, OperationFailed):
        if isinstance(exc.cause, (ServiceRequestError, ServiceResponseError)):
            return "transient"
        return "transient" if error_code(exc.cause) in TRANSIENT_CODES else "failed_operation"
    if isinstance(exc, (ServiceRequestError, ServiceResponseError)):
        return "transient"
    if isinstance(exc, HttpResponseError):
        if error_code(exc) == "RequestConflict":
            return "conflict"
        status = getattr(exc, "status_code", None) or 0
        if status >= 500 or status in (408, 429):  # azure-core's own retries were exhausted
            return "transient"
    return "fatal"
