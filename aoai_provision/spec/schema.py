"""The environment-file format as pydantic models (extra keys forbidden); source of `aoai-provision schema`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from aoai_provision.spec.ratelimits import RATE_PATTERN, parse_rate
from aoai_provision.spec.schema_network import DiagnosticsSpec, EncryptionSpec, PrivateEndpointSpec

RateValue = Annotated[
    int,
    BeforeValidator(parse_rate),
    Field(ge=1),
    WithJsonSchema({
        "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": RATE_PATTERN}],
        "description": "A number per minute; K and M suffixes allowed: 600, 100K, 1.5M.",
        "examples": ["100K", "1K", "1.5M"],
    }),
]


# Values kept exactly as written in the file. Editors read YAML 1.2, where `version: 1` or
# `build: 0914` are numbers, so the JSON Schema accepts numbers there too; the tool keeps the text.
AsWritten = Annotated[str, WithJsonSchema({"type": ["string", "integer", "number", "boolean"]})]
Version = Annotated[str, WithJsonSchema({"type": ["string", "integer", "number"]})]
Tags = dict[str, AsWritten]


def _identity_shorthand(value: Any) -> Any:
    return {"type": value} if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RateLimit(_Strict):
    """Rate limits of a deployment; converted to service units with the model's per-unit limits."""

    tpm: RateValue | None = Field(None, description="Tokens per minute (e.g. 100K). Usually 1 unit = 1,000 TPM.")
    rpm: RateValue | None = Field(
        None, description="Requests per minute (e.g. 1K). Must match what the TPM gives for this model.")


VersionUpgrade = Literal["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"]


class DeploymentSettings(_Strict):
    """Deployment options that `defaults.deployment`, deployments and overrides can all set."""

    sku: str | None = Field(None, description="Deployment SKU: GlobalStandard, Standard, DataZoneStandard, "
                                              "ProvisionedManaged, ...", examples=["GlobalStandard"])
    capacity: int | None = Field(None, ge=1, description="Capacity in service units (usually 1 unit = 1,000 TPM). "
                                                         "Give either capacity or rate_limit.")
    rate_limit: RateLimit | None = Field(None, description="Capacity as rate limits instead of units.")
    version_upgrade: VersionUpgrade | None = Field(
        None, description="Azure's auto-upgrade policy. NoAutoUpgrade pins the version; the others make "
                          "the declared version a floor.")
    rai_policy: str | None = Field(None, description="Name of the content filter (RAI policy) to apply.")
    dynamic_throttling: bool | None = Field(None, description="Let the deployment burst above its limits when "
                                                              "capacity is free. Read-only in ARM api-version "
                                                              "2025-09-01: accepted, warned about, not applied.")
    tags: Tags | None = Field(None, description="Tags of the deployment (merged over defaults).")
    spillover_deployment: str | None = Field(
        None, description="Provisioned deployments only: the standard deployment (same account, same model, "
                          "same data-processing level) that takes overage traffic (spilloverDeploymentName).")
    service_tier: Literal["Default", "Priority"] | None = Field(
        None, description="Priority processing (serviceTier) where the model and SKU offer it; Default otherwise.")
    state: Literal["running", "paused"] | None = Field(
        None, description="paused: the deployment stops serving without being deleted (deploymentState Paused); "
                          "running resumes it.")
    model_format: str | None = Field(None, description="Model format; OpenAI unless you deploy another provider's "
                                                       "model to an AIServices account.")


class DeploymentOverride(DeploymentSettings):
    """Per-region changes to one matrix deployment (any deployment field except its name)."""

    model: str | None = Field(None, description="Model name, e.g. gpt-4o-mini-realtime-preview.")
    version: Version | None = Field(None, description="Model version exactly as Azure writes it (2024-12-17, 001).")


class Deployment(DeploymentSettings):
    """One model deployment of an account."""

    name: str = Field(description="Deployment name, unique in its account; applications call it by this name.")
    model: str = Field(description="Model name, e.g. gpt-4o-mini-realtime-preview.")
    version: Version = Field(description="Model version exactly as Azure writes it (2024-12-17, 001, 0914); "
                                     "quoting is optional, it is never re-typed.")


class NetworkAclsSpec(_Strict):
    """Network rules of an account."""

    default_action: Literal["Allow", "Deny"] = Field(
        "Deny", description="What happens to traffic no rule matches (default Deny once network_acls is set).")
    ip_rules: list[str] = Field(default_factory=list, description="Allowed public IP addresses or CIDR ranges.")
    virtual_network_rules: list[str] = Field(default_factory=list, description="Allowed subnet resource ids.")
    bypass: Literal["AzureServices", "None"] | None = Field(None, description="Let trusted Azure services through.")


