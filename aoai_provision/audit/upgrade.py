"""Which deployments `upgrade` moves, to what, and where in the YAML each edit goes (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from aoai_provision.audit.engine import RISK_STATES
from aoai_provision.audit.model import AuditSubject
from aoai_provision.audit.policy import effective_policy
from aoai_provision.audit.replacement import recommend
from aoai_provision.catalog.catalog import version_sort_key
from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.successor import Replacement
from aoai_provision.findings import Location

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

UPGRADE_STATES = RISK_STATES  # retired, past a date, or retiring within the warning window
AUTO_UPGRADED = "auto-upgraded"


@dataclass(frozen=True)
class Proposal:
    """Move one deployment (one account in one region) from its version to ``target``."""

    subject: AuditSubject
    state: str
    retirement_date: date | None
    target: Replacement

    @property
    def version_location(self) -> Location | None:
        return self.subject.location

    def describe(self) -> str:
        s = self.subject
        when = f" (retirement {self.retirement_date.isoformat()}, {self.state})" if self.retirement_date else ""
        if self.state == AUTO_UPGRADED:
            when = " (Azure already runs the newer version)"
        return (f"{s.account}/{s.deployment} in {s.region}: {s.model} {s.version}{when} -> "
                f"{self.target.model} {self.target.version}")


@dataclass(frozen=True)
class Refusal:
    """A deployment that needs to move but has no replacement offered in its region and SKU."""

    subject: AuditSubject
    state: str
    retirement_date: date | None

    def describe(self) -> str:
        s = self.subject
        when = self.retirement_date.isoformat() if self.retirement_date else "unknown"
        return (f"{s.account}/{s.deployment}: {s.model} {s.version} is {self.state} (retirement {when}) and no "
                f"newer version or documented replacement is offered in {s.region} on {s.sku}")


@dataclass(frozen=True)
class Edit:
    """One change to the YAML: set the scalar at ``location`` (in place) or add a region override."""

    kind: str  # "in-place" | "override"
    field: str  # "version" | "model"
    value: str
    location: Location | None = None  # for in-place edits
    region: str = ""  # for overrides
    deployment: str = ""


def propose(subjects: Iterable[AuditSubject], catalog: Catalog, *, as_of: date,
            warn_within: int = 90) -> tuple[list[Proposal], list[Refusal]]:
    """A proposal for every deployment on a retired, past-earliest or retiring version."""
    proposals: list[Proposal] = []
    refusals: list[Refusal] = []
    for s in subjects:
        mv = catalog.get(s.model, s.version)
        if mv is None:
            continue
        a = assess(mv, as_of, warn_within)
        if a.state not in UPGRADE_STATES:
            continue
        target = recommend(catalog, s.model, s.version, s.region, s.sku, as_of, warn_within)
        if target is None:
            refusals.append(Refusal(s, a.state, a.retirement_date))
            continue
        proposals.append(Proposal(s, a.state, a.retirement_date, target))
    return proposals, refusals


def record_auto_upgrades(subjects: Iterable[AuditSubject], *, skip: Iterable[str] = ()) -> list[Proposal]:
    """Proposals to write down the newer version Azure rolled out to an auto-upgrading deployment.

    With an auto-upgrade policy the declared version is a floor; when Azure runs a newer version of
    the same model (``deployed_version``, from a live read), recording it keeps the file truthful.
    """
    skipped = set(skip)
    out: list[Proposal] = []
    for s in subjects:
        if s.key in skipped or s.origin != "file" or not s.deployed_version:
            continue
        if effective_policy(s) == "NoAutoUpgrade":
            continue
        if version_sort_key(s.deployed_version) <= version_sort_key(s.version):
            continue
        target = Replacement(s.model, s.deployed_version, "recorded-auto-upgrade", source="live deployment")
        out.append(Proposal(s, AUTO_UPGRADED, None, target))
    return out


def plan_edits(proposals: list[Proposal], everyone: Iterable[AuditSubject]) -> list[Edit]:
    """Edits that realise ``proposals``.

    Deployments that share the written version (a matrix entry used by several regions) are edited
    in place only when every one of them gets the same target; otherwise each proposal becomes an
    ``overrides.<region>.deployments.<name>`` entry.
    """
    everyone = list(everyone)
    sharing: dict[Location | None, set[str]] = defaultdict(set)
    model_sharing: dict[Location | None, set[str]] = defaultdict(set)
    for s in everyone:
        sharing[s.location].add(s.key)
        model_sharing[s.model_location].add(s.key)
    by_location: dict[Location | None, list[Proposal]] = defaultdict(list)
    for p in proposals:
        by_location[p.version_location].append(p)
    edits: list[Edit] = []
    for location, group in by_location.items():
        keys = {p.subject.key for p in group}
        first = group[0]
        same = len({(p.target.model, p.target.version) for p in group}) == 1 and keys == sharing.get(location)
        model_changes = first.target.model != first.subject.model
        if model_changes:  # the model must be written where only these deployments read it
            same = same and first.subject.model_location is not None and \
                model_sharing.get(first.subject.model_location) == keys
        if same and location is not None:
            edits.append(Edit("in-place", "version", first.target.version, location=location))
            if model_changes:
                edits.append(Edit("in-place", "model", first.target.model, location=first.subject.model_location))
            continue
        for p in group:
            edits.append(Edit("override", "version", p.target.version, region=p.subject.region,
                              deployment=p.subject.deployment))
            if p.target.model != p.subject.model:
                edits.append(Edit("override", "model", p.target.model, region=p.subject.region,
                                  deployment=p.subject.deployment))
    return _dedupe(edits)


def _dedupe(edits: list[Edit]) -> list[Edit]:
    seen: set[tuple[object, ...]] = set()
    out: list[Edit] = []
    for e in edits:
        key = (e.kind, e.field, e.location, e.region, e.deployment)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
