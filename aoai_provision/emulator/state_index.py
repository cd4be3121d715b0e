"""What the state store indexes per collection: parent, scope, due time and terms (with amounts) of a record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Index:
    """The indexed facts of one record; queries on them never read the other records' bodies.

    ``parent``: the containing resource's key (listing children); ``scope``: a partition such as the
    subscription (listing by scope); ``due``: a time something happens to the record (ordering, due
    queries); ``terms``: ``(term, amount)`` pairs for lookups and sums (subdomains, quota usage).
    """

    parent: str | None = None
    scope: str | None = None
    due: float | None = None
    terms: tuple[tuple[str, float], ...] = ()


Indexer = Callable[[str, Any], Index]
TERMINAL = ("Succeeded", "Failed", "Canceled")  # an operation's final statuses (lro.TERMINAL)


def _meta(value: Any) -> dict[str, Any]:
    meta = value.get("meta") if isinstance(value, dict) else None
    return meta if isinstance(meta, dict) else {}


def default_index(key: str, value: Any) -> Index:
    """Parent = the key without its last segment (``sub/rg/acct`` -> ``sub/rg``), scope = meta.subscription."""
    parent = key.rsplit("/", 1)[0] if "/" in key else None
    scope = _meta(value).get("subscription")
    return Index(parent=parent, scope=str(scope) if scope is not None else None)


def usage_term(subscription: str, region: str, usage_name: str) -> str:
    """The term a deployment's capacity is charged to (quota usage per subscription, region, usage name)."""
    return f"usage:{subscription}/{region}/{usage_name}"


def subdomain_term(subdomain: str) -> str:
    return f"subdomain:{subdomain.lower()}"


def account_count_term(subscription: str, region: str) -> str:
    return f"accounts:{subscription}/{region}"


def running_on_term(account_key: str) -> str:
    """Term of a running operation on an account or one of its deployments."""
    return f"running:{account_key}"


def soft_deleted_term(account_key: str) -> str:
    return f"deleted:{account_key}"


def _deployment_charge(value: Any) -> tuple[str, float] | None:
    meta = _meta(value)
    if not meta.get("usage_name"):
        return None
    capacity = float(((value.get("body") or {}).get("sku") or {}).get("capacity") or 0)
    return usage_term(meta["subscription"], meta["region"], meta["usage_name"]), capacity


def _deployments(key: str, value: Any) -> Index:
    charge = _deployment_charge(value)
    return Index(parent=key.rsplit("/", 1)[0], scope=_meta(value).get("subscription"),
                 terms=(charge,) if charge else ())


def _accounts(key: str, value: Any) -> Index:
    meta = _meta(value)
    terms = [(account_count_term(meta.get("subscription", ""), meta.get("region", "")), 1.0)]
    if meta.get("subdomain"):
        terms.append((subdomain_term(meta["subdomain"]), 0.0))
    return Index(parent=key.rsplit("/", 1)[0], scope=meta.get("subscription"), terms=tuple(terms))


def _deleted_accounts(key: str, value: Any) -> Index:
    meta = _meta(value)
    sums: dict[str, float] = {}
    for deployment in (value.get("deployments") or {}).values():
        charge = _deployment_charge(deployment)
        if charge:
            sums[charge[0]] = sums.get(charge[0], 0.0) + charge[1]
    terms = list(sums.items())
    if meta.get("subdomain"):
        terms.append((subdomain_term(meta["subdomain"]), 0.0))
    if meta.get("account_key"):
        terms.append((soft_deleted_term(meta["account_key"]), 0.0))
    return Index(scope=meta.get("subscription"), due=meta.get("purge_at"), terms=tuple(terms))


def _operations(key: str, value: Any) -> Index:
    running = value.get("status") not in TERMINAL
    account = (value.get("target") or {}).get("account")
    terms = ((running_on_term(account), 0.0),) if running and account else ()
    return Index(scope="running" if running else "finished", due=value.get("ends_at"), terms=terms)


def _extensions(key: str, value: Any) -> Index:
    return Index()


INDEXERS: dict[str, Indexer] = {
    "deployments": _deployments,
    "accounts": _accounts,
    "deleted_accounts": _deleted_accounts,
    "operations": _operations,
    "extensions": _extensions,
}


def register_collection(name: str, indexer: Indexer = default_index) -> None:
    """Declare how records of collection ``name`` are indexed (unregistered ones use ``default_index``)."""
    INDEXERS[name] = indexer


def index_of(collection: str, key: str, value: Any) -> Index:
    return INDEXERS.get(collection, default_index)(key, value)
