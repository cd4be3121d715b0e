"""Properties over generated capacity changes: quota frees before it is needed; only what differs changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_provision.plan.actions import ActionKind
from aoai_provision.plan.order import account_batches, phase
from aoai_provision.plan.planner import build_plan

capacities = st.lists(st.one_of(st.none(), st.integers(1, 50)), min_size=4, max_size=4)


def _deps(caps: list[int | None]) -> list[dict[str, Any]]:
    return [{"name": f"d{i}", "model": "gpt-4o", "version": "2024-11-20", "sku": "GlobalStandard", "capacity": c}
            for i, c in enumerate(caps) if c is not None]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=capacities, after=capacities)
def test_frees_come_first_and_only_differences_change(before: list[int | None], after: list[int | None], build: Any,
                                             catalog: Any) -> None:
    case = {"desired": {"accounts": [{"name": "a", "region": "eastus2", "deployments": _deps(after)}]},
            "observed": {"accounts": [{"name": "a", "region": "eastus2", "deployments": _deps(before)}],
                         "usages": {"eastus2": {"OpenAI.GlobalStandard.gpt-4o": [sum(c or 0 for c in before), 200]}}}}
    desired, observed = build(case)
    plan = build_plan(desired, observed, catalog, prune=True, as_of=date(2025, 10, 1))
    _, batches = account_batches(plan)
    steps = batches.get("a", [])
    assert [phase(a) for a in steps] == sorted(phase(a) for a in steps)
    deltas = [a.capacity_delta for a in steps]
    first_increase = next((i for i, d in enumerate(deltas) if d > 0), len(deltas))
    assert all(d >= 0 for d in deltas[first_increase:])  # no free after a need
    expected = {f"d{i}" for i, (b, c) in enumerate(zip(before, after, strict=True)) if b != c}
    assert {a.name for a in steps} == expected
    assert all(a.kind is not ActionKind.REPLACE for a in steps)
