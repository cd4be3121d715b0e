"""Preflight of every deployment write: availability, capacity bounds, lifecycle and quota, before any write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.successor import recommend
from aoai_provision.catalog.verdicts import RISK_STATES, advice, verdict_for
from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.plan import problems as p
from aoai_provision.plan.actions import Action, ActionKind, ResourceType
from aoai_provision.plan.catalog_view import PlanCatalog, live_items, live_skus, usage_name, where_offered
from aoai_provision.plan.observed import ObservedState
from aoai_provision.plan.quota import QuotaLedger
from aoai_provision.spec.model import DesiredDeployment, DesiredState

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog
    from aoai_provision.catalog.types import ModelVersion

WARN_WITHIN_DAYS = 90  # what `upgrade` and `audit` treat as retiring by default


@dataclass(frozen=True)
class _Write:
    """One deployment write as preflight sees it."""

    action: Action
    region: str
    model: str
    version: str
    sku: str
    capacity: int
    desired: DesiredDeployment | None
    changed: frozenset[str] = field(default_factory=frozenset)

    @property
    def location(self) -> Location | None:
        return self.desired.location if self.desired else None

    def at(self, *fields: str) -> Location | None:
        if self.desired is None:
            return None
        return next((self.desired.locations[f] for f in fields if f in self.desired.locations), self.location)


def _writes(actions: Sequence[Action], desired: DesiredState) -> list[_Write]:
    out: list[_Write] = []
    for a in actions:
        if a.resource_type is not ResourceType.DEPLOYMENT or a.kind is ActionKind.DELETE or a.desired is None:
            continue
        acc = desired.account(a.account or "")
        dep = acc.deployment(a.name) if acc else None
        d = a.desired
        out.append(_Write(a, a.region or "", str(d["model"]), str(d["version"]), str(d["sku"]), int(d["capacity"]),
                          dep, frozenset(c.field for c in a.changes)))
    return out


def _is_model_write(w: _Write) -> bool:
    return w.action.kind in (ActionKind.CREATE, ActionKind.REPLACE) or "version" in w.changed


def _lifecycle(w: _Write, mv: ModelVersion, catalog: PlanCatalog, as_of: date, absent_live: bool) -> list[Finding]:
    """The verdict table's finding for this write; a passed date the live list confirms is "retired"."""
    a = assess(mv, as_of, WARN_WITHIN_DAYS, w.sku)
    state = "retired" if absent_live and a.state in ("past-scheduled", "past-earliest") else a.state
    verdict = verdict_for(state)
    if verdict is None or state not in RISK_STATES:  # deprecated / preview: validate and audit say so
        return []
    rep = recommend(cast("Catalog", catalog), w.model, w.version, w.region, w.sku, as_of, WARN_WITHIN_DAYS)
    message = a.message.rstrip(".")
    if state != a.state:
        when = a.retirement_date.isoformat() if a.retirement_date else "an earlier date"
        message = (f"{w.model} {w.version} ({w.sku}) is retired: its retirement date {when} has passed and the "
                   f"live models list of {w.region} no longer has it")
    if state != a.state:
        message += "; deploying it fails"
    return [p.finding(verdict.severity("plan"), verdict.code, message, resource=w.action.address,
                      location=w.at("version"), fix=advice(state, rep, a.replacements, w.region, w.sku),
                      details={"category": "lifecycle", "state": state, "rule": verdict.name})]


