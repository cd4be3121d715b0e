"""Plan an account's children: blocklists and their items, content-filter policies, role assignments."""

from __future__ import annotations

from typing import Any

from aoai_provision.findings import Finding
from aoai_provision.plan import problems as p
from aoai_provision.plan.actions import Action, ActionKind, FieldChange, ResourceType
from aoai_provision.plan.diff import tag_changes
from aoai_provision.plan.observed import ObservedAccount
from aoai_provision.plan.observed_access import ObservedAccess, ObservedBlocklist, ObservedPolicy
from aoai_provision.spec import rai_vocab, roles
from aoai_provision.spec.model import DesiredAccount, effective_tags, is_managed
from aoai_provision.spec.model_access import Blocklist, RaiPolicy, RoleAssignment


def account_scope(subscription: str, resource_group: str, account: str) -> str:
    """The account's resource id: the scope of its role assignments."""
    return (f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/"
            f"Microsoft.CognitiveServices/accounts/{account}")


def policy_json(policy: RaiPolicy, environment: str) -> dict[str, Any]:
    return {**policy.to_json(), "tags": effective_tags({}, environment)}


def blocklist_json(blocklist: Blocklist, environment: str) -> dict[str, Any]:
    return {"name": blocklist.name, "description": blocklist.description, "tags": effective_tags({}, environment)}


def role_description(description: str | None, environment: str) -> str:
    """What the tool writes as a role assignment's description: its marker, then the file's description."""
    return roles.marker(environment) + (f": {description}" if description else "")


def role_json(ra: RoleAssignment, name: str, scope: str) -> dict[str, Any]:
    return {**ra.to_json(), "name": name, "scope": scope}


def _policy_shape(filters: Any, lists: Any, base: str | None, mode: str | None) -> dict[str, Any]:
    """A comparable form of a policy (order of filters and blocklists does not matter)."""
    return {
        "base_policy": (base or "").lower(),
        "mode": mode,
        "filters": sorted((rai_vocab.filter_key(f.name), f.source, f.severity, f.blocking, f.enabled) for f in filters),
        "blocklists": sorted((b.name.lower(), b.source, b.blocking) for b in lists),
    }


