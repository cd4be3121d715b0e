"""Quota preflight: capacity a plan needs per region and usage name, against `usages` (with the arithmetic)."""

from __future__ import annotations

from dataclasses import dataclass, field

from aoai_provision.findings import Finding, Location
from aoai_provision.plan import problems as p
from aoai_provision.plan.actions import Action
from aoai_provision.plan.catalog_view import PlanCatalog, region_key, usage_name
from aoai_provision.plan.observed import ObservedState, Usage

QUOTA_FIX = (
    "lower the capacity (or rate_limit) of these deployments, free capacity elsewhere in the region, "
    "request more quota (https://aka.ms/oai/quotaincrease), or use another region"
)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class _Line:
    needed: int = 0
    freed: int = 0
    restored: int = 0  # of ``needed``: creates in restored accounts (the deleted account may still hold them)
    actions: list[Action] = field(default_factory=list)
    location: Location | None = None


@dataclass
class QuotaLedger:
    """Capacity units needed and freed per (region, usage name)."""

    lines: dict[tuple[str, str], _Line] = field(default_factory=dict)

    def _line(self, region: str, name: str) -> _Line:
        return self.lines.setdefault((region, name), _Line())

    def need(self, region: str, name: str | None, units: int, action: Action, location: Location | None,
             restored: bool = False) -> None:
        if name is None or units <= 0:
            return
        line = self._line(region, name)
        line.needed += units
        line.restored += units if restored else 0
        line.actions.append(action)
        line.location = line.location or location

    def free(self, region: str, name: str | None, units: int) -> None:
        if name is not None and units > 0:
            self._line(region, name).freed += units

    def free_observed(self, observed: ObservedState, catalog: PlanCatalog, action: Action, units: int) -> None:
        """Free what an existing deployment holds (deleted or replaced), under its own usage name."""
        acc = observed.account(action.account or "")
        dep = acc.deployment(action.name) if acc else None
        if acc is None or dep is None:
            return
        self.free(action.region or acc.region, usage_name(catalog, observed, acc.region, dep.model, dep.version,
                                                          dep.sku), units)

    def check(self, observed: ObservedState) -> list[Finding]:
        """Errors where in-use + net increase exceeds the limit; infos where no usage line could be read."""
        found: list[Finding] = []
        for (region, name), line in sorted(self.lines.items()):
            net = line.needed - line.freed
            if net <= 0:
                continue
            usages = next((u for r, u in observed.usages.items() if region_key(r) == region_key(region)), None)
            if usages is None:
                continue  # quota of this region was not read (offline plan)
            usage: Usage | None = usages.get(name)
            names = ", ".join(a.address for a in line.actions)
            if usage is None:
                found.append(p.info(p.QUOTA_UNKNOWN, f"no quota line {name} in {region}; quota for {names} "
                                    "not checked", resource=line.actions[0].address))
                continue
            total = usage.current + net
            if total <= usage.limit:
                continue
            if total - line.restored <= usage.limit:  # fits unless the restore brings nothing back
                found.append(_restore_note(region, name, usage, net, total, names, line))
                continue
            found.append(p.error(
                p.QUOTA,
                f"needs {net} more units of {name} in {region}: {_num(usage.current)} in use + {net} = "
                f"{_num(total)} > limit {_num(usage.limit)} (for {names})",
                resource=line.actions[0].address, location=line.location, fix=QUOTA_FIX,
                details={"region": region, "usage_name": name, "needed": net, "in_use": usage.current,
                         "limit": usage.limit, "available": max(usage.limit - usage.current, 0),
                         "deployments": [a.address for a in line.actions]},
            ))
        return found


def _restore_note(region: str, name: str, usage: Usage, net: int, total: float, names: str, line: _Line) -> Finding:
    """Azure keeps charging a soft-deleted account's deployments until it is purged, and a restore brings them
    back: the in-use figure may already hold what the restored account's creates need (not knowable before)."""
    return p.warning(
        p.QUOTA_RESTORE,
        f"{_num(usage.current)} in use + {net} = {_num(total)} > limit {_num(usage.limit)} of {name} in {region}, "
        f"but {line.restored} of these units are for deployments of restored accounts, which a soft-deleted "
        f"account keeps charging to the quota: they fit if the restore brings them back (for {names})",
        resource=line.actions[0].address, location=line.location,
        fix="apply: a deployment the restore does not bring back fails with InsufficientQuota; " + QUOTA_FIX)
