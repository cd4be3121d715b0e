"""An account's private endpoint, diagnostic setting and customer-managed key as file values (pure)."""

from __future__ import annotations

from typing import Any

from aoai_provision.plan.observed import ObservedAccount, ObservedState
from aoai_provision.spec.model import is_managed
from aoai_provision.spec.model_network import (
    DEFAULT_DIAGNOSTICS_NAME,
    DEFAULT_LOGS,
    DEFAULT_METRICS,
    endpoint_name,
)


def network_values(account: ObservedAccount, observed: ObservedState, environment: str,
                   notes: list[str]) -> dict[str, Any]:
    """`private_endpoint` (one the tool made for ``environment``), `diagnostics` (the tool's setting) and
    `encryption` (the account's Key Vault key and the identity it is read with); problems go to ``notes``."""
    out: dict[str, Any] = {}
    endpoints = [e for e in observed.endpoints if e.account.lower() == account.name.lower()]
    mine = [e for e in endpoints if is_managed(e.tags, environment)]
    for other in endpoints:
        if other not in mine[:1]:
            notes.append(f"private endpoint {other.name} of account {account.name} is left out: "
                         + ("a file declares one endpoint per account" if other in mine
                            else "aoai-provision did not make it (plan leaves it alone)"))
    if mine:
        pe = mine[0]
        out["private_endpoint"] = {"subnet_id": pe.subnet_id}
        if pe.dns_zone_ids is not None:
            out["private_endpoint"]["dns_zone_ids"] = list(pe.dns_zone_ids)
        if pe.name != endpoint_name(account.name):
            out["private_endpoint"]["name"] = pe.name
    diag = next((d for d in observed.diagnostic_settings(account.name) if d.name == DEFAULT_DIAGNOSTICS_NAME), None)
    if diag is not None:
        out["diagnostics"] = {"workspace_id": diag.workspace_id}
        if tuple(diag.logs) != DEFAULT_LOGS:
            out["diagnostics"]["logs"] = list(diag.logs)
        if tuple(diag.metrics) != DEFAULT_METRICS:
            out["diagnostics"]["metrics"] = list(diag.metrics)
    encryption = _encryption(account, observed)
    if encryption is not None:
        out["encryption"] = encryption
    elif account.encryption:
        notes.append(f"the customer-managed key of account {account.name} is left out: none of its "
                     "user-assigned identities has the client id the key is read with")
    return out


def _encryption(account: ObservedAccount, observed: ObservedState) -> dict[str, str] | None:
    key = account.encryption
    if not key or not key.get("keyVaultUri") or not key.get("keyName"):
        return None
    client = (key.get("identityClientId") or "").lower()
    users = account.identity.user_assigned_identities if account.identity else ()
    identity = next((u for u in users if (ref := observed.reference(u)) is not None and client
                     and ref.client_id.lower() == client), None)
    if identity is None:
        return None
    uri = f"{key['keyVaultUri'].rstrip('/')}/keys/{key['keyName']}"
    version = key.get("keyVersion") or ""
    return {"key_vault_key_id": f"{uri}/{version}" if version else uri, "identity": identity}
