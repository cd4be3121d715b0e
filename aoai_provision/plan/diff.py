"""Field-level comparison of one desired account or deployment with what Azure holds."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aoai_provision.plan.actions import FieldChange
from aoai_provision.plan.catalog_view import PlanCatalog, region_key
from aoai_provision.plan.observed import ObservedAccount, ObservedDeployment
from aoai_provision.spec.model import (
    DesiredAccount,
    DesiredDeployment,
    Identity,
    NetworkAcls,
    effective_tags,
)

PINNED = "NoAutoUpgrade"
API_DEFAULT_UPGRADE = "OnceNewDefaultVersionAvailable"


def tag_changes(desired: Mapping[str, str], observed: Mapping[str, str]) -> list[FieldChange]:
    """Per-key tag changes of the tags the file declares (with the ownership tags); tags set outside the
    file (portal, Azure Policy, other tools) are not managed and survive every write."""
    return [
        FieldChange(f"tags.{k}", observed.get(k), desired[k])
        for k in sorted(desired)
        if desired[k] != observed.get(k)
    ]


def acls_json(acls: NetworkAcls | None) -> dict[str, Any]:
    """Network rules in a comparable, JSON-ready form (None means Azure's default: allow all)."""
    acls = acls or NetworkAcls()
    return {
        "default_action": acls.default_action.capitalize(),
        "ip_rules": sorted(acls.ip_rules),
        "virtual_network_rules": sorted(r.lower() for r in acls.virtual_network_rules),
        "bypass": acls.bypass,
    }


def identity_json(identity: Identity | None) -> dict[str, Any]:
    """Managed identity in a comparable, JSON-ready form (None means no identity)."""
    identity = identity or Identity(type="None")
    kind = ", ".join(sorted(p.strip() for p in identity.type.split(",") if p.strip())) or "None"
    return {"type": kind, "user_assigned_identities": sorted(i.lower() for i in identity.user_assigned_identities)}


@dataclass(frozen=True)
class AccountDiff:
    """In-place changes, and changes to fields Azure cannot change in place."""

    changes: tuple[FieldChange, ...]
    immutable: tuple[FieldChange, ...]
    foundry_upgraded: bool = False  # Azure reports AIServices, the file says OpenAI: kept, never rolled back

    @property
    def upgrade(self) -> str | None:
        """"upgrade" (OpenAI -> AIServices) or "rollback" when the plan changes the kind in place."""
        kind = next((c for c in self.changes if c.field == "kind"), None)
        if kind is None:
            return None
        return "upgrade" if str(kind.after).lower() == "aiservices" else "rollback"


def _kind(desired: DesiredAccount, observed: ObservedAccount) -> tuple[list[FieldChange], list[FieldChange], bool]:
    """(in-place changes, immutable changes, upgraded behind the file) for the account kind.

    OpenAI -> AIServices is the in-place Foundry upgrade (with allowProjectManagement: true); the
    rollback AIServices -> OpenAI only when the file asks for it (`foundry_rollback: true`); an
    account Azure upgraded while the file still says OpenAI is kept as it is. Other kinds are immutable.
    """
    have, want = observed.kind.lower(), desired.kind.lower()
    if have == want:
        return [], [], False
    change = FieldChange("kind", observed.kind, desired.kind)
    if (have, want) == ("openai", "aiservices"):
        apm = [] if observed.allow_project_management is True else [
            FieldChange("allow_project_management", observed.allow_project_management, True)]
        return [change, *apm], [], False
    if (have, want) == ("aiservices", "openai"):
        if desired.foundry_rollback:
            apm = [FieldChange("allow_project_management", observed.allow_project_management, False)] \
                if observed.allow_project_management else []
            return [change, *apm], [], False
        return [], [], True
    return [], [change], False


def diff_account(desired: DesiredAccount, observed: ObservedAccount, environment: str) -> AccountDiff:
    """Compare sku, network access, local auth, ACLs, identity and tags; location/kind/subdomain are immutable."""
    immutable: list[FieldChange] = []
    if region_key(desired.region) != region_key(observed.region):
        immutable.append(FieldChange("region", observed.region, desired.region))
    kind_changes, kind_immutable, foundry_upgraded = _kind(desired, observed)
    immutable.extend(kind_immutable)
    subdomain = desired.custom_subdomain or desired.name
    if observed.custom_subdomain and subdomain.lower() != observed.custom_subdomain.lower():
        immutable.append(FieldChange("custom_subdomain", observed.custom_subdomain, subdomain))

    changes: list[FieldChange] = list(kind_changes)
    apm = desired.allow_project_management
    if apm is not None and not kind_changes and not foundry_upgraded and apm != bool(observed.allow_project_management):
        changes.append(FieldChange("allow_project_management", observed.allow_project_management, apm))
    if desired.sku.lower() != observed.sku.lower():
        changes.append(FieldChange("sku", observed.sku, desired.sku))
    pna = observed.public_network_access or "Enabled"
    if desired.public_network_access.lower() != pna.lower():
        changes.append(FieldChange("public_network_access", pna, desired.public_network_access))
    if desired.disable_local_auth != bool(observed.disable_local_auth):
        changes.append(FieldChange("disable_local_auth", bool(observed.disable_local_auth), desired.disable_local_auth))
    if desired.network_acls is not None:  # compared only when the file declares them
        want_acls, have_acls = acls_json(desired.network_acls), acls_json(observed.network_acls)
        if desired.network_acls.bypass is None:
            have_acls["bypass"] = None  # the file does not manage bypass
        if want_acls != have_acls:
            changes.append(FieldChange("network_acls", have_acls, want_acls))
    if desired.identity is not None and identity_json(desired.identity) != identity_json(observed.identity):
        changes.append(FieldChange("identity", identity_json(observed.identity), identity_json(desired.identity)))
    changes.extend(tag_changes(effective_tags(desired.tags, environment), observed.tags))
    return AccountDiff(tuple(changes), tuple(immutable), foundry_upgraded)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def compare_versions(catalog: PlanCatalog, model: str, a: str, b: str) -> int:
    """-1/0/1 as version ``a`` is older/equal/newer than ``b``: catalog order, then dates, then numbers."""
    if a == b:
        return 0
    order = [mv.version for mv in catalog.versions(model)]  # newest first
    if a in order and b in order:
        return 1 if order.index(a) < order.index(b) else -1
    if _DATE.match(a) and _DATE.match(b) or a.isdigit() and b.isdigit() and len(a) == len(b):
        return 1 if a > b else -1
    if a.isdigit() and b.isdigit():
        return 1 if int(a) > int(b) else -1
    return 1 if a > b else -1


def _settings(desired: DesiredDeployment, observed: ObservedDeployment) -> list[FieldChange]:
    """spillover_deployment, service_tier and state: compared only when the file sets them."""
    out: list[FieldChange] = []
    if desired.spillover_deployment is not None and desired.spillover_deployment != (observed.spillover_deployment or ""):
        out.append(FieldChange("spillover_deployment", observed.spillover_deployment, desired.spillover_deployment))
    if desired.service_tier is not None and desired.service_tier.lower() != (observed.service_tier or "Default").lower():
        out.append(FieldChange("service_tier", observed.service_tier or "Default", desired.service_tier))
    have_state = (observed.state or "Running").lower()
    if desired.state is not None and desired.state.lower() != have_state:
        out.append(FieldChange("state", have_state, desired.state.lower()))
    return out


@dataclass(frozen=True)
class DeploymentDiff:
    """In-place changes, replace-forcing changes, and an auto-upgrade Azure made past the declared floor."""

    changes: tuple[FieldChange, ...]
    replace: tuple[FieldChange, ...]
    upgraded_to: str | None = None

    @property
    def capacity_delta(self) -> int:
        return sum(int(c.after) - int(c.before) for c in self.changes if c.field == "capacity")


def diff_deployment(
    desired: DesiredDeployment,
    observed: ObservedDeployment,
    environment: str,
    newer: Callable[[str, str], int],
) -> DeploymentDiff:
    """Compare one deployment; ``newer(a, b)`` orders versions of its model."""
    replace = [
        FieldChange(name, have, want)
        for name, have, want in (
            ("model_format", observed.model_format, desired.model_format),
            ("model", observed.model, desired.model),
            ("sku", observed.sku, desired.sku),
        )
        if want.lower() != have.lower()
    ]
    changes: list[FieldChange] = []
    upgraded_to: str | None = None
    if observed.version != desired.version:
        if desired.version_upgrade != PINNED and not replace and newer(observed.version, desired.version) > 0:
            upgraded_to = observed.version
        else:
            changes.append(FieldChange("version", observed.version, desired.version))
    if observed.capacity != desired.capacity:
        changes.append(FieldChange("capacity", observed.capacity, desired.capacity))
    have_upgrade = observed.version_upgrade or API_DEFAULT_UPGRADE
    if desired.version_upgrade != have_upgrade:
        changes.append(FieldChange("version_upgrade", have_upgrade, desired.version_upgrade))
    if desired.rai_policy is not None and desired.rai_policy != observed.rai_policy:
        changes.append(FieldChange("rai_policy", observed.rai_policy, desired.rai_policy))
    changes.extend(_settings(desired, observed))
    # dynamic_throttling is not diffed: ARM 2025-09-01 reports dynamicThrottlingEnabled read-only, so no
    # write could ever change it and the plan would never converge (validate warns about the option).
    changes.extend(tag_changes(effective_tags(desired.tags, environment), observed.tags))
    return DeploymentDiff(tuple(changes), tuple(replace), upgraded_to)
