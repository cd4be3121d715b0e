"""Quota: usage per subscription, region and usage name, derived from the deployments that exist."""

from __future__ import annotations

from typing import Any

from aoai_provision.emulator.config import Quota
from aoai_provision.emulator.errors import insufficient_quota
from aoai_provision.emulator.state_index import account_count_term, usage_term
from aoai_provision.emulator.state_records import State

ACCOUNT_LIMIT = 200


def quota_display_name(usage_name: str) -> str:
    """``OpenAI.GlobalStandard.gpt-4o`` -> ``Tokens Per Minute (thousands) - gpt-4o``."""
    parts = usage_name.split(".", 2)
    model = parts[2] if len(parts) == 3 else usage_name
    return f"Tokens Per Minute (thousands) - {model}"


def limit_for(config: Quota, region: str, usage_name: str) -> float:
    return float(config.limits.get(f"{region}/{usage_name}", config.default_limit))


def usage_for(data: Any, subscription: str, region: str, usage_name: str,
              exclude: str | None = None) -> float:
    """Sum of capacities of the deployments charged to ``usage_name`` (soft-deleted accounts count too).

    An indexed sum (see ``state_index``): its cost does not grow with the number of deployments.
    """
    state: State = data
    return state.total(usage_term(subscription, region, usage_name),
                       exclude=("deployments", exclude) if exclude else None)


def check(data: Any, config: Quota, *, subscription: str, region: str, usage_name: str,
          capacity: float, deployment_key: str) -> None:
    """Raise InsufficientQuota when the deployment's new capacity does not fit in the limit."""
    used_elsewhere = usage_for(data, subscription, region, usage_name, exclude=deployment_key)
    current = usage_for(data, subscription, region, usage_name) - used_elsewhere
    limit = limit_for(config, region, usage_name)
    if used_elsewhere + capacity > limit:
        requested = capacity - current
        available = max(limit - used_elsewhere - current, 0.0)
        raise insufficient_quota(requested, available, used_elsewhere + current, limit,
                                 quota_display_name(usage_name))


def usages(data: Any, config: Quota, *, subscription: str, region: str,
           usage_names: list[str]) -> list[dict[str, Any]]:
    """The usages.list items for a region: AccountCount plus one entry per usage name."""
    state: State = data
    accounts = int(state.total(account_count_term(subscription, region)))
    items: list[dict[str, Any]] = [{
        "name": {"value": "AccountCount", "localizedValue": "Cognitive Services total account limit"},
        "currentValue": accounts, "limit": ACCOUNT_LIMIT, "unit": "Count",
    }]
    names = set(usage_names)
    prefix = usage_term(subscription, region, "")
    names.update(term[len(prefix):] for term in state.terms_with_prefix(prefix))
    for name in sorted(names):
        items.append({
            "name": {"value": name, "localizedValue": quota_display_name(name)},
            "currentValue": usage_for(data, subscription, region, name),
            "limit": limit_for(config, region, name), "unit": "Count",
        })
    return items
