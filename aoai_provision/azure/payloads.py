"""SDK request bodies built from a plan action's desired-state JSON (accounts, deployments, resource group)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aoai_provision.spec.model import ENVIRONMENT_TAG, ownership_tags


def managed_tags(desired: Mapping[str, Any], environment: str) -> dict[str, str]:
    """The tags the file declares plus the ownership tags (what aoai-provision manages)."""
    return _tags(desired, environment)


def _tags(desired: Mapping[str, Any], environment: str) -> dict[str, str]:
    tags = {str(k): str(v) for k, v in (desired.get("tags") or {}).items()}
    tags.update(ownership_tags(environment))
    return tags


def resource_group_payload(desired: Mapping[str, Any] | None, region: str | None, environment: str) -> dict[str, Any]:
    """``resource_groups.create_or_update`` body."""
    desired = desired or {}
    location = desired.get("location") or desired.get("region") or region
    return {"location": location, "tags": _tags(desired, environment)}


def resource_group_tag_merge(desired: Mapping[str, Any] | None, environment: str) -> dict[str, Any]:
    """``tags.begin_update_at_scope`` body: merge the file's tags and ``managed-by`` into the group's tags.

    The environment tag is left as it is: the group may be shared by several environments.
    """
    tags = {k: v for k, v in _tags(desired or {}, environment).items() if k != ENVIRONMENT_TAG}
    return {"operation": "Merge", "properties": {"tags": tags}}


def account_payload(desired: Mapping[str, Any], environment: str, *, restore: bool = False) -> Any:
    """An SDK ``Account`` for ``accounts.begin_create`` (create, update and restore are all PUTs)."""
    from azure.mgmt.cognitiveservices import models as m

    acls = desired.get("network_acls")
    network_acls = None
    if acls:
        network_acls = m.NetworkRuleSet(
            default_action=acls.get("default_action") or "Allow",
            bypass=acls.get("bypass"),
            ip_rules=[m.IpRule(value=v) for v in acls.get("ip_rules") or ()],
            virtual_network_rules=[m.VirtualNetworkRule(id=v) for v in acls.get("virtual_network_rules") or ()],
        )
    ident = desired.get("identity")
    identity = None
    if ident and ident.get("type"):
        users = {uid: m.UserAssignedIdentity() for uid in ident.get("user_assigned_identities") or ()}
        identity = m.Identity(type=ident["type"], user_assigned_identities=users or None)
    properties = m.AccountProperties(
        custom_sub_domain_name=desired.get("custom_subdomain") or desired.get("name"),
        public_network_access=desired.get("public_network_access"),
        disable_local_auth=desired.get("disable_local_auth"),
        network_acls=network_acls,
        encryption=_encryption(desired.get("encryption")),
        restore=True if restore else None,
    )
    return m.Account(
        location=desired.get("region"),
        kind=desired.get("kind") or "OpenAI",
        sku=m.Sku(name=desired.get("sku") or "S0"),
        tags=_tags(desired, environment),
        identity=identity,
        properties=properties,
    )


def encryption_rest(enc: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """`properties.encryption` as ARM JSON: a Key Vault key read with a user-assigned identity (None: not managed)."""
    from aoai_provision.spec.model_network import split_key_uri

    if not enc:
        return None
    vault, key, version = split_key_uri(str(enc["key_vault_key_id"])) or ("", "", "")
    props: dict[str, Any] = {"keyName": key, "keyVaultUri": vault}
    if version:
        props["keyVersion"] = version
    if enc.get("identity_client_id"):
        props["identityClientId"] = enc["identity_client_id"]
    return {"keySource": "Microsoft.KeyVault", "keyVaultProperties": props}


def _encryption(enc: Mapping[str, Any] | None) -> Any:
    """The SDK model of :func:`encryption_rest`, or None to send nothing."""
    from azure.mgmt.cognitiveservices import models as m

    rest = encryption_rest(enc)
    if rest is None:
        return None
    kv = rest["keyVaultProperties"]
    return m.Encryption(key_source=rest["keySource"], key_vault_properties=m.KeyVaultProperties(
        key_name=kv["keyName"], key_version=kv.get("keyVersion"), key_vault_uri=kv["keyVaultUri"],
        identity_client_id=kv.get("identityClientId")))


def deployment_payload(desired: Mapping[str, Any], environment: str) -> dict[str, Any]:
    """The Deployments_CreateOrUpdate body of a new deployment, as JSON (azure-mgmt-cognitiveservices'
    models lack serviceTier and deploymentState, so a model would drop them)."""
    props: dict[str, Any] = {
        "model": {"format": desired.get("model_format") or "OpenAI", "name": desired["model"],
                  "version": str(desired["version"])},
    }  # dynamicThrottlingEnabled is read-only on deployments: not sent
    if desired.get("version_upgrade"):
        props["versionUpgradeOption"] = desired["version_upgrade"]
    if desired.get("rai_policy") is not None:
        props["raiPolicyName"] = desired["rai_policy"]
    props.update(deployment_settings(desired))
    return {"sku": {"name": desired["sku"], "capacity": int(desired["capacity"])},
            "tags": _tags(desired, environment), "properties": props}


def deployment_settings(desired: Mapping[str, Any]) -> dict[str, Any]:
    """The 2025-2026 deployment properties the file sets (spillover, service tier, running/paused)."""
    out: dict[str, Any] = {}
    if desired.get("spillover_deployment") is not None:
        out["spilloverDeploymentName"] = desired["spillover_deployment"] or None
    if desired.get("service_tier") is not None:
        out["serviceTier"] = desired["service_tier"]
    if desired.get("state") is not None:
        out["deploymentState"] = str(desired["state"]).capitalize()
    return out
