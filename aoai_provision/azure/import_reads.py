"""Read everything `import` writes about one resource group: accounts, deployments and their access children."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from aoai_provision.azure.access import read_access
from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.readers import MAX_READERS, MODEL_KINDS, read_environment
from aoai_provision.plan.observed import ObservedAccount, ObservedState
from aoai_provision.spec.model import DesiredState


def read_resource_group(clients: AzureClients, resource_group: str) -> ObservedState:
    """The group (exists, location, tags), its accounts with their deployments, and for each OpenAI or
    AIServices account its content filters, blocklists and role assignments.

    Requests: those of `plan`'s read for a file with no accounts (1 group GET, 1 accounts list,
    1 deployments list per account, 1 deleted-accounts list), then per model account 1 policies list,
    1 blocklists list, 1 items list per blocklist and 1 role-assignments list — concurrently.
    """
    nothing = DesiredState(environment="", resource_group=resource_group, location="")
    observed = read_environment(clients, nothing, include_catalog=False, include_access=False)

    def with_access(account: ObservedAccount) -> ObservedAccount:
        if account.kind.lower() not in MODEL_KINDS:
            return account
        return replace(account, access=read_access(clients, resource_group, account.name))

    with ThreadPoolExecutor(max_workers=MAX_READERS, thread_name_prefix="aoai-import") as pool:
        accounts = tuple(pool.map(with_access, observed.accounts))
    return replace(observed, accounts=accounts)
