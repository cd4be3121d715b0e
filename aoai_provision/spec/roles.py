"""Azure built-in roles this tool assigns or names (name <-> role-definition GUID), and role-assignment names."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

# Source: Microsoft Learn, "Azure built-in roles" (AI + machine learning, Identity, General and Privileged
# sections; https://learn.microsoft.com/azure/role-based-access-control/built-in-roles), as of 2026-11.
# Built-in role GUIDs are the same in every tenant and cloud.
ROLES_SOURCE = "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (as of 2026-11)"
ROLES_AS_OF = "2026-11-30"


@dataclass(frozen=True)
class BuiltinRole:
    """A built-in role: display name, GUID, and whether it grants Azure OpenAI data-plane (inference) access."""

    name: str
    guid: str
    data_plane: bool = False
    description: str = ""


BUILTIN_ROLES = (
    BuiltinRole("Cognitive Services OpenAI User", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", True,
                "Call deployments (inference); read resources. The role applications need."),
    BuiltinRole("Cognitive Services OpenAI Contributor", "a001fd3d-188f-4b5d-821b-7da978bf7442", True,
                "OpenAI User plus fine-tuning and managing deployments."),
    BuiltinRole("Cognitive Services User", "a97b65f3-24c7-4388-baec-2e87135dc908", True,
                "Data-plane access to every Cognitive Services API; can list keys."),
    BuiltinRole("Cognitive Services Contributor", "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68", False,
                "Manage accounts, deployments and keys; no inference."),
    BuiltinRole("Cognitive Services Usages Reader", "bba48692-92b0-4667-a9ad-c31c7b334ac2", False,
                "Read quota usages."),
    BuiltinRole("Azure AI User", "53ca6127-db72-4b80-b1b0-d745d6d5456d", True,
                "Foundry data-plane access (AIServices accounts)."),
    BuiltinRole("Azure AI Developer", "64702f94-c441-49e6-a78b-ef80e0188fee", True,
                "Foundry developer access."),
    BuiltinRole("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7", False, "View everything."),
    BuiltinRole("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c", False, "Manage everything but access."),
    BuiltinRole("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", False, "Everything, including access."),
    BuiltinRole("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", False,
                "Manage role assignments."),
    BuiltinRole("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168", False,
                "Manage role assignments; supports conditions that constrain which roles it may assign."),
)
PRINCIPAL_TYPES = ("User", "Group", "ServicePrincipal", "ForeignGroup", "Device")  # ARM PrincipalType enum
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# The namespace of ARM's and Bicep's guid(): guid(a, b, c) == uuid5(NAMESPACE, "a-b-c").
ARM_GUID_NAMESPACE = uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830")
MARKER = "Managed by aoai-provision"

_BY_NAME = {r.name.lower(): r for r in BUILTIN_ROLES}
_BY_GUID = {r.guid: r for r in BUILTIN_ROLES}


def is_guid(value: str) -> bool:
    return bool(GUID.match(value))


def find_role(name_or_guid: str) -> BuiltinRole | None:
    """The built-in role named ``name_or_guid`` (any case) or with that GUID, or None."""
    return _BY_NAME.get(name_or_guid.strip().lower()) or _BY_GUID.get(name_or_guid.strip().lower())


def role_names() -> list[str]:
    return [r.name for r in BUILTIN_ROLES]


def role_definition_id(subscription: str, role_guid: str) -> str:
    """`/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>` (Bicep's
    `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', guid)`)."""
    return f"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{role_guid}"


def arm_guid(*parts: str) -> str:
    """ARM/Bicep `guid(parts...)`: a version-5 UUID of the parts joined with `-`."""
    return str(uuid.uuid5(ARM_GUID_NAMESPACE, "-".join(parts)))


def assignment_name(scope: str, principal_id: str, role_guid: str, subscription: str) -> str:
    """The role assignment's name, as `guid(account.id, principalId, roleDefinitionId)` in Bicep."""
    return arm_guid(scope, principal_id, role_definition_id(subscription, role_guid))


def marker(environment: str) -> str:
    """The description that marks an assignment as made by this tool for ``environment``."""
    return f"{MARKER} (environment {environment})"


def is_marked(description: str | None, environment: str | None = None) -> bool:
    text = description or ""
    if environment is None:
        return text.startswith(MARKER)
    return text.startswith(marker(environment))
