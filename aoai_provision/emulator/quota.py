"""Quota: usage per subscription, region and usage name, derived from the deployments that exist."""

from __future__ import annotations

from typing import Any

from aoai_provision.emulator.config import Quota
from aoai_provision.emulator.errors import insufficient_quota

ACCOUNT_LIMIT = 200


def quota_display_name(usage_name: str) -> str:
    """``OpenAI.GlobalStandard.gpt-4o`` -> ``Tokens Per Minute (thousands) - gpt-4o``."""
    parts = usage_name.split(".", 2)
    model = parts[2] if len(parts) == 3 else usage_name
    return f"Tokens Per Minute (thousands) - {model}"


def limit_for(config: Quota, region: str, usage_name: str) -> float:
    return float(config.limits.get(f"{region}/{usage_name}", config.default_limit))


def usage_for(data: dict[str, Any], subscription: str, region: str, usage_name: str,
              exclude: str | None = None) -> float:
    """Sum of capacities of the deployments charged to ``usage_name`` (soft-deleted accounts count too)."""
    total = 0.0
    for key, record in _all_deployments(data):
        meta = record["meta"]
        if key == exclude or meta["subscription"] != subscription or meta["region"] != region:
            continue
        if meta.get("usage_name") == usage_name:
            total += float(record["body"].get("sku", {}).get("capacity") or 0)
    return total


def _all_deployments(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    items = list(data["deployments"].items())
    for deleted in data["deleted_accounts"].values():
        items.extend(deleted.get("deployments", {}).items())
    return items


def check(data: dict[str, Any], config: Quota, *, subscription: str, region: str, usage_name: str,
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


def usages(data: dict[str, Any], config: Quota, *, subscription: str, region: str,
           usage_names: list[str]) -> list[dict[str, Any]]:
    """The usages.list items for a region: AccountCount plus one entry per usage name."""
    accounts = sum(1 for a in data["accounts"].values()
                   if a["meta"]["subscription"] == subscription and a["meta"]["region"] == region)
    items: list[dict[str, Any]] = [{
        "name": {"value": "AccountCount", "localizedValue": "Cognitive Services total account limit"},
        "currentValue": accounts, "limit": ACCOUNT_LIMIT, "unit": "Count",
    }]
    names = set(usage_names)
    names.update(r["meta"]["usage_name"] for _, r in _all_deployments(data)
                 if r["meta"]["subscription"] == subscription and r["meta"]["region"] == region
                 and r["meta"].get("usage_name"))
    for name in sorted(names):
        items.append({
            "name": {"value": name, "localizedValue": quota_display_name(name)},
            "currentValue": usage_for(data, subscription, region, name),
            "limit": limit_for(config, region, name), "unit": "Count",
        })
    return items
