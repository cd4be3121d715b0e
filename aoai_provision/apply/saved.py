"""Saved plans: read a `plan --out` file and rebuild the desired state it was made from."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aoai_provision.errors import InputError
from aoai_provision.plan.actions import Plan
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment, DesiredState, Identity, NetworkAcls


def _deployment(data: Mapping[str, Any]) -> DesiredDeployment:
    requested = data.get("requested") or {}
    return DesiredDeployment(
        name=str(data["name"]), model=str(data["model"]), version=str(data["version"]), sku=str(data["sku"]),
        capacity=int(data["capacity"]), model_format=str(data.get("model_format") or "OpenAI"),
        version_upgrade=str(data.get("version_upgrade") or "OnceNewDefaultVersionAvailable"),
        rai_policy=data.get("rai_policy"), dynamic_throttling=data.get("dynamic_throttling"),
        tags=dict(data.get("tags") or {}), requested_tpm=requested.get("tpm"), requested_rpm=requested.get("rpm"),
    )


def _account(data: Mapping[str, Any]) -> DesiredAccount:
    acls = data.get("network_acls")
    ident = data.get("identity")
    return DesiredAccount(
        name=str(data["name"]), region=str(data["region"]), kind=str(data.get("kind") or "OpenAI"),
        sku=str(data.get("sku") or "S0"), custom_subdomain=str(data.get("custom_subdomain") or ""),
        public_network_access=str(data.get("public_network_access") or "Enabled"),
        disable_local_auth=bool(data.get("disable_local_auth")),
        network_acls=None if not acls else NetworkAcls(
            default_action=str(acls.get("default_action") or "Allow"), ip_rules=tuple(acls.get("ip_rules") or ()),
            virtual_network_rules=tuple(acls.get("virtual_network_rules") or ()), bypass=acls.get("bypass")),
        identity=None if not ident else Identity(
            type=str(ident.get("type") or "SystemAssigned"),
            user_assigned_identities=tuple(ident.get("user_assigned_identities") or ())),
        tags=dict(data.get("tags") or {}), restore=bool(data.get("restore")),
        deployments=tuple(_deployment(d) for d in data.get("deployments") or ()),
    )


def desired_from_plan(plan: Plan) -> DesiredState:
    """The DesiredState a saved plan was made from (its ``desired``: DesiredState.to_json())."""
    data = plan.desired or {}
    return DesiredState(
        environment=str(data.get("environment") or plan.environment),
        resource_group=str(data.get("resource_group") or plan.resource_group),
        location=str(data.get("location") or ""),
        subscription=data.get("subscription") or plan.subscription or None,
        tags=dict(data.get("tags") or {}),
        accounts=tuple(_account(a) for a in data.get("accounts") or ()),
        source=str(data.get("source") or plan.source),
    )


def load_saved_plan(plan_path: Path) -> Plan:
    """Read a `plan --out` JSON file (PlanError for another format_version or shape)."""
    from aoai_provision.plan.serialize import plan_from_json

    try:
        data = json.loads(plan_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{plan_path}: cannot read the saved plan: {exc}",
                         fix="make one with `aoai-provision plan FILE --out PLAN.json`") from exc
    try:
        plan = plan_from_json(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{plan_path}: not a valid saved plan ({exc})",
                         fix="make one with `aoai-provision plan FILE --out PLAN.json`") from exc
    _check_consistent(plan, plan_path)
    return plan


_SCALARS = (str, int, float, bool, type(None))


def _check_consistent(plan: Plan, plan_path: Path) -> None:
    """What the plan shows (each ``before → after``) must be what it would write (the action's ``desired``).

    A hand-edited plan.json could otherwise show one value for review and apply another.
    """
    for action in plan.actions:
        desired = action.desired or {}
        for change in action.changes:
            if change.field not in desired or not isinstance(change.after, _SCALARS):
                continue
            wanted = desired[change.field]
            if isinstance(wanted, _SCALARS) and wanted != change.after and str(wanted) != str(change.after):
                raise InputError(
                    f"{plan_path}: {action.address} shows {change.field} → {change.after!r} but would write "
                    f"{wanted!r}; the saved plan was edited after `plan --out` wrote it",
                    fix="make the plan again with `aoai-provision plan FILE --out PLAN.json` and review it; "
                        "never edit a saved plan")