def _availability(w: _Write, observed: ObservedState, catalog: PlanCatalog, as_of: date) -> list[Finding]:
    """Is (model, version, sku) offered in the region, and is the version alive? Live lists decide."""
    address = w.action.address
    what = f"{w.model} {w.version} ({w.sku})"
    items = live_items(observed, w.region)
    mv = catalog.get(w.model, w.version)
    skus = live_skus(items, w.model, w.version) if items is not None else None
    absent_live = items is not None and skus is None
    found: list[Finding] = []
    if mv is not None:
        found.extend(_lifecycle(w, mv, catalog, as_of, absent_live))
        if any(f.severity is Severity.ERROR for f in found):
            return found
    if items is not None:
        offered = skus is not None and w.sku.lower() in skus
        source = f"live models list of {w.region}"
    elif mv is not None:
        offered = mv.offer(w.region, w.sku) is not None
        cited = mv.availability_source
        source = f"bundled catalog ({cited.title}, as of {cited.as_of})" if cited else "bundled catalog"
    else:
        return found + [p.warning(p.UNKNOWN_MODEL, f"{what} is not in the catalog and the live models list of "
                                  f"{w.region} was not read; availability not checked", resource=address,
                                  location=w.at("model", "version"))]
    if not offered:
        regions = where_offered(catalog, observed, w.model, w.version, w.sku)
        here = sorted(o.name for o in (mv.offers.get(w.region, ()) if mv else ()))
        bits = [f"offered on {w.sku} in: {', '.join(regions)}" if regions else f"not offered on {w.sku} anywhere known"]
        if here:
            bits.append(f"in {w.region} it is offered on: {', '.join(here)}")
        found.append(p.error(p.NOT_OFFERED, f"{what} is not offered in {w.region} according to the {source}; "
                             + "; ".join(bits), resource=address, location=w.at("sku", "version", "model"),
                             fix="choose a region or SKU where it is offered, or another version",
                             details={"offered_in": regions, "skus_here": here}))
    return found


def _bounds(w: _Write, catalog: PlanCatalog) -> list[Finding]:
    mv = catalog.get(w.model, w.version)
    offer = mv.offer(w.region, w.sku) if mv else None
    if offer is None:
        return []
    lo, hi, step = offer.capacity_min or 1, offer.capacity_max, offer.capacity_step or 1
    if w.capacity >= lo and (hi is None or w.capacity <= hi) and w.capacity % step == 0:
        return []
    limits = f"minimum {lo}" + (f", maximum {hi}" if hi is not None else "") + (f", step {step}" if step > 1 else "")
    return [p.error(p.CAPACITY_BOUNDS, f"capacity {w.capacity} of {w.model} {w.version} ({w.sku}) in {w.region} "
                    f"is out of bounds: {limits}", resource=w.action.address, location=w.at("capacity", "rate_limit"),
                    fix="choose a capacity (or rate_limit) within the bounds")]


def preflight(
    actions: Sequence[Action], desired: DesiredState, observed: ObservedState, catalog: PlanCatalog, as_of: date
) -> list[Finding]:
    """Every problem that would make the writes fail, as findings (errors, warnings); nothing raised."""
    findings: list[Finding] = []
    ledger = QuotaLedger()
    restored = {a.name for a in actions if a.resource_type is ResourceType.ACCOUNT and a.kind is ActionKind.RESTORE}
    for w in _writes(actions, desired):
        if _is_model_write(w):
            findings.extend(_availability(w, observed, catalog, as_of))
        if w.action.kind in (ActionKind.CREATE, ActionKind.REPLACE) or "capacity" in w.changed:
            findings.extend(_bounds(w, catalog))
        name = usage_name(catalog, observed, w.region, w.model, w.version, w.sku)
        if w.action.kind is ActionKind.REPLACE:
            old = next((c.before for c in w.action.changes if c.field == "capacity"), w.capacity)
            ledger.free_observed(observed, catalog, w.action, int(old))
            ledger.need(w.region, name, w.capacity, w.action, w.at("capacity", "rate_limit"))
        elif w.action.kind is ActionKind.CREATE or w.action.capacity_delta > 0:
            ledger.need(w.region, name, w.capacity if w.action.kind is ActionKind.CREATE else w.action.capacity_delta,
                        w.action, w.at("capacity", "rate_limit"), restored=w.action.account in restored)
        elif w.action.capacity_delta < 0:
            ledger.free(w.region, name, -w.action.capacity_delta)
    for a in actions:
        if a.resource_type is ResourceType.DEPLOYMENT and a.kind is ActionKind.DELETE:
            ledger.free_observed(observed, catalog, a, -a.capacity_delta)
    findings.extend(ledger.check(observed))
    return findings
