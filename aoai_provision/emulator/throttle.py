"""ARM request throttling: token buckets per subscription and operation type (reads, writes)."""

from __future__ import annotations

import math
import threading

from aoai_provision.emulator.clock import Clock
from aoai_provision.emulator.config import Bucket, Throttle
from aoai_provision.emulator.errors import throttled

# What ARM reports when no bucket is configured (its documented subscription bucket sizes).
UNCONFIGURED_REMAINING = {"reads": 249, "writes": 199}


def operation_type(method: str) -> str:
    return "reads" if method.upper() in ("GET", "HEAD") else "writes"


class Throttler:
    """Token buckets; ``take`` raises a 429 ArmError with ``Retry-After`` when a bucket is empty."""

    def __init__(self, config: Throttle, clock: Clock) -> None:
        self._config = config
        self._clock = clock
        self._lock = threading.Lock()
        self._state: dict[tuple[str, str], tuple[float, float]] = {}  # (sub, kind) -> (tokens, at)

    def _bucket(self, kind: str) -> Bucket | None:
        return self._config.reads if kind == "reads" else self._config.writes

    def take(self, subscription: str, method: str) -> tuple[str, int]:
        """Spend one token; returns the header name and the tokens left."""
        kind = operation_type(method)
        header = f"x-ms-ratelimit-remaining-subscription-{kind}"
        bucket = self._bucket(kind)
        if bucket is None:
            return header, UNCONFIGURED_REMAINING[kind]
        now = self._clock.now()
        with self._lock:
            tokens, at = self._state.get((subscription, kind), (float(bucket.bucket), now))
            tokens = min(float(bucket.bucket), tokens + (now - at) * bucket.refill_per_s)
            if tokens < 1.0:
                self._state[(subscription, kind)] = (tokens, now)
                wait = (1.0 - tokens) / bucket.refill_per_s
                raise throttled(max(1, math.ceil(wait)), kind)
            tokens -= 1.0
            self._state[(subscription, kind)] = (tokens, now)
            return header, int(tokens)
