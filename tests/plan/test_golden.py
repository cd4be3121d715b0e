"""Golden planner cases: tests/plan/cases/<name>.json hold desired + observed + the expected plan or error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.cli.plan_output import change_lines
from aoai_provision.errors import PlanError
from aoai_provision.plan.planner import build_plan

CASES = sorted((Path(__file__).parent / "cases").glob("*.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path, prepared: Any, catalog: Any) -> None:
    case = json.loads(path.read_text())
    desired, observed, opts, as_of = prepared(case)
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(PlanError) as info:
            build_plan(desired, observed, catalog, as_of=as_of, **opts)
        err = info.value
        errors = sorted(f.code for f in err.findings if f.severity.value == "error")
        assert errors == sorted(expected["error"]["codes"]), [f.format_line() for f in err.findings]
        text = err.message + "\n" + "\n".join(f.format_line() for f in err.findings)
        for needle in expected["error"].get("messages", ()):
            assert needle in text, text
        return
    plan = build_plan(desired, observed, catalog, as_of=as_of, **opts)
    assert [f"{a.kind.value} {a.address}" for a in plan.actions] == expected["actions"], plan.actions
    by_address = {a.address: a for a in plan.actions}
    for address, lines in expected.get("changes", {}).items():
        assert change_lines(by_address[address]) == lines
    for address, version in expected.get("desired_version", {}).items():
        assert by_address[address].desired is not None
        assert by_address[address].desired["version"] == version
    assert sorted(f"{f.severity.value} {f.code}" for f in plan.findings) == sorted(expected["findings"]), [
        f.format_line() for f in plan.findings
    ]
    text = "\n".join(f.format_line() for f in plan.findings)
    for needle in expected.get("messages", ()):
        assert needle in text, text
    assert plan.fingerprint == observed.fingerprint()
    assert plan.desired == desired.to_json()
