"""The exact shape of a saved plan (`plan --out`): every field is type-checked before any of it is used."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

NonNegative = Annotated[int, Field(ge=0)]


class _Doc(BaseModel):
    # strict: no "1" for 1, no true for 1; unknown fields are refused (nothing unchecked reaches apply)
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class LocationDoc(_Doc):
    file: str
    line: NonNegative
    column: NonNegative
    path: str


class RequestedDoc(_Doc):
    tpm: NonNegative | None
    rpm: NonNegative | None


class DeploymentDoc(_Doc):
    name: str
    model: str
    model_format: str
    version: str
    sku: str
    capacity: NonNegative
    version_upgrade: str
    rai_policy: str | None
    dynamic_throttling: bool | None
    spillover_deployment: str | None = None
    service_tier: Literal["Default", "Priority"] | None = None
    state: Literal["running", "paused"] | None = None
    tags: dict[str, str]
    requested: RequestedDoc
    location: LocationDoc | None


class NetworkAclsDoc(_Doc):
    default_action: str
    ip_rules: list[str]
    virtual_network_rules: list[str]
    bypass: str | None


class IdentityDoc(_Doc):
    type: str
    user_assigned_identities: list[str]


class ContentFilterDoc(_Doc):
    name: str
    source: str
    severity: str | None
    blocking: bool
    enabled: bool


class PolicyBlocklistDoc(_Doc):
    name: str
    source: str
    blocking: bool


class RaiPolicyDoc(_Doc):
    name: str
    base_policy: str
    mode: str | None
    filters: list[ContentFilterDoc]
    blocklists: list[PolicyBlocklistDoc]


class BlocklistItemDoc(_Doc):
    name: str
    pattern: str
    regex: bool


class BlocklistDoc(_Doc):
    name: str
    description: str | None
    items: list[BlocklistItemDoc]


class RoleAssignmentDoc(_Doc):
    role: str
    role_guid: str
    principal_id: str
    principal_type: str | None
    description: str | None


class PrivateEndpointDoc(_Doc):
    name: str
    subnet_id: str
    dns_zone_ids: list[str] | None
    region: str


class DiagnosticsDoc(_Doc):
    name: str
    workspace_id: str
    logs: list[str]
    metrics: list[str]


class EncryptionDoc(_Doc):
    key_vault_key_id: str
    identity: str
    identity_client_id: str


class AccountDoc(_Doc):
    name: str
    region: str
    kind: str
    sku: str
    custom_subdomain: str
    public_network_access: str
    disable_local_auth: bool
    network_acls: NetworkAclsDoc | None
    identity: IdentityDoc | None
    tags: dict[str, str]
    restore: bool
    allow_project_management: bool | None = None
    foundry_rollback: bool = False
    foundry_auto_upgrade: Literal["Enabled", "Disabled"] | None = None
    content_filters: list[RaiPolicyDoc]
    blocklists: list[BlocklistDoc]
    role_assignments: list[RoleAssignmentDoc]
    private_endpoint: PrivateEndpointDoc | None = None
    diagnostics: DiagnosticsDoc | None = None
    encryption: EncryptionDoc | None = None
    deployments: list[DeploymentDoc]
    location: LocationDoc | None


class DesiredDoc(_Doc):
    environment: str
    subscription: str | None
    resource_group: str
    location: str
    tags: dict[str, str]
    source: str
    accounts: list[AccountDoc]
    prune: bool = False  # `prune: true` in the file


class ChangeDoc(_Doc):
    field: str
    before: JsonValue
    after: JsonValue


class ActionDoc(_Doc):
    address: str
    kind: Literal["create", "update", "replace", "restore", "delete"]
    resource_type: Literal["resource_group", "account", "deployment", "blocklist", "blocklist_item",
                           "content_filter", "role_assignment", "private_endpoint", "diagnostic_setting",
                           "encryption"]
    name: str
    account: str | None
    parent: str | None = None  # the blocklist of a blocklist item
    region: str | None
    reason: str
    changes: list[ChangeDoc]
    capacity_delta: int
    desired: dict[str, JsonValue] | None  # compared field by field with what a plan made now would write
    adopt: bool = False  # --adopt: brings an untagged resource under management


class FindingDoc(_Doc):
    severity: Literal["error", "warning", "info"]
    code: str
    message: str
    location: LocationDoc | None
    fix: str | None
    resource: str | None
    details: dict[str, JsonValue]


class SummaryDoc(_Doc):
    add: NonNegative
    restore: NonNegative
    change: NonNegative
    replace: NonNegative
    destroy: NonNegative
    not_in_file: NonNegative = 0
    has_changes: bool


class OptionsDoc(_Doc):
    prune: bool
    allow_replace: bool
    adopt: bool = False
    targets: list[str] = Field(default_factory=list)
    replace: list[str] = Field(default_factory=list)


class PlanDoc(_Doc):
    format_version: Literal[1]
    environment: str
    subscription: str
    resource_group: str
    source: str
    engine: Literal["sdk", "arm"]
    fingerprint: str
    summary: SummaryDoc
    actions: list[ActionDoc]
    not_in_file: list[str] = Field(default_factory=list)  # managed resources the file no longer declares (kept)
    findings: list[FindingDoc]
    desired: DesiredDoc
    options: OptionsDoc


def shape_problem(data: Any) -> str | None:
    """The first field of ``data`` that does not have a saved plan's type (``actions.2.capacity_delta: ...``)."""
    try:
        PlanDoc.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        return f"{where}: {error['msg']}"
    return None
