"""Read every OpenAI/AIServices account of a subscription with its deployments and region models (for audit)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.errors import azure_call
from aoai_provision.azure.readers import map_account, map_deployment, read_region_models, resource_group_of
from aoai_provision.plan.observed import ObservedAccount

AUDITED_KINDS = frozenset({"openai", "aiservices"})
MAX_READERS = 8


@dataclass(frozen=True)
class InventoryAccount:
    """An account found in the subscription, with the resource group it lives in."""

    resource_group: str
    account: ObservedAccount


@dataclass(frozen=True)
class SubscriptionInventory:
    """All audited accounts of one subscription plus the live models list of each of their regions."""

    subscription: str
    accounts: tuple[InventoryAccount, ...]
    models: dict[str, list[dict[str, Any]]]  # region -> models.list items


def read_subscription_inventory(clients: AzureClients, *, with_models: bool = True) -> SubscriptionInventory:
    """List accounts of kind OpenAI/AIServices, their deployments (one list each) and each region's models.

    Requests: 1 accounts list for the subscription, 1 deployments list per audited account, and
    1 models list per region that has one — run concurrently.
    """
    listed = azure_call(lambda: list(clients.cognitive.accounts.list()), resource="accounts in the subscription",
                        action="listing")
    audited = [a for a in listed if (a.kind or "").lower() in AUDITED_KINDS]

    def one(acct: Any) -> InventoryAccount:
        rg = resource_group_of(acct.id or "")
        items = azure_call(lambda: list(clients.cognitive.deployments.list(rg, acct.name)),
                           resource=f"deployments of account {acct.name}", action="listing")
        return InventoryAccount(rg, map_account(acct, tuple(map_deployment(d) for d in items)))

    with ThreadPoolExecutor(max_workers=MAX_READERS, thread_name_prefix="aoai-inventory") as pool:
        accounts = list(pool.map(one, audited))
        regions = sorted({a.account.region for a in accounts}) if with_models else []
        models = dict(zip(regions, pool.map(lambda r: read_region_models(clients, r), regions), strict=True))
    accounts.sort(key=lambda a: (a.resource_group.lower(), a.account.name.lower()))
    return SubscriptionInventory(subscription=clients.subscription, accounts=tuple(accounts), models=models)
