"""Long-running operations: records in the state, status bodies, poll hints and polling URLs."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aoai_provision.emulator.clock import iso
from aoai_provision.emulator.state_index import TERMINAL, running_on_term

KEEP_FINISHED = 200


@dataclass(frozen=True)
class Operation:
    """A handle on a long-running operation the backend started."""

    id: str
    kind: str
    subscription: str
    location: str
    provider: str = "Microsoft.CognitiveServices"
    ends_at: float = 0.0  # when it was due to end as of the handle (the record decides its status)

    def status_path(self) -> str:
        """Path of the Azure-AsyncOperation status monitor."""
        name = "operationstatuses" if self.provider == "Microsoft.Resources" else "operationStatuses"
        return f"{self._base()}/{name}/{self.id}"

    def result_path(self) -> str:
        """Path of the Location (operation result) monitor."""
        name = "operationresults" if self.provider == "Microsoft.Resources" else "operationResults"
        return f"{self._base()}/{name}/{self.id}"

    def _base(self) -> str:
        if self.provider == "Microsoft.Resources":
            return f"/subscriptions/{self.subscription}"
        return f"/subscriptions/{self.subscription}/providers/{self.provider}/locations/{self.location}"


def start(data: dict[str, Any], *, kind: str, subscription: str, location: str, target: dict[str, Any],
          now: float, seconds: float, error: dict[str, Any] | None = None,
          provider: str = "Microsoft.CognitiveServices") -> Operation:
    """Record a new operation that ends ``seconds`` from ``now`` (``error`` makes it end Failed)."""
    op_id = str(uuid.uuid4())
    data["operations"][op_id] = {
        "id": op_id, "kind": kind, "subscription": subscription, "location": location, "provider": provider,
        "target": target, "started": now, "ends_at": now + seconds, "status": "InProgress", "error": error,
    }
    return handle(data["operations"][op_id])


def handle(record: dict[str, Any]) -> Operation:
    return Operation(record["id"], record["kind"], record["subscription"], record["location"],
                     record.get("provider", "Microsoft.CognitiveServices"), float(record.get("ends_at") or 0.0))


def due(data: Any, now: float) -> list[dict[str, Any]]:
    """Operations whose time is up but which are not finalized yet, oldest first (an indexed query)."""
    pending = [op for _, op in data["operations"].due_by(now, scope="running")]
    return sorted(pending, key=lambda op: (op["ends_at"], op["started"]))


def running_on(data: Any, account_key: str) -> bool:
    """Whether a write on the account ``account_key`` or one of its deployments is running."""
    return bool(data["operations"].with_term(running_on_term(account_key)))


def finish(data: Any, op: dict[str, Any]) -> None:
    """Mark ``op`` ended; the oldest finished operations beyond ``KEEP_FINISHED`` are forgotten."""
    op["status"] = "Failed" if op.get("error") else "Succeeded"
    operations = data["operations"]
    excess = operations.count_in_scope("finished") - KEEP_FINISHED
    if excess > 0:
        for key, _ in operations.earliest_in_scope("finished", excess):
            del operations[key]


def settle(data: dict[str, Any], op: dict[str, Any], remove: Callable[[dict[str, Any], str], None]) -> None:
    """End a write on the record ``op`` targets: ``remove`` it (a delete) or set provisioningState."""
    key = op["target"]["key"]
    record = data[op["target"]["collection"]].get(key)
    if record is None:
        return
    if op["kind"].endswith("_delete") and not op.get("error"):
        remove(data, key)
        return
    record["body"]["properties"]["provisioningState"] = "Failed" if op.get("error") else "Succeeded"


def status_body(op: dict[str, Any]) -> dict[str, Any]:
    """The Azure-AsyncOperation status body: ``{"id","name","status","startTime"[,"endTime","error"]}``."""
    operation = handle(op)
    body: dict[str, Any] = {"id": operation.status_path(), "name": op["id"], "status": op["status"],
                            "startTime": iso(op["started"])}
    if op["status"] in TERMINAL:
        body["endTime"] = iso(op["ends_at"])
    if op["status"] == "Failed" and op.get("error"):
        body["error"] = op["error"]
    return body


def poll_hint(op: dict[str, Any], now: float, cap_ms: int) -> dict[str, str]:
    """A poll hint no longer than the time left: ``Retry-After`` (whole seconds) or ``retry-after-ms``.

    Never ``Retry-After: 0`` (the SDK would fall back to its 30 s polling interval) and never a
    hint on a finished operation.
    """
    if op["status"] in TERMINAL:
        return {}
    return hint_until(op["ends_at"], now, cap_ms)


def hint_until(ends_at: float, now: float, cap_ms: int) -> dict[str, str]:
    """The poll hint for an operation still running that ends at ``ends_at`` (see ``poll_hint``)."""
    left_ms = max(1, math.floor(min((ends_at - now) * 1000, cap_ms)))
    if left_ms >= 1000:
        return {"Retry-After": str(left_ms // 1000)}
    return {"retry-after-ms": str(left_ms)}
