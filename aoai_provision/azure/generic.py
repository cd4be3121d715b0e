"""A small generic ARM client over the Resources SDK's by-id operations.

For the few resource types around an account: private endpoints, DNS zone groups, diagnostic settings,
and what files only reference.

azure-mgmt-network and azure-mgmt-monitor would add megabytes of models for three PUTs; the by-id calls
already in azure-mgmt-resource speak plain ARM JSON with the same pipeline (retries, polling, transport).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aoai_provision.azure.polling import lean_polling

if TYPE_CHECKING:
    from aoai_provision.azure.clients import AzureClients

# api-version per resource type (lower case); the ARM versions the rendered templates use too.
API_VERSIONS = {
    "microsoft.network/virtualnetworks": "2024-05-01",
    "microsoft.network/virtualnetworks/subnets": "2024-05-01",
    "microsoft.network/privateendpoints": "2024-05-01",
    "microsoft.network/privateendpoints/privatednszonegroups": "2024-05-01",
    "microsoft.network/privatednszones": "2020-06-01",
    "microsoft.operationalinsights/workspaces": "2023-09-01",
    "microsoft.managedidentity/userassignedidentities": "2023-01-31",
    "microsoft.insights/diagnosticsettings": "2021-05-01-preview",
}


def resource_type(resource_id: str) -> str:
    """`Microsoft.Network/virtualNetworks/subnets` of a (possibly nested or extension) resource id."""
    parts = resource_id.strip("/").split("/")
    lower = [p.lower() for p in parts]
    at = len(lower) - 1 - lower[::-1].index("providers")
    namespace, rest = parts[at + 1], parts[at + 2:]
    return "/".join([namespace, *rest[0::2]])


def api_version(resource_id: str) -> str:
    return API_VERSIONS[resource_type(resource_id).lower()]


def get(clients: AzureClients, resource_id: str) -> dict[str, Any] | None:
    """The resource as ARM JSON (id, name, location, tags, properties), or None when ARM answers 404."""
    from azure.core.exceptions import ResourceNotFoundError

    try:
        found = clients.resources.resources.get_by_id(resource_id, api_version=api_version(resource_id))
    except ResourceNotFoundError:
        return None
    body: dict[str, Any] = found.as_dict()
    body.setdefault("properties", {})
    return body


def begin_put(clients: AzureClients, resource_id: str, body: dict[str, Any]) -> Any:
    """Start a PUT; the caller waits on the poller (the long-running operation)."""
    return clients.resources.resources.begin_create_or_update_by_id(
        resource_id, body, api_version=api_version(resource_id), polling=lean_polling(clients.polling_interval))


def delete(clients: AzureClients, resource_id: str) -> Any:
    """Start a DELETE (the caller waits on the poller); ARM's 204 for a missing resource is success."""
    return clients.resources.resources.begin_delete_by_id(resource_id, api_version=api_version(resource_id),
                                                          polling=lean_polling(clients.polling_interval))
