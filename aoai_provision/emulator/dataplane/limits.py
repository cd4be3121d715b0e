"""Per-deployment rate limits from capacity (429 + Retry-After) and per-deployment fault injection."""

from __future__ import annotations

import fnmatch
import math
import random
import threading
from typing import Any

from aoai_provision.emulator.clock import Clock
from aoai_provision.emulator.config import DataPlane, DataPlaneFault
from aoai_provision.emulator.dataplane import errors
from aoai_provision.emulator.errors import ArmError
from aoai_provision.emulator.faults import FAULT_HEADER


class RateLimiter:
    """Token buckets per deployment: its ``rateLimits`` (requests and tokens per renewal period)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._state: dict[tuple[str, str], tuple[float, float]] = {}  # (deployment id, key) -> (left, at)

    def take(self, deployment: dict[str, Any], operation: str, tokens: int) -> dict[str, str]:
        """Spend one request and ``tokens`` tokens; the x-ratelimit-remaining-* headers, or a 429."""
        now = self._clock.now()
        spend = {"request": 1.0, "token": float(tokens)}
        headers: dict[str, str] = {}
        with self._lock:
            updates: dict[tuple[str, str], tuple[float, float]] = {}
            for rule in deployment.get("properties", {}).get("rateLimits") or []:
                key = str(rule.get("key", "")).lower()
                if key not in spend or not rule.get("count"):
                    continue
                size, period = float(rule["count"]), float(rule.get("renewalPeriod") or 60.0)
                left, at = self._state.get((deployment["id"], key), (size, now))
                left = min(size, left + (now - at) * size / period)
                if left < spend[key]:
                    wait = (min(spend[key], size) - left) * period / size
                    self._state[(deployment["id"], key)] = (left, now)
                    raise errors.rate_limited(operation, max(1, math.ceil(wait)),
                                              "call" if key == "request" else "token")
                updates[(deployment["id"], key)] = (left - spend[key], now)
                headers[f"x-ratelimit-remaining-{key}s"] = str(int(left - spend[key]))
            self._state.update(updates)
        return headers


FAULT_ERRORS = {
    "server_error": (500, "InternalServerError", "The server had an error while processing your request. Sorry "
                                                 "about that!"),
    "unavailable": (503, "ServiceUnavailable", "The service is temporarily unable to process your request. "
                                               "Please try again later."),
    "throttle": (429, "429", "Requests to the Operation under Azure OpenAI API have exceeded call rate limit of "
                             "your current OpenAI S0 pricing tier. Please retry after 1 second."),
    "content_filter": (400, "content_filter", "The response was filtered due to the prompt triggering Azure "
                                              "OpenAI's content management policy. Please modify your prompt and "
                                              "retry."),
}


class DataPlaneFaults:
    """Configured faults per ``<account>/<deployment>`` (glob patterns), deterministic from ``seed``."""

    def __init__(self, config: DataPlane, clock: Clock) -> None:
        self._faults = config.faults
        self._rng = random.Random(config.seed)
        self._lock = threading.Lock()
        self._clock = clock

    def fault_for(self, account: str, deployment: str) -> DataPlaneFault | None:
        name = f"{account}/{deployment}".lower()
        for pattern, fault in self._faults.items():
            if fnmatch.fnmatchcase(name, pattern.lower()):
                with self._lock:
                    hit = fault.rate >= 1.0 or self._rng.random() < fault.rate
                return fault if hit else None
        return None

    def inject(self, account: str, deployment: str) -> None:
        """Raise the configured error (or wait, for ``slow``) for this deployment's request."""
        fault = self.fault_for(account, deployment)
        if fault is None:
            return
        if fault.kind == "slow":
            self._clock.sleep(fault.latency_ms / 1000.0)
            return
        status, code, message = FAULT_ERRORS[fault.kind]
        headers: dict[str, str] = {FAULT_HEADER: str(fault.kind)}
        if status in (429, 503):
            headers.update({"Retry-After": "1", "retry-after-ms": "1000"})
        raise ArmError(status, code, message, headers=headers)