IdentityType = Literal["SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned", "None"]


class IdentitySpec(_Strict):
    """Managed identity of an account; a bare string is the type (`identity: SystemAssigned`)."""

    type: IdentityType
    user_assigned_identities: list[str] = Field(
        default_factory=list, description="Resource ids of user-assigned identities (for UserAssigned).")


Identity = Annotated[
    IdentitySpec,
    BeforeValidator(_identity_shorthand, json_schema_input_type=IdentityType | IdentitySpec),
]


RaiSource = Literal["Prompt", "Completion"]


class ContentFilterSpec(_Strict):
    """One filter of a content-filter policy."""

    name: str = Field(description="Filter: hate, sexual, violence, self_harm (levels Low/Medium/High), jailbreak, "
                                   "indirect_attack (prompts), protected_material_text, protected_material_code "
                                   "(completions), profanity.")
    source: RaiSource | None = Field(None, description="Prompt or Completion; fixed for jailbreak, indirect_attack "
                                                       "and protected material filters.")
    severity: Literal["Low", "Medium", "High"] | None = Field(
        None, description="Lowest severity that is filtered (Low filters most); for hate, sexual, violence, self_harm.")
    blocking: bool = Field(True, description="Block matching content (false: annotate only).")
    enabled: bool = Field(True, description="Run this filter.")


class PolicyBlocklistSpec(_Strict):
    """A custom blocklist a policy applies."""

    name: str = Field(description="Name of a blocklist declared under `blocklists`.")
    source: RaiSource = Field(description="Prompt or Completion.")
    blocking: bool = Field(True, description="Block matching content.")


class ContentFilterPolicySpec(_Strict):
    """A content-filter (RAI) policy: accounts/raiPolicies."""

    base_policy: str = Field("Microsoft.DefaultV2", description="Microsoft's policy this one starts from: "
                                                                "Microsoft.DefaultV2 or Microsoft.Default.")
    mode: Literal["Default", "Deferred", "Blocking", "Asynchronous_filter"] | None = Field(
        None, description="Streaming mode as ARM names it (Asynchronous_filter: stream first, filter alongside).")
    filters: list[ContentFilterSpec] = Field(default_factory=list)
    blocklists: list[PolicyBlocklistSpec] = Field(default_factory=list)


def _item_shorthand(value: Any) -> Any:
    return {"pattern": value} if isinstance(value, str) else value


class BlocklistItemSpec(_Strict):
    """One blocklist entry; a bare string is an exact term."""

    pattern: str = Field(description="The term, or a regular expression when regex is true.")
    regex: bool = Field(False, description="The pattern is a regular expression.")


BlocklistItemEntry = Annotated[
    BlocklistItemSpec, BeforeValidator(_item_shorthand, json_schema_input_type=str | BlocklistItemSpec)]


class BlocklistSpec(_Strict):
    """A custom blocklist: accounts/raiBlocklists and its raiBlocklistItems."""

    description: str | None = None
    items: list[BlocklistItemEntry] = Field(default_factory=list, description="Terms and patterns (diffed one by one).")


class RoleAssignmentSpec(_Strict):
    """A role assignment at the account's scope (Microsoft.Authorization/roleAssignments)."""

    role: str = Field(description="Built-in role name (Cognitive Services OpenAI User) or role-definition GUID.")
    principal_id: str = Field(description="Object id (GUID) of the user, group, service principal or managed identity.")
    principal_type: Literal["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"] | None = Field(
        None, description="As ARM names it; set it for identities created moments ago (avoids PrincipalNotFound).")
    description: str | None = None


