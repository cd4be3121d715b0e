"""Plan lifecycle warnings propose only what `upgrade` would: a target offered in the region and SKU."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from aoai_provision.plan.planner import build_plan

CASE = json.loads((Path(__file__).parent / "cases" / "past_retirement_warning.json").read_text())


def _lifecycle_fix(build: Any, catalog: Any, case: dict[str, Any]) -> str:
    desired, observed = build(case)
    plan = build_plan(desired, observed, catalog, as_of=date.fromisoformat(case["options"]["as_of"]))
    (finding,) = [f for f in plan.findings if f.code == "AOAI610"]
    return finding.fix or ""


def test_the_fix_names_the_version_upgrade_would_propose(build: Any, catalog: Any) -> None:
    # gpt-4 0613 -> documented gpt-4o; upgrade picks its newest version offered on Standard in swedencentral
    assert _lifecycle_fix(build, catalog, CASE) == ("move to gpt-4o 2024-11-20, offered on Standard in swedencentral "
                                                     "(`aoai-provision upgrade FILE --write` makes the edit)")


def test_a_replacement_that_is_itself_retiring_is_not_promised(build: Any, catalog: Any) -> None:
    case = copy.deepcopy(CASE)
    case["options"]["as_of"] = "2027-04-01"  # every gpt-4o version offered there retires within 90 days
    fix = _lifecycle_fix(build, catalog, case)
    assert "move to" not in fix
    assert "the documented replacement (gpt-4o) is not offered on Standard" in fix and "models --region swedencentral" in fix
