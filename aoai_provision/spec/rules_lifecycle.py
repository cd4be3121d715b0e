"""Lifecycle rule (PRODUCT.md §5, validate column): retired, probably retired, may retire, retiring, preview."""

from __future__ import annotations

from datetime import date
from typing import Any

from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.types import ModelVersion
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredDeployment

DEFAULT_WARN_WITHIN_DAYS = 90

# assess() state -> validate's verdict (PRODUCT.md §5, validate / plan column)
_VERDICTS: dict[str, tuple[Severity, str]] = {
    "retired": (Severity.ERROR, codes.VERSION_RETIRED),
    "past-scheduled": (Severity.WARNING, codes.VERSION_PROBABLY_RETIRED),
    "past-earliest": (Severity.WARNING, codes.VERSION_MAY_RETIRE),
    "retiring": (Severity.WARNING, codes.VERSION_RETIRING),
    "deprecated": (Severity.INFO, codes.VERSION_DEPRECATED),
    "preview": (Severity.INFO, codes.VERSION_PREVIEW),
}


def lifecycle_finding(d: DesiredDeployment, mv: ModelVersion, as_of: date,
                      warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS, resource: str | None = None) -> Finding | None:
    """The one lifecycle verdict for a deployed model version as of ``as_of`` (or ``None`` when all is well)."""
    a = assess(mv, as_of, warn_within_days)
    verdict = _VERDICTS.get(a.state)
    if verdict is None:
        return None
    severity, code = verdict
    fix = None
    if a.replacements:
        fix = ("`aoai-provision upgrade` proposes a successor offered in the deployment's region and SKU "
               "as an edit of this file, or says why none is")
    elif a.state == "past-scheduled":
        fix = "run `aoai-provision plan` to check the region's live models list"
    details: dict[str, Any] = {
        "category": codes.LIFECYCLE,
        "state": a.state,
        "retirement_date": a.retirement_date.isoformat() if a.retirement_date else None,
        "qualifier": a.qualifier,
        "days_left": a.days_left,
        "replacements": list(a.replacements),
        "source": a.source.cite() if a.source is not None else None,
    }
    location: Location | None = d.locations.get("version", d.location)
    return Finding(severity, code, a.message.rstrip("."), location, fix=fix, resource=resource, details=details)
