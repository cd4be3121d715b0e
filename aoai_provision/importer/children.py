"""An account's content filters, blocklists and role assignments as file values (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from aoai_provision.plan.observed import ObservedAccount
from aoai_provision.plan.observed_access import ObservedBlocklist, ObservedPolicy, ObservedRoleAssignment
from aoai_provision.spec import rai_vocab, roles
from aoai_provision.spec.model import is_managed


def _filter(f: Any) -> dict[str, Any]:
    kind = rai_vocab.find_filter(f.name)
    out: dict[str, Any] = {"name": kind.name.lower().replace(" ", "_") if kind else f.name}
    if not (kind and kind.source) or kind.source != f.source:
        out["source"] = f.source
    if f.severity:
        out["severity"] = f.severity
    if not f.blocking:
        out["blocking"] = False
    if not f.enabled:
        out["enabled"] = False
    return out


def policy_entry(policy: ObservedPolicy) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if policy.base_policy and policy.base_policy != rai_vocab.DEFAULT_POLICY:
        out["base_policy"] = policy.base_policy
    if policy.mode:
        out["mode"] = policy.mode
    out["filters"] = [_filter(f) for f in policy.filters]
    if policy.blocklists:
        out["blocklists"] = [{"name": b.name, "source": b.source, **({} if b.blocking else {"blocking": False})}
                             for b in policy.blocklists]
    return out


def blocklist_entry(blocklist: ObservedBlocklist) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if blocklist.description:
        out["description"] = blocklist.description
    out["items"] = [i.pattern if not i.regex else {"pattern": i.pattern, "regex": True} for i in blocklist.items]
    return out


def role_entry(assignment: ObservedRoleAssignment, environment: str) -> dict[str, Any]:
    found = roles.find_role(assignment.role_guid)
    out: dict[str, Any] = {"role": found.name if found else assignment.role_guid,
                           "principal_id": assignment.principal_id}
    if assignment.principal_type:
        out["principal_type"] = assignment.principal_type
    note = (assignment.description or "")[len(roles.marker(environment)):].removeprefix(":").strip()
    if note:
        out["description"] = note
    return out


def _ours(tags: Mapping[str, str], environment: str) -> bool:
    """Made by the tool for ``environment``, or by hand (untagged: `--adopt` takes it over); not another's."""
    return is_managed(tags, environment) or not is_managed(tags)


def access_values(account: ObservedAccount, environment: str) -> dict[str, Any]:
    """content_filters and blocklists of the account (the tool's for ``environment`` and hand-made ones, which
    `plan --adopt` takes over), and the role assignments the tool made for ``environment``.

    Role assignments made another way stay out of the file: the tool knows its own by name and description
    and leaves the others alone.
    """
    access = account.access
    out: dict[str, Any] = {}
    policies = {p.name: policy_entry(p) for p in access.rai_policies if _ours(p.tags, environment)}
    blocklists = {b.name: blocklist_entry(b) for b in access.blocklists if _ours(b.tags, environment)}
    assignments = [role_entry(r, environment) for r in access.role_assignments
                   if roles.is_marked(r.description, environment)]
    if policies:
        out["content_filters"] = policies
    if blocklists:
        out["blocklists"] = blocklists
    if assignments:
        out["role_assignments"] = assignments
    return out


def usable_policy(account: ObservedAccount, environment: str, name: str) -> bool:
    """Whether a deployment's ``rai_policy`` can be written: a Microsoft built-in or one the file declares."""
    if rai_vocab.is_builtin_policy(name):
        return True
    return any(p.name == name and _ours(p.tags, environment) for p in account.access.rai_policies)


def _same_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def shared_children(children: Sequence[Mapping[str, Any]], *, alone: bool = False) -> dict[str, Any]:
    """The content filters, blocklists (by name) and role assignments every account has, when there are
    several (or, with ``alone``, one: a matrix of one region)."""
    if len(children) < (1 if alone else 2):
        return {}
    first, rest = children[0], children[1:]
    out: dict[str, Any] = {}
    for key in ("content_filters", "blocklists"):
        common = {n: v for n, v in first.get(key, {}).items()
                  if all(_same_key(c.get(key, {}).get(n)) == _same_key(v) for c in rest)}
        if common:
            out[key] = common
    roles = [r for r in first.get("role_assignments", [])
             if all(any(_same_key(r) == _same_key(o) for o in c.get("role_assignments", [])) for c in rest)]
    if roles:
        out["role_assignments"] = roles
    return out


def without_shared(children: Mapping[str, Any], shared: Mapping[str, Any]) -> dict[str, Any]:
    """An account's children less those `defaults.account` already declares."""
    out: dict[str, Any] = {}
    for key in ("content_filters", "blocklists"):
        own = {n: v for n, v in children.get(key, {}).items() if n not in shared.get(key, {})}
        if own:
            out[key] = own
    roles = [r for r in children.get("role_assignments", []) if r not in shared.get("role_assignments", [])]
    if roles:
        out["role_assignments"] = roles
    return out
