"""Seeded fault injection: throttling, server errors, dropped connections and failed operations."""

from __future__ import annotations

import random
import threading
from typing import Any

from aoai_provision.emulator.config import Faults
from aoai_provision.emulator.errors import ArmError, server_error, throttled
from aoai_provision.emulator.throttle import operation_type

# A dropped connection is only injected where azure-core's RetryPolicy retries it (idempotent methods).
RESET_METHODS = ("GET", "HEAD", "PUT", "DELETE")


FAULT_HEADER = "x-ms-emulator-fault"


class ConnectionDropped(Exception):
    """The emulator closes the connection without answering (the transport raises ServiceRequestError).

    ``operation`` is the operationId of the request that was dropped, for the request log.
    """

    operation = "Unknown"


class FaultInjector:
    """Deterministic from ``seed``: the n-th eligible request draws the same fault on every run."""

    def __init__(self, config: Faults) -> None:
        self._config = config
        self._request_rng = random.Random(config.seed)
        self._operation_rng = random.Random(config.seed + 1)
        self._lock = threading.Lock()

    def before_request(self, method: str) -> None:
        """Maybe fail a (non-polling) request before it is processed."""
        kinds = [k for k in self._config.kinds if k != "operation_failed"]
        if method.upper() not in RESET_METHODS:
            kinds = [k for k in kinds if k != "connection_reset"]
        if not kinds or self._config.rate <= 0:
            return
        with self._lock:
            hit = self._request_rng.random() < self._config.rate
            kind = self._request_rng.choice(kinds)
            status = self._request_rng.choice((500, 503))
        if not hit:
            return
        if kind == "throttle":
            raise _injected(throttled(1, operation_type(method)), kind)
        if kind == "server_error":
            raise _injected(server_error(status), kind)
        raise ConnectionDropped("emulator fault injection: connection reset")

    def operation_error(self) -> dict[str, Any] | None:
        """An error body when a new long-running operation should end Failed, else None."""
        if "operation_failed" not in self._config.kinds or self._config.rate <= 0:
            return None
        with self._lock:
            hit = self._operation_rng.random() < self._config.rate
        if not hit:
            return None
        return {"code": "InternalServerError",
                "message": "The operation failed due to an internal error (emulator fault injection). "
                           "Please retry the request."}


def _injected(error: ArmError, kind: str) -> ArmError:
    """Mark an injected error with its fault kind (the request log records it as `fault`)."""
    error.headers.setdefault(FAULT_HEADER, kind)
    return error
