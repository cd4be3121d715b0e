"""Microsoft.Authorization: role assignments at any scope and the built-in role definitions this tool uses.

Errors as ARM answers them: 409 RoleAssignmentExists when the principal already has the role at the scope
under another name, 400 RoleAssignmentUpdateNotPermitted when a PUT changes an assignment's principal or
role, 400 RoleDefinitionDoesNotExist, InvalidPrincipalId and InvalidRoleAssignmentId.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors
from aoai_provision.emulator.backend_rai import children
from aoai_provision.emulator.clock import iso
from aoai_provision.emulator.errors import ArmError
from aoai_provision.spec import roles

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

ASSIGNMENTS = "role_assignments"
ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments"
DEFINITION_TYPE = "Microsoft.Authorization/roleDefinitions"
PROVIDER = "/providers/Microsoft.Authorization"


def scope_key(scope: str) -> str:
    return scope.rstrip("/").lower()


def role_definition(role: roles.BuiltinRole, scope: str = "") -> dict[str, Any]:
    """A built-in role definition as ARM returns it (``id`` relative to the scope it was read at)."""
    sub = scope.split("/")[2] if scope.lower().startswith("/subscriptions/") else ""
    prefix = f"/subscriptions/{sub}" if sub else ""
    return {"id": f"{prefix}{PROVIDER}/roleDefinitions/{role.guid}", "name": role.guid, "type": DEFINITION_TYPE,
            "properties": {"roleName": role.name, "type": "BuiltInRole", "description": role.description,
                           "assignableScopes": ["/"], "permissions": [
                               {"actions": [], "notActions": [],
                                "dataActions": ["Microsoft.CognitiveServices/accounts/OpenAI/*"] if role.data_plane
                                else [], "notDataActions": []}]}}


def _ancestors(scope: str) -> list[str]:
    """``scope`` and every scope above it, as keys (`/subscriptions/s/resourcegroups/g/...` -> ..., `/subscriptions/s`)."""
    parts = scope_key(scope).split("/")
    out = []
    for end in range(len(parts), 2, -1):
        candidate = "/".join(parts[:end])
        if not candidate.endswith("/providers") and not candidate.endswith("/resourcegroups"):
            out.append(candidate)
    return out


class RolesMixin:
    """Role assignment and role definition operations (mixed into the Backend)."""

    def _check_scope(self: Backend, data: Any, scope: str) -> None:
        parts = scope.strip("/").split("/")
        if len(parts) < 2 or parts[0].lower() != "subscriptions":
            raise errors.bad_request(f"The scope '{scope}' is not valid.", "InvalidScope")
        if len(parts) >= 4 and parts[2].lower() == "resourcegroups":
            self.require_resource_group(data, parts[1], parts[3])
        if len(parts) >= 8 and parts[6].lower() == "accounts":
            self._require_account(data, parts[1], parts[3], parts[7])

    def put_role_assignment(self: Backend, scope: str, name: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not roles.is_guid(name):
            raise errors.bad_request(f"The role assignment ID '{name}' is not valid. The role assignment ID must be "
                                     "a GUID.", "InvalidRoleAssignmentId")
        props = body.get("properties") or {}
        role_id = str(props.get("roleDefinitionId") or "")
        role = roles.find_role(role_id.rsplit("/", 1)[-1])
        if role is None:
            raise errors.bad_request(f"The specified role definition with ID '{role_id.rsplit('/', 1)[-1]}' does "
                                     "not exist.", "RoleDefinitionDoesNotExist")
        principal = str(props.get("principalId") or "")
        if not roles.is_guid(principal):
            raise errors.bad_request("A valid principal ID must be provided for role assignment.",
                                     "InvalidPrincipalId")
        kind = props.get("principalType")
        if kind is not None and kind not in roles.PRINCIPAL_TYPES:
            raise errors.bad_request(f"The principal type '{kind}' is not valid.", "InvalidPrincipalType")
        with self.tx() as data:
            self._check_scope(data, scope)
            key = f"{scope_key(scope)}/{name.lower()}"
            existing = data[ASSIGNMENTS].get(key)
            if existing is not None:
                old = existing["body"]["properties"]
                if old["principalId"].lower() != principal.lower() or \
                        old["roleDefinitionId"].rsplit("/", 1)[-1].lower() != role.guid:
                    raise errors.bad_request("Tenant ID, application ID, principal ID, and scope are not allowed to "
                                             "be updated.", "RoleAssignmentUpdateNotPermitted")
            else:
                for _, other in children(data, ASSIGNMENTS, scope_key(scope)):
                    o = other["body"]["properties"]
                    if o["principalId"].lower() == principal.lower() and \
                            o["roleDefinitionId"].rsplit("/", 1)[-1].lower() == role.guid:
                        raise ArmError(409, "RoleAssignmentExists", "The role assignment already exists.")
            now = iso(self.now())
            created = existing["body"]["properties"]["createdOn"] if existing else now
            sub = scope.strip("/").split("/")[1]
            out = {"id": f"{scope.rstrip('/')}{PROVIDER}/roleAssignments/{name}", "name": name.lower(),
                   "type": ASSIGNMENT_TYPE,
                   "properties": {"roleDefinitionId": roles.role_definition_id(sub, role.guid),
                                  "principalId": principal.lower(), "principalType": kind or "User",
                                  "scope": scope.rstrip("/"), "description": props.get("description"),
                                  "condition": props.get("condition"), "conditionVersion": props.get("conditionVersion"),
                                  "createdOn": created, "updatedOn": now, "createdBy": None, "updatedBy": None}}
            data[ASSIGNMENTS][key] = {"body": out, "meta": {"subscription": sub}}
            return (200 if existing else 201), copy.deepcopy(out)

    def get_role_assignment(self: Backend, scope: str, name: str) -> dict[str, Any]:
        with self.tx() as data:
            record = data[ASSIGNMENTS].get(f"{scope_key(scope)}/{name.lower()}")
            if record is None:
                raise ArmError(404, "RoleAssignmentNotFound", f"The role assignment '{name}' is not found.")
            return copy.deepcopy(record["body"])

    def delete_role_assignment(self: Backend, scope: str, name: str) -> tuple[int, dict[str, Any] | None]:
        """200 with the deleted assignment, or 204 when there is none (as ARM)."""
        with self.tx() as data:
            key = f"{scope_key(scope)}/{name.lower()}"
            record = data[ASSIGNMENTS].get(key)
            if record is None:
                return 204, None
            del data[ASSIGNMENTS][key]
            return 200, copy.deepcopy(record["body"])

    def list_role_assignments(self: Backend, scope: str, query: str | None = None) -> list[dict[str, Any]]:
        """At ``scope`` and above it (``atScope()``), optionally for one principal (``principalId eq '...'``)."""
        text = (query or "").strip()
        principal = text.split("'")[1].lower() if "principalid eq" in text.lower() and "'" in text else None
        with self.tx() as data:
            out = []
            for key in _ancestors(scope):
                out += [copy.deepcopy(r["body"]) for _, r in children(data, ASSIGNMENTS, key)]
            return [a for a in out if principal is None or a["properties"]["principalId"] == principal]

    def has_data_plane_role(self: Backend, principal_id: str, scope: str) -> bool:
        """Whether ``principal_id`` holds a role with Azure OpenAI data actions at ``scope`` or above it."""
        for assignment in self.list_role_assignments(scope, f"principalId eq '{principal_id}'"):
            role = roles.find_role(assignment["properties"]["roleDefinitionId"].rsplit("/", 1)[-1])
            if role is not None and role.data_plane:
                return True
        return False

    def get_role_definition(self: Backend, scope: str, role_id: str) -> dict[str, Any]:
        role = roles.find_role(role_id)
        if role is None or not roles.is_guid(role_id):
            raise ArmError(404, "RoleDefinitionDoesNotExist",
                           f"The role definition '{role_id}' could not be found.")
        return role_definition(role, scope)

    def list_role_definitions(self: Backend, scope: str, query: str | None = None) -> list[dict[str, Any]]:
        text = (query or "").strip()
        wanted = text.split("'")[1] if "rolename eq" in text.lower() and "'" in text else None
        return [role_definition(r, scope) for r in roles.BUILTIN_ROLES if wanted is None or r.name == wanted]
