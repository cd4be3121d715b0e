"""`audit`: load environment files (or a subscription's inventory), overlay live models, run the audit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aoai_provision.audit.engine import run_audit
from aoai_provision.audit.model import AuditReport, AuditSubject
from aoai_provision.catalog.types import Source
from aoai_provision.errors import InputError, SpecError
from aoai_provision.findings import Finding, Severity
from aoai_provision.spec.model import ENVIRONMENT_TAG, DesiredState

if TYPE_CHECKING:
    from aoai_provision.azure.target import Target
    from aoai_provision.catalog.catalog import Catalog
    from aoai_provision.plan.observed import ObservedState

# Validation findings that an audit reports itself instead of refusing the file: lifecycle ones,
# and catalog misses that a retired or unknown version causes (it is no longer offered anywhere).
AUDITABLE_CODES = frozenset({"unknown-model", "unknown-version", "model-not-offered"})


@dataclass(frozen=True)
class AuditOptions:
    """What `audit` was asked for (the CLI's options, minus formatting)."""

    as_of: date | None = None
    warn_within: int = 90
    fail_within: int | None = None
    min_severity: Severity = Severity.INFO
    live: bool = False


def audit(
    paths: Sequence[Path],
    options: AuditOptions,
    *,
    target: Target | None = None,
    subscription: str | None = None,
    environ: Mapping[str, str] | None = None,
    catalog: Catalog | None = None,
) -> AuditReport:
    """Audit environment files, or with no files every account in ``subscription`` (read live)."""
    from aoai_provision.catalog.bundled import bundled_catalog

    catalog = catalog if catalog is not None else bundled_catalog()
    as_of = options.as_of or date.today()
    if not paths:
        if not subscription:
            raise InputError("nothing to audit", fix="give environment files, or --subscription ID to audit "
                                                    "every Azure OpenAI account in a subscription")
        if target is None:
            raise InputError("auditing a subscription needs Azure access")
        subjects, catalog, live = _subscription_subjects(catalog, target, subscription)
        inputs: list[str] = [f"subscription {subscription}"]
    else:
        subjects, live, inputs = [], [], []
        for path in paths:
            state = load_for_audit(path, environ=environ, catalog=catalog, as_of=as_of)
            inputs.append(str(path))
            file_subjects = subjects_from_state(state)
            if options.live:
                if target is None:
                    raise InputError("--live needs Azure access (or --emulator)")
                file_subjects, catalog, regions = _live_subjects(state, file_subjects, catalog, target, subscription)
                live.extend(regions)
            subjects.extend(file_subjects)
    return run_audit(subjects, catalog, as_of=as_of, warn_within=options.warn_within,
                     fail_within=options.fail_within, min_severity=options.min_severity,
                     live_regions=live, inputs=inputs)


def load_for_audit(path: Path, *, environ: Mapping[str, str] | None, catalog: Catalog, as_of: date,
                   verb: str = "audit") -> DesiredState:
    """The file's desired state; refuses (SpecError) only for problems that are not lifecycle ones."""
    from aoai_provision.api.environment import load_environment

    result = load_environment(path, environ=environ, catalog=catalog, as_of=as_of)
    blocking = [f for f in result.findings if f.severity is Severity.ERROR and not _auditable(f)]
    if blocking or result.state is None:
        raise SpecError(f"{path}: cannot {verb}: the file has errors (run `aoai-provision validate {path}`)",
                        findings=blocking or [f for f in result.findings if f.severity is Severity.ERROR])
    return result.state


def _auditable(f: Finding) -> bool:
    return f.details.get("category") == "lifecycle" or f.code in AUDITABLE_CODES


def _unfiltered(model: str) -> bool:
    """Models content filtering does not apply to ("audio models such as Whisper", Learn: Foundry Models
    content filter, 2025): no AOAI620 for them."""
    return model.lower().startswith("whisper")


def subjects_from_state(state: DesiredState) -> list[AuditSubject]:
    """One subject per declared deployment, located at its version (else model, else entry) line."""
    out = []
    for account in state.accounts:
        for dep in account.deployments:
            where = dep.locations.get("version") or dep.locations.get("model") or dep.location
            out.append(AuditSubject(
                environment=state.environment, account=account.name, region=account.region,
                deployment=dep.name, model=dep.model, version=dep.version, sku=dep.sku, capacity=dep.capacity,
                version_upgrade=dep.version_upgrade, origin="file", location=where,
                model_location=dep.locations.get("model"), entry_location=dep.location,
                subscription=state.subscription, resource_group=state.resource_group,
                explicit_policy=None if _unfiltered(dep.model) else dep.rai_policy is not None,  # AOAI620
            ))
    return out


def live_source(region: str) -> Source:
    today = date.today().isoformat()
    return Source(key=f"live:{region}", title=f"live models API ({region})", as_of=today, live=True)


def overlay_live(catalog: Catalog, models: Mapping[str, Sequence[Mapping[str, Any]]]) -> Catalog:
    """``catalog`` with each region's live ``models.list`` items laid over it (live facts win)."""
    for region, items in sorted(models.items()):
        if region not in catalog.live_regions:  # several files may share a region: overlay it once
            catalog = catalog.with_live(region, [dict(i) for i in items], live_source(region))
    return catalog


def _live_subjects(state: DesiredState, declared: list[AuditSubject], catalog: Catalog, target: Target,
                   subscription: str | None) -> tuple[list[AuditSubject], Catalog, list[str]]:
    from aoai_provision.api.plan import connect
    from aoai_provision.azure.readers import read_environment

    observed = read_environment(connect(target, subscription or state.subscription), state)
    catalog = overlay_live(catalog, observed.models)
    return merge_observed(declared, state, observed), catalog, sorted(observed.models)


def merge_observed(declared: list[AuditSubject], state: DesiredState, observed: ObservedState) -> list[AuditSubject]:
    """Declared subjects with the deployed version, plus what Azure runs that the file does not declare."""
    out: list[AuditSubject] = []
    for subject in declared:
        account = observed.account(subject.account)
        dep = account.deployment(subject.deployment) if account else None
        if dep is None:
            out.append(subject)
            continue
        out.append(replace(subject, deployed_version=dep.version))
        if dep.version and dep.version != subject.version:
            out.append(replace(subject, origin="azure", version=dep.version, model=dep.model or subject.model,
                             sku=dep.sku or subject.sku, capacity=dep.capacity,
                             version_upgrade=dep.version_upgrade, deployed_version=None))
    declared_names = {(s.account.lower(), s.deployment) for s in declared}
    for desired in state.accounts:
        account = observed.account(desired.name)
        for dep in account.deployments if account else ():
            if (desired.name.lower(), dep.name) in declared_names:
                continue
            out.append(AuditSubject(
                environment=state.environment, account=account.name if account else desired.name,
                region=account.region if account else desired.region, deployment=dep.name, model=dep.model,
                version=dep.version, sku=dep.sku, capacity=dep.capacity, version_upgrade=dep.version_upgrade,
                origin="azure", location=desired.location, subscription=observed.subscription,
                resource_group=state.resource_group,
            ))
    return out


def _subscription_subjects(catalog: Catalog, target: Target,
                           subscription: str) -> tuple[list[AuditSubject], Catalog, list[str]]:
    from aoai_provision.azure.clients import build_clients
    from aoai_provision.azure.inventory import read_subscription_inventory

    inventory = read_subscription_inventory(build_clients(target, subscription))
    catalog = overlay_live(catalog, inventory.models)
    subjects = [
        AuditSubject(
            environment=item.account.tags.get(ENVIRONMENT_TAG, ""), account=item.account.name,
            region=item.account.region, deployment=dep.name, model=dep.model, version=dep.version, sku=dep.sku,
            capacity=dep.capacity, version_upgrade=dep.version_upgrade, origin="azure",
            subscription=subscription, resource_group=item.resource_group,
        )
        for item in inventory.accounts
        for dep in item.account.deployments
    ]
    return subjects, catalog, sorted(inventory.models)
