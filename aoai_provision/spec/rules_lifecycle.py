"""Lifecycle rule, validate's side: the verdict table (catalog.verdicts) applied to each deployment."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.successor import recommend
from aoai_provision.catalog.types import ModelVersion
from aoai_provision.catalog.verdicts import advice, verdict_for
from aoai_provision.findings import Finding, Location
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredDeployment

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

DEFAULT_WARN_WITHIN_DAYS = 90


def lifecycle_finding(d: DesiredDeployment, mv: ModelVersion, as_of: date, catalog: Catalog, region: str,
                      warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS, resource: str | None = None) -> Finding | None:
    """The one lifecycle verdict for a deployed model version as of ``as_of`` (or ``None`` when all is well)."""
    a = assess(mv, as_of, warn_within_days, d.sku)
    verdict = verdict_for(a.state)
    if verdict is None:
        return None
    rep = recommend(catalog, mv.model, mv.version, region, d.sku, as_of, warn_within_days)
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
    location: Location | None = d.locations.get("version", d.location)
    return Finding(verdict.severity("validate"), verdict.code, a.message.rstrip("."), location,
                   fix=advice(a.state, rep, a.replacements, region, d.sku), resource=resource, details=details)
