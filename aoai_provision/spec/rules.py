"""All validation rules over an expanded DesiredState: names, catalog facts, rate limits and lifecycle."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from aoai_provision.findings import Finding, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredState
from aoai_provision.spec.rules_access import check_access
from aoai_provision.spec.rules_catalog import catalog_findings
from aoai_provision.spec.rules_lifecycle import DEFAULT_WARN_WITHIN_DAYS, lifecycle_finding
from aoai_provision.spec.rules_names import check_names
from aoai_provision.spec.rules_network import check_network
from aoai_provision.spec.rules_settings import settings_findings
from aoai_provision.spec.skus import known_skus

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog


def check_state(state: DesiredState, catalog: Catalog | None, as_of: date,
                warn_within_days: int = DEFAULT_WARN_WITHIN_DAYS) -> list[Finding]:
    """Every rule's findings for ``state`` (see :func:`dedupe` for matrix entries seen in several regions)."""
    findings: list[Finding] = list(check_names(state))
    findings.extend(_read_only_options(state))
    for account in state.accounts:
        findings.extend(check_access(account))
    findings.extend(settings_findings(state))
    findings.extend(check_network(state))
    if catalog is not None:
        skus = known_skus(catalog)
        memo: dict[tuple[object, ...], object] = {}
        for account in state.accounts:
            findings.extend(catalog_findings(account, catalog, skus))
            for d in account.deployments:
                mv = catalog.get(d.model, d.version) if d.model and d.version else None
                if mv is None:
                    continue
                found = lifecycle_finding(d, mv, as_of, catalog, account.region, warn_within_days,
                                          resource=f"{account.name}/{d.name}", memo=memo)
                if found is not None:
                    findings.append(found)
    return findings


def _read_only_options(state: DesiredState) -> list[Finding]:
    """Options ARM accepts but does not let a client set: say so rather than promise a change."""
    return [
        Finding(Severity.WARNING, codes.READ_ONLY_OPTION,
                f"dynamic_throttling on deployment '{d.name}' cannot be set: the deployments API "
                "(2025-09-01) reports dynamicThrottlingEnabled as read-only, so aoai-provision does not send it",
                d.locations.get("dynamic_throttling") or d.location, resource=f"{account.name}/{d.name}",
                fix="remove `dynamic_throttling` (or keep it as documentation; it is not applied)")
        for account in state.accounts for d in account.deployments if d.dynamic_throttling is not None
    ]


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
