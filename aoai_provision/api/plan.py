"""Library facade of plan / apply / destroy / outputs: load the file, read Azure, plan, execute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from aoai_provision.apply.result import ApplyResult, EventCallback
from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION, Target
from aoai_provision.errors import InputError, PlanError, SpecError
from aoai_provision.findings import Severity
from aoai_provision.plan.actions import Plan, PlanScope
from aoai_provision.plan.observed import ObservedState
from aoai_provision.spec.model import DesiredState

ConfirmCallback = Callable[[Plan], bool]


@dataclass(frozen=True)
class ApplyOutcome:
    """A plan and, when it was confirmed and not empty, the result of executing it."""

    plan: Plan
    result: ApplyResult | None = None
    confirmed: bool = False


def load_desired(path: Path, *, as_of: date | None = None, subscription: str | None = None,
                 offline: bool = False) -> tuple[DesiredState, Any]:
    """The file's desired state and the catalog; SpecError with every error finding if it is invalid.

    ``subscription`` (--subscription) overrides the file's. An unset variable in the file's
    `subscription` is an error unless ``offline`` (render) or overridden.
    """
    from aoai_provision.api.environment import load_environment
    from aoai_provision.catalog.bundled import bundled_catalog

    if not path.exists() and not path.is_symlink():  # a FIFO or device: load_environment says what it is
        raise InputError(f"{path}: no such file", fix="give the path of an environment file, e.g. environments/prod.yaml")
    catalog = bundled_catalog()
    loaded = load_environment(path, catalog=catalog, as_of=as_of, subscription=subscription)
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    if not offline:  # a subscription left to an unset variable: talking to Azure needs it
        errors += [replace(f, severity=Severity.ERROR) for f in loaded.findings if f.code == "unresolved-variable"
                   and f.location is not None and f.location.path == "subscription"]
    if errors or loaded.state is None:
        raise SpecError(f"{path} is not valid ({len(errors)} error(s))", findings=errors,
                        fix=f"fix the errors above; `aoai-provision validate {path}` checks the file offline")
    return loaded.state, catalog


def resolve_subscription(target: Target, desired_subscription: str | None) -> str:
    """--subscription > the file's `subscription` > the emulator's subscription; real Azure needs one."""
    sub = target.subscription or desired_subscription
    if sub:
        from aoai_provision.spec.rules_limits import subscription_problem

        problem = subscription_problem(sub)
        if problem is not None:  # never send it to ARM (a URL-encoded fake id once created a group)
            source = "--subscription / AZURE_SUBSCRIPTION_ID" if target.subscription else "the file's `subscription`"
            raise InputError(f"{problem}; it came from {source}",
                             fix="use the subscription's id: `az account show --query id -o tsv`")
        return sub
    if target.emulator or target.endpoint:
        return EMULATOR_SUBSCRIPTION
    raise InputError("no subscription given for Azure",
                     fix="set `subscription:` in the file, pass --subscription ID, or export AZURE_SUBSCRIPTION_ID "
                         "(or add --emulator to run offline)")


def connect(target: Target, subscription: str | None) -> Any:
    """AzureClients for the target (imports the SDK)."""
    from aoai_provision.azure.clients import build_clients

    return build_clients(target, resolve_subscription(target, subscription))


def _arm_engine() -> ModuleType:
    import importlib

    try:
        return importlib.import_module("aoai_provision.apply.arm_engine")
    except ModuleNotFoundError as exc:
        if exc.name != "aoai_provision.apply.arm_engine":
            raise
        raise InputError("engine arm not available in this installation", fix="use --engine sdk") from exc


def make_plan(clients: Any, desired: DesiredState, catalog: Any, *, prune: bool = False, allow_replace: bool = False,
              as_of: date | None = None, engine: str = "sdk",
              scope: PlanScope | None = None) -> tuple[Plan, ObservedState]:
    """Read Azure through ``clients`` and plan ``desired`` (the step under plan and apply)."""
    from aoai_provision.azure.readers import read_environment
    from aoai_provision.plan.planner import build_plan

    observed = read_environment(clients, desired, include_access=True if prune else None)
    plan = build_plan(desired, observed, catalog, prune=prune, allow_replace=allow_replace,
                      as_of=as_of or datetime.now(UTC).date(), scope=scope)
    if engine == "arm":
        if scope is not None and (scope.adopt or scope.targets or scope.replace):
            raise InputError("--adopt, --target and --replace work with the sdk engine only (ARM deploys the "
                             "whole template)", fix="drop --engine arm for this run")
        plan = _arm_engine().what_if_plan(clients, desired, plan)
    return plan, observed


def plan_environment(path: Path, target: Target, *, prune: bool = False, allow_replace: bool = False,
                     as_of: date | None = None, engine: str = "sdk",
                     scope: PlanScope | None = None) -> tuple[Plan, ObservedState]:
    """Read Azure for the file's environment and return the plan (PlanError when it cannot succeed)."""
    desired, catalog = load_desired(path, as_of=as_of, subscription=target.subscription)
    clients = connect(target, desired.subscription)
    return make_plan(clients, desired, catalog, prune=prune, allow_replace=allow_replace, as_of=as_of, engine=engine,
                     scope=scope)


