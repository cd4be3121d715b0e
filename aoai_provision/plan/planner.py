"""The pure planner: (desired state, observed snapshot, catalog) -> an ordered Plan, or a PlanError."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from aoai_provision.findings import Finding
from aoai_provision.plan import problems as p
from aoai_provision.plan.access import AccessPlanner, account_scope
from aoai_provision.plan.actions import Action, ActionKind, FieldChange, Plan, ResourceType
from aoai_provision.plan.bodies import account_json, deployment_json, repair_change
from aoai_provision.plan.catalog_view import PlanCatalog, overlay_live, region_key
from aoai_provision.plan.destroy import build_destroy_plan, prune_account
from aoai_provision.plan.diff import compare_versions, diff_account, diff_deployment
from aoai_provision.plan.foundry import KIND_REASONS, foundry_findings
from aoai_provision.plan.network import (
    NetworkPlanner,
    child_deletes,
    encryption_after_create,
    reference_findings,
    resolve_references,
    with_encryption,
)
from aoai_provision.plan.observed import ObservedAccount, ObservedState
from aoai_provision.plan.order import order_actions
from aoai_provision.plan.preflight import preflight
from aoai_provision.plan.scope import PlanScope, address_problems, limit_actions, limit_findings
from aoai_provision.spec.model import (
    ENVIRONMENT_TAG,
    DesiredAccount,
    DesiredDeployment,
    DesiredState,
    effective_tags,
    is_managed,
)

__all__ = ["build_plan", "build_destroy_plan", "derive_actions", "account_json", "deployment_json"]

_ACCOUNT_CREATE_FIELDS = ("region", "kind", "sku", "custom_subdomain", "public_network_access", "disable_local_auth",
                          "network_acls", "identity")
_DEPLOYMENT_CREATE_FIELDS = ("model", "version", "sku", "capacity", "version_upgrade", "rai_policy")


def _when(stamp: str | None, default: str) -> str:
    """`2026-11-24T04:49:22.93Z` -> `2026-11-24 04:49 UTC` (ARM timestamps, for messages)."""
    if not stamp:
        return default
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 and stamp[10] == "T" else stamp


def _update_reason(differ: str, repair: tuple[FieldChange, ...]) -> str:
    if not repair:
        return differ
    note = f"repair: Azure reports provisioningState {repair[0].before}; apply re-sends the desired body"
    return f"{differ}; {note}" if differ else note


def _matrix_region(acc: DesiredAccount) -> str | None:
    """The region key of a region-matrix account (its `restore` belongs under `overrides`), else None."""
    location = acc.location
    return acc.region if location is not None and location.path.startswith("regions") else None


def _created(data: dict[str, Any], fields: tuple[str, ...]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(f, None, data[f]) for f in fields if data.get(f) is not None)


class _Planner:
    def __init__(self, desired: DesiredState, observed: ObservedState, catalog: PlanCatalog,
                 prune: bool, allow_replace: bool, scope: PlanScope) -> None:
        self.desired, self.observed, self.catalog = desired, observed, catalog
        self.scope = scope
        self.env = desired.environment
        self.prune, self.allow_replace = prune or desired.prune, allow_replace
        self.prune_source = "--prune" if prune else "prune: true"
        self.actions: list[Action] = []
        self.findings: list[Finding] = []

    def resource_group(self) -> None:
        d, o = self.desired, self.observed
        name = d.resource_group
        tags = effective_tags(d.tags, self.env)
        desired = {"name": name, "location": d.location, "tags": tags}
        if not o.resource_group_exists:
            self.actions.append(Action(ActionKind.CREATE, ResourceType.RESOURCE_GROUP, name,
                                       "the resource group does not exist", region=d.location,
                                       changes=(FieldChange("location", None, d.location),), desired=desired))
            return
        address = f"resource_group.{name}"
        if not is_managed(o.resource_group_tags):
            self.findings.append(p.info(p.UNMANAGED_RG, f"resource group {name} exists without the ownership "
                                        "tags; it is used as it is and its tags are left alone", resource=address))
            return
        if o.resource_group_location and region_key(o.resource_group_location) != region_key(d.location):
            self.findings.append(p.warning(p.RG_LOCATION, f"resource group {name} is in {o.resource_group_location}, "
                                           f"the file says {d.location}; a resource group cannot move (accounts "
                                           "are unaffected)", resource=address))
        # The group may be shared by several environments: only add/change the file's keys here.
        changes = tuple(FieldChange(f"tags.{k}", o.resource_group_tags.get(k), v)
                        for k, v in sorted(tags.items()) if o.resource_group_tags.get(k) != v
                        and k != ENVIRONMENT_TAG)
        if changes:  # merged into the group's tags with ARM's tags PATCH (operation Merge), never a full PUT
            merge = {k: v for k, v in tags.items() if k != ENVIRONMENT_TAG}
            self.actions.append(Action(ActionKind.UPDATE, ResourceType.RESOURCE_GROUP, name,
                                       "resource group tags differ from the file (merged)", region=d.location,
                                       changes=changes, desired={**desired, "tags": merge}))

    def account(self, acc: DesiredAccount) -> None:
        obs = self.observed.account(acc.name)
        address = f"account.{acc.name}"
        if obs is None:
            self._new_account(acc, address)
            return
        adopting = not is_managed(obs.tags) and self.scope.adopt
        if not is_managed(obs.tags) and not adopting:
            self.findings.append(p.error(p.UNMANAGED_ACCOUNT, f"account {acc.name} already exists in {obs.region} "
                                         "but is not managed by aoai-provision (no ownership tags); it is never "
                                         "touched", resource=address, location=acc.location,
                                         fix=p.adopt_fix(obs.id, self.env)))
            for dep in acc.deployments:  # name every untagged deployment now, not one per run
                od = obs.deployment(dep.name)
                if od is not None and not is_managed(od.tags):
                    self._unmanaged_deployment(acc, dep.name, dep.location, od.id)
            self._access(acc, obs)  # and its untagged content filters and blocklists (the plan fails anyway)
            return
        first = len(self.actions)
        if not is_managed(obs.tags, self.env) and not adopting:
            other = obs.tags.get(ENVIRONMENT_TAG, "?")
            self.findings.append(p.error(p.OTHER_ENVIRONMENT, f"account {acc.name} belongs to environment "
                                         f"{other!r}, not {self.env!r}", resource=address, location=acc.location,
                                         fix="use another account name in this environment's file"))
            return
        diff = with_encryption(diff_account(acc, obs, self.env), acc, obs)
        for c in diff.immutable:
            self.findings.append(p.error(
                p.IMMUTABLE, f"account {acc.name}: {c.field} cannot change in place ({c.before} → {c.after})",
                resource=address, location=acc.locations.get(c.field, acc.location),
                fix="keep the current value, or use a new account name (then --prune deletes the old one), "
                    "or destroy and recreate the account yourself"))
        self.findings.extend(foundry_findings(acc, obs, diff, address))
        repair = repair_change(obs.provisioning_state)
        if (diff.changes or repair) and not diff.immutable:
            names = ", ".join(sorted({c.field.split(".")[0] for c in diff.changes}))
            reason = KIND_REASONS.get(diff.upgrade or "", f"{names} differ from the file" if names else "")
            self.actions.append(Action(ActionKind.UPDATE, ResourceType.ACCOUNT, acc.name,
                                       _update_reason(reason, repair),
                                       account=acc.name, region=acc.region, changes=diff.changes + repair,
                                       desired=account_json(acc, self.env)))
        if adopting:
            self._adopted(first)
        for dep in acc.deployments:
            self._deployment(acc, obs, dep)
        self._extra_deployments(acc, obs)
        self._access(acc, obs)

    def _adopted(self, first: int) -> None:
        """Mark the actions planned since index ``first`` as adoptions (they write the ownership tags)."""
        for i in range(first, len(self.actions)):
            a = self.actions[i]
            self.actions[i] = replace(a, adopt=True, reason=f"adopt (--adopt): not managed yet; {a.reason}")

    def _unmanaged_deployment(self, acc: DesiredAccount, name: str, location: Any, rid: str) -> None:
        self.findings.append(p.error(p.UNMANAGED_DEPLOYMENT, f"deployment {name} exists in account {acc.name} but "
                                     "is not managed by aoai-provision; it is never touched",
                                     resource=f"account.{acc.name}.deployment.{name}", location=location,
                                     fix=p.adopt_fix(rid, self.env)))

    def _access(self, acc: DesiredAccount, obs: ObservedAccount | None) -> None:
        subscription = self.observed.subscription or self.desired.subscription or ""
        planner = AccessPlanner(acc, self.env, account_scope(subscription, self.desired.resource_group, acc.name),
                                self.prune, self.scope.adopt)
        planner.plan(obs, subscription)
        self.actions.extend(planner.actions)
        self.findings.extend(planner.findings)

    def _new_account(self, acc: DesiredAccount, address: str) -> None:
        deleted = self.observed.deleted_account(acc.name)
        data = account_json(acc, self.env)
        if deleted is not None and not acc.restore:
            self.findings.append(p.error(
                p.SOFT_DELETED, f"account {acc.name} was deleted {_when(deleted.deletion_date, 'recently')} and is "
                f"soft-deleted in {deleted.region} (resource group {deleted.resource_group}) until "
                f"{_when(deleted.scheduled_purge_date, '48 hours after deletion')}; its name cannot be reused until then",
                resource=address, location=acc.location,
                fix=p.soft_deleted_fix(acc.name, deleted.region, deleted.resource_group, self.desired.source,
                                       _matrix_region(acc))))
            return
        if deleted is not None:
            if region_key(deleted.region) != region_key(acc.region):
                self.findings.append(p.error(
                    p.RESTORE_REGION, f"account {acc.name} is soft-deleted in {deleted.region}, the file says "
                    f"{acc.region}; a restore brings it back where it was", resource=address, location=acc.location,
                    fix=f"set region: {deleted.region}, or purge it: `aoai-provision purge {self.desired.source}` "
                        f"(az: az cognitiveservices account purge --name {acc.name} --resource-group "
                        f"{deleted.resource_group} --location {deleted.region})"))
                return
            self.actions.append(Action(ActionKind.RESTORE, ResourceType.ACCOUNT, acc.name,
                                       f"soft-deleted {_when(deleted.deletion_date, 'recently')}; restore: true restores it",
                                       account=acc.name, region=acc.region,
                                       changes=_created(data, _ACCOUNT_CREATE_FIELDS), desired=data))
        else:
            if acc.restore:
                self.findings.append(p.info(p.RESTORE_UNUSED, f"restore: true but no soft-deleted account "
                                            f"{acc.name} exists; it is created", resource=address))
            self.actions.extend(encryption_after_create(
                Action(ActionKind.CREATE, ResourceType.ACCOUNT, acc.name, "not in Azure", account=acc.name,
                       region=acc.region, changes=_created(data, _ACCOUNT_CREATE_FIELDS), desired=data), acc))
        first = len(self.actions)
        for dep in acc.deployments:
            self._create_deployment(acc, dep, "new account")
        self._access(acc, None)
        if deleted is not None:
            self._restored_children(acc, address, first)

    def _restored_children(self, acc: DesiredAccount, address: str, first: int) -> None:
        """A restore brings back the children the account held when deleted, which Azure does not list for a
        soft-deleted account: the plan writes each as the file says (a PUT over one that came back updates it)."""
        reason = "restored account: written as the file says, over the one the restore brings back if any"
        self.actions[first:] = [replace(a, reason=reason) if a.account == acc.name else a
                                for a in self.actions[first:]]
        self.findings.append(p.info(
            p.RESTORE_CHILDREN, f"account {acc.name} comes back with the deployments, content filters, blocklists "
            "and role assignments it held when it was deleted, which Azure does not list before the restore: "
            "the plan writes each one the file declares (each is read again when its write runs), and one the "
            "file no longer declares shows in the next plan", resource=address,
            fix="after the apply, run plan again; --prune deletes what came back that the file no longer declares"))

    def _create_deployment(self, acc: DesiredAccount, dep: DesiredDeployment, reason: str) -> None:
        data = deployment_json(dep, self.env)
        self.actions.append(Action(ActionKind.CREATE, ResourceType.DEPLOYMENT, dep.name, reason, account=acc.name,
                                   region=acc.region, changes=_created(data, _DEPLOYMENT_CREATE_FIELDS),
                                   desired=data, capacity_delta=dep.capacity))

    def _deployment(self, acc: DesiredAccount, obs: ObservedAccount, dep: DesiredDeployment) -> None:
        od = obs.deployment(dep.name)
        address = f"account.{acc.name}.deployment.{dep.name}"
        if od is None:
            self._create_deployment(acc, dep, "not in Azure")
            return
        adopting = not is_managed(od.tags) and self.scope.adopt
        if not is_managed(od.tags, self.env) and not adopting:
            self._unmanaged_deployment(acc, dep.name, dep.location, od.id)
            return
        first = len(self.actions)
        self._deployment_changes(acc, od, dep, address)
        if adopting:
            self._adopted(first)

    def _deployment_changes(self, acc: DesiredAccount, od: Any, dep: DesiredDeployment, address: str) -> None:
        diff = diff_deployment(dep, od, self.env, lambda a, b: compare_versions(self.catalog, dep.model, a, b))
        if od.current_capacity is not None and od.current_capacity != od.capacity:
            self.findings.append(p.info(
                p.CURRENT_CAPACITY, f"deployment {dep.name}: Azure serves {od.current_capacity} units now "
                f"(currentCapacity) of the {od.capacity} it holds (sku.capacity)", resource=address,
                location=dep.locations.get("capacity", dep.location),
                fix="nothing to change in the file: Azure reports what it currently provides"))
        if diff.upgraded_to:
            self.findings.append(p.info(
                p.AUTO_UPGRADED, f"Azure upgraded {dep.name} ({dep.model}) to {diff.upgraded_to}; the file says "
                f"{dep.version} (a floor with version_upgrade {dep.version_upgrade}), so it is kept",
                resource=address, location=dep.locations.get("version", dep.location),
                fix="run `aoai-provision upgrade` to record the new version in the file"))
        data = deployment_json(dep, self.env, diff.upgraded_to)
        if self.scope.replaces(address):
            self.actions.append(Action(ActionKind.REPLACE, ResourceType.DEPLOYMENT, dep.name,
                                       "--replace: delete, then create again", account=acc.name, region=acc.region,
                                       changes=diff.replace + diff.changes, desired=data,
                                       capacity_delta=dep.capacity - od.capacity))
            return
        if diff.replace:
            fields = ", ".join(c.field for c in diff.replace)
            if not self.allow_replace:
                self.findings.append(p.error(
                    p.REPLACE_NEEDS_FLAG, f"deployment {dep.name}: changing {fields} replaces it (delete, then "
                    "create): it is unavailable in between", resource=address,
                    location=dep.locations.get(diff.replace[0].field, dep.location),
                    fix="re-run with --allow-replace to accept the replacement, or deploy under a new name "
                        "first and delete the old one later (blue/green)"))
                return
            self.actions.append(Action(ActionKind.REPLACE, ResourceType.DEPLOYMENT, dep.name,
                                       f"{fields} cannot change in place", account=acc.name, region=acc.region,
                                       changes=diff.replace + diff.changes, desired=data,
                                       capacity_delta=dep.capacity - od.capacity))
        elif diff.changes or repair_change(od.provisioning_state):
            repair = repair_change(od.provisioning_state)
            names = ", ".join(sorted({c.field.split(".")[0] for c in diff.changes}))
            differ = f"{names} differ{'s' if ', ' not in names else ''} from the file" if names else ""
            self.actions.append(Action(ActionKind.UPDATE, ResourceType.DEPLOYMENT, dep.name,
                                       _update_reason(differ, repair),
                                       account=acc.name, region=acc.region, changes=diff.changes + repair, desired=data,
                                       capacity_delta=diff.capacity_delta))

    def _extra_deployments(self, acc: DesiredAccount, obs: ObservedAccount) -> None:
        declared = {d.name.lower() for d in acc.deployments}
        for od in obs.deployments:
            if od.name.lower() in declared:
                continue
            address = f"account.{acc.name}.deployment.{od.name}"
            if not is_managed(od.tags, self.env):
                self.findings.append(p.info(p.UNMANAGED_EXTRA, f"deployment {od.name} in {acc.name} is not managed "
                                            "by aoai-provision; left alone", resource=address))
            elif self.prune:
                self.actions.append(Action(ActionKind.DELETE, ResourceType.DEPLOYMENT, od.name,
                                           f"not in the file ({self.prune_source})", account=acc.name,
                                           region=obs.region, capacity_delta=-od.capacity))
            else:
                self.findings.append(p.not_in_file(f"deployment {od.name} in {acc.name}", address, obs.region))

    def extra_accounts(self) -> None:
        declared = {a.name.lower() for a in self.desired.accounts}
        for obs in self.observed.accounts:
            if obs.name.lower() in declared or not is_managed(obs.tags, self.env):
                continue
            if self.prune:
                actions, findings = prune_account(obs, self.env, f"not in the file ({self.prune_source})")
                self.actions.extend(child_deletes(obs, self.observed, self.env, f"not in the file ({self.prune_source})"))
                self.actions.extend(actions)
                self.findings.extend(findings)
            else:
                self.findings.append(p.not_in_file(f"account {obs.name}", f"account.{obs.name}", obs.region))


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per (code, message, file location): a region matrix repeats a line's problem per region."""
    seen: set[tuple[str, str, str]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.code, f.message, str(f.location) if f.location else f.resource or "")
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@dataclass(frozen=True)
class _Planned:
    """What the planners made: actions and findings of accounts, deployments and account children."""

    actions: list[Action]
    findings: list[Finding]
    catalog: PlanCatalog
    desired: DesiredState  # with what reading the references told (endpoint regions, key client ids)


