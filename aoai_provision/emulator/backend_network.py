"""Private endpoints, DNS zone groups, diagnostic settings, and the references an account PUT makes.

Private endpoints get auto-approved connections on the account; the references checked are the
user-assigned identities and the customer-managed key's identity."""

from __future__ import annotations

import copy
import hashlib
from typing import TYPE_CHECKING, Any

from aoai_provision.catalog.network import LOG_CATEGORIES, LOG_CATEGORY_GROUPS, METRIC_CATEGORIES
from aoai_provision.emulator import errors
from aoai_provision.emulator.backend_base import WriteResult, account_key
from aoai_provision.emulator.backend_generic import find, invalid_reference, parse_id, stable_uuid, store
from aoai_provision.emulator.offers import normalize_location

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints"
ZONE_GROUP_TYPE = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"
CONNECTION_TYPE = "Microsoft.CognitiveServices/accounts/privateEndpointConnections"
DIAGNOSTICS_TYPE = "Microsoft.Insights/diagnosticSettings"
DIAGNOSTICS = "diagnostic_settings"
APPROVED = {"status": "Approved", "description": "Auto-Approved", "actionsRequired": "None"}
HOSTS = {"openai": ("openai.azure.com",),
         "aiservices": ("cognitiveservices.azure.com", "openai.azure.com", "services.ai.azure.com")}


def _account_record(data: dict[str, Any], account_id: str) -> tuple[str, dict[str, Any]] | None:
    rid = parse_id(account_id)
    if rid is None or rid.type.lower() != "microsoft.cognitiveservices/accounts":
        return None
    key = account_key(rid.subscription, rid.resource_group, rid.name)
    record = data["accounts"].get(key)
    return (key, record) if record is not None else None


def _ip(resource_id: str) -> str:
    digest = hashlib.sha256(resource_id.lower().encode()).digest()
    return f"10.{digest[0]}.{digest[1]}.{4 + digest[2] % 250}"


def _fqdns(account: dict[str, Any]) -> list[str]:
    subdomain = account["properties"].get("customSubDomainName") or account["name"]
    return [f"{str(subdomain).lower()}.{host}" for host in HOSTS.get(str(account["kind"]).lower(), HOSTS["aiservices"])]


