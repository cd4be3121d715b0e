"""The result document of apply and destroy (`--format json`): stable and versioned (docs/apply-json.md)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from aoai_provision.apply.result import ActionResult, ApplyResult, Status
from aoai_provision.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, AzureCallError, ProvisionError
from aoai_provision.plan.actions import Plan

RESULT_FORMAT_VERSION = 1
STATUS_NAMES = {Status.OK: "succeeded", Status.FAILED: "failed", Status.SKIPPED: "skipped",
                Status.NOT_STARTED: "not_started"}
COUNT_KEYS = ("succeeded", "failed", "skipped", "not_started", "unchanged")


def error_json(message: str, *, code: str | None = None, fix: str | None = None,
               request_id: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "fix": fix, "request_id": request_id}


def _resource(r: ActionResult) -> dict[str, Any]:
    status = STATUS_NAMES[r.status]
    failed = r.status is Status.FAILED
    return {
        "address": r.action.address,
        "resource_type": r.action.resource_type.value,
        "action": r.action.kind.value,
        "status": status,
        "reason": None if failed else r.error,  # why a resource was skipped or not started
        "error": error_json(r.error or "failed", code=r.code, fix=r.fix, request_id=r.request_id) if failed else None,
        "duration_seconds": round(r.seconds, 3),
        "attempts": r.attempts,
    }


def _declared(desired: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(address, resource type) of every account and deployment a desired state declares."""
    for account in desired.get("accounts") or ():
        yield f"account.{account['name']}", "account"
        for deployment in account.get("deployments") or ():
            yield f"account.{account['name']}.deployment.{deployment['name']}", "deployment"


def unchanged(plan: Plan) -> list[dict[str, Any]]:
    """The declared accounts and deployments apply did not touch (none with --target: the plan saw only part)."""
    if plan.scope.targets:
        return []
    touched = {a.address.lower() for a in plan.actions}
    return [{"address": address, "resource_type": kind, "action": "none", "status": "unchanged", "reason": None,
             "error": None, "duration_seconds": 0.0, "attempts": 0}
            for address, kind in _declared(plan.desired) if address.lower() not in touched]


def environment_entry(file: str, *, command: str, plan: Plan | None, result: ApplyResult | None,
                      error: ProvisionError | None = None, purged: Sequence[Mapping[str, Any]] | None = None
                      ) -> dict[str, Any]:
    """One environment's part of the document; ``error`` is what stopped it before or instead of its result."""
    resources = [_resource(r) for r in result.results] if result is not None else []
    if plan is not None and command == "apply" and (result is not None or plan.is_empty):
        resources += unchanged(plan)
    counts = {key: sum(1 for r in resources if r["status"] == key) for key in COUNT_KEYS}
    counts["total"] = len(resources)
    purge_failed = any(p.get("status") == "failed" for p in purged or ())
    if result is not None:
        interrupted = any(r.status is Status.NOT_STARTED for r in result.results)
        outcome = "interrupted" if interrupted else ("succeeded" if result.ok and not purge_failed else "failed")
        code = EXIT_INTERRUPTED if interrupted else (EXIT_OK if outcome == "succeeded" else EXIT_ERROR)
    elif error is not None:
        outcome, code = "error", error.exit_code
    else:
        outcome, code = ("no_changes", EXIT_OK) if plan is not None and plan.is_empty else ("cancelled", EXIT_ERROR)
    entry: dict[str, Any] = {
        "file": file,
        "environment": plan.environment if plan else None,
        "subscription": plan.subscription if plan else None,
        "resource_group": plan.resource_group if plan else None,
        "engine": result.engine if result is not None else (plan.engine if plan else None),
        "outcome": outcome,
        "exit_code": code,
        "duration_seconds": round(result.seconds, 3) if result is not None else 0.0,
        "counts": counts,
        "resources": resources,
        "not_in_file": list(plan.not_in_file) if plan is not None else [],
        "error": None,
    }
    if error is not None and outcome in ("error", "cancelled"):
        azure = error if isinstance(error, AzureCallError) else None
        entry["error"] = {**error_json(error.message, fix=error.fix, code=azure.code if azure else None,
                                       request_id=azure.request_id if azure else None),
                          "findings": [f.to_json() for f in error.findings]}
    if purged is not None:
        entry["purged"] = list(purged)
    return entry


def worst_code(codes: Sequence[int]) -> int:
    """Interrupted over failed over succeeded."""
    if EXIT_INTERRUPTED in codes:
        return EXIT_INTERRUPTED
    return EXIT_ERROR if any(c != EXIT_OK for c in codes) else EXIT_OK


def result_document(command: str, entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The whole document: one entry per environment file, overall outcome, exit code and counts."""
    code = worst_code([int(e["exit_code"]) for e in entries])
    outcomes = {e["outcome"] for e in entries}
    if code == EXIT_OK:
        outcome = "no_changes" if outcomes <= {"no_changes"} else "succeeded"
    else:
        outcome = "interrupted" if code == EXIT_INTERRUPTED else "failed"
    counts = {key: sum(int(e["counts"][key]) for e in entries) for key in (*COUNT_KEYS, "total")}
    return {"format_version": RESULT_FORMAT_VERSION, "command": command, "outcome": outcome, "exit_code": code,
            "counts": counts, "environments": list(entries)}
