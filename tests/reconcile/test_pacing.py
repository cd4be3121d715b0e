"""Pacing: ARM's token buckets mirrored on the client, so throttling slows a run down but never fails it."""

from __future__ import annotations

from typing import Any

from aoai_provision.azure.pacing import BucketSpec, TokenBucket, retry_after_seconds


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_bucket_lets_its_capacity_through_then_paces_at_the_refill_rate() -> None:
    t = FakeTime()
    bucket = TokenBucket(BucketSpec(200, 10.0), t.clock, t.sleep)
    for _ in range(200):
        bucket.take()
        bucket.done()
    assert t.now == 100.0
    for _ in range(50):
        bucket.take()
        bucket.done()
    assert abs(t.now - 105.0) < 0.01  # 50 more at 10/s


def test_a_bucket_believes_arm_less_what_is_in_flight_and_waits_out_a_429() -> None:
    t = FakeTime()
    bucket = TokenBucket(BucketSpec(200, 10.0), t.clock, t.sleep)
    for _ in range(3):
        bucket.take()  # three requests in flight
    bucket.observe(5, own=True)  # ARM: 5 left; two others of ours are still on their way
    bucket.done()
    bucket.take()
    bucket.take()
    bucket.take()
    assert t.now == 100.0
    bucket.take()  # the fourth needs a refill
    assert t.now > 100.0
    bucket.block(retry_after_seconds({"Retry-After": "7"}))
    start = t.now
    bucket.take()
    assert t.now - start >= 7.0


def test_apply_against_small_buckets_is_slowed_not_failed(env: Any) -> None:
    env.configure(throttle={"writes": {"bucket": 3, "refill_per_s": 20}, "reads": {"bucket": 12, "refill_per_s": 60}})
    result = env.ok(env.run("apply", "--yes"))
    assert "0 failed, 0 skipped" in result.output
    statuses = [r.get("status") for r in env.requests()]
    throttled = statuses.count(429)
    assert throttled <= 0.1 * len(statuses), f"{throttled} of {len(statuses)} requests were throttled"
    env.configure()
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
