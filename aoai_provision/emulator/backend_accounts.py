"""Cognitive Services accounts: create/update/delete as LROs, keys, subdomains, soft delete, restore, purge."""

from __future__ import annotations

import copy
import re
import uuid
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors, lro
from aoai_provision.emulator.backend_base import TENANT, WriteResult, account_key, register_finalizer
from aoai_provision.emulator.backend_network import check_account_references
from aoai_provision.emulator.clock import iso
from aoai_provision.emulator.offers import normalize_location
from aoai_provision.emulator.state_index import subdomain_term

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
NAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
SUBDOMAIN_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}[a-zA-Z0-9]$")
READ_ONLY = ("provisioningState", "endpoint", "endpoints", "dateCreated", "deletionDate", "scheduledPurgeDate",
             "internalId", "restore", "isMigrated", "privateEndpointConnections")


def account_id(subscription: str, resource_group: str, name: str) -> str:
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{ACCOUNT_TYPE}/{name}"


def endpoint_for(kind: str, region: str, subdomain: str | None) -> str:
    if not subdomain:
        return f"https://{region}.api.cognitive.microsoft.com/"
    host = "openai.azure.com" if kind.lower() == "openai" else "cognitiveservices.azure.com"
    return f"https://{subdomain}.{host}/"


def endpoints_for(kind: str, subdomain: str | None, endpoint: str) -> dict[str, str]:
    """properties.endpoints: one OpenAI API for kind OpenAI; a Foundry (AIServices) account answers on the
    three FQDNs of the upgrade doc (azure-ai-docs foundry/how-to/upgrade-azure-openai.md, 2026-01-07)."""
    if kind.lower() == "openai" or not subdomain:
        return {"OpenAI Language Model Instance API": endpoint} if kind.lower() == "openai" else {}
    sub = subdomain.lower()
    return {
        "OpenAI Language Model Instance API": f"https://{sub}.openai.azure.com/",
        "AI Foundry API": f"https://{sub}.services.ai.azure.com/",
        "Cognitive Services API": f"https://{sub}.cognitiveservices.azure.com/",
    }