class NetworkMixin:
    """Private endpoints, zone groups and diagnostic settings of the Backend."""

    # -- private endpoints ---------------------------------------------------------------------
    def put_private_endpoint(self: Backend, subscription: str, resource_group: str, name: str,
                             body: dict[str, Any]) -> WriteResult:
        props = body.get("properties") or {}
        location = normalize_location(str(body.get("location") or ""))
        with self.tx() as data:
            rg = self.require_resource_group(data, subscription, resource_group)
            pe_id = f"/subscriptions/{subscription}/resourceGroups/{rg['name']}/providers/{ENDPOINT_TYPE}/{name}"
            subnet_id = str((props.get("subnet") or {}).get("id") or "")
            vnet = find(data, subnet_id.rsplit("/subnets/", 1)[0]) if "/subnets/" in subnet_id.lower() else None
            if find(data, subnet_id) is None or vnet is None or vnet.get("location") != location:
                raise invalid_reference(subnet_id or "(no subnet)", pe_id)
            connections = list(props.get("privateLinkServiceConnections") or [])
            if len(connections) != 1:
                raise errors.bad_request("A private endpoint needs exactly one private link service connection.",
                                         "InvalidRequestFormat")
            conn_props = connections[0].get("properties") or {}
            target = str(conn_props.get("privateLinkServiceId") or "")
            found = _account_record(data, target)
            if found is None:
                raise invalid_reference(target or "(no privateLinkServiceId)", pe_id)
            key, account = found
            groups = [str(g) for g in conn_props.get("groupIds") or []]
            if groups != ["account"]:
                raise errors.bad_request(f"Group ids {groups} are not supported by {account['body']['id']}; the "
                                         "supported group id is 'account'.", "PrivateEndpointBadRequest")
            before = find(data, pe_id)
            if before is not None and before["properties"]["subnet"]["id"].lower() != subnet_id.lower():
                raise errors.bad_request(f"The subnet of private endpoint {pe_id} cannot be changed.",
                                         "CannotChangeSubnetOfPrivateEndpoint")
            self.assert_no_write_running(data, key)  # the connection is a write on the account
            ip = _ip(pe_id)
            record: dict[str, Any] = {
                "id": pe_id, "name": name, "type": ENDPOINT_TYPE, "location": location,
                "properties": {
                    "provisioningState": "Succeeded", "subnet": {"id": subnet_id},
                    "privateLinkServiceConnections": [{
                        "id": f"{pe_id}/privateLinkServiceConnections/{connections[0].get('name') or name}",
                        "name": connections[0].get("name") or name,
                        "properties": {"provisioningState": "Succeeded", "privateLinkServiceId": target,
                                       "groupIds": groups, "privateLinkServiceConnectionState": dict(APPROVED)}}],
                    "manualPrivateLinkServiceConnections": [],
                    "networkInterfaces": [{"id": f"/subscriptions/{subscription}/resourceGroups/{rg['name']}/"
                                                 f"providers/Microsoft.Network/networkInterfaces/{name}.nic."
                                                 f"{stable_uuid(pe_id, 'nic')}"}],
                    "customDnsConfigs": [{"fqdn": f, "ipAddresses": [ip]} for f in _fqdns(account["body"])],
                },
            }
            if body.get("tags") is not None:
                record["tags"] = dict(body["tags"])
            self.stamp(record, created=before is None)
            store(data)[pe_id.lower()] = record
            self._connect(account["body"], pe_id, name)
            return WriteResult(200 if before else 201, copy.deepcopy(record))

    def _connect(self: Backend, account: dict[str, Any], pe_id: str, name: str) -> None:
        connections = [c for c in account["properties"].get("privateEndpointConnections") or []
                       if c["properties"]["privateEndpoint"]["id"].lower() != pe_id.lower()]
        conn_name = f"{name}.{stable_uuid(pe_id, 'connection')}"
        connections.append({"id": f"{account['id']}/privateEndpointConnections/{conn_name}", "name": conn_name,
                            "type": CONNECTION_TYPE, "location": account["location"],
                            "properties": {"privateEndpoint": {"id": pe_id}, "groupIds": ["account"],
                                           "privateLinkServiceConnectionState": dict(APPROVED),
                                           "provisioningState": "Succeeded"}})
        account["properties"]["privateEndpointConnections"] = connections

    def delete_private_endpoint(self: Backend, subscription: str, resource_group: str, name: str) -> WriteResult:
        with self.tx() as data:
            rg = self.require_resource_group(data, subscription, resource_group)
            pe_id = f"/subscriptions/{subscription}/resourceGroups/{rg['name']}/providers/{ENDPOINT_TYPE}/{name}"
            record = find(data, pe_id)
            if record is None:
                return WriteResult(204, None)
            for group in [k for k in store(data) if k.startswith(pe_id.lower() + "/privatednszonegroups/")]:
                self._drop_zone_records(data, store(data)[group])
            for key in [k for k in store(data) if k == pe_id.lower() or k.startswith(pe_id.lower() + "/")]:
                del store(data)[key]
            target = record["properties"]["privateLinkServiceConnections"][0]["properties"]["privateLinkServiceId"]
            found = _account_record(data, target)
            if found is not None:
                props = found[1]["body"]["properties"]
                props["privateEndpointConnections"] = [
                    c for c in props.get("privateEndpointConnections") or []
                    if c["properties"]["privateEndpoint"]["id"].lower() != pe_id.lower()]
            return WriteResult(200, None)

    # -- DNS zone groups -----------------------------------------------------------------------
    def put_zone_group(self: Backend, subscription: str, resource_group: str, endpoint: str, name: str,
                       body: dict[str, Any]) -> WriteResult:
        with self.tx() as data:
            rg = self.require_resource_group(data, subscription, resource_group)
            pe_id = f"/subscriptions/{subscription}/resourceGroups/{rg['name']}/providers/{ENDPOINT_TYPE}/{endpoint}"
            pe = find(data, pe_id)
            if pe is None:
                raise errors.resource_not_found(ENDPOINT_TYPE, endpoint, rg["name"])
            group_id = f"{pe_id}/privateDnsZoneGroups/{name}"
            configs = []
            for config in (body.get("properties") or {}).get("privateDnsZoneConfigs") or []:
                zone_id = str((config.get("properties") or {}).get("privateDnsZoneId") or "")
                zone = find(data, zone_id)
                if zone is None or zone["type"].lower() != "microsoft.network/privatednszones":
                    raise invalid_reference(zone_id or "(no privateDnsZoneId)", group_id)
                records = self._zone_records(pe, zone)
                configs.append({"name": config.get("name") or zone["name"],
                                "id": f"{group_id}/privateDnsZoneConfigs/{config.get('name') or zone['name']}",
                                "properties": {"privateDnsZoneId": zone_id, "recordSets": records}})
            before = store(data).get(group_id.lower())
            if before is not None:
                self._drop_zone_records(data, before)
            record = {"id": group_id, "name": name, "type": ZONE_GROUP_TYPE,
                      "properties": {"provisioningState": "Succeeded", "privateDnsZoneConfigs": configs}}
            self.stamp(record, created=before is None)
            store(data)[group_id.lower()] = record
            for config in configs:
                zone_id = config["properties"]["privateDnsZoneId"]
                for rs in config["properties"]["recordSets"]:
                    a_id = f"{zone_id}/A/{rs['recordSetName']}"
                    store(data)[a_id.lower()] = {"id": a_id, "name": rs["recordSetName"],
                                                 "type": "Microsoft.Network/privateDnsZones/A",
                                                 "properties": {"fqdn": rs["fqdn"], "ttl": 10, "aRecords": [
                                                     {"ipv4Address": ip} for ip in rs["ipAddresses"]]}}
            return WriteResult(200 if before else 201, copy.deepcopy(record))

    @staticmethod
    def _zone_records(pe: dict[str, Any], zone: dict[str, Any]) -> list[dict[str, Any]]:
        """The A records the group writes in ``zone``: endpoint FQDNs under the zone's public suffix."""
        suffix = zone["name"].lower().removeprefix("privatelink.")
        out = []
        for dns in pe["properties"].get("customDnsConfigs") or []:
            fqdn = str(dns["fqdn"]).lower()
            if fqdn.endswith("." + suffix):
                out.append({"recordType": "A", "recordSetName": fqdn[: -len(suffix) - 1],
                            "fqdn": f"{fqdn[: -len(suffix) - 1]}.{zone['name']}", "ttl": 10,
                            "ipAddresses": list(dns["ipAddresses"]), "provisioningState": "Succeeded"})
        return out

    @staticmethod
    def _drop_zone_records(data: dict[str, Any], group: dict[str, Any]) -> None:
        for config in group["properties"].get("privateDnsZoneConfigs") or []:
            for rs in config["properties"].get("recordSets") or []:
                store(data).pop(f"{config['properties']['privateDnsZoneId']}/A/{rs['recordSetName']}".lower(), None)

    def delete_zone_group(self: Backend, subscription: str, resource_group: str, endpoint: str,
                          name: str) -> WriteResult:
        with self.tx() as data:
            rg = self.require_resource_group(data, subscription, resource_group)
            key = (f"/subscriptions/{subscription}/resourceGroups/{rg['name']}/providers/{ENDPOINT_TYPE}/{endpoint}"
                   f"/privateDnsZoneGroups/{name}").lower()
            record = store(data).pop(key, None)
            if record is None:
                return WriteResult(204, None)
            self._drop_zone_records(data, record)
            return WriteResult(200, None)

    # -- diagnostic settings -------------------------------------------------------------------
    def _scope_exists(self: Backend, data: dict[str, Any], scope: str) -> bool:
        return _account_record(data, scope) is not None or find(data, scope) is not None

    def put_diagnostic_setting(self: Backend, scope: str, name: str, body: dict[str, Any]) -> WriteResult:
        props = copy.deepcopy(body.get("properties") or {})
        with self.tx() as data:
            if not self._scope_exists(data, scope):
                raise errors.ArmError(404, "ResourceNotFound", f"The Resource '{scope}' was not found.")
            workspace = str(props.get("workspaceId") or "")
            if workspace and find(data, workspace) is None:
                raise errors.bad_request(f"Resource '{workspace}' referenced as workspaceId was not found.",
                                         "LinkedInvalidPropertyId")
            if not (workspace or props.get("storageAccountId") or props.get("eventHubAuthorizationRuleId")):
                raise errors.bad_request("A diagnostic setting needs a destination (workspaceId, storageAccountId "
                                         "or eventHubAuthorizationRuleId).")
            if _account_record(data, scope) is not None:
                _check_categories(props)
            record = {"id": f"{scope}/providers/{DIAGNOSTICS_TYPE}/{name}", "name": name, "type": DIAGNOSTICS_TYPE,
                      "properties": props}
            settings = data["extensions"].setdefault(DIAGNOSTICS, {})
            before = settings.get(record["id"].lower())
            settings[record["id"].lower()] = record
            return WriteResult(200 if before else 201, copy.deepcopy(record))

    def get_diagnostic_setting(self: Backend, scope: str, name: str) -> dict[str, Any]:
        with self.tx() as data:
            found = data["extensions"].setdefault(DIAGNOSTICS, {}).get(
                f"{scope}/providers/{DIAGNOSTICS_TYPE}/{name}".lower())
            if found is None:
                raise errors.ArmError(404, "ResourceNotFound",
                                      f"The diagnostic setting '{name}' doesn't exist.")
            return copy.deepcopy(found)

    def list_diagnostic_settings(self: Backend, scope: str) -> list[dict[str, Any]]:
        prefix = f"{scope}/providers/{DIAGNOSTICS_TYPE}/".lower()
        with self.tx() as data:
            return [copy.deepcopy(v) for k, v in data["extensions"].setdefault(DIAGNOSTICS, {}).items()
                    if k.startswith(prefix)]

    def delete_diagnostic_setting(self: Backend, scope: str, name: str) -> WriteResult:
        with self.tx() as data:
            gone = data["extensions"].setdefault(DIAGNOSTICS, {}).pop(
                f"{scope}/providers/{DIAGNOSTICS_TYPE}/{name}".lower(), None)
            return WriteResult(200 if gone else 204, None)


