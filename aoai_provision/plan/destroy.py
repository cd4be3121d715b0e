"""Deleting what an environment manages: tagged deployments and accounts, never anything untagged."""

from __future__ import annotations

from aoai_provision.findings import Finding
from aoai_provision.plan import problems as p
from aoai_provision.plan.access import delete_access
from aoai_provision.plan.actions import Action, ActionKind, Plan, ResourceType
from aoai_provision.plan.network import child_deletes
from aoai_provision.plan.observed import ObservedAccount, ObservedState
from aoai_provision.plan.order import order_actions
from aoai_provision.spec.model import DesiredState, is_managed

SOFT_DELETE_NOTE = "soft-deleted for 48 h: restore with `restore: true`, or purge to free the name and quota"


def prune_account(obs: ObservedAccount, environment: str, reason: str) -> tuple[list[Action], list[Finding]]:
    """Delete a managed account's tagged deployments first (their quota frees at once, not after the
    soft-delete window), then the account, unless it still holds untagged deployments: then it is kept."""
    actions = [
        Action(ActionKind.DELETE, ResourceType.DEPLOYMENT, d.name, reason, account=obs.name, region=obs.region,
               capacity_delta=-d.capacity)
        for d in obs.deployments
        if is_managed(d.tags, environment)
    ] + delete_access(obs, environment, reason)
    foreign = sorted(d.name for d in obs.deployments if not is_managed(d.tags, environment))
    if foreign:
        finding = p.warning(p.KEPT_ACCOUNT, f"account {obs.name} is kept: it holds deployments aoai-provision does "
                            f"not manage ({', '.join(foreign)})", resource=f"account.{obs.name}",
                            fix="delete or move those deployments yourself, then run the command again")
        return actions, [finding]
    actions.append(Action(ActionKind.DELETE, ResourceType.ACCOUNT, obs.name, f"{reason}; {SOFT_DELETE_NOTE}",
                          account=obs.name, region=obs.region))
    return actions, []


def build_destroy_plan(desired: DesiredState, observed: ObservedState) -> Plan:
    """Delete every account and deployment in the resource group tagged for this environment.

    Untagged resources are never touched; an account that still holds untagged deployments is
    kept and named in a finding. The resource group is never deleted (ARM deletes everything in
    a group, including resources this tool does not see); a finding says so.
    """
    env = desired.environment
    actions: list[Action] = []
    findings: list[Finding] = []
    declared = {a.name.lower() for a in desired.accounts}
    for obs in observed.accounts:
        if not is_managed(obs.tags, env):
            if obs.name.lower() in declared:
                findings.append(p.warning(p.UNMANAGED_ACCOUNT, f"account {obs.name} is in the file but not managed "
                                          "by aoai-provision; left alone", resource=f"account.{obs.name}"))
            continue
        reason = "in the file" if obs.name.lower() in declared else "tagged for this environment"
        actions.extend(child_deletes(obs, observed, env, f"destroy ({reason})"))
        acc_actions, acc_findings = prune_account(obs, env, f"destroy ({reason})")
        actions.extend(acc_actions)
        findings.extend(acc_findings)
    if observed.resource_group_exists:
        findings.append(p.info(p.KEPT_RG, f"resource group {desired.resource_group} is kept (it may hold other "
                               "resources)", resource=f"resource_group.{desired.resource_group}",
                               fix=f"when it is empty: az group delete --name {desired.resource_group}"))
    return Plan(environment=env, subscription=observed.subscription or desired.subscription or "",
                resource_group=desired.resource_group, source=desired.source, actions=order_actions(actions),
                findings=tuple(findings), fingerprint=observed.fingerprint(), desired=desired.to_json())
