"""--adopt, --target and --replace: which resources a plan may take over, limit itself to, or force to be recreated."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aoai_provision.findings import Finding
from aoai_provision.plan import problems as p
from aoai_provision.plan.actions import Action, ActionKind, PlanScope, ResourceType
from aoai_provision.plan.observed import ObservedState
from aoai_provision.spec.model import DesiredState
from aoai_provision.spec.typecheck import suggest

__all__ = ["PlanScope", "address_problems", "addresses", "limit_actions", "limit_findings"]

ADDRESS_CODE = "PLAN140"  # a --target / --replace address names no resource


def addresses(desired: DesiredState, observed: ObservedState) -> dict[str, str]:
    """Every account and deployment address the file or Azure knows (lower-case -> as printed)."""
    found: dict[str, str] = {}
    for acc in desired.accounts:
        found[f"account.{acc.name}".lower()] = f"account.{acc.name}"
        for dep in acc.deployments:
            found[f"account.{acc.name}.deployment.{dep.name}".lower()] = f"account.{acc.name}.deployment.{dep.name}"
    for obs in observed.accounts:
        found.setdefault(f"account.{obs.name}".lower(), f"account.{obs.name}")
        for od in obs.deployments:
            address = f"account.{obs.name}.deployment.{od.name}"
            found.setdefault(address.lower(), address)
    return found


def address_problems(scope: PlanScope, desired: DesiredState, observed: ObservedState) -> list[Finding]:
    """An error for each --target or --replace that names no resource (with the closest address)."""
    known = addresses(desired, observed)
    problems: list[Finding] = []
    for option, wanted in (("--target", scope.targets), ("--replace", scope.replace)):
        for address in wanted:
            if option == "--replace" and ".deployment." not in address.lower():
                problems.append(p.error(ADDRESS_CODE, f"--replace {address}: only a deployment can be replaced",
                                        fix="give a deployment address, e.g. account.aoai-prod-eastus2.deployment."
                                            "chat (as the plan prints it)"))
            elif address.lower() not in known:
                close = suggest(address, list(known.values()))
                problems.append(p.error(ADDRESS_CODE, f"{option} {address}: no such account or deployment in the "
                                        "file or in Azure" + (f"; did you mean {close}?" if close else ""),
                                        fix="use an address as the plan prints it: account.NAME or "
                                            "account.NAME.deployment.NAME"))
    return problems


def _related(address: str, targets: Iterable[str]) -> bool:
    """The address is targeted, inside a targeted account, or an account a targeted deployment needs."""
    a = address.lower()
    return any(a == t or a.startswith(t + ".") or t.startswith(a + ".") for t in (x.lower() for x in targets))


def limit_actions(actions: Sequence[Action], scope: PlanScope) -> list[Action]:
    """Only the targeted resources' actions and what they need (their account; the resource group if created)."""
    if not scope.targets:
        return list(actions)
    kept = [a for a in actions if a.resource_type is not ResourceType.RESOURCE_GROUP
            and _related(a.address, scope.targets)]
    group = [a for a in actions if a.resource_type is ResourceType.RESOURCE_GROUP
             and (a.kind is ActionKind.CREATE and kept or _related(a.address, scope.targets))]
    return group + kept


def limit_findings(findings: Sequence[Finding], scope: PlanScope) -> list[Finding]:
    """With --target, problems of resources outside the targets do not block the plan (and are not shown)."""
    if not scope.targets:
        return list(findings)
    return [f for f in findings if not f.resource or f.resource.startswith("resource_group.")
            or _related(f.resource, scope.targets)]
