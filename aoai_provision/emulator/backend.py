"""The emulator's behaviour: one Backend over the state, with resource groups and operation bookkeeping here."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

from aoai_provision.emulator import backend_accounts, backend_deleted, backend_deployments, backend_rai, lro
from aoai_provision.emulator.backend_accounts import AccountsMixin
from aoai_provision.emulator.backend_base import FINALIZERS, WriteResult, register_finalizer, rg_key
from aoai_provision.emulator.backend_deleted import DeletedAccountsMixin
from aoai_provision.emulator.backend_deployments import DeploymentsMixin
from aoai_provision.emulator.backend_generic import GenericMixin, apply_seed
from aoai_provision.emulator.backend_locations import LocationsMixin
from aoai_provision.emulator.backend_network import NetworkMixin
from aoai_provision.emulator.backend_rai import RaiMixin
from aoai_provision.emulator.backend_rai_blocklists import RaiBlocklistsMixin
from aoai_provision.emulator.backend_roles import RolesMixin
from aoai_provision.emulator.clock import Clock, RealClock, iso
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.errors import ArmError, bad_request, resource_group_not_found
from aoai_provision.emulator.faults import FaultInjector
from aoai_provision.emulator.offers import Offers, normalize_location
from aoai_provision.emulator.state import StateStore
from aoai_provision.emulator.throttle import Throttler

SYSTEM_USER = "emulator@aoai-provision.local"


class Backend(AccountsMixin, DeletedAccountsMixin, DeploymentsMixin, LocationsMixin, RaiMixin, RaiBlocklistsMixin,
              RolesMixin, GenericMixin, NetworkMixin):
    """All emulator behaviour; every public method runs in one state transaction and may raise ArmError."""

    def __init__(self, store: StateStore | None = None, config: EmulatorConfig | None = None,
                 clock: Clock | None = None) -> None:
        self.store = store or StateStore()
        self.config = config or EmulatorConfig()
        self.clock = clock or RealClock()
        self.offers = Offers(self.config.models)
        self.faults = FaultInjector(self.config.faults)
        self.throttler = Throttler(self.config.throttle, self.clock)
        if self.config.seed:
            apply_seed(self)

    # -- transactions and operations -----------------------------------------------------------
    @contextlib.contextmanager
    def tx(self) -> Iterator[Any]:
        """Exclusive access to the state, with due operations finalized first."""
        with self.store.transaction() as data:
            self.advance(data)
            yield data

    @contextlib.contextmanager
    def read(self) -> Iterator[Any]:
        """As ``tx``, for a handler that changes nothing: the records it reads are private copies.

        Only what ``advance`` changed is written back; a GET no longer re-serialises the records it
        read to find out that they did not change."""
        with self.tx() as data:
            before, data.reading = data.reading, True
            try:
                yield data
            finally:
                data.reading = before

    def now(self) -> float:
        return self.clock.now()

    def advance(self, data: dict[str, Any]) -> None:
        """Finish every operation whose time is up, and purge soft-deleted accounts past their window."""
        for op in lro.due(data, self.now()):
            finalizer = FINALIZERS.get(op["kind"])
            if finalizer is not None:
                finalizer(self, data, op)
            lro.finish(data, op)
        self.expire_deleted(data)

    def start_operation(self, data: dict[str, Any], *, kind: str, subscription: str, location: str,
                        target: dict[str, Any], seconds: float | None = None,
                        provider: str = "Microsoft.CognitiveServices") -> lro.Operation:
        """Start an LRO of ``kind`` (its duration from ``lro_seconds`` unless given); faults may fail it."""
        if seconds is None:
            seconds = float(getattr(self.config.lro_seconds, kind, 0.0))
        return lro.start(data, kind=kind, subscription=subscription, location=location, target=target,
                         now=self.now(), seconds=seconds, error=self.faults.operation_error(), provider=provider)

    def operation(self, op_id: str) -> dict[str, Any]:
        """The record of operation ``op_id`` (a copy), finalized if its time is up."""
        with self.read() as data:
            op = data["operations"].get(op_id)
            if op is None:
                raise ArmError(404, "OperationNotFound", f"The operation '{op_id}' could not be found.")
            return dict(op)

    def poll_hint(self, op: dict[str, Any]) -> dict[str, str]:
        return lro.poll_hint(op, self.now(), self.config.retry_after_ms)

    def started_hint(self, op: lro.Operation) -> dict[str, str]:
        """The poll hint for the reply that started ``op``: while it runs, from its end time alone (a
        write's reply needs no second transaction); once due, from its record, finalized."""
        now = self.now()
        if op.ends_at > now:
            return lro.hint_until(op.ends_at, now, self.config.retry_after_ms)
        return self.poll_hint(self.operation(op.id))

    def reset(self) -> None:
        self.store.reset()

    def new_etag(self) -> str:
        return f'"{uuid.uuid4()}"'

    def stamp(self, body: dict[str, Any], created: bool) -> None:
        """Set a fresh etag and systemData (createdAt kept from creation, lastModifiedAt now)."""
        now = iso(self.now())
        body["etag"] = self.new_etag()
        system = body.get("systemData") if not created else None
        system = dict(system or {"createdBy": SYSTEM_USER, "createdByType": "User", "createdAt": now})
        system.update({"lastModifiedBy": SYSTEM_USER, "lastModifiedByType": "User", "lastModifiedAt": now})
        body["systemData"] = system

    # -- resource groups -----------------------------------------------------------------------
    def put_resource_group(self, subscription: str, name: str, body: dict[str, Any]) -> WriteResult:
        location = body.get("location") if isinstance(body, dict) else None
        if not isinstance(location, str) or not location:
            raise bad_request("The 'location' property is required for a resource group.", "LocationRequired")
        location = normalize_location(location)
        with self.tx() as data:
            key = rg_key(subscription, name)
            existing = data["resource_groups"].get(key)
            if existing and existing["body"]["location"] != location:
                raise ArmError(409, "InvalidResourceGroupLocation",
                               f"Invalid resource group location '{location}'. The Resource group already "
                               f"exists in location '{existing['body']['location']}'.")
            rg_name = existing["body"]["name"] if existing else name
            rg = {"id": f"/subscriptions/{subscription}/resourceGroups/{rg_name}", "name": rg_name,
                  "type": "Microsoft.Resources/resourceGroups", "location": location,
                  "properties": {"provisioningState": "Succeeded"}}
            if body.get("tags") is not None:
                rg["tags"] = dict(body["tags"])
            if body.get("managedBy"):
                rg["managedBy"] = body["managedBy"]
            data["resource_groups"][key] = {"body": rg, "meta": {"subscription": subscription}}
            return WriteResult(200 if existing else 201, rg)

    def get_resource_group(self, subscription: str, name: str) -> dict[str, Any]:
        with self.read() as data:
            record = data["resource_groups"].get(rg_key(subscription, name))
            if record is None:
                raise resource_group_not_found(name)
            return dict(record["body"])

    def require_resource_group(self, data: dict[str, Any], subscription: str, name: str) -> dict[str, Any]:
        record = data["resource_groups"].get(rg_key(subscription, name))
        if record is None:
            raise resource_group_not_found(name)
        body: dict[str, Any] = record["body"]
        return body

    def list_resource_groups(self, subscription: str) -> list[dict[str, Any]]:
        with self.tx() as data:
            return [dict(r["body"]) for _, r in data["resource_groups"].in_scope(subscription)]

    def delete_resource_group(self, subscription: str, name: str) -> WriteResult:
        """Delete a resource group: its accounts are soft-deleted, as Azure does (202 + Location)."""
        with self.tx() as data:
            record = self.require_resource_group(data, subscription, name)
            record["properties"]["provisioningState"] = "Deleting"
            op = self.start_operation(data, kind="resource_group_delete", subscription=subscription,
                                      location=record["location"], seconds=self.config.lro_seconds.account_delete,
                                      target={"collection": "resource_groups", "key": rg_key(subscription, name)},
                                      provider="Microsoft.Resources")
            return WriteResult(202, None, op)


def _finish_resource_group_delete(backend: Backend, data: dict[str, Any], op: dict[str, Any]) -> None:
    key = op["target"]["key"]
    record = data["resource_groups"].get(key)
    if record is None:
        return
    if op.get("error"):
        record["body"]["properties"]["provisioningState"] = "Succeeded"
        return
    for account_key, _ in data["accounts"].children(key):
        backend.soft_delete(data, account_key)
    del data["resource_groups"][key]


register_finalizer("resource_group_delete", _finish_resource_group_delete)
for _part in (backend_rai, backend_accounts, backend_deleted, backend_deployments):
    _part.register()
