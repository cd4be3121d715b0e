"""SDK reads and writes of an account's children: RAI policies, blocklists and items, role assignments."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from aoai_provision.azure.errors import azure_call
from aoai_provision.azure.merge_writes import (
    BLOCKLIST_MANAGED,
    POLICY_MANAGED,
    POLICY_READ_ONLY,
    as_body,
    child_put,
    raw_json,
)
from aoai_provision.plan.access import account_scope, role_description
from aoai_provision.plan.actions import Action, ActionKind, ResourceType
from aoai_provision.plan.observed_access import (
    ObservedAccess,
    ObservedBlocklist,
    ObservedPolicy,
    ObservedRoleAssignment,
)
from aoai_provision.spec import roles
from aoai_provision.spec.model import is_managed, ownership_tags
from aoai_provision.spec.model_access import BlocklistItem, ContentFilter, PolicyBlocklist

if TYPE_CHECKING:
    from aoai_provision.azure.clients import AzureClients


def _list(func: Callable[[], Any], what: str) -> list[Any]:
    return azure_call(lambda: list(func()), resource=what, action="reading")


def _policy(item: Any) -> ObservedPolicy:
    props = item.properties
    filters = tuple(ContentFilter(f.name or "", str(f.source or ""), f.severity_threshold,
                                  bool(f.blocking), True if f.enabled is None else bool(f.enabled))
                    for f in (props.content_filters or () if props else ()))
    lists = tuple(PolicyBlocklist(b.blocklist_name or "", str(b.source or ""), bool(b.blocking))
                  for b in (props.custom_blocklists or () if props else ()))
    return ObservedPolicy(name=item.name, type=props.type if props else None,
                          base_policy=props.base_policy_name if props else None, mode=props.mode if props else None,
                          filters=filters, blocklists=lists, tags=dict(item.tags or {}), id=item.id or "")


def read_access(clients: AzureClients, resource_group: str, account: str) -> ObservedAccess:
    """The account's user-managed policies, blocklists with items, and role assignments at its scope."""
    cog = clients.cognitive
    where = f"account {account}"
    policies = [_policy(p) for p in _list(lambda: cog.rai_policies.list(resource_group, account),
                                          f"content filters of {where}")]
    blocklists = []
    for b in _list(lambda: cog.rai_blocklists.list(resource_group, account), f"blocklists of {where}"):
        items = _list(partial(cog.rai_blocklist_items.list, resource_group, account, b.name),
                      f"items of blocklist {b.name} in {where}")
        blocklists.append(ObservedBlocklist(
            name=b.name, description=b.properties.description if b.properties else None, tags=dict(b.tags or {}),
            id=b.id or "", items=tuple(sorted((BlocklistItem(i.name, i.properties.pattern or "",
                                                             bool(i.properties.is_regex)) for i in items),
                                              key=lambda i: i.name))))
    scope = account_scope(clients.subscription, resource_group, account)
    assignments = []
    for ra in _list(lambda: clients.authorization.role_assignments.list_for_scope(scope, filter="atScope()"),
                    f"role assignments of {where}"):
        if (ra.scope or "").lower() != scope.lower():
            continue  # inherited from the group or subscription: not this account's
        assignments.append(ObservedRoleAssignment(
            name=ra.name, role_guid=(ra.role_definition_id or "").rsplit("/", 1)[-1].lower(),
            principal_id=(ra.principal_id or "").lower(), principal_type=ra.principal_type,
            description=ra.description, id=ra.id or ""))
    user = [p for p in policies if (p.type or "UserManaged") != "SystemManaged"]
    return ObservedAccess(read=True, rai_policies=tuple(sorted(user, key=lambda p: p.name)),
                          blocklists=tuple(sorted(blocklists, key=lambda b: b.name)),
                          role_assignments=tuple(sorted(assignments, key=lambda r: r.name)))


def _tags(desired: Mapping[str, Any], environment: str) -> dict[str, str]:
    return {**{str(k): str(v) for k, v in (desired.get("tags") or {}).items()}, **ownership_tags(environment)}


def policy_payload(desired: Mapping[str, Any], environment: str) -> Any:
    from azure.mgmt.cognitiveservices import models as m

    filters = [m.RaiPolicyContentFilter(name=f["name"], enabled=f.get("enabled", True),
                                        severity_threshold=f.get("severity"), blocking=f.get("blocking", True),
                                        source=f["source"]) for f in desired.get("filters") or ()]
    lists = [m.CustomBlocklistConfig(blocklist_name=b["name"], blocking=b.get("blocking", True), source=b["source"])
             for b in desired.get("blocklists") or ()]
    props = m.RaiPolicyProperties(base_policy_name=desired.get("base_policy"), mode=desired.get("mode"),
                                  content_filters=filters, custom_blocklists=lists)
    return m.RaiPolicy(tags=_tags(desired, environment), properties=props)


def blocklist_payload(desired: Mapping[str, Any], environment: str) -> Any:
    from azure.mgmt.cognitiveservices import models as m

    return m.RaiBlocklist(tags=_tags(desired, environment),
                          properties=m.RaiBlocklistProperties(description=desired.get("description")))


