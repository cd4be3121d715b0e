"""Read everything `import` writes about one resource group: accounts, deployments and what surrounds them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from aoai_provision.azure.access import read_access
from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.network_reads import ENDPOINT_TYPE, read_diagnostics, read_endpoint, read_reference
from aoai_provision.azure.readers import MAX_READERS, MODEL_KINDS, read_environment
from aoai_provision.plan.observed import ObservedAccount, ObservedState
from aoai_provision.spec.model import DesiredState
from aoai_provision.spec.model_network import DEFAULT_DIAGNOSTICS_NAME


def read_resource_group(clients: AzureClients, resource_group: str) -> ObservedState:
    """The group (exists, location, tags), its accounts with their deployments, and for each OpenAI or
    AIServices account its content filters, blocklists, role assignments, the private endpoints of the group
    connected to it, its diagnostic setting of the tool's name, and the identities its key is read with.

    Requests: those of `plan`'s read for a file with no accounts (1 group GET, 1 accounts list,
    1 deployments list per account, 1 deleted-accounts list), then per model account 1 policies list,
    1 blocklists list, 1 items list per blocklist, 1 role-assignments list, 1 diagnostic-setting GET,
    2 GETs per connected endpoint and 1 per user-assigned identity of an account with a key — concurrently.
    """
    nothing = DesiredState(environment="", resource_group=resource_group, location="")
    observed = read_environment(clients, nothing, include_catalog=False, include_access=False)
    models = [a for a in observed.accounts if a.kind.lower() in MODEL_KINDS]
    prefix = f"/subscriptions/{clients.subscription}/resourceGroups/{resource_group}/providers/{ENDPOINT_TYPE}/"
    endpoint_ids = sorted({e for a in models for e in a.endpoint_connections if e.lower().startswith(prefix.lower())})
    identities = sorted({i for a in models if a.encryption and a.identity for i in a.identity.user_assigned_identities})

    def with_access(account: ObservedAccount) -> ObservedAccount:
        if account.kind.lower() not in MODEL_KINDS:
            return account
        return replace(account, access=read_access(clients, resource_group, account.name))

    with ThreadPoolExecutor(max_workers=MAX_READERS, thread_name_prefix="aoai-import") as pool:
        accounts = pool.map(with_access, observed.accounts)
        endpoints = pool.map(lambda e: read_endpoint(clients, e), endpoint_ids)
        diagnostics = pool.map(lambda a: read_diagnostics(clients, a, DEFAULT_DIAGNOSTICS_NAME), models)
        references = pool.map(lambda i: read_reference(clients, i, "user-assigned identity"), identities)
        return replace(observed, accounts=tuple(accounts),
                       endpoints=tuple(e for e in endpoints if e is not None),
                       diagnostics=tuple(d for d in diagnostics if d is not None),
                       references={r.id.lower(): r for r in references})

