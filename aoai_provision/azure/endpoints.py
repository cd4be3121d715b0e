"""Endpoints applications need: account endpoints, deployment URLs by model kind (never keys).

The URL forms and the documents that give them are in catalog.endpoint_forms.
"""

from __future__ import annotations

from typing import Any

from aoai_provision.catalog.endpoint_forms import V1_API, deployment_endpoints, openai_host
from aoai_provision.plan.observed import ObservedState
from aoai_provision.spec.model import DesiredState


def build_outputs(desired: DesiredState, observed: ObservedState, catalog: Any, *, cloud: str = "AzureCloud") -> dict[str, Any]:
    """Per account its endpoint(s); per deployment the inference URL and the URLs its model kind uses."""
    accounts: list[dict[str, Any]] = []
    for acct in desired.accounts:
        seen = observed.account(acct.name)
        sub = (seen.custom_subdomain if seen else None) or acct.custom_subdomain or acct.name
        host = openai_host(sub, cloud)
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
            mv = catalog.get(model, version) if catalog is not None else None
            forms = deployment_endpoints(host, dep.name, model, mv)
            entry.update({form.name: form.url for form in forms})
            if forms:
                entry["sources"] = {form.name: form.source.cite() for form in forms}
            deployments.append(entry)
        accounts.append({
            "name": acct.name,
            "region": acct.region,
            "kind": seen.kind if seen else acct.kind,
            "deployed": seen is not None,
            "endpoint": (seen.endpoint if seen and seen.endpoint else f"https://{host}/"),
            "openai_endpoint": f"https://{host}/",
            "openai_v1_base_url": f"https://{host}/openai/v1/",
            "endpoints": dict(seen.endpoints) if seen else {},
            "sources": {"openai_v1_base_url": V1_API.cite()},
            "deployments": deployments,
        })
    return {"environment": desired.environment, "subscription": observed.subscription,
            "resource_group": desired.resource_group, "accounts": accounts}
