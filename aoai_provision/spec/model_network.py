"""Desired private endpoint, diagnostic setting and customer-managed key of an account (frozen, JSON round-trip)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_DIAGNOSTICS_NAME = "aoai-provision"
DEFAULT_LOGS = ("allLogs",)
DEFAULT_METRICS = ("AllMetrics",)
DNS_ZONE_GROUP_NAME = "default"


def endpoint_name(account: str) -> str:
    """The default name of an account's private endpoint."""
    return f"{account}-pe"


@dataclass(frozen=True)
class PrivateEndpoint:
    """A private endpoint (group ``account``) in ``subnet_id``; ``dns_zone_ids`` None = no zone group."""

    name: str
    subnet_id: str
    dns_zone_ids: tuple[str, ...] | None = None
    region: str = ""  # of the subnet's virtual network, once a plan has read it ("" = the account's)

    def to_json(self) -> dict[str, Any]:
        zones = None if self.dns_zone_ids is None else list(self.dns_zone_ids)
        return {"name": self.name, "subnet_id": self.subnet_id, "dns_zone_ids": zones, "region": self.region}

    @staticmethod
    def from_json(data: Mapping[str, Any] | None) -> PrivateEndpoint | None:
        if not data:
            return None
        zones = data.get("dns_zone_ids")
        return PrivateEndpoint(str(data["name"]), str(data["subnet_id"]), None if zones is None else tuple(zones),
                               str(data.get("region") or ""))


@dataclass(frozen=True)
class Diagnostics:
    """A diagnostic setting on the account: log categories (or groups) and metric categories to a workspace."""

    workspace_id: str
    logs: tuple[str, ...] = DEFAULT_LOGS
    metrics: tuple[str, ...] = DEFAULT_METRICS
    name: str = DEFAULT_DIAGNOSTICS_NAME

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "workspace_id": self.workspace_id, "logs": list(self.logs),
                "metrics": list(self.metrics)}

    @staticmethod
    def from_json(data: Mapping[str, Any] | None) -> Diagnostics | None:
        if not data:
            return None
        return Diagnostics(str(data["workspace_id"]), tuple(data.get("logs", DEFAULT_LOGS)),
                           tuple(data.get("metrics", DEFAULT_METRICS)),
                           str(data.get("name") or DEFAULT_DIAGNOSTICS_NAME))


@dataclass(frozen=True)
class Encryption:
    """Customer-managed key: ``key_vault_key_id`` read with the user-assigned identity ``identity``."""

    key_vault_key_id: str
    identity: str
    identity_client_id: str = ""  # the identity's client id, once a plan has read it

    def to_json(self) -> dict[str, Any]:
        return {"key_vault_key_id": self.key_vault_key_id, "identity": self.identity,
                "identity_client_id": self.identity_client_id}

    @staticmethod
    def from_json(data: Mapping[str, Any] | None) -> Encryption | None:
        if not data:
            return None
        return Encryption(str(data["key_vault_key_id"]), str(data["identity"]),
                          str(data.get("identity_client_id") or ""))


def split_key_uri(uri: str) -> tuple[str, str, str] | None:
    """``https://<vault>.vault.azure.net/keys/<name>[/<version>]`` -> (vault URI, key name, version or "")."""
    from urllib.parse import urlsplit

    parts = urlsplit(uri)
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme.lower() != "https" or not parts.hostname or len(segments) not in (2, 3) \
            or segments[0].lower() != "keys":
        return None
    version = segments[2] if len(segments) == 3 else ""
    return f"https://{parts.hostname}/", segments[1], version
