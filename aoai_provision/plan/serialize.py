"""Plan <-> JSON (`plan --out plan.json`, `--format json`): a stable, versioned document (docs/plan-json.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aoai_provision.errors import PlanError
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.plan.actions import (
    PLAN_FORMAT_VERSION,
    Action,
    ActionKind,
    FieldChange,
    Plan,
    PlanScope,
    ResourceType,
)


def plan_summary(plan: Plan) -> dict[str, int]:
    """Counts for the summary line: add (create), restore, change (update), replace, destroy (delete)."""
    counts = {"add": 0, "restore": 0, "change": 0, "replace": 0, "destroy": 0}
    key = {ActionKind.CREATE: "add", ActionKind.RESTORE: "restore", ActionKind.UPDATE: "change",
           ActionKind.REPLACE: "replace", ActionKind.DELETE: "destroy"}
    for action in plan.actions:
        counts[key[action.kind]] += 1
    return counts


def summary_json(plan: Plan) -> dict[str, Any]:
    """The JSON ``summary``: counts, managed resources no longer in the file, and ``has_changes`` (drift included)."""
    return {**plan_summary(plan), "not_in_file": len(plan.not_in_file), "has_changes": plan.has_changes}


def action_to_json(action: Action) -> dict[str, Any]:
    return {
        "address": action.address,
        "kind": action.kind.value,
        "resource_type": action.resource_type.value,
        "name": action.name,
        "account": action.account,
        "parent": action.parent,
        "region": action.region,
        "reason": action.reason,
        "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in action.changes],
        "capacity_delta": action.capacity_delta,
        "desired": dict(action.desired) if action.desired is not None else None,
        "adopt": action.adopt,
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict with ``format_version``."""
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "environment": plan.environment,
        "subscription": plan.subscription,
        "resource_group": plan.resource_group,
        "source": plan.source,
        "engine": plan.engine,
        "fingerprint": plan.fingerprint,
        "summary": summary_json(plan),
        "actions": [action_to_json(a) for a in plan.actions],
        "not_in_file": list(plan.not_in_file),
        "findings": [f.to_json() for f in plan.findings],
        "desired": dict(plan.desired),
        "options": {"prune": plan.prune, "allow_replace": plan.allow_replace, **plan.scope.to_json()},
    }


def _location(data: Mapping[str, Any] | None) -> Location | None:
    if not data:
        return None
    return Location(str(data.get("file", "")), int(data.get("line", 0)), int(data.get("column", 0)),
                    str(data.get("path", "")))


def finding_from_json(data: Mapping[str, Any]) -> Finding:
    return Finding(Severity(data["severity"]), str(data["code"]), str(data["message"]),
                   location=_location(data.get("location")), fix=data.get("fix"), resource=data.get("resource"),
                   details=dict(data.get("details") or {}))


def action_from_json(data: Mapping[str, Any]) -> Action:
    return Action(
        kind=ActionKind(data["kind"]),
        resource_type=ResourceType(data["resource_type"]),
        name=str(data["name"]),
        reason=str(data.get("reason", "")),
        account=data.get("account"),
        region=data.get("region"),
        changes=tuple(FieldChange(str(c["field"]), c.get("before"), c.get("after")) for c in data.get("changes", ())),
        desired=data.get("desired"),
        capacity_delta=int(data.get("capacity_delta", 0)),
        parent=data.get("parent"),
        adopt=bool(data.get("adopt", False)),
    )


def plan_from_json(data: Mapping[str, Any]) -> Plan:
    """Read a saved plan; refuses documents of another ``format_version`` or of the wrong shape."""
    if not isinstance(data, Mapping) or "format_version" not in data:
        raise PlanError("this file is not an aoai-provision plan (no format_version)",
                        fix="create one with `aoai-provision plan FILE --out plan.json`")
    version = data["format_version"]
    if version != PLAN_FORMAT_VERSION:
        raise PlanError(f"the plan has format_version {version!r}; this aoai-provision reads format_version "
                        f"{PLAN_FORMAT_VERSION}", fix="create the plan again with this version of aoai-provision")
    try:
        return Plan(
            environment=str(data["environment"]),
            subscription=str(data.get("subscription") or ""),
            resource_group=str(data["resource_group"]),
            source=str(data.get("source") or ""),
            actions=tuple(action_from_json(a) for a in data.get("actions", ())),
            findings=tuple(finding_from_json(f) for f in data.get("findings", ())),
            fingerprint=str(data.get("fingerprint") or ""),
            engine=str(data.get("engine") or "sdk"),
            desired=dict(data.get("desired") or {}),
            prune=bool((data.get("options") or {}).get("prune", False)),
            allow_replace=bool((data.get("options") or {}).get("allow_replace", False)),
            scope=PlanScope.from_json(data.get("options") or {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"the plan file is damaged: {type(exc).__name__}: {exc}",
                        fix="create the plan again with `aoai-provision plan FILE --out plan.json`") from exc
