"""Lifecycle rule, validate's side: the verdict table (catalog.verdicts) applied to each deployment."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.successor import recommend
from aoai_provision.catalog.types import ModelVersion
from aoai_provision.catalog.verdicts import advice, verdict_for
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredDeployment

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

DEFAULT_WARN_WITHIN_DAYS = 90


def lifecycle_finding(d: DesiredDeployment, mv: ModelVersion, as_of: date, catalog: Catalog, region: str,
                      warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS, resource: str | None = None,
                      memo: dict[tuple[Any, ...], Any] | None = None) -> Finding | None:
    """The one lifecycle verdict for a deployed model version as of ``as_of`` (or ``None`` when all is well).

    ``memo`` (one dict per check) keeps the verdict of each (model, version, sku, region): an estate
    deploys the same few versions thousands of times, and the verdict does not depend on which deployment.
    """
    key = (mv.model, mv.version, d.sku, region, as_of, warn_within_days)
    if memo is not None and key in memo:
        found: _Verdict | None = memo[key]
    else:
        found = _verdict(mv, as_of, catalog, region, d.sku, warn_within_days)
        if memo is not None:
            memo[key] = found
    if found is None:
        return None
    severity, code, message, fix, details = found
    location: Location | None = d.locations.get("version", d.location)
    return Finding(severity, code, message, location, fix=fix, resource=resource, details=dict(details))


_Verdict = tuple[Severity, str, str, "str | None", dict[str, Any]]  # severity, code, message, fix, details


def _verdict(mv: ModelVersion, as_of: date, catalog: Catalog, region: str, sku: str,
             warn_within_days: int) -> _Verdict | None:
    a = assess(mv, as_of, warn_within_days, sku)
    verdict = verdict_for(a.state)
    if verdict is None:
        return None
    rep = recommend(catalog, mv.model, mv.version, region, sku, as_of, warn_within_days)
    details: dict[str, Any] = {
        "category": codes.LIFECYCLE,
        "state": a.state,
        "rule": verdict.name,
        "retirement_date": a.retirement_date.isoformat() if a.retirement_date else None,
        "qualifier": a.qualifier,
        "days_left": a.days_left,
        "replacements": list(a.replacements),
        "recommended": rep.to_json() if rep else None,
        "source": a.source.cite() if a.source is not None else None,
    }
    return (verdict.severity("validate"), verdict.code, a.message.rstrip("."),
            advice(a.state, rep, a.replacements, region, sku), details)