def _planned(desired: DesiredState, observed: ObservedState, catalog: PlanCatalog, *, prune: bool,
             allow_replace: bool, as_of: date, scope: PlanScope) -> _Planned:
    catalog = overlay_live(catalog, observed, as_of)
    desired = resolve_references(desired, observed)
    planner = _Planner(desired, observed, catalog, prune, allow_replace, scope)
    network = NetworkPlanner(desired, observed, prune, allow_replace)
    planner.resource_group()
    for account in desired.accounts:
        planner.account(account)
        network.account(account, observed.account(account.name))
    planner.extra_accounts()
    return _Planned(planner.actions + network.actions, planner.findings + network.findings, catalog, desired)


def derive_actions(desired: DesiredState, observed: ObservedState, catalog: PlanCatalog, *, prune: bool = False,
                   allow_replace: bool = False, as_of: date | None = None,
                   scope: PlanScope | None = None) -> tuple[Action, ...]:
    """The ordered actions a plan made now would hold (no preflight): what a saved plan must still match."""
    scope = scope or PlanScope()
    planned = _planned(desired, observed, catalog, prune=prune, allow_replace=allow_replace,
                       as_of=as_of or date.today(), scope=scope)
    return order_actions(limit_actions(planned.actions, scope))


def build_plan(
    desired: DesiredState,
    observed: ObservedState,
    catalog: PlanCatalog,
    *,
    prune: bool = False,
    allow_replace: bool = False,
    as_of: date | None = None,
    scope: PlanScope | None = None,
) -> Plan:
    """Diff the file against Azure and preflight every write.

    Raises PlanError (with every problem as a finding) when the plan cannot succeed.
    """
    as_of = as_of or date.today()
    scope = scope or PlanScope()
    planned = _planned(desired, observed, catalog, prune=prune, allow_replace=allow_replace, as_of=as_of,
                       scope=scope)
    actions = order_actions(limit_actions(planned.actions, scope))
    findings = _unique(address_problems(scope, desired, observed) + limit_findings(
        reference_findings(planned.desired, observed) + planned.findings
        + preflight(actions, planned.desired, observed, planned.catalog, as_of), scope))
    p.raise_if_errors(findings, desired.source)
    return Plan(environment=desired.environment, subscription=observed.subscription or desired.subscription or "",
                resource_group=desired.resource_group, source=desired.source, actions=actions,
                findings=tuple(findings), fingerprint=observed.fingerprint(), desired=desired.to_json(),
                prune=prune, allow_replace=allow_replace, scope=scope)
