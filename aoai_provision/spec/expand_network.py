"""Expand an account's private_endpoint, diagnostics and encryption keys; the key's identity joins the account's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.layers import Merged
from aoai_provision.spec.model import Identity
from aoai_provision.spec.model_network import (
    DEFAULT_DIAGNOSTICS_NAME,
    DEFAULT_LOGS,
    DEFAULT_METRICS,
    Diagnostics,
    Encryption,
    PrivateEndpoint,
    endpoint_name,
)
from aoai_provision.spec.nodes import MapNode, location_of

NETWORK_KEYS = ("private_endpoint", "diagnostics", "encryption")


@dataclass
class NetworkSettings:
    """The three settings of one account, its identity with the key's identity added, and where each value is."""

    identity: Identity | None
    private_endpoint: PrivateEndpoint | None = None
    diagnostics: Diagnostics | None = None
    encryption: Encryption | None = None
    locations: dict[str, Location] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _sub_locations(key: str, value: Any, m: Merged, file: str, root: MapNode) -> dict[str, Location]:
    """`key.field.N` -> where each item of a list in the setting was written (the layer that set it)."""
    out: dict[str, Location] = {}
    for name in type(value).model_fields:
        item, path = getattr(value, name), m.paths.get(f"{key}.{name}")
        if isinstance(item, list) and path is not None:
            for i in range(len(item)):
                out[f"{key}.{name}.{i}"] = location_of(file, root, (*path, i))
    return out


def with_user_identity(identity: Identity | None, user_id: str) -> Identity:
    """``identity`` plus the user-assigned identity ``user_id`` (type gains UserAssigned)."""
    if identity is None or identity.type == "None":
        return Identity(type="UserAssigned", user_assigned_identities=(user_id,))
    users = identity.user_assigned_identities
    if user_id.lower() not in {u.lower() for u in users}:
        users = (*users, user_id)
    kinds = {p.strip() for p in identity.type.split(",")}
    kind = "SystemAssigned, UserAssigned" if "SystemAssigned" in kinds else "UserAssigned"
    return Identity(type=kind, user_assigned_identities=users)


def network_settings(account: str, m: Merged, file: str, root: MapNode,
                     identity: Identity | None) -> NetworkSettings:
    """The account's private endpoint, diagnostic setting and key, resolved with defaults."""
    out = NetworkSettings(identity=identity)
    for key in NETWORK_KEYS:
        value = m.get(key)
        if value is not None:
            out.locations.update(_sub_locations(key, value, m, file, root))
    pe = m.get("private_endpoint")
    if pe is not None:
        zones = None if pe.dns_zone_ids is None else tuple(pe.dns_zone_ids)
        out.private_endpoint = PrivateEndpoint(pe.name or endpoint_name(account), pe.subnet_id, zones)
    diag = m.get("diagnostics")
    if diag is not None:
        out.diagnostics = Diagnostics(
            diag.workspace_id, tuple(DEFAULT_LOGS if diag.logs is None else diag.logs),
            tuple(DEFAULT_METRICS if diag.metrics is None else diag.metrics), diag.name or DEFAULT_DIAGNOSTICS_NAME)
    enc = m.get("encryption")
    if enc is not None:
        out.encryption = Encryption(enc.key_vault_key_id, enc.identity)
        if identity is not None and identity.type == "None":
            out.findings.append(Finding(
                Severity.ERROR, codes.INVALID_VALUE,
                f"account '{account}' has `identity: None` but its encryption key is read with identity "
                f"{enc.identity}", out.locations.get("encryption.identity"),
                fix="remove `identity: None` (the key's identity is added to the account's identities)"))
        out.identity = with_user_identity(identity, enc.identity)
    return out
