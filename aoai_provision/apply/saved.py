"""Saved plans: read a `plan --out` file and rebuild the desired state it was made from."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aoai_provision.errors import InputError, PlanError
from aoai_provision.plan.actions import Action, Plan
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


_REMAKE = "make the plan again with `aoai-provision plan FILE --out PLAN.json` and review it; never edit a saved plan"


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_saved_plan(plan_path: Path) -> Plan:
    """Read a `plan --out` JSON file: a regular file, every field of the right type, a fingerprint,
    and what it shows equal to what it would write (InputError naming the first problem otherwise)."""
    from aoai_provision.apply.saved_schema import shape_problem
    from aoai_provision.files import NotARegularFile, read_regular_file
    from aoai_provision.plan.serialize import plan_from_json

    try:
        data = json.loads(read_regular_file(plan_path).decode("utf-8"), parse_constant=_no_constants)
    except NotARegularFile as exc:
        raise InputError(f"{plan_path} {exc.strerror}; a saved plan is a JSON file written by `plan --out`",
                         fix="make one with `aoai-provision plan FILE --out PLAN.json`") from exc
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"{plan_path}: cannot read the saved plan: {reason}",
                         fix="make one with `aoai-provision plan FILE --out PLAN.json`") from exc
    if isinstance(data, dict) and data.get("format_version") != 1 and "format_version" in data:
        plan_from_json(data)  # the clear "another format_version" message
    problem = shape_problem(data)
    if problem is not None:
        raise InputError(f"{plan_path} is not a saved plan as `plan --out` writes it: {problem}", fix=_REMAKE)
    plan = plan_from_json(data)
    if not plan.fingerprint:
        raise InputError(f"{plan_path} has no fingerprint, so nothing shows whether Azure changed since it was "
                         "made; it is refused", fix=_REMAKE)
    _check_identity(data, plan, plan_path)
    _check_consistent(plan, plan_path)
    return plan


def _check_identity(data: dict[str, Any], plan: Plan, plan_path: Path) -> None:
    """Addresses, summary and the recorded desired state must agree with the actions and the plan's header."""
    from aoai_provision.plan.serialize import summary_json

    desired = plan.desired
    for label, here, there in (("environment", plan.environment, desired.get("environment")),
                               ("resource_group", plan.resource_group, desired.get("resource_group"))):
        if here != there:
            raise InputError(f"{plan_path}: {label} is {here!r} but its desired state says {there!r}", fix=_REMAKE)
    for action, raw in zip(plan.actions, data["actions"], strict=True):
        if raw["address"] != action.address:
            raise InputError(f"{plan_path}: the action at {raw['address']!r} is for {action.address}", fix=_REMAKE)
    summary = summary_json(plan)
    if data["summary"] != summary:
        raise InputError(f"{plan_path}: the summary {data['summary']} does not count its actions ({summary})",
                         fix=_REMAKE)


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
                    fix=_REMAKE)


def _essentials(action: Action, with_changes: bool) -> dict[str, Any]:
    """What an action does (its shown reason aside); ``changes`` too unless ARM what-if rewrote them."""
    from aoai_provision.plan.serialize import action_to_json

    data = json.loads(json.dumps(action_to_json(action), default=str))
    data.pop("reason", None)
    if not with_changes:
        data.pop("changes", None)
    return dict(data)


def first_difference(saved: Sequence[Action], fresh: Sequence[Action], *, with_changes: bool = True) -> str | None:
    """How the saved actions differ from those a plan made now would hold (None: exactly the same)."""
    fresh_by = {a.address.lower(): a for a in fresh}
    saved_by = {a.address.lower(): a for a in saved}
    for action in saved:
        other = fresh_by.get(action.address.lower())
        if other is None:
            return f"it would {action.kind.value} {action.address}, which a plan made now does not"
        mine, theirs = _essentials(action, with_changes), _essentials(other, with_changes)
        if mine != theirs:
            field = next(k for k in mine if mine.get(k) != theirs.get(k))
            if field == "desired" and isinstance(mine["desired"], dict) and isinstance(theirs["desired"], dict):
                keys = sorted(set(mine["desired"]) | set(theirs["desired"]))
                sub = next(k for k in keys if mine["desired"].get(k) != theirs["desired"].get(k))
                return (f"{action.address} would write {sub} = {mine['desired'].get(sub)!r}, a plan made now "
                        f"writes {theirs['desired'].get(sub)!r}")
            return f"{action.address} has {field} = {mine.get(field)!r}, a plan made now has {theirs.get(field)!r}"
    for action in fresh:
        if action.address.lower() not in saved_by:
            return f"a plan made now would also {action.kind.value} {action.address}"
    if [a.address.lower() for a in saved] != [a.address.lower() for a in fresh]:
        return "its actions are in another order than a plan made now"
    return None


def check_rederived(plan: Plan, plan_path: Path, fresh: Sequence[Action]) -> None:
    """PlanError unless ``plan``'s actions are exactly ``fresh`` (re-derived from its desired state and Azure now)."""
    problem = first_difference(plan.actions, fresh, with_changes=plan.engine != "arm")
    if problem is not None:
        raise PlanError(f"{plan_path} does not match the plan its own desired state gives against Azure now: "
                        f"{problem}. Nothing was written",
                        fix=_REMAKE)
