"""`--engine arm`: plan through ARM what-if, apply as an incremental template deployment.

The rendered ARM template is submitted as a resource-group deployment. Deletes (prune, the delete half
of a replace) still go through the SDK path: before the template, except content-filter policy and
blocklist deletes, which wait for it (it may be what frees them).

A template deployment PUTs every resource whole, so each account and deployment the template updates is
rendered over its live JSON (azure/live_template.py): what the file does not manage is sent back as it is."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aoai_provision.apply.executor import execute_plan
from aoai_provision.apply.interrupt import NOT_STARTED_NOTE, STOP
from aoai_provision.apply.result import (
    ActionResult,
    ApplyEvent,
    ApplyResult,
    EventCallback,
    EventKind,
    Status,
)
from aoai_provision.apply.steps import TRANSIENT_CODES, run_action
from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.errors import wrap_sdk_error
from aoai_provision.azure.live_template import merge_template, read_live
from aoai_provision.errors import AzureCallError
from aoai_provision.findings import Finding, Severity
from aoai_provision.plan.actions import NETWORK_CHILDREN, Action, ActionKind, FieldChange, Plan, ResourceType
from aoai_provision.render.plan_template import (
    ARM_TYPES,
    in_template,
    resource_id,
    template_for_actions,
    template_name,
)
from aoai_provision.spec.model import DesiredState

WAIT_SECONDS = 3600.0


def deployment_name(environment: str, attempt: int = 1) -> str:
    """`aoai-provision-<env>-<UTC time>[-<attempt>]`, at most 64 characters (ARM's limit)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = f"-{stamp}" + (f"-{attempt}" if attempt > 1 else "")
    return f"aoai-provision-{environment}"[: 64 - len(suffix)] + suffix


def _body(template: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {"mode": "Incremental", "template": template, "parameters": {}}}


# -- plan ------------------------------------------------------------------------------------------
def what_if_plan(clients: AzureClients, desired: DesiredState, plan: Plan) -> Plan:
    """The planner's plan checked by ARM what-if: updates show ARM's property deltas; disagreements
    and a summary of ARM's view become info findings. Preflight already ran (the plan is the planner's)."""
    actions = [a for a in plan.actions if in_template(a)]
    template = template_for_actions(desired, actions)
    if template is None:
        return replace(plan, engine="arm")
    if any(a.resource_type is ResourceType.RESOURCE_GROUP and a.kind is ActionKind.CREATE for a in plan.actions):
        note = _info("arm-what-if-skipped", f"ARM what-if needs resource group {plan.resource_group}, which does "
                     "not exist yet: every resource in the plan is created")
        return replace(plan, engine="arm", findings=(*plan.findings, note))
    template = merge_template(template, read_live(clients, plan.resource_group, actions))
    try:
        poller = clients.deployments.deployments.begin_what_if(
            plan.resource_group, deployment_name(plan.environment), _body(template))
        result = poller.result()
    except Exception as exc:  # noqa: BLE001 - every SDK failure becomes AzureCallError
        raise wrap_sdk_error(exc, resource=f"resource_group.{plan.resource_group}", action="what-if") from exc
    changes = {str(c.resource_id).lower(): c for c in result.changes or []}
    findings = list(plan.findings)
    counts: dict[str, int] = {}
    new_actions: list[Action] = []
    for action in plan.actions:
        if not in_template(action):
            new_actions.append(action)
            continue
        change = changes.get(resource_id(clients.subscription, plan.resource_group, action).lower())
        raw = getattr(change, "change_type", None) or "Missing"
        kind = str(getattr(raw, "value", raw))
        counts[kind] = counts.get(kind, 0) + 1
        if kind in ("NoChange", "Ignore", "Missing"):
            findings.append(_info("arm-what-if-no-change", f"ARM what-if reports {kind} for {action.address}; "
                                  f"the planner's {action.kind.value} is kept ({action.reason})", action.address))
        if kind == "Modify" and action.kind is ActionKind.UPDATE and change is not None and change.delta:
            deltas = tuple(FieldChange(d.path, d.before, d.after) for d in change.delta)
            action = replace(action, changes=deltas)
        new_actions.append(action)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    findings.append(_info("arm-what-if", f"ARM what-if of the template ({len(template['resources'])} "
                          f"resource(s)): {summary}"))
    return replace(plan, actions=tuple(new_actions), findings=tuple(findings), engine="arm")


def _info(code: str, message: str, resource: str | None = None) -> Finding:
    return Finding(Severity.INFO, code, message, resource=resource)


# -- apply -----------------------------------------------------------------------------------------
def apply_with_arm(clients: AzureClients, desired: DesiredState, plan: Plan,
                   on_event: EventCallback | None = None) -> ApplyResult:
    """Resource group (SDK), deletes (SDK), then one template deployment for every create/update, then the
    policy/blocklist deletes and the private endpoints and diagnostic settings (SDK);
    never raises for Azure errors (they are in the result, per action, from the deployment's operations)."""
    start = time.monotonic()
    emit: EventCallback = on_event or (lambda _event: None)
    results: dict[int, ActionResult] = {}

    def skip_all(actions: list[Action], note: str) -> None:
        for action in actions:
            if id(action) not in results:
                emit(ApplyEvent(EventKind.SKIPPED, action, message=note))
                results[id(action)] = ActionResult(action, Status.SKIPPED, error=note)

    for action in [a for a in plan.actions if a.resource_type is ResourceType.RESOURCE_GROUP
                   and a.kind is not ActionKind.DELETE]:
        results[id(action)] = run_action(clients, plan.resource_group, plan.environment, action, emit)
    if any(r.status is not Status.OK for r in results.values()):
        skip_all(list(plan.actions), "skipped: the resource group could not be written")
        return _result(plan, results, start)

    late = _late_deletes(plan)
    _run_deletes(clients, plan, on_event, results, late)
    # as in the SDK engine, an account stops at its first failure: no creates after a failed delete
    stopped = {_account(r.action) for r in results.values() if r.status is not Status.OK}
    skip_all([a for a in plan.actions if in_template(a) and _account(a) in stopped],
             "skipped: an earlier write of its account failed")
    _guard_template(clients, plan, [a for a in plan.actions if in_template(a) and id(a) not in results], emit,
                    results)
    template_actions = [a for a in plan.actions if in_template(a) and id(a) not in results]
    if template_actions and STOP.requested():  # interrupted: the template deployment does not start
        for action in template_actions:
            emit(ApplyEvent(EventKind.SKIPPED, action, message=NOT_STARTED_NOTE))
            results[id(action)] = ActionResult(action, Status.NOT_STARTED, error=NOT_STARTED_NOTE)
        template_actions = []
    if template_actions:
        _run_template(clients, desired, plan, template_actions, emit, results)
    # then the policy and blocklist deletes the template may have freed, private endpoints and diagnostic settings
    _run_after_template(clients, plan, late, on_event, results)
    _run_after_template(clients, plan, [a for a in plan.actions if a.resource_type in NETWORK_CHILDREN
                                        and id(a) not in results], on_event, results)
    last = [a for a in plan.actions if a.resource_type is ResourceType.RESOURCE_GROUP and a.kind is ActionKind.DELETE]
    if last:
        if all(r.status is Status.OK for r in results.values()):
            for action in last:
                results[id(action)] = run_action(clients, plan.resource_group, plan.environment, action, emit)
        else:
            skip_all(last, "skipped: not every resource in the group was deleted")
    return _result(plan, results, start)


def _guard_template(clients: AzureClients, plan: Plan, actions: list[Action], emit: EventCallback,
                    results: dict[int, ActionResult]) -> None:
    """The write guard for what the template would write: a refused resource stays out of the template."""
    from aoai_provision.azure.guard import WriteRefused

    for action in actions:
        try:
            clients.guard.check(clients, plan.resource_group, plan.environment, action)
        except WriteRefused as exc:
            emit(ApplyEvent(EventKind.FAILED, action, message=exc.message))
            results[id(action)] = ActionResult(action, Status.FAILED, error=exc.message, code=exc.code, fix=exc.fix)


def _account(action: Action) -> str:
    return action.account or action.name or ""


def _result(plan: Plan, results: dict[int, ActionResult], start: float) -> ApplyResult:
    ordered = tuple(results[id(a)] for a in plan.actions if id(a) in results)
    return ApplyResult(results=ordered, seconds=time.monotonic() - start, engine="arm")


# Deleted only once nothing points at them: a deployment at its policy, a policy at its blocklists.
_IN_USE_TYPES = frozenset({ResourceType.RAI_POLICY, ResourceType.RAI_BLOCKLIST})


def _late_deletes(plan: Plan) -> list[Action]:
    """Policy and blocklist deletes of accounts the template writes: the template may be what moves a
    deployment (or a policy) off them, and ARM refuses to delete one still in use (409)."""
    written = {_account(a) for a in plan.actions if in_template(a)}
    return [a for a in plan.actions if a.kind is ActionKind.DELETE and a.resource_type in _IN_USE_TYPES
            and _account(a) in written]


def _run_after_template(clients: AzureClients, plan: Plan, actions: list[Action], on_event: EventCallback | None,
                        results: dict[int, ActionResult]) -> None:
    """``actions`` through the SDK executor after the template (per account, one at a time, in plan order);
    an account with a failed write gets none of them."""
    stopped = {_account(r.action) for r in results.values() if r.status is not Status.OK}
    ready = [a for a in actions if _account(a) not in stopped]
    for action in actions:
        if _account(action) in stopped:
            note = "skipped: an earlier write of its account failed"
            if on_event is not None:
                on_event(ApplyEvent(EventKind.SKIPPED, action, message=note))
            results[id(action)] = ActionResult(action, Status.SKIPPED, error=note)
    if ready:
        for r in execute_plan(clients, replace(plan, actions=tuple(ready)), on_event=on_event).results:
            results[id(r.action)] = r


def _run_deletes(clients: AzureClients, plan: Plan, on_event: EventCallback | None,
                 results: dict[int, ActionResult], late: list[Action]) -> None:
    """Deletes and the delete half of replacements through the SDK executor (frees quota first), except
    ``late`` ones (after the template).

    A replacement whose delete failed gets that failure as its result (the template leaves it out)."""
    held = {id(a) for a in late}
    deletes = [a for a in plan.actions if a.kind is ActionKind.DELETE and a.resource_type is not ResourceType.RESOURCE_GROUP
               and id(a) not in held]
    halves = {id(a): replace(a, kind=ActionKind.DELETE, reason=f"replace: delete before re-creating ({a.reason})")
              for a in plan.actions if a.kind is ActionKind.REPLACE}
    if not deletes and not halves:
        return
    sub_plan = replace(plan, actions=tuple(deletes) + tuple(halves.values()))
    done = {id(r.action): r for r in execute_plan(clients, sub_plan, on_event=on_event).results}
    for action in deletes:
        if id(action) in done:
            results[id(action)] = done[id(action)]
    for action in plan.actions:
        half = halves.get(id(action))
        outcome = done.get(id(half)) if half is not None else None
        if half is not None and (outcome is None or outcome.status is not Status.OK):
            results[id(action)] = replace(outcome, action=action) if outcome else ActionResult(
                action, Status.SKIPPED, error="skipped: the delete before the replacement did not run")


def _run_template(clients: AzureClients, desired: DesiredState, plan: Plan, actions: list[Action],
                  emit: EventCallback, results: dict[int, ActionResult]) -> None:
    """Deploy the template of ``actions``; resubmit what failed transiently (with what it held up)."""
    started = time.monotonic()
    for action in actions:
        emit(ApplyEvent(EventKind.START, action))
    budget = max(clients.retry.failed_operation_retries, 0) + max(clients.retry.connection_retries, 0)
    pending, attempt = list(actions), 0
    while pending:
        attempt += 1
        name = deployment_name(plan.environment, attempt)
        try:  # read-modify-write: the live JSON is read just before each submission
            template = merge_template(template_for_actions(desired, pending) or {},
                                      read_live(clients, plan.resource_group, pending))
        except AzureCallError as err:
            outcome: dict[tuple[str, str], tuple[str, str | None, str | None]] = {
                ("*", "*"): ("Failed", err.code, err.message)}
        else:
            outcome = _deploy(clients, plan.resource_group, name, template)
        whole = outcome.get(("*", "*"), ("NotStarted", None, None))
        transient: list[Action] = []
        not_started: list[Action] = []
        for action in pending:
            state, code, message = outcome.get(template_key(action), whole)
            if state == "Succeeded":
                seconds = time.monotonic() - started
                emit(ApplyEvent(EventKind.DONE, action, seconds, attempt=attempt))
                results[id(action)] = ActionResult(action, Status.OK, seconds, attempts=attempt)
            elif state == "NotStarted":
                not_started.append(action)
            elif code in TRANSIENT_CODES or code == "ConnectionError":
                transient.append(action)
            else:
                results[id(action)] = _failed(action, (state, code, message), plan.resource_group, name, started,
                                              attempt, emit)
        if transient and attempt <= budget:
            for action in transient + not_started:
                code = outcome.get(template_key(action), whole)[1]
                emit(ApplyEvent(EventKind.RETRY, action, time.monotonic() - started,
                                f"{code or 'held up'}: deploying again", attempt))
            pending = transient + not_started
            continue
        for action in transient + not_started:
            results[id(action)] = _failed(action, outcome.get(template_key(action), whole), plan.resource_group, name,
                                          started, attempt, emit)
        pending = []


def _deploy(clients: AzureClients, resource_group: str, name: str,
            template: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str | None, str | None]]:
    """Submit and wait; (kind, name) -> (state, error code, message) from the deployment's operations.

    ``("*", "*")`` holds the outcome for every resource when the submission itself failed."""
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

    operations = clients.deployments.deployments
    try:
        poller = operations.begin_create_or_update(resource_group, name, _body(template))
    except Exception as exc:  # noqa: BLE001 - reported per action
        err = wrap_sdk_error(exc)
        code = "ConnectionError" if isinstance(exc, (ServiceRequestError, ServiceResponseError)) else err.code
        return {("*", "*"): ("Failed", code, err.message)}
    try:
        poller.result()
    except HttpResponseError:
        pass  # the deployment failed: its operations say which resource and why
    except (ServiceRequestError, ServiceResponseError):
        _wait(clients, resource_group, name)
    outcome: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}
    for op in clients.deployments.deployment_operations.list(resource_group, name):
        props = op.properties
        target = props.target_resource if props else None
        if target is None or not target.resource_name:
            continue
        code, message = _op_error(props.status_message)
        outcome[(str(target.resource_type).lower(), str(target.resource_name).lower())] = (str(props.provisioning_state), code, message)
    return outcome