def execute_changes(clients: Any, desired: DesiredState, plan: Plan, *, confirm: ConfirmCallback | None = None,
                    on_event: EventCallback | None = None, parallelism: int = 32,
                    engine: str = "sdk") -> ApplyOutcome:
    """Ask ``confirm(plan)`` and execute a non-empty plan with the chosen engine."""
    if plan.is_empty:
        return ApplyOutcome(plan, None, confirmed=False)
    if confirm is not None and not confirm(plan):
        return ApplyOutcome(plan, None, confirmed=False)
    if engine == "arm":
        result = _arm_engine().apply_with_arm(clients, desired, plan, on_event)
    else:
        from aoai_provision.apply.executor import execute_plan

        result = execute_plan(clients, plan, parallelism=parallelism, on_event=on_event)
    return ApplyOutcome(plan, result, confirmed=True)


def apply_environment(path: Path, target: Target, *, prune: bool = False, allow_replace: bool = False,
                      as_of: date | None = None, engine: str = "sdk", parallelism: int = 32,
                      confirm: ConfirmCallback | None = None, on_event: EventCallback | None = None,
                      scope: PlanScope | None = None) -> ApplyOutcome:
    """Plan, ask ``confirm(plan)`` (None: go ahead), then execute; the result lists every action's outcome."""
    desired, catalog = load_desired(path, as_of=as_of, subscription=target.subscription)
    clients = connect(target, desired.subscription)
    plan, _ = make_plan(clients, desired, catalog, prune=prune, allow_replace=allow_replace, as_of=as_of, engine=engine,
                        scope=scope)
    return execute_changes(clients, desired, plan, confirm=confirm, on_event=on_event, parallelism=parallelism,
                    engine=engine)


def apply_saved_plan(plan_path: Path, target: Target, *, parallelism: int = 32, confirm: ConfirmCallback | None = None,
                     on_event: EventCallback | None = None) -> ApplyOutcome:
    """Apply exactly a saved plan, refusing it when what Azure holds changed since it was made."""
    from aoai_provision.apply.saved import check_rederived, desired_from_plan, load_saved_plan
    from aoai_provision.azure.readers import read_environment
    from aoai_provision.catalog.bundled import bundled_catalog
    from aoai_provision.plan.planner import derive_actions

    plan = load_saved_plan(plan_path)
    desired = desired_from_plan(plan)
    if target.subscription and plan.subscription and target.subscription.lower() != plan.subscription.lower():
        raise PlanError(f"{plan_path} was made for subscription {plan.subscription}, but this run targets "
                        f"subscription {target.subscription} (--subscription or AZURE_SUBSCRIPTION_ID)",
                        fix=f"apply it with --subscription {plan.subscription}, or make a plan for "
                            f"{target.subscription} with `aoai-provision plan {plan.source or 'FILE'} --out PLAN.json`")
    target_sub = target.subscription or plan.subscription
    clients = connect(target, target_sub)
    # children (content filters, blocklists, role assignments) are read exactly as make_plan read them
    observed = read_environment(clients, desired, include_access=True if plan.prune else None)
    if observed.fingerprint() != plan.fingerprint:
        raise PlanError(f"Azure changed since the plan was made ({plan_path}: {plan.fingerprint}, "
                        f"now {observed.fingerprint()}); run plan again",
                        fix=f"run `aoai-provision plan {plan.source or 'FILE'} --out {plan_path}` and review it again")
    # Independently of the fingerprint: the actions must be exactly those its desired state gives now.
    fresh = derive_actions(desired, observed, bundled_catalog(), prune=plan.prune, allow_replace=plan.allow_replace,
                           scope=plan.scope)
    check_rederived(plan, plan_path, fresh)
    return execute_changes(clients, desired, plan, confirm=confirm, on_event=on_event, parallelism=parallelism,
                    engine=plan.engine)


def destroy_environment(path: Path, target: Target, *, parallelism: int = 32, confirm: ConfirmCallback | None = None,
                        on_event: EventCallback | None = None) -> ApplyOutcome:
    """Delete what the file manages (tagged resources only; accounts holding untagged deployments stay)."""
    from aoai_provision.azure.readers import read_environment
    from aoai_provision.plan.planner import build_destroy_plan

    desired, _ = load_desired(path, subscription=target.subscription)
    clients = connect(target, desired.subscription)
    observed = read_environment(clients, desired, include_catalog=False, include_access=True)
    plan = build_destroy_plan(desired, observed)
    return execute_changes(clients, desired, plan, confirm=confirm, on_event=on_event, parallelism=parallelism,
                    engine="sdk")


def environment_outputs(path: Path, target: Target) -> dict[str, Any]:
    """Endpoints per account and inference / realtime URIs per deployment (never keys)."""
    from aoai_provision.azure.endpoints import build_outputs
    from aoai_provision.azure.readers import read_environment

    desired, catalog = load_desired(path, subscription=target.subscription)
    clients = connect(target, desired.subscription)
    observed = read_environment(clients, desired, include_catalog=False)
    return build_outputs(desired, observed, catalog, cloud=target.cloud)