class AccessPlanner:
    """Collects the child actions and findings of one account."""

    def __init__(self, acc: DesiredAccount, environment: str, scope: str, prune: bool, adopt: bool = False) -> None:
        self.acc, self.env, self.scope, self.prune, self.adopt = acc, environment, scope, prune, adopt
        self.actions: list[Action] = []
        self.findings: list[Finding] = []
        self.adopting: set[tuple[ResourceType, str]] = set()  # untagged policies/blocklists --adopt takes over

    def _add(self, kind: ActionKind, rtype: ResourceType, name: str, reason: str,
             changes: tuple[FieldChange, ...] = (), desired: dict[str, Any] | None = None,
             parent: str | None = None) -> None:
        owner = (ResourceType.RAI_BLOCKLIST, parent) if parent is not None else (rtype, name)
        adopt = owner in self.adopting  # the resource, or the blocklist of an item, is being adopted
        if adopt:
            reason = f"adopt (--adopt): not managed yet; {reason}"
        self.actions.append(Action(kind, rtype, name, reason, account=self.acc.name, region=self.acc.region,
                                   changes=changes, desired=desired, parent=parent, adopt=adopt))

    def plan(self, obs: ObservedAccount | None, subscription: str) -> None:
        access = obs.access if obs is not None else ObservedAccess(read=True)
        if not access.read:
            return
        for blocklist in self.acc.blocklists:
            self._blocklist(blocklist, access.blocklist(blocklist.name))
        for policy in self.acc.rai_policies:
            self._policy(policy, access.policy(policy.name))
        self._roles(access, subscription)
        self._extras(access)

    def _unmanaged(self, kind: str, name: str, tags: Any, rid: str) -> bool:
        """True (and an error) when the child exists untagged or for another environment, unless --adopt
        takes over an untagged one (its writes are then marked adopt)."""
        if is_managed(tags, self.env):
            return False
        if self.adopt and not is_managed(tags):
            rtype = ResourceType.RAI_POLICY if kind == "content filter" else ResourceType.RAI_BLOCKLIST
            self.adopting.add((rtype, name))
            return False
        self.findings.append(p.error(p.UNMANAGED_CHILD, f"{kind} {name} exists in account {self.acc.name} but is "
                                     "not managed by aoai-provision; it is never touched",
                                     resource=f"account.{self.acc.name}", location=self.acc.location,
                                     fix=p.adopt_fix(rid, self.env)))
        return True

    def _blocklist(self, want: Blocklist, have: ObservedBlocklist | None) -> None:
        data = blocklist_json(want, self.env)
        have_items = {i.name: i for i in have.items} if have is not None else {}
        if have is None:
            self._add(ActionKind.CREATE, ResourceType.RAI_BLOCKLIST, want.name, "not in Azure",
                      (FieldChange("items", None, len(want.items)),), data)
        elif self._unmanaged("blocklist", want.name, have.tags, have.id):
            return
        else:
            changes = list(tag_changes(data["tags"], have.tags))
            if (want.description or None) != (have.description or None):
                changes.append(FieldChange("description", have.description, want.description))
            if changes:
                self._add(ActionKind.UPDATE, ResourceType.RAI_BLOCKLIST, want.name, "description or tags differ",
                          tuple(changes), data)
        wanted = {i.name for i in want.items}
        patterns = {(i.pattern, i.regex) for i in want.items}
        present = {(i.pattern, i.regex) for i in have_items.values()}  # items made elsewhere have other names
        for name, item in have_items.items():
            if name not in wanted and (item.pattern, item.regex) not in patterns:
                self._add(ActionKind.DELETE, ResourceType.RAI_BLOCKLIST_ITEM, name, "not in the file's blocklist",
                          (FieldChange("pattern", item.pattern, None),), parent=want.name)
        for item in want.items:
            old = have_items.get(item.name)
            if old is not None and (old.pattern, old.regex) == (item.pattern, item.regex):
                continue
            if old is None and (item.pattern, item.regex) in present:
                continue
            kind = ActionKind.CREATE if old is None else ActionKind.UPDATE
            item_changes = [FieldChange("pattern", old.pattern if old else None, item.pattern)]
            if item.regex or (old is not None and old.regex):
                item_changes.append(FieldChange("regex", old.regex if old else None, item.regex))
            self._add(kind, ResourceType.RAI_BLOCKLIST_ITEM, item.name, "not in Azure" if old is None else
                      "pattern differs", tuple(item_changes), item.to_json(), parent=want.name)

    def _policy(self, want: RaiPolicy, have: ObservedPolicy | None) -> None:
        data = policy_json(want, self.env)
        if have is None:
            changes = (FieldChange("base_policy", None, want.base_policy),
                       FieldChange("filters", None, len(want.filters)),
                       FieldChange("blocklists", None, [b.name for b in want.blocklists]))
            self._add(ActionKind.CREATE, ResourceType.RAI_POLICY, want.name, "not in Azure", changes, data)
            return
        if self._unmanaged("content filter", want.name, have.tags, have.id):
            return
        mine = _policy_shape(want.filters, want.blocklists, want.base_policy, want.mode)
        theirs = _policy_shape(have.filters, have.blocklists, have.base_policy, have.mode)
        if want.mode is None:
            theirs["mode"] = None
        diffs = [FieldChange(k, theirs[k], mine[k]) for k in mine if mine[k] != theirs[k]]
        diffs += tag_changes(data["tags"], have.tags)
        if diffs:
            names = ", ".join(sorted({c.field.split(".")[0] for c in diffs}))
            self._add(ActionKind.UPDATE, ResourceType.RAI_POLICY, want.name, f"{names} differ from the file",
                      tuple(diffs), data)

    def _roles(self, access: ObservedAccess, subscription: str) -> None:
        for ra in self.acc.role_assignments:
            name = roles.assignment_name(self.scope, ra.principal_id, ra.role_guid, subscription)
            if any(o.name.lower() == name for o in access.role_assignments):
                continue
            other = next((o for o in access.role_assignments if o.principal_id.lower() == ra.principal_id
                          and o.role_guid.lower() == ra.role_guid), None)
            if other is not None:
                self.findings.append(p.info(p.GRANTED_OUTSIDE, f"{ra.role} is already granted to {ra.principal_id} "
                                            f"on {self.acc.name} by assignment {other.name}, which aoai-provision did "
                                            "not make; it is left alone", resource=f"account.{self.acc.name}"))
                continue
            changes = (FieldChange("role", None, ra.role), FieldChange("principal_id", None, ra.principal_id))
            self._add(ActionKind.CREATE, ResourceType.ROLE_ASSIGNMENT, name, "not in Azure", changes,
                      role_json(ra, name, self.scope))

    def _extras(self, access: ObservedAccess) -> None:
        declared = {
            ResourceType.RAI_POLICY: {x.name.lower() for x in self.acc.rai_policies},
            ResourceType.RAI_BLOCKLIST: {x.name.lower() for x in self.acc.blocklists},
        }
        found: list[tuple[ResourceType, str, Any]] = [
            *((ResourceType.RAI_POLICY, x.name, x.tags) for x in access.rai_policies),
            *((ResourceType.RAI_BLOCKLIST, x.name, x.tags) for x in access.blocklists)]
        for rtype, name, tags in found:
            if name.lower() not in declared[rtype] and is_managed(tags, self.env):
                self._extra(rtype, name)
        for o in access.role_assignments:
            if roles.is_marked(o.description, self.env) and not self._declared(o):
                self._extra(ResourceType.ROLE_ASSIGNMENT, o.name)

    def _declared(self, o: Any) -> bool:
        return any(ra.principal_id == o.principal_id.lower() and ra.role_guid == o.role_guid.lower()
                   for ra in self.acc.role_assignments)

    def _extra(self, rtype: ResourceType, name: str) -> None:
        label = {ResourceType.RAI_POLICY: "content filter", ResourceType.RAI_BLOCKLIST: "blocklist",
                 ResourceType.ROLE_ASSIGNMENT: "role assignment"}[rtype]
        if self.prune:
            self._add(ActionKind.DELETE, rtype, name, "not in the file (--prune)")
        else:
            self.findings.append(p.warning(p.NOT_IN_FILE, f"{label} {name} in {self.acc.name} is not in the file; "
                                           "--prune would delete it", resource=f"account.{self.acc.name}"))


def delete_access(obs: ObservedAccount, environment: str, reason: str) -> list[Action]:
    """Deletes of everything the tool made beside an account's deployments (for destroy and prune)."""
    access = obs.access
    out = [Action(ActionKind.DELETE, ResourceType.RAI_POLICY, x.name, reason, account=obs.name, region=obs.region)
           for x in access.rai_policies if is_managed(x.tags, environment)]
    out += [Action(ActionKind.DELETE, ResourceType.RAI_BLOCKLIST, x.name, reason, account=obs.name, region=obs.region)
            for x in access.blocklists if is_managed(x.tags, environment)]
    out += [Action(ActionKind.DELETE, ResourceType.ROLE_ASSIGNMENT, x.name, reason, account=obs.name,
                   region=obs.region) for x in access.role_assignments if roles.is_marked(x.description, environment)]
    return out
