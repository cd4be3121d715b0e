"""Client pacing: ARM's token buckets mirrored per endpoint, subscription and principal, shared by all threads.

ARM throttles each subscription and principal with token buckets (reads 250 + 25/s, writes and
deletes 200 + 10/s). Every request first takes a token from the matching local bucket, waiting
for the refill when it is empty; ``x-ms-ratelimit-remaining-subscription-*`` headers lower the
local count to what ARM reports less the requests still in flight (other clients spend the
same buckets; an endpoint that does not throttle keeps reporting a full bucket), and a 429 empties the
bucket until its ``Retry-After`` has passed, then the request is sent again. Throttling is
waited out (up to ``THROTTLE_PATIENCE`` seconds per request), never counted as a failure, for
Azure and the emulator alike. The buckets live in this module, so every client of the process
(all threads, every environment of a fleet run) shares them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from azure.core.pipeline.policies import HTTPPolicy

THROTTLE_PATIENCE = 600.0  # seconds one request may spend waiting out 429s before azure-core's retry sees one
HEADER = "x-ms-ratelimit-remaining-subscription-{}"
_SUBSCRIPTION = re.compile(r"/subscriptions/([^/?]+)", re.IGNORECASE)


@dataclass(frozen=True)
class BucketSpec:
    capacity: float
    refill_per_s: float


# ARM's documented subscription buckets (learn.microsoft.com: "Understand how Azure Resource Manager
# throttles requests", token bucket algorithm).
ARM_BUCKETS = {"reads": BucketSpec(250, 25.0), "writes": BucketSpec(200, 10.0), "deletes": BucketSpec(200, 10.0)}


def kind_of(method: str) -> str:
    method = method.upper()
    if method in ("GET", "HEAD"):
        return "reads"
    return "deletes" if method == "DELETE" else "writes"


class TokenBucket:
    """A local mirror of one ARM bucket: ``take`` blocks until a token is free; thread-safe."""

    def __init__(self, spec: BucketSpec, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.spec = spec
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._tokens = float(spec.capacity)
        self._at = clock()
        self._blocked_until = 0.0
        self._in_flight = 0
        self.taken = 0
        self.throttled = 0
        self.waited = 0.0

    def _refill(self, now: float) -> None:
        if now > self._at:  # (not while blocked: ``block`` moves ``_at`` to the end of the wait)
            self._tokens = min(self.spec.capacity, self._tokens + (now - self._at) * self.spec.refill_per_s)
            self._at = now

    def take(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                self._refill(now)
                if now >= self._blocked_until and self._tokens >= 1.0:
                    self._tokens -= 1.0
                    self._in_flight += 1
                    self.taken += 1
                    return
                wait = max(self._blocked_until - now, (1.0 - self._tokens) / self.spec.refill_per_s, 0.001)
                self.waited += wait
            self._sleep(wait)

    def done(self) -> None:
        """The response to a request that took a token arrived."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)

    def observe(self, remaining: int, own: bool) -> None:
        """ARM says ``remaining`` tokens were left when it answered: adopt that, less what is still in flight.

        ``own``: the answered request took its token from this bucket (and is still counted in flight).
        """
        with self._lock:
            self._refill(self._clock())
            others = self._in_flight - (1 if own else 0)
            self._tokens = min(float(self.spec.capacity), float(remaining - max(others, 0)))

    def block(self, seconds: float) -> None:
        """A 429: nothing is sent before ``seconds`` have passed, and the bucket restarts empty."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._tokens = 0.0
            self._at = max(self._at, now + seconds)  # no refill while blocked
            self._blocked_until = max(self._blocked_until, now + seconds)
            self.throttled += 1


_REGISTRY: dict[tuple[str, str, str, str], TokenBucket] = {}
_REGISTRY_LOCK = threading.Lock()


def bucket(endpoint: str, subscription: str, principal: str, kind: str) -> TokenBucket:
    """The process-wide bucket of ``kind`` for this endpoint, subscription and principal."""
    key = (endpoint.rstrip("/").lower(), subscription.lower(), principal, kind)
    with _REGISTRY_LOCK:
        found = _REGISTRY.get(key)
        if found is None:
            found = _REGISTRY[key] = TokenBucket(ARM_BUCKETS[kind])
        return found


def stats() -> dict[str, int]:
    """Requests paced and 429s seen by every bucket of the process (benchmarks report them)."""
    with _REGISTRY_LOCK:
        buckets = list(_REGISTRY.values())
    return {"requests": sum(b.taken for b in buckets), "throttled": sum(b.throttled for b in buckets)}


def retry_after_seconds(headers: Any) -> float:
    """``retry-after-ms`` / ``x-ms-retry-after-ms`` / ``Retry-After`` (seconds) of a response; 1 s if absent."""
    for name, scale in (("retry-after-ms", 0.001), ("x-ms-retry-after-ms", 0.001), ("Retry-After", 1.0)):
        value = headers.get(name)
        if value:
            try:
                return max(float(value) * scale, 0.0)
            except ValueError:
                continue
    return 1.0


class PacingPolicy(HTTPPolicy):  # type: ignore[type-arg]
    """Takes a token before each attempt, follows ARM's remaining counts, waits out 429s."""

    def __init__(self, endpoint: str, subscription: str, principal: str = "default",
                 patience: float = THROTTLE_PATIENCE) -> None:
        super().__init__()
        self.endpoint, self.subscription, self.principal, self.patience = endpoint, subscription, principal, patience

    def _bucket(self, url: str, kind: str) -> TokenBucket:
        match = _SUBSCRIPTION.search(url)
        return bucket(self.endpoint, match.group(1) if match else self.subscription, self.principal, kind)

    def send(self, request: Any) -> Any:
        http = request.http_request
        own = self._bucket(http.url, kind_of(http.method))
        deadline = time.monotonic() + self.patience
        while True:
            own.take()
            try:
                response = self.next.send(request)
                headers = response.http_response.headers
                for kind in ARM_BUCKETS:
                    remaining = headers.get(HEADER.format(kind))
                    if remaining and remaining.isdigit():
                        target = self._bucket(http.url, kind)
                        target.observe(int(remaining), own=target is own)
            finally:
                own.done()
            if response.http_response.status_code != 429 or time.monotonic() >= deadline:
                return response
            own.block(retry_after_seconds(headers))
