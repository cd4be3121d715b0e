"""Endpoints applications need: account endpoint, deployment inference URL, realtime wss:// URI (never keys)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aoai_provision.plan.observed import ObservedState
from aoai_provision.spec.model import DesiredState

OPENAI_DOMAINS = {"AzureCloud": "openai.azure.com", "AzureUSGovernment": "openai.azure.us",
                  "AzureChinaCloud": "openai.azure.cn"}
# Used only when the catalog has no realtime api-version for a realtime model (GA realtime API version).
FALLBACK_REALTIME_API_VERSION = "2024-10-01-preview"


def _is_realtime(catalog: Any, model: str, version: str) -> tuple[bool, str | None]:
    mv = catalog.get(model, version) if catalog is not None else None
    if mv is not None:
        return bool(mv.has_capability("realtime")), mv.realtime_api_version
    return "realtime" in model, None


def build_outputs(desired: DesiredState, observed: ObservedState, catalog: Any, *, cloud: str = "AzureCloud") -> dict[str, Any]:
    """Per account its endpoint; per deployment the inference URL and, for realtime models, the wss URI."""
    domain = OPENAI_DOMAINS.get(cloud, OPENAI_DOMAINS["AzureCloud"])
    accounts: list[dict[str, Any]] = []
    for acct in desired.accounts:
        seen = observed.account(acct.name)
        sub = (seen.custom_subdomain if seen else None) or acct.custom_subdomain or acct.name
        host = f"{sub.lower()}.{domain}"
        deployments: list[dict[str, Any]] = []
        for dep in acct.deployments:
            live = seen.deployment(dep.name) if seen else None
            model = live.model if live and live.model else dep.model
            version = live.version if live and live.version else dep.version
            entry: dict[str, Any] = {
                "name": dep.name,
                "model": model,
                "version": version,
                "sku": live.sku if live else dep.sku,
                "deployed": live is not None,
                "inference_url": f"https://{host}/openai/deployments/{dep.name}",
            }
            realtime, api_version = _is_realtime(catalog, model, version)
            if realtime:
                query = urlencode({"api-version": api_version or FALLBACK_REALTIME_API_VERSION, "deployment": dep.name})
                entry["realtime_uri"] = f"wss://{host}/openai/realtime?{query}"
            deployments.append(entry)
        accounts.append({
            "name": acct.name,
            "region": acct.region,
            "kind": acct.kind,
            "deployed": seen is not None,
            "endpoint": (seen.endpoint if seen and seen.endpoint else f"https://{host}/"),
            "openai_endpoint": f"https://{host}/",
            "deployments": deployments,
        })
    return {"environment": desired.environment, "subscription": observed.subscription,
            "resource_group": desired.resource_group, "accounts": accounts}