class AccountsMixin:
    """Account operations of the Backend (see backend.py for the shared machinery)."""

    # -- create / update -----------------------------------------------------------------------
    def put_account(self: Backend, subscription: str, resource_group: str, name: str,
                    body: dict[str, Any], *, tenant_id: str | None = None) -> WriteResult:
        """Accounts_Create: 201 (new, ``Creating``) or 200 (existing, ``Accepted``) plus an operation."""
        if not (2 <= len(name) <= 64) or not NAME_RE.match(name):
            raise errors.invalid_account_name(name)
        props = dict(body.get("properties") or {})
        location, kind, sku = body.get("location"), body.get("kind"), (body.get("sku") or {}).get("name")
        if not location:
            raise _incomplete()
        region = normalize_location(str(location))
        if not self.offers.is_region(region):
            raise errors.location_not_available(str(location), "accounts", self.offers.regions())
        with self.tx() as data:
            rg = self.require_resource_group(data, subscription, resource_group)
            key = account_key(subscription, resource_group, name)
            check_account_references(data, account_id(subscription, rg["name"], name), body)
            existing = data["accounts"].get(key)
            subdomain = props.get("customSubDomainName")
            if existing is not None:
                if not kind or not sku:
                    raise _incomplete()
                self.assert_no_write_running(data, key)
                return self._update_existing(data, key, existing, body, props, region, str(kind), str(sku),
                                             tenant_id)
            deleted = self._find_deleted(data, key)
            aid = account_id(subscription, rg["name"], name)
            if deleted is not None and not props.get("restore"):
                raise errors.flag_must_be_set_for_restore(aid)
            if deleted is not None:  # az's recover sends only location and restore: true
                return self._restore(data, key, deleted, body)
            if not kind or not sku:
                raise _incomplete()
            if subdomain:
                self._assert_subdomain_free(data, str(subdomain))
            account: dict[str, Any] = {
                "id": aid, "name": name, "type": ACCOUNT_TYPE, "location": region, "kind": kind,
                "sku": {"name": sku},
                "properties": {k: v for k, v in props.items() if k not in READ_ONLY},
            }
            if body.get("tags") is not None:
                account["tags"] = dict(body["tags"])
            if body.get("identity"):
                account["identity"] = _identity(body["identity"], None, tenant_id)
            p = account["properties"]
            p.setdefault("publicNetworkAccess", "Enabled")
            p.update({"provisioningState": "Creating", "endpoint": endpoint_for(kind, region, subdomain),
                      "internalId": uuid.uuid4().hex, "dateCreated": iso(self.now()), "isMigrated": False})
            p["endpoints"] = endpoints_for(kind, subdomain, p["endpoint"])
            self.stamp(account, created=True)
            meta = {"subscription": subscription, "resource_group": rg["name"], "region": region,
                    "subdomain": str(subdomain).lower() if subdomain else None,
                    "keys": {"key1": uuid.uuid4().hex, "key2": uuid.uuid4().hex}}
            data["accounts"][key] = {"body": account, "meta": meta}
            op = self._account_op(data, key, "account_create")
            return WriteResult(201, copy.deepcopy(account), op)

    def _update_existing(self: Backend, data: dict[str, Any], key: str, record: dict[str, Any],
                         body: dict[str, Any], props: dict[str, Any], region: str, kind: str,
                         sku: str, tenant_id: str | None = None) -> WriteResult:
        account = record["body"]
        if account["location"] != region:
            raise errors.ArmError(409, "InvalidResourceLocation",
                                  f"The resource '{account['name']}' already exists in location "
                                  f"'{account['location']}' in resource group '{record['meta']['resource_group']}'."
                                  " A resource with the same name cannot be created in location "
                                  f"'{region}'. Please select a new resource name.")
        self._check_subdomain_unchanged(record, props)
        kept = {k: v for k, v in account["properties"].items() if k in READ_ONLY}
        _change_kind(account, kind, props)
        account["properties"] = {**{k: v for k, v in props.items() if k not in READ_ONLY}, **kept}
        _refresh_endpoints(account)
        account["properties"].setdefault("publicNetworkAccess", "Enabled")
        account["properties"]["provisioningState"] = "Accepted"
        account["sku"] = {"name": sku}
        _set_or_drop(account, "tags", dict(body["tags"]) if body.get("tags") is not None else None)
        if body.get("identity"):
            account["identity"] = _identity(body["identity"], account.get("identity"), tenant_id)
        self.stamp(account, created=False)
        op = self._account_op(data, key, "account_update")
        return WriteResult(200, copy.deepcopy(account), op)

    def update_account(self: Backend, subscription: str, resource_group: str, name: str,
                       patch: dict[str, Any], *, tenant_id: str | None = None) -> WriteResult:
        """Accounts_Update (PATCH): tags, sku, identity and properties merged in; 202 plus an operation."""
        with self.tx() as data:
            record = self._require_account(data, subscription, resource_group, name)
            key = account_key(subscription, resource_group, name)
            self.assert_no_write_running(data, key)
            props = dict(patch.get("properties") or {})
            self._check_subdomain_unchanged(record, props)
            account = record["body"]
            check_account_references(data, account["id"], {  # the account as the PATCH would leave it
                "identity": patch.get("identity") or copy.deepcopy(account.get("identity")),
                "properties": {**account["properties"], **props}})
            if patch.get("kind"):
                _change_kind(account, str(patch["kind"]), {**account["properties"], **props})
            account["properties"].update({k: v for k, v in props.items() if k not in READ_ONLY})
            _refresh_endpoints(account)
            account["properties"]["provisioningState"] = "Accepted"
            if patch.get("tags") is not None:
                account["tags"] = dict(patch["tags"])
            if (patch.get("sku") or {}).get("name"):
                account["sku"] = {"name": patch["sku"]["name"]}
            if patch.get("identity"):
                account["identity"] = _identity(patch["identity"], account.get("identity"), tenant_id)
            self.stamp(account, created=False)
            op = self._account_op(data, key, "account_update")
            return WriteResult(202, copy.deepcopy(account), op)

    def _account_op(self: Backend, data: dict[str, Any], key: str, kind: str) -> Any:
        meta = data["accounts"][key]["meta"]
        return self.start_operation(data, kind=kind, subscription=meta["subscription"], location=meta["region"],
                                    target={"collection": "accounts", "key": key, "account": key})

    def _check_subdomain_unchanged(self: Backend, record: dict[str, Any], props: dict[str, Any]) -> None:
        wanted = props.get("customSubDomainName")
        current = record["body"]["properties"].get("customSubDomainName")
        if wanted and current and str(wanted).lower() != str(current).lower():
            raise errors.bad_request(f"The custom subdomain name of account '{record['body']['name']}' is "
                                     f"'{current}' and cannot be changed after creation.",
                                     "InvalidResourceProperties")
        if wanted and not current:
            raise errors.bad_request("A custom subdomain name cannot be added to an existing account by this "
                                     "emulator; create the account with it.", "InvalidResourceProperties")

    def _assert_subdomain_free(self: Backend, data: dict[str, Any], subdomain: str) -> None:
        if not SUBDOMAIN_RE.match(subdomain):
            raise errors.bad_request(f"Sub domain name '{subdomain}' is not valid.", "InvalidSubDomainName")
        if self.subdomain_in_use(data, subdomain):
            raise errors.custom_domain_in_use(subdomain)

    def subdomain_in_use(self: Backend, data: dict[str, Any], subdomain: str) -> bool:
        """Custom subdomains are unique across every subscription, soft-deleted accounts included."""
        return bool(data.has_term(subdomain_term(subdomain), ("accounts", "deleted_accounts")))

    # -- reads and keys ------------------------------------------------------------------------
    def _require_account(self: Backend, data: dict[str, Any], subscription: str, resource_group: str,
                         name: str) -> dict[str, Any]:
        self.require_resource_group(data, subscription, resource_group)
        record = data["accounts"].get(account_key(subscription, resource_group, name))
        if record is None:
            raise errors.resource_not_found(ACCOUNT_TYPE, name, resource_group)
        result: dict[str, Any] = record
        return result

    def get_account(self: Backend, subscription: str, resource_group: str, name: str) -> dict[str, Any]:
        with self.read() as data:
            return copy.deepcopy(self._require_account(data, subscription, resource_group, name)["body"])

    def list_accounts(self: Backend, subscription: str, resource_group: str | None = None) -> list[dict[str, Any]]:
        with self.tx() as data:
            if resource_group is not None:
                self.require_resource_group(data, subscription, resource_group)
            accounts = data["accounts"]  # bodies for the reply: untracked copies, nothing to deep-copy
            bodies: list[dict[str, Any]] = (accounts.bodies_in_scope(subscription) if resource_group is None
                                            else accounts.bodies_of_children(f"{subscription}/{resource_group}".lower()))
            return [copy.deepcopy(b) for b in bodies] if data.nested else bodies

    def list_keys(self: Backend, subscription: str, resource_group: str, name: str) -> dict[str, str]:
        with self.tx() as data:
            return dict(self._require_account(data, subscription, resource_group, name)["meta"]["keys"])

    def regenerate_key(self: Backend, subscription: str, resource_group: str, name: str,
                       key_name: str) -> dict[str, str]:
        if str(key_name).lower() not in ("key1", "key2"):
            raise errors.bad_request(f"The key name '{key_name}' is invalid. Use 'Key1' or 'Key2'.",
                                     "InvalidKeyName")
        with self.tx() as data:
            keys = self._require_account(data, subscription, resource_group, name)["meta"]["keys"]
            keys[str(key_name).lower()] = uuid.uuid4().hex
            return dict(keys)

    def assert_no_write_running(self: Backend, data: dict[str, Any], key: str) -> None:
        """409 RequestConflict while a write on the account or one of its deployments is running."""
        if lro.running_on(data, key):
            raise errors.request_conflict(data["accounts"][key]["body"]["id"])

    # -- delete, soft delete, restore, purge ---------------------------------------------------
    def delete_account(self: Backend, subscription: str, resource_group: str, name: str) -> WriteResult:
        """Accounts_Delete: 202 plus an operation; the account is soft-deleted when it ends (204 if absent)."""
        with self.tx() as data:
            self.require_resource_group(data, subscription, resource_group)
            key = account_key(subscription, resource_group, name)
            record = data["accounts"].get(key)
            if record is None:
                return WriteResult(204, None)
            self.assert_no_write_running(data, key)
            record["body"]["properties"]["provisioningState"] = "Deleting"
            return WriteResult(202, None, self._account_op(data, key, "account_delete"))

    def check_domain_availability(self: Backend, subdomain: str, resource_type: str,
                                  kind: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {"subdomainName": subdomain, "type": resource_type}
        if kind:
            result["kind"] = kind
        with self.tx() as data:
            if not SUBDOMAIN_RE.match(subdomain):
                result.update(isSubdomainAvailable=False, reason=f"Sub domain name '{subdomain}' is not valid")
            elif self.subdomain_in_use(data, subdomain):
                result.update(isSubdomainAvailable=False,
                              reason=f"Sub domain name '{subdomain}' is already in use")
            else:
                result.update(isSubdomainAvailable=True, reason="")
        return result


def _change_kind(account: dict[str, Any], kind: str, props: dict[str, Any]) -> None:
    """The one in-place kind change ARM allows: OpenAI -> AIServices (the Foundry upgrade, which needs
    allowProjectManagement: true) and back (the documented rollback); any other change is refused.
    Endpoint, keys, network settings and tags are kept (upgrade-azure-openai.md, 2026-01-07)."""
    have = str(account["kind"])
    if kind.lower() == have.lower():
        return
    pair = (have.lower(), kind.lower())
    if pair == ("openai", "aiservices") and props.get("allowProjectManagement") is True:
        account["kind"] = kind
        return
    if pair == ("aiservices", "openai"):
        account["kind"] = kind
        return
    hint = " Set properties.allowProjectManagement to true to upgrade to AIServices." if pair[1] == "aiservices" else ""
    raise errors.bad_request(f"The kind of account '{account['name']}' cannot be changed from "
                             f"'{have}' to '{kind}'.{hint}", "CannotChangeKind")


def _refresh_endpoints(account: dict[str, Any]) -> None:
    p = account["properties"]
    if p.get("endpoint"):
        p["endpoints"] = endpoints_for(str(account["kind"]), p.get("customSubDomainName"), str(p["endpoint"]))


def _incomplete() -> errors.ArmError:
    return errors.bad_request("The account must have 'location', 'kind' and 'sku.name'.", "InvalidRequestContent")


def _identity(wanted: dict[str, Any], current: dict[str, Any] | None, tenant_id: str | None) -> dict[str, Any]:
    """The managed identity in the caller's tenant (the tenant of the token that created it)."""
    identity = dict(wanted)
    if "SystemAssigned" in str(identity.get("type", "")):
        identity["principalId"] = (current or {}).get("principalId") or str(uuid.uuid4())
        identity["tenantId"] = tenant_id or (current or {}).get("tenantId") or TENANT
    return identity


def _set_or_drop(body: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        body.pop(key, None)
    else:
        body[key] = value


def _finish_account(backend: Backend, data: dict[str, Any], op: dict[str, Any]) -> None:
    lro.settle(data, op, backend.soft_delete)


def register() -> None:
    for kind in ("account_create", "account_update", "account_delete"):
        register_finalizer(kind, _finish_account)
