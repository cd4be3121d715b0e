"""Deployment options of 2025-2026 as the docs require: spillover targets, priority processing, pause."""

from __future__ import annotations

from collections.abc import Iterator

from aoai_provision.catalog.deployment_options import (
    PAUSE_SKUS,
    PRIORITY_DOC,
    PRIORITY_MODELS,
    PRIORITY_SKUS,
    PROVISIONED_SKUS,
    SPILLOVER_DOC,
    SPILLOVER_TARGET,
    TEMPLATE_SCHEMA,
    sku_named,
)
from aoai_provision.findings import Finding, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment, DesiredState


def settings_findings(state: DesiredState) -> list[Finding]:
    """Every spillover, service-tier and state problem of the file's deployments."""
    return [f for account in state.accounts for d in account.deployments for f in _check(account, d)]


def _error(account: DesiredAccount, d: DesiredDeployment, key: str, message: str, fix: str) -> Finding:
    return Finding(Severity.ERROR, codes.INVALID_DEPLOYMENT_OPTION, message, d.locations.get(key, d.location),
                   fix=fix, resource=f"{account.name}/{d.name}")


def _check(account: DesiredAccount, d: DesiredDeployment) -> Iterator[Finding]:
    if d.spillover_deployment:
        yield from _spillover(account, d)
    offered = sku_named(d.sku, PRIORITY_SKUS) is not None and (d.model, d.version) in PRIORITY_MODELS
    if d.service_tier == "Priority" and not offered:
        models = ", ".join(f"{m} {v}" for m, v in sorted(PRIORITY_MODELS))
        yield _error(account, d, "service_tier",
                     f"service_tier Priority is not offered for {d.model} {d.version} on {d.sku} "
                     f"({PRIORITY_DOC.cite()}: {' or '.join(PRIORITY_SKUS)} deployments of {models})",
                     "use service_tier: Default, or a model version and SKU that offer priority processing")
    if d.state == "paused" and sku_named(d.sku, PAUSE_SKUS) is None:
        yield _error(account, d, "state", f"state paused: pausing is supported only on {', '.join(PAUSE_SKUS)} "
                     f"deployments, not {d.sku} ({TEMPLATE_SCHEMA.cite()})",
                     "remove state: paused, or scale the deployment down instead")


def _spillover(account: DesiredAccount, d: DesiredDeployment) -> Iterator[Finding]:
    cite = SPILLOVER_DOC.cite()
    source = sku_named(d.sku, PROVISIONED_SKUS)
    if source is None:
        yield _error(account, d, "spillover_deployment",
                     f"spillover_deployment is for provisioned deployments ({', '.join(PROVISIONED_SKUS)}); "
                     f"{d.name} is {d.sku} ({cite})", "remove spillover_deployment from this deployment")
        return
    target = account.deployment(d.spillover_deployment or "")
    want = SPILLOVER_TARGET[source]
    if target is None or target.name == d.name:
        names = ", ".join(x.name for x in account.deployments if sku_named(x.sku, (want,))) or "none"
        yield _error(account, d, "spillover_deployment",
                     f"spillover_deployment '{d.spillover_deployment}' must name another deployment of account "
                     f"{account.name} in this file ({cite}); {want} deployments there: {names}",
                     f"declare a {want} deployment of {d.model} in {account.name} and name it here")
        return
    if sku_named(target.sku, (want,)) is None:
        yield _error(account, d, "spillover_deployment",
                     f"spillover target {target.name} is {target.sku}; a {source} deployment spills over to a "
                     f"{want} deployment (same data-processing level, {cite})",
                     f"make {target.name} a {want} deployment, or point spillover at one")
    if target.model != d.model:
        yield _error(account, d, "spillover_deployment",
                     f"spillover target {target.name} deploys {target.model}, not {d.model} ({cite})",
                     f"point spillover at a {want} deployment of {d.model}")
