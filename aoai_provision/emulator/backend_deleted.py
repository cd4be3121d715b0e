"""Soft-deleted accounts: the 48-hour window, get/list, restore with deployments, and purge."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aoai_provision.emulator import errors
from aoai_provision.emulator.backend_base import WriteResult, register_finalizer
from aoai_provision.emulator.clock import iso
from aoai_provision.emulator.offers import normalize_location
from aoai_provision.emulator.state_index import soft_deleted_term

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

SOFT_DELETE_SECONDS = 48 * 3600

# Account children besides deployments (content filters, blocklists, ...): each function lists the
# (collection, key) records of one account; soft delete keeps them with the account, restore brings them back.
ChildLister = Callable[[Any, str], list[tuple[str, str]]]
ACCOUNT_CHILDREN: list[ChildLister] = []


def register_account_children(lister: ChildLister) -> None:
    ACCOUNT_CHILDREN.append(lister)


class DeletedAccountsMixin:
    """Soft delete operations of the Backend (Azure keeps deleted accounts 48 hours unless purged)."""

    def soft_delete(self: Backend, data: dict[str, Any], key: str) -> None:
        record = data["accounts"].pop(key)
        meta = record["meta"]
        deployments = {k: data["deployments"].pop(k) for k, _ in data["deployments"].children(key)}
        now = self.now()
        record["meta"].update({"account_key": key, "deleted_at": now, "purge_at": now + SOFT_DELETE_SECONDS})
        record["deployments"] = deployments
        children: dict[str, dict[str, Any]] = {}
        for lister in ACCOUNT_CHILDREN:
            for coll, child in lister(data, key):
                children.setdefault(coll, {})[child] = data[coll].pop(child)
        if children:
            record["children"] = children
        deleted_key = f"{meta['subscription']}/{meta['region']}/{meta['resource_group']}/{record['body']['name']}"
        data["deleted_accounts"][deleted_key.lower()] = record

    def _find_deleted(self: Backend, data: dict[str, Any], key: str) -> tuple[str, dict[str, Any]] | None:
        return next(iter(data["deleted_accounts"].with_term(soft_deleted_term(key))), None)

    def _restore(self: Backend, data: dict[str, Any], key: str, deleted: tuple[str, dict[str, Any]],
                 body: dict[str, Any]) -> WriteResult:
        deleted_key, record = deleted
        del data["deleted_accounts"][deleted_key]
        for name in ("account_key", "deleted_at", "purge_at"):
            record["meta"].pop(name, None)
        data["deployments"].update(record.pop("deployments", {}))
        for coll, records in record.pop("children", {}).items():
            data[coll].update(records)
        account = record["body"]
        if body.get("tags") is not None:
            account["tags"] = dict(body["tags"])
        account["properties"]["provisioningState"] = "Creating"
        self.stamp(account, created=False)
        data["accounts"][key] = record
        return WriteResult(201, copy.deepcopy(account), self._account_op(data, key, "account_create"))

    def _deleted_view(self: Backend, record: dict[str, Any]) -> dict[str, Any]:
        meta = record["meta"]
        body = copy.deepcopy(record["body"])
        body["id"] = (f"/subscriptions/{meta['subscription']}/providers/Microsoft.CognitiveServices/locations/"
                      f"{meta['region']}/resourceGroups/{meta['resource_group']}/deletedAccounts/{body['name']}")
        body["properties"]["deletionDate"] = iso(meta["deleted_at"])
        body["properties"]["scheduledPurgeDate"] = iso(meta["purge_at"])
        return body

    def _require_deleted(self: Backend, data: dict[str, Any], subscription: str, location: str,
                         resource_group: str, name: str) -> tuple[str, dict[str, Any]]:
        key = f"{subscription}/{normalize_location(location)}/{resource_group}/{name}".lower()
        record = data["deleted_accounts"].get(key)
        if record is None:
            raise errors.resource_not_found("Microsoft.CognitiveServices/locations/deletedAccounts", name,
                                            resource_group)
        return key, record

    def get_deleted_account(self: Backend, subscription: str, location: str, resource_group: str,
                            name: str) -> dict[str, Any]:
        with self.tx() as data:
            return self._deleted_view(self._require_deleted(data, subscription, location, resource_group, name)[1])

    def list_deleted_accounts(self: Backend, subscription: str) -> list[dict[str, Any]]:
        with self.tx() as data:
            return [self._deleted_view(r) for _, r in data["deleted_accounts"].in_scope(subscription)]

    def purge_deleted_account(self: Backend, subscription: str, location: str, resource_group: str,
                              name: str) -> WriteResult:
        with self.tx() as data:
            key, record = self._require_deleted(data, subscription, location, resource_group, name)
            op = self.start_operation(data, kind="account_purge", subscription=subscription,
                                      location=record["meta"]["region"], seconds=self.config.lro_seconds.account_delete,
                                      target={"collection": "deleted_accounts", "key": key})
            return WriteResult(202, None, op)

    def expire_deleted(self: Backend, data: dict[str, Any]) -> None:
        now = self.now()
        for key, _ in data["deleted_accounts"].due_by(now):
            del data["deleted_accounts"][key]


def _finish_purge(backend: Backend, data: dict[str, Any], op: dict[str, Any]) -> None:
    if not op.get("error"):
        data["deleted_accounts"].pop(op["target"]["key"], None)


def register() -> None:
    register_finalizer("account_purge", _finish_purge)