def item_payload(desired: Mapping[str, Any]) -> Any:
    from azure.mgmt.cognitiveservices import models as m

    return m.RaiBlocklistItem(properties=m.RaiBlocklistItemProperties(pattern=desired["pattern"],
                                                                       is_regex=bool(desired.get("regex"))))


def role_payload(desired: Mapping[str, Any], subscription: str, environment: str) -> Any:
    from azure.mgmt.authorization.v2022_04_01 import models as m

    return m.RoleAssignmentCreateParameters(
        role_definition_id=roles.role_definition_id(subscription, desired["role_guid"]),
        # None leaves principalType out (Azure works it out); the SDK's own default would claim "User"
        principal_id=desired["principal_id"], principal_type=desired.get("principal_type"),  # type: ignore[arg-type]
        description=role_description(desired.get("description"), environment))


def perform_access(clients: AzureClients, resource_group: str, environment: str, action: Action,
                   delete: Callable[[Callable[[], Any]], None], polling: Any) -> None:
    """One write of an account child (create/update are PUTs; deletes of missing resources succeed)."""
    cog, account, name = clients.cognitive, action.account or "", action.name
    desired = action.desired or {}
    remove = action.kind is ActionKind.DELETE
    rtype = action.resource_type
    update = action.kind is ActionKind.UPDATE
    if rtype is ResourceType.RAI_POLICY:
        if remove:
            delete(lambda: cog.rai_policies.begin_delete(resource_group, account, name, polling=polling))
        else:
            payload = policy_payload(desired, environment)
            if update:  # no PATCH: the live JSON, unknown properties and others' tags included, is sent back
                live = cog.rai_policies.get(resource_group, account, name, cls=raw_json)
                payload = as_body(child_put(payload.serialize(), live, POLICY_MANAGED + POLICY_READ_ONLY))
            cog.rai_policies.create_or_update(resource_group, account, name, payload)
    elif rtype is ResourceType.RAI_BLOCKLIST:
        if remove:
            delete(lambda: cog.rai_blocklists.begin_delete(resource_group, account, name, polling=polling))
        else:
            payload = blocklist_payload(desired, environment)
            if update:
                live = cog.rai_blocklists.get(resource_group, account, name, cls=raw_json)
                payload = as_body(child_put(payload.serialize(), live, BLOCKLIST_MANAGED))
            cog.rai_blocklists.create_or_update(resource_group, account, name, payload)
    elif rtype is ResourceType.RAI_BLOCKLIST_ITEM:
        parent = action.parent or ""
        if remove:
            delete(lambda: cog.rai_blocklist_items.begin_delete(resource_group, account, parent, name,
                                                                 polling=polling))
        else:
            cog.rai_blocklist_items.create_or_update(resource_group, account, parent, name, item_payload(desired))
    elif rtype is ResourceType.ROLE_ASSIGNMENT:
        scope = account_scope(clients.subscription, resource_group, account)
        if remove:
            clients.authorization.role_assignments.delete(scope, name)  # 204 when already gone
        else:
            clients.authorization.role_assignments.create(scope, name, role_payload(desired, clients.subscription, environment))
    else:  # pragma: no cover - every child type is handled above
        raise ValueError(f"not an account child: {rtype}")


def refusal(clients: AzureClients, resource_group: str, environment: str, action: Action,
            tags_of: Callable[[Callable[[], Any]], tuple[bool, dict[str, str]]]) -> str | None:
    """For the write guard: why a write of this account child must not happen (None: it may).

    Policies and blocklists must carry this environment's ownership tags (an item, its blocklist's);
    a role assignment must carry this environment's marker in its description. Missing ones may be created;
    an untagged policy or blocklist only by a write the plan marked adopt (--adopt).
    """
    cog, account, name = clients.cognitive, action.account or "", action.name
    what = f"{action.resource_type.value.replace('_', ' ')} {account}/{name}"
    if action.resource_type is ResourceType.ROLE_ASSIGNMENT:
        from azure.core.exceptions import ResourceNotFoundError

        scope = account_scope(clients.subscription, resource_group, account)
        try:
            found = clients.authorization.role_assignments.get(scope, name)
        except ResourceNotFoundError:
            return None
        if roles.is_marked(found.description, environment):
            return None
        return f"{what}: it was not made by aoai-provision for environment {environment!r}; it is never touched"
    if action.resource_type is ResourceType.RAI_POLICY:
        exists, tags = tags_of(lambda: cog.rai_policies.get(resource_group, account, name))
    else:
        blocklist = action.parent if action.resource_type is ResourceType.RAI_BLOCKLIST_ITEM else name
        exists, tags = tags_of(lambda: cog.rai_blocklists.get(resource_group, account, blocklist))
        what = f"blocklist {account}/{blocklist}"
    if exists and not is_managed(tags, environment) and not (action.adopt and not is_managed(tags)):
        return f"{what}: it has no ownership tags of environment {environment!r}; it is never touched"
    return None