class AccountSettings(_Strict):
    """Account options that `defaults.account`, region overrides and explicit accounts can set."""

    kind: Literal["OpenAI", "AIServices"] | None = Field(None, description="Cognitive Services account kind.")
    sku: str | None = Field(None, description="Account SKU (S0).")
    custom_subdomain: str | None = Field(
        None, description="Subdomain of the endpoint (https://<subdomain>.openai.azure.com); default: the "
                          "account name in lower case. Lowercase letters, digits and hyphens; globally unique.")
    public_network_access: Literal["Enabled", "Disabled"] | None = Field(None, description="Public endpoint access.")
    disable_local_auth: bool | None = Field(None, description="true: Entra ID only, API keys refused.")
    network_acls: NetworkAclsSpec | None = None
    identity: Identity | None = None
    tags: Tags | None = Field(None, description="Tags of the account (merged over defaults).")
    allow_project_management: bool | None = Field(
        None, description="Foundry projects on an AIServices account (allowProjectManagement). Changing kind "
                          "OpenAI -> AIServices upgrades the account in place and sets it to true.")
    foundry_rollback: bool | None = Field(
        None, description="true: roll an account Azure reports as AIServices back to kind OpenAI (the documented "
                          "rollback; delete its projects, connections and non-OpenAI deployments first). Without "
                          "it, an account upgraded to Foundry is kept as it is.")
    foundry_auto_upgrade: Literal["Enabled", "Disabled"] | None = Field(
        None, description="Microsoft's automatic Foundry upgrade (foundryAutoUpgrade.mode). Only the preview "
                          "api-version 2026-01-15-preview has it: validated and reported, not sent.")
    restore: bool | None = Field(None, description="Restore a soft-deleted account of the same name instead of "
                                                   "creating a new one.")
    content_filters: dict[str, ContentFilterPolicySpec] | None = Field(
        None, description="Content-filter (RAI) policies by name; deployments use them with `rai_policy`. Merged by "
                          "name over defaults.")
    blocklists: dict[str, BlocklistSpec] | None = Field(
        None, description="Custom blocklists by name, for content_filters. Merged by name over defaults.")
    role_assignments: list[RoleAssignmentSpec] | None = Field(
        None, description="Roles granted on the account (added to those of defaults). Apps need "
                          "Cognitive Services OpenAI User when disable_local_auth is true.")
    private_endpoint: PrivateEndpointSpec | None = Field(
        None, description="Private endpoint of the account (with its DNS zone group) in an existing subnet.")
    diagnostics: DiagnosticsSpec | None = Field(
        None, description="Diagnostic setting: logs and metrics of the account to a Log Analytics workspace.")
    encryption: EncryptionSpec | None = Field(
        None, description="Customer-managed key in Key Vault, read with a user-assigned identity.")


class Account(AccountSettings):
    """An explicitly declared account, for anything the region matrix does not fit."""

    name: str = Field(description="Account name: 2-64 characters, letters, digits, `_`, `.`, `-`.")
    region: str = Field(description="Azure region: ARM name (swedencentral) or display name (Sweden Central).")
    deployments: list[Deployment] = Field(default_factory=list)


class RegionOverride(_Strict):
    """Changes to the matrix for one region."""

    account: AccountSettings | None = Field(None, description="Account options for this region's account.")
    deployments: dict[str, DeploymentOverride] = Field(
        default_factory=dict, description="Deployment name -> fields that differ in this region.")


class Defaults(_Strict):
    """Values every account and deployment gets unless it sets its own."""

    account: AccountSettings | None = None
    deployment: DeploymentSettings | None = None


class EnvironmentFile(_Strict):
    """An aoai-provision environment: accounts and model deployments of one environment."""

    model_config = ConfigDict(extra="forbid", title="aoai-provision environment file")

    environment: str = Field(description="Environment name (dev, prod); tags every managed resource.")
    subscription: str | None = Field(None, description="Subscription id; ${AZURE_SUBSCRIPTION_ID} works. "
                                                       "--subscription overrides it.")
    resource_group: str = Field(description="Resource group holding the accounts.")
    location: str | None = Field(None, description="Region of the resource group; default: the first region.")
    tags: Tags = Field(default_factory=dict, description="Tags for the resource group and everything in it.")
    defaults: Defaults | None = None
    regions: list[str] = Field(default_factory=list, description="Region matrix: one account per region with the "
                                                                "same deployments. Display or ARM names, any case.")
    account_name: str | None = Field(None, description="Name of each matrix account; {environment} and {region} "
                                                       "(ARM name) are replaced. Default aoai-{environment}-{region}.")
    deployments: list[Deployment] = Field(default_factory=list, description="Deployments of every matrix account.")
    overrides: dict[str, RegionOverride] = Field(default_factory=dict, description="Region -> changes to the matrix.")
    accounts: list[Account] = Field(default_factory=list, description="Explicit accounts (besides the matrix).")
    prune: bool = Field(False, description="Delete managed accounts and deployments that are no longer in this file "
                                           "(as --prune does); by default plan only lists them.")
