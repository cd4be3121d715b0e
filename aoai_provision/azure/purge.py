"""Purging soft-deleted accounts (frees their names and quota at once instead of after 48 hours)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from aoai_provision.azure.clients import AzureClients
from aoai_provision.azure.polling import lean_polling
from aoai_provision.plan.observed import DeletedAccount


@dataclass(frozen=True)
class PurgeResult:
    """One purge: the account, and the error when it failed."""

    account: DeletedAccount
    seconds: float
    error: str | None = None
    code: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def purge_one(clients: AzureClients, account: DeletedAccount) -> PurgeResult:
    """`deletedAccounts/{name}` DELETE (an LRO) and wait for it; a purge already done counts as done."""
    from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

    from aoai_provision.azure.errors import error_code

    started = time.monotonic()
    try:
        clients.cognitive.deleted_accounts.begin_purge(
            account.region, account.resource_group, account.name,
            polling=lean_polling(clients.polling_interval)).result()
    except ResourceNotFoundError:
        pass
    except HttpResponseError as exc:
        return PurgeResult(account, time.monotonic() - started, str(exc.message or exc), error_code(exc))
    return PurgeResult(account, time.monotonic() - started)


def purge_accounts(clients: AzureClients, accounts: Sequence[DeletedAccount], *,
                   parallelism: int = 8) -> tuple[PurgeResult, ...]:
    """Purge ``accounts`` concurrently (each waits for its own operation)."""
    if not accounts:
        return ()
    with ThreadPoolExecutor(max_workers=max(1, min(parallelism, len(accounts)))) as pool:
        return tuple(pool.map(lambda a: purge_one(clients, a), accounts))
