"""Where each template resource type lives in the emulator's state, and which backend call writes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator.backend_accounts import account_id
from aoai_provision.emulator.backend_base import account_key
from aoai_provision.emulator.backend_deployments import deployment_key
from aoai_provision.emulator.backend_rai import BLOCKLISTS, ITEMS, POLICIES
from aoai_provision.emulator.backend_roles import ASSIGNMENTS, scope_key

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend
    from aoai_provision.emulator.template_parse import TemplateResource

CS = "Microsoft.CognitiveServices/accounts"
ROLE_ASSIGNMENT = "Microsoft.Authorization/roleAssignments"
# type -> (state collection, child path under the account id, name segments in the template)
CHILDREN = {
    f"{CS}/deployments": ("deployments", ("deployments",), 2),
    f"{CS}/raiPolicies": (POLICIES, ("raiPolicies",), 2),
    f"{CS}/raiBlocklists": (BLOCKLISTS, ("raiBlocklists",), 2),
    f"{CS}/raiBlocklists/raiBlocklistItems": (ITEMS, ("raiBlocklists", "raiBlocklistItems"), 3),
}
SEGMENTS = {CS: 1, ROLE_ASSIGNMENT: 1, **{t: spec[2] for t, spec in CHILDREN.items()}}


@dataclass(frozen=True)
class Ref:
    """A template resource's record in the state: collection, key and ARM id."""

    collection: str
    key: str
    id: str


def scope_of(subscription: str, resource_group: str, res: TemplateResource) -> str:
    """An extension resource's scope as a resource id (`Microsoft.CognitiveServices/accounts/x` -> full id)."""
    scope = str(res.body.get("scope") or "")
    if scope.startswith("/"):
        return scope.rstrip("/")
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{scope}"


def ref(subscription: str, resource_group: str, res: TemplateResource) -> Ref:
    parts = res.name.split("/")
    if res.type == ROLE_ASSIGNMENT:
        scope = scope_of(subscription, resource_group, res)
        return Ref(ASSIGNMENTS, f"{scope_key(scope)}/{res.name.lower()}",
                   f"{scope}/providers/{ROLE_ASSIGNMENT}/{res.name}")
    akey, aid = account_key(subscription, resource_group, parts[0]), account_id(subscription, resource_group, parts[0])
    if res.type == CS:
        return Ref("accounts", akey, aid)
    collection, path, _ = CHILDREN[res.type]
    if collection == "deployments":
        return Ref(collection, deployment_key(subscription, resource_group, parts[0], parts[1]),
                   f"{aid}/deployments/{parts[1]}")
    rid = aid + "".join(f"/{segment}/{name}" for segment, name in zip(path, parts[1:], strict=True))
    return Ref(collection, "/".join([akey, *(p.lower() for p in parts[1:])]), rid)


def put(backend: Backend, subscription: str, resource_group: str, res: TemplateResource,
        body: dict[str, Any], tenant_id: str | None = None) -> tuple[int, Any]:
    """Write one template resource through the same backend call the REST API uses: (status, operation)."""
    parts = res.name.split("/")
    if res.type == CS:
        result = backend.put_account(subscription, resource_group, res.name, body, tenant_id=tenant_id)
        return result.status, result.operation
    if res.type == ROLE_ASSIGNMENT:
        status, _ = backend.put_role_assignment(scope_of(subscription, resource_group, res), res.name, body)
        return status, None
    collection = CHILDREN[res.type][0]
    if collection == "deployments":
        result = backend.put_deployment(subscription, resource_group, parts[0], parts[1], body)
        return result.status, result.operation
    writer = {POLICIES: backend.put_rai_policy, BLOCKLISTS: backend.put_rai_blocklist}
    if collection in writer:
        status, _ = writer[collection](subscription, resource_group, parts[0], parts[1], body)
    else:
        status, _ = backend.put_rai_blocklist_item(subscription, resource_group, parts[0], parts[1], parts[2], body)
    return status, None
