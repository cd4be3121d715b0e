"""Library facade of `verify`: read where each deployment answers, then probe them all with a bound."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aoai_provision.azure.target import Target
from aoai_provision.verify.model import Check, Outcome, Probe, VerifyResult, choose_probe, selected

# (kind, check, detail): kind is "start", "retry" or "done" (detail: the result, or the retry reason).
VerifyCallback = Callable[[str, Check, Any], None]


@dataclass(frozen=True)
class VerifySettings:
    targets: tuple[str, ...] = ()
    parallelism: int = 8
    timeout: float = 60.0  # seconds per deployment, retries included
    retries: int = 3


def plan_checks(outputs: dict[str, Any], catalog: Any, targets: tuple[str, ...],
                declared: dict[tuple[str, str], tuple[str, str]] | None = None) -> list[tuple[Check, bool]]:
    """One check per selected deployment of ``outputs`` (`outputs --format json`); True when it is deployed.

    ``declared``: (account, deployment) -> the file's (model, version), for reporting what differs.
    """
    checks: list[tuple[Check, bool]] = []
    for account in outputs["accounts"]:
        for dep in account["deployments"]:
            if not selected(account["name"], dep["name"], targets):
                continue
            mv = catalog.get(dep["model"], dep["version"]) if catalog is not None else None
            if mv is None and catalog is not None:
                versions = catalog.versions(dep["model"])
                mv = versions[0] if versions else None
            capabilities = dict(mv.capabilities) if mv is not None else {}
            check = Check(account["name"], dep["name"], dep["model"], str(dep["version"]),
                          choose_probe(dep["model"], capabilities), account["openai_endpoint"],
                          dep.get("realtime_uri"), (declared or {}).get((account["name"], dep["name"])))
            checks.append((check, bool(account["deployed"])))
    return checks


def verify_environment(path: Path, target: Target, settings: VerifySettings,
                       on_event: VerifyCallback | None = None) -> list[VerifyResult]:
    """Probe every selected deployment of the file's environment over the data plane."""
    from aoai_provision.api.plan import connect, load_desired
    from aoai_provision.azure.dataplane import connect_dataplane
    from aoai_provision.azure.endpoints import build_outputs
    from aoai_provision.azure.probes import run_probe
    from aoai_provision.azure.readers import read_environment

    desired, catalog = load_desired(path, subscription=target.subscription)
    clients = connect(target, desired.subscription)
    observed = read_environment(clients, desired, include_catalog=False)
    check_targets(settings.targets, desired, observed)
    declared = {(a.name, d.name): (d.model, d.version) for a in desired.accounts for d in a.deployments}
    outputs = build_outputs(desired, observed, catalog, cloud=target.cloud)
    checks = plan_checks(outputs, catalog, settings.targets, declared)
    dataplane = connect_dataplane(clients)
    notify = on_event or (lambda kind, check, detail: None)

    def one(item: tuple[Check, bool]) -> VerifyResult:
        check, deployed = item
        notify("start", check, None)
        if not deployed:
            result = VerifyResult(check, Outcome.FAILED, code="AccountNotFound",
                                  message=f"account {check.account} does not exist; run apply first")
        else:
            result = run_probe(dataplane, check, timeout=settings.timeout, retries=settings.retries,
                               on_retry=lambda c, attempt, why: notify("retry", c, why))
        notify("done", check, result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, settings.parallelism), thread_name_prefix="verify") as pool:
        return list(pool.map(one, checks))


def check_targets(targets: tuple[str, ...], desired: Any, observed: Any) -> None:
    """--target addresses as plan checks them: one naming nothing is an error with the closest address."""
    from aoai_provision.errors import PlanError
    from aoai_provision.plan.actions import PlanScope
    from aoai_provision.plan.scope import address_problems

    exact = tuple(t for t in targets if "*" not in t)  # globs may match nothing in one of several files
    problems = address_problems(PlanScope(targets=exact), desired, observed)
    if problems:
        raise PlanError(problems[0].message, fix=problems[0].fix, findings=problems)


def summary(results: list[VerifyResult]) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome}
    for r in results:
        counts[r.outcome.value] += 1
    return counts


__all__ = ["Probe", "VerifySettings", "plan_checks", "summary", "verify_environment"]
