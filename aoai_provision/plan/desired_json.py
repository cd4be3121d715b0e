"""DesiredState back from its JSON (``Plan.desired``), so `apply plan.json` works without the YAML."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aoai_provision.findings import Location
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment, DesiredState, Identity, NetworkAcls
from aoai_provision.spec.model_access import blocklist_from_json, policy_from_json, role_assignment_from_json
from aoai_provision.spec.model_network import Diagnostics, Encryption, PrivateEndpoint


def _location(data: Any) -> dict[str, Location]:
    if not isinstance(data, Mapping) or not data.get("file"):
        return {}
    loc = Location(str(data["file"]), int(data.get("line", 0)), int(data.get("column", 0)), str(data.get("path", "")))
    return {"": loc}


def _tags(data: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in (data or {}).items()}


def deployment_from_json(data: Mapping[str, Any]) -> DesiredDeployment:
    requested = data.get("requested") or {}
    return DesiredDeployment(
        name=str(data["name"]),
        model=str(data["model"]),
        version=str(data["version"]),
        sku=str(data["sku"]),
        capacity=int(data["capacity"]),
        model_format=str(data.get("model_format") or "OpenAI"),
        version_upgrade=str(data.get("version_upgrade") or "OnceNewDefaultVersionAvailable"),
        rai_policy=data.get("rai_policy"),
        dynamic_throttling=data.get("dynamic_throttling"),
        spillover_deployment=data.get("spillover_deployment"),
        service_tier=data.get("service_tier"),
        state=data.get("state"),
        tags=_tags(data.get("tags")),
        requested_tpm=requested.get("tpm"),
        requested_rpm=requested.get("rpm"),
        locations=_location(data.get("location")),
    )


def account_from_json(data: Mapping[str, Any]) -> DesiredAccount:
    acls = data.get("network_acls")
    identity = data.get("identity")
    return DesiredAccount(
        name=str(data["name"]),
        region=str(data["region"]),
        kind=str(data.get("kind") or "OpenAI"),
        sku=str(data.get("sku") or "S0"),
        custom_subdomain=str(data.get("custom_subdomain") or ""),
        public_network_access=str(data.get("public_network_access") or "Enabled"),
        disable_local_auth=bool(data.get("disable_local_auth", False)),
        network_acls=None if acls is None else NetworkAcls(
            default_action=str(acls.get("default_action") or "Allow"),
            ip_rules=tuple(acls.get("ip_rules") or ()),
            virtual_network_rules=tuple(acls.get("virtual_network_rules") or ()),
            bypass=acls.get("bypass"),
        ),
        identity=None if identity is None else Identity(
            type=str(identity.get("type") or "SystemAssigned"),
            user_assigned_identities=tuple(identity.get("user_assigned_identities") or ()),
        ),
        tags=_tags(data.get("tags")),
        restore=bool(data.get("restore", False)),
        allow_project_management=data.get("allow_project_management"),
        foundry_rollback=bool(data.get("foundry_rollback", False)),
        foundry_auto_upgrade=data.get("foundry_auto_upgrade"),
        deployments=tuple(deployment_from_json(d) for d in data.get("deployments") or ()),
        locations=_location(data.get("location")),
        rai_policies=tuple(policy_from_json(p) for p in data.get("content_filters") or ()),
        blocklists=tuple(blocklist_from_json(b) for b in data.get("blocklists") or ()),
        role_assignments=tuple(role_assignment_from_json(r) for r in data.get("role_assignments") or ()),
        private_endpoint=PrivateEndpoint.from_json(data.get("private_endpoint")),
        diagnostics=Diagnostics.from_json(data.get("diagnostics")),
        encryption=Encryption.from_json(data.get("encryption")),
    )


def desired_from_json(data: Mapping[str, Any]) -> DesiredState:
    """The inverse of ``DesiredState.to_json()`` (source locations keep file, line and column)."""
    return DesiredState(
        environment=str(data["environment"]),
        resource_group=str(data["resource_group"]),
        location=str(data["location"]),
        subscription=data.get("subscription"),
        tags=_tags(data.get("tags")),
        accounts=tuple(account_from_json(a) for a in data.get("accounts") or ()),
        source=str(data.get("source") or ""),
        prune=bool(data.get("prune", False)),
    )
