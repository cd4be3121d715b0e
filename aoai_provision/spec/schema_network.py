"""Environment-file models of an account's private endpoint, diagnostic setting and customer-managed key."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PrivateEndpointSpec(_Strict):
    """A private endpoint for the account in its resource group, in a subnet you already have."""

    subnet_id: str = Field(description="Resource id of an existing subnet: /subscriptions/…/resourceGroups/…/"
                                       "providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>.")
    dns_zone_ids: list[str] | None = Field(
        None, description="Resource ids of existing private DNS zones (privatelink.openai.azure.com, "
                          "privatelink.cognitiveservices.azure.com, privatelink.services.ai.azure.com) for the "
                          "endpoint's DNS zone group; omit to leave DNS to Azure Policy.")
    name: str | None = Field(None, description="Name of the private endpoint; default <account>-pe.")


class DiagnosticsSpec(_Strict):
    """A diagnostic setting on the account that sends logs and metrics to a Log Analytics workspace."""

    workspace_id: str = Field(description="Resource id of an existing Log Analytics workspace (Microsoft."
                                          "OperationalInsights/workspaces).")
    logs: list[str] | None = Field(
        None, description="Log categories (Audit, RequestResponse, Trace, AzureOpenAIRequestUsage) or category "
                          "groups (audit, allLogs); default: allLogs.")
    metrics: list[str] | None = Field(None, description="Metric categories; default: [AllMetrics].")
    name: str | None = Field(None, description="Name of the diagnostic setting; default aoai-provision.")


class EncryptionSpec(_Strict):
    """Customer-managed key: a Key Vault key the account reads with a user-assigned identity."""

    key_vault_key_id: str = Field(description="Key URI: https://<vault>.vault.azure.net/keys/<key>[/<version>]; "
                                              "without a version the account follows key rotation.")
    identity: str = Field(description="Resource id of the user-assigned identity that may read the key; it is "
                                      "added to the account's identities.")
