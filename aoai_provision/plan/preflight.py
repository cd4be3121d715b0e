"""Preflight of every deployment write: availability, capacity bounds, lifecycle and quota, before any write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from aoai_provision.catalog.lifecycle import assess
from aoai_provision.findings import Finding, Location
from aoai_provision.plan import problems as p
from aoai_provision.plan.actions import Action, ActionKind, ResourceType
from aoai_provision.plan.catalog_view import PlanCatalog, live_items, live_skus, usage_name, where_offered
from aoai_provision.plan.observed import ObservedState
from aoai_provision.plan.quota import QuotaLedger
from aoai_provision.spec.model import DesiredDeployment, DesiredState

if TYPE_CHECKING:
    from aoai_provision.catalog.catalog import Catalog

WARN_WITHIN_DAYS = 90  # what `upgrade` and `audit` treat as retiring by default
_FIX_STATES = frozenset({"retired", "past-scheduled", "past-earliest", "retiring"})  # the states reported below


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


def _lifecycle_fix(w: _Write, catalog: PlanCatalog, as_of: date, documented: Sequence[str]) -> str:
    """What `upgrade` would propose for this region and SKU (the same rule as audit), else an honest hint."""
    from aoai_provision.audit.replacement import recommend

    rep = recommend(cast("Catalog", catalog), w.model, w.version, w.region, w.sku, as_of, WARN_WITHIN_DAYS)
    if rep is not None:
        return f"move to {rep.model} {rep.version} (aoai-provision upgrade proposes it)"
    choose = f"choose a successor model (aoai-provision models --region {w.region} lists them)"
    if documented:
        return (f"none of the documented replacements is both offered on {w.sku} in {w.region} and clear of its "
                f"own retirement; {choose}")
    return f"no newer version clear of its own retirement is offered on {w.sku} in {w.region}; {choose}"


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
        a = assess(mv, as_of)
        when = a.retirement_date.isoformat() if a.retirement_date else "an earlier date"
        instead = f"; replacement: {', '.join(a.replacements)}" if a.replacements else ""
        # what `upgrade` would propose scans the catalog: only for the states that report it
        fix = _lifecycle_fix(w, catalog, as_of, a.replacements) if a.state in _FIX_STATES else ""
        if a.state == "retired" or (absent_live and a.state in ("past-scheduled", "past-earliest")):
            why = "retired" if a.state == "retired" else f"retired: its retirement date {when} has passed and " \
                f"the live models list of {w.region} no longer has it"
            return [p.error(p.LIFECYCLE, f"{what} is {why}{instead}; deploying it fails", resource=address,
                            location=w.at("version"), fix=fix)]
        if a.state == "past-scheduled":
            found.append(p.warning(p.LIFECYCLE, f"{what} was scheduled to retire on {when}: probably retired; "
                                   "the live models list decides (plan checks it when it can read it)",
                                   resource=address, location=w.at("version"), fix=fix))
        elif a.state == "past-earliest":
            found.append(p.warning(p.LIFECYCLE, f"{what} may retire at any time (no earlier than {when}){instead}",
                                   resource=address, location=w.at("version"), fix=fix))
        elif a.state == "retiring":
            found.append(p.warning(p.LIFECYCLE, f"{what} retires on {when} ({a.days_left} days left){instead}",
                                   resource=address, location=w.at("version"), fix=fix))
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
                        w.action, w.at("capacity", "rate_limit"))
        elif w.action.capacity_delta < 0:
            ledger.free(w.region, name, -w.action.capacity_delta)
    for a in actions:
        if a.resource_type is ResourceType.DEPLOYMENT and a.kind is ActionKind.DELETE:
            ledger.free_observed(observed, catalog, a, -a.capacity_delta)
    findings.extend(ledger.check(observed))
    return findings