def _check_categories(props: dict[str, Any]) -> None:
    for entry in props.get("logs") or []:
        group, category = entry.get("categoryGroup"), entry.get("category")
        if group is not None and group not in LOG_CATEGORY_GROUPS:
            raise errors.bad_request(f"Category group '{group}' is not supported.")
        if category is not None and category not in LOG_CATEGORIES:
            raise errors.bad_request(f"Category '{category}' is not supported.")
    for entry in props.get("metrics") or []:
        if entry.get("category") not in METRIC_CATEGORIES:
            raise errors.bad_request(f"Category '{entry.get('category')}' is not supported.")


def check_account_references(data: dict[str, Any], account_id: str, body: dict[str, Any]) -> None:
    """An account PUT's user-assigned identities must exist (ARM fills in their ids) and a customer-managed
    key must be read with one of them."""
    identity = body.get("identity") or {}
    users = identity.get("userAssignedIdentities") or {}
    client_ids = {}
    for uid in list(users):
        found = find(data, uid)
        if found is None:
            raise errors.bad_request(
                f"Identity operation for resource '{account_id}' failed with error 'Failed to perform resource "
                f"identity operation. Status: 'NotFound'. Response: 'Resource '{uid}' was not found.''.",
                "FailedIdentityOperation")
        users[uid] = {"principalId": found["properties"].get("principalId"),
                      "clientId": found["properties"].get("clientId")}
        client_ids[str(found["properties"].get("clientId")).lower()] = uid
    encryption = (body.get("properties") or {}).get("encryption") or {}
    if str(encryption.get("keySource") or "Microsoft.CognitiveServices") != "Microsoft.KeyVault":
        return
    kv = encryption.get("keyVaultProperties") or {}
    if not kv.get("keyName") or not kv.get("keyVaultUri"):
        raise errors.bad_request("Encryption with keySource Microsoft.KeyVault needs keyVaultProperties.keyName and "
                                 "keyVaultUri.", "InvalidEncryptionProperties")
    client_id = str(kv.get("identityClientId") or "").lower()
    if not client_id and "SystemAssigned" in str(identity.get("type") or ""):
        return  # the account's system-assigned identity reads the key
    if client_id not in client_ids:
        raise errors.bad_request(f"The identity with client id '{kv.get('identityClientId')}' is not a user-assigned "
                                 f"identity of account '{account_id}'; assign it to the account first.",
                                 "InvalidEncryptionProperties")