def _wait(clients: AzureClients, resource_group: str, name: str) -> None:
    """Poll the deployment until it ends (after the SDK's poller lost its connection)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            state = clients.deployments.deployments.get(resource_group, name).properties.provisioning_state
        except Exception:  # noqa: BLE001 - keep polling through dropped connections
            state = None
        if str(state) in ("Succeeded", "Failed", "Canceled"):
            return
        time.sleep(0.2 if clients.emulator else 5.0)


def _op_error(status_message: Any) -> tuple[str | None, str | None]:
    error = getattr(status_message, "error", None)
    if error is None and isinstance(status_message, dict):
        error = status_message.get("error")
    if error is None:
        return None, None
    if isinstance(error, dict):
        return error.get("code"), error.get("message")
    return getattr(error, "code", None), getattr(error, "message", None)


def template_key(action: Action) -> tuple[str, str]:
    return ARM_TYPES[action.resource_type].lower(), template_name(action).lower()


def _failed(action: Action, outcome: tuple[str, str | None, str | None], resource_group: str, deployment: str,
            started: float, attempt: int, emit: EventCallback) -> ActionResult:
    state, code, message = outcome
    seconds = time.monotonic() - started
    if state == "NotStarted":
        note = f"skipped: ARM did not start it (a resource it depends on failed; deployment {deployment})"
        emit(ApplyEvent(EventKind.SKIPPED, action, seconds, note, attempt))
        return ActionResult(action, Status.SKIPPED, seconds, note, attempts=attempt)
    text = f"{action.address}: {message or 'the deployment operation failed'} (deployment {deployment})"
    emit(ApplyEvent(EventKind.FAILED, action, seconds, text, attempt))
    return ActionResult(action, Status.FAILED, seconds, text, code, attempts=attempt,
                        fix=f"details: az deployment operation group list --resource-group {resource_group} "
                            f"--name {deployment}")
