"""Which account answers at a host, and its deployment: read from the emulator's state, never written."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator.state_index import subdomain_term

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

# Azure's inference host names: {subdomain}.{domain}; either domain reaches an account of any kind.
DOMAINS = ("openai.azure.com", "cognitiveservices.azure.com", "services.ai.azure.com")


@dataclass(frozen=True)
class Target:
    """The account behind a host and, when asked for, one of its deployments (None: not deployed)."""

    account: dict[str, Any]  # ARM body of the account
    account_key: str  # "<subscription>/<resource group>/<name>" lower-case
    keys: tuple[str, ...]
    deployment: dict[str, Any] | None

    @property
    def account_name(self) -> str:
        return str(self.account["name"])

    @property
    def disable_local_auth(self) -> bool:
        return bool(self.account.get("properties", {}).get("disableLocalAuth"))


def subdomain_of(host: str) -> str | None:
    """``aoai-prod-eastus2.openai.azure.com[:443]`` -> ``aoai-prod-eastus2``; None for other hosts."""
    name = host.split(":")[0].lower().rstrip(".")
    for domain in DOMAINS:
        if name.endswith("." + domain):
            label = name[: -len(domain) - 1]
            return label if label and "." not in label else None
    return None


def find(backend: Backend, host: str, deployment: str | None) -> Target | None:
    """The account whose custom subdomain is ``host``'s first label (None: no such account)."""
    subdomain = subdomain_of(host)
    if subdomain is None:
        return None
    with backend.tx() as data:
        for key, record in data["accounts"].with_term(subdomain_term(subdomain)):  # indexed, not a scan
            found = None
            if deployment is not None:
                dep = data["deployments"].get(f"{key}/{deployment}".lower())
                found = copy.deepcopy(dep["body"]) if dep is not None else None
            keys = tuple(str(v) for v in (record["meta"].get("keys") or {}).values())
            return Target(copy.deepcopy(record["body"]), key, keys, found)
    return None
