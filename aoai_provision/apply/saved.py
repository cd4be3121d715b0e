"""Saved plans: read a `plan --out` file and rebuild the desired state it was made from."""

from __future__ import annotations

import json
from pathlib import Path

from aoai_provision.errors import InputError
from aoai_provision.plan.actions import Plan
from aoai_provision.plan.desired_json import desired_from_json
from aoai_provision.spec.model import DesiredState


def desired_from_plan(plan: Plan) -> DesiredState:
    """The DesiredState a saved plan was made from (its ``desired``: DesiredState.to_json())."""
    data = plan.desired or {}
    return desired_from_json({
        **data,
        "environment": data.get("environment") or plan.environment,
        "resource_group": data.get("resource_group") or plan.resource_group,
        "location": data.get("location") or "",
        "subscription": data.get("subscription") or plan.subscription or None,
        "source": data.get("source") or plan.source,
    })


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
