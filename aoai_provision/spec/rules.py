"""All validation rules over an expanded DesiredState: names, catalog facts, rate limits and lifecycle."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from aoai_provision.findings import Finding
from aoai_provision.spec.model import DesiredState
from aoai_provision.spec.rules_catalog import catalog_findings
from aoai_provision.spec.rules_lifecycle import DEFAULT_WARN_WITHIN_DAYS, lifecycle_finding
from aoai_provision.spec.rules_names import check_names
from aoai_provision.spec.skus import known_skus

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog


def check_state(state: DesiredState, catalog: Catalog | None, as_of: date,
                warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS) -> list[Finding]:
    """Every rule's findings for ``state`` (see :func:`dedupe` for matrix entries seen in several regions)."""
    findings: list[Finding] = list(check_names(state))
    if catalog is not None:
        skus = known_skus(catalog)
        for account in state.accounts:
            findings.extend(catalog_findings(account, catalog, skus))
            for d in account.deployments:
                mv = catalog.get(d.model, d.version) if d.model and d.version else None
                if mv is None:
                    continue
                found = lifecycle_finding(d, mv, as_of, warn_within_days, resource=f"{account.name}/{d.name}")
                if found is not None:
                    findings.append(found)
    return findings


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop repeats of the same (severity, code, message, location)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        key = (f.severity, f.code, f.message, f.location)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
