"""Audit value types: the deployments audited, their lifecycle facts, and the whole report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aoai_provision.catalog.successor import Replacement
from aoai_provision.findings import Finding, Location, Severity

FORMAT_VERSION = 1
STALE_AFTER_DAYS = 60


@dataclass(frozen=True)
class AuditSubject:
    """One deployment to audit, from a file (``origin="file"``) or read from Azure (``"azure"``).

    ``deployed_version`` is the version Azure runs when it was read (for drift); ``location`` is
    where the file declares the version (or model, or the entry).
    """

    environment: str
    account: str
    region: str
    deployment: str
    model: str
    version: str
    sku: str
    capacity: int | None = None
    version_upgrade: str | None = None
    origin: str = "file"
    location: Location | None = None
    model_location: Location | None = None
    deployed_version: str | None = None
    subscription: str | None = None
    resource_group: str | None = None
    explicit_policy: bool | None = None  # False: the file names no rai_policy; None: not known
    entry_location: Location | None = None  # the deployment's entry in the file (where `rai_policy:` goes)

    @property
    def key(self) -> str:
        return f"{self.origin}:{self.environment}/{self.account}/{self.deployment}"


@dataclass(frozen=True)
class AuditedDeployment:
    """A subject with every lifecycle fact found for it (present even when nothing is wrong)."""

    subject: AuditSubject
    in_catalog: bool
    state: str | None = None  # lifecycle.assess state, None when not in the catalog
    status: str | None = None  # Preview | GenerallyAvailable | Deprecated | Legacy | ...
    deprecation_date: date | None = None
    retirement_date: date | None = None
    qualifier: str | None = None  # scheduled | no-earlier-than | retired
    days_left: int | None = None
    auto_upgrade_target: str | None = None
    auto_upgrade_date: date | None = None
    consequence: str = ""
    replacement: Replacement | None = None
    sources: dict[str, str] = field(default_factory=dict)  # fact name -> source citation

    def to_json(self) -> dict[str, Any]:
        s = self.subject
        return {
            "key": s.key,
            "environment": s.environment,
            "subscription": s.subscription,
            "resource_group": s.resource_group,
            "account": s.account,
            "region": s.region,
            "deployment": s.deployment,
            "model": s.model,
            "version": s.version,
            "deployed_version": s.deployed_version,
            "sku": s.sku,
            "capacity": s.capacity,
            "origin": s.origin,
            "upgrade_policy": s.version_upgrade,
            "consequence": self.consequence,
            "lifecycle": {
                "in_catalog": self.in_catalog,
                "state": self.state,
                "status": self.status,
                "deprecation_date": _iso(self.deprecation_date),
                "retirement_date": _iso(self.retirement_date),
                "retirement_qualifier": self.qualifier,
                "days_left": self.days_left,
                "auto_upgrade_target": self.auto_upgrade_target,
                "auto_upgrade_date": _iso(self.auto_upgrade_date),
            },
            "replacement": self.replacement.to_json() if self.replacement else None,
            "sources": dict(self.sources),
            "location": s.location.to_json() if s.location else None,
        }


@dataclass(frozen=True)
class AuditReport:
    """Everything an audit found, before filtering; formatters and the exit code read from here."""

    as_of: date
    warn_within: int
    deployments: tuple[AuditedDeployment, ...]
    findings: tuple[Finding, ...]
    catalog_as_of: str
    live_regions: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    fail_within: int | None = None
    min_severity: Severity = Severity.INFO

    @property
    def shown(self) -> tuple[Finding, ...]:
        """The findings at or above ``min_severity``, in report order."""
        return tuple(f for f in self.findings if f.severity.rank >= self.min_severity.rank)

    def is_gated(self, finding: Finding) -> bool:
        """True when ``fail_within`` is set and the finding's date is within it of ``as_of`` (or passed)."""
        if self.fail_within is None:
            return False
        when = finding.details.get("date")
        if not when:
            return False
        return (date.fromisoformat(str(when)) - self.as_of).days <= self.fail_within

    @property
    def gated(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.shown if self.is_gated(f))

    @property
    def exit_code(self) -> int:
        """0, or 3 when a shown finding falls within ``--fail-within`` days."""
        return 3 if self.gated else 0

    def counts(self) -> dict[str, int]:
        shown = self.shown
        return {sev.value: sum(1 for f in shown if f.severity is sev) for sev in Severity}

    def findings_for(self, deployment: AuditedDeployment) -> tuple[Finding, ...]:
        key = deployment.subject.key
        return tuple(f for f in self.shown if f.details.get("key") == key)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
