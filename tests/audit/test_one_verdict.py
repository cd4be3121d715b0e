"""One fact, one code: validate, plan and audit JSON agree on the lifecycle verdict of every catalog version.

The environment deploys every model version the bundled catalog offers (its first region and SKU),
then each command's JSON findings are compared per deployment against the verdict table
(docs/lifecycle.md). Plan runs against the emulator, whose models list is the catalog's.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.verdicts import BY_STATE, LIFECYCLE_CODES, RISK_STATES, VERDICTS
from aoai_provision.cli import main

AS_OF = "2026-11-24"
REPO = Path(__file__).resolve().parents[2]


def _deployments() -> dict[str, list[dict[str, Any]]]:
    """account key (region, region-2, ...) -> deployments: each offered catalog version once, on its first
    region and SKU."""
    by_region: dict[str, list[dict[str, Any]]] = {}
    for i, mv in enumerate(bundled_catalog().all()):
        offered = [(r, o) for r, offers in sorted(mv.offers.items()) for o in offers]
        if not offered:
            continue
        region, offer = offered[0]
        capacity = max(offer.capacity_min, offer.capacity_default or 1)
        capacity += -capacity % offer.capacity_step
        if offer.capacity_max is not None:
            capacity = min(capacity, offer.capacity_max)
        by_region.setdefault(region, []).append({
            "name": f"d{i}", "model": mv.model, "version": mv.version, "sku": offer.name, "capacity": capacity,
            "version_upgrade": "OnceNewDefaultVersionAvailable",
        })
    # Azure allows at most 32 deployments per account (validate checks it): one account per 32.
    return {(region if k == 0 else f"{region}-{k // 32 + 1}"): deps[k:k + 32]
            for region, deps in by_region.items() for k in range(0, len(deps), 32)}


def _write(path: Path, by_region: dict[str, list[dict[str, Any]]]) -> None:
    accounts = [{"name": f"aoai-verdict-{key}", "region": key.split("-")[0], "deployments": deps}
                for key, deps in by_region.items()]
    path.write_text(json.dumps({"environment": "verdicts", "resource_group": "rg-verdicts",
                                "subscription": "00000000-0000-0000-0000-000000000000", "accounts": accounts}),
                    encoding="utf-8")


def _codes(findings: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """deployment (account/name) -> (code, severity) of its lifecycle verdict."""
    out: dict[str, tuple[str, str]] = {}
    for f in findings:
        if f["code"] in LIFECYCLE_CODES:
            resource = f.get("resource") or f.get("deployment", "")
            key = resource.replace("account.", "").replace(".deployment.", "/").split(":")[-1]
            assert key not in out, f"two lifecycle verdicts for {key}: {out[key]} and {f['code']}"
            out[key] = (f["code"], f["severity"])
    return out


def _plan_findings(path: Path, state: Path) -> list[dict[str, Any]]:
    from aoai_provision.api.plan import plan_environment
    from aoai_provision.azure.target import Target
    from aoai_provision.errors import PlanError, SpecError

    try:
        plan, _ = plan_environment(path, Target.from_options(emulator_state=state), as_of=date.fromisoformat(AS_OF))
    except (PlanError, SpecError) as exc:
        return [f.to_json() for f in exc.findings]
    return [f.to_json() for f in plan.findings]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("verdicts")
    by_region = _deployments()
    # Confirmed-retired versions make the file invalid (plan refuses it): plan sees the others.
    catalog, day = bundled_catalog(), date.fromisoformat(AS_OF)
    states = {f"aoai-verdict-{r}/{d['name']}": assess(catalog.get(d["model"], d["version"]), day, 90, d["sku"]).state
              for r, deps in by_region.items() for d in deps}  # type: ignore[arg-type]
    alive = {r: [d for d in deps if states[f"aoai-verdict-{r}/{d['name']}"] != "retired"]
             for r, deps in by_region.items()}
    _write(root / "all.json", by_region)
    _write(root / "alive.json", alive)
    runner = CliRunner()
    validate = runner.invoke(main, ["validate", str(root / "all.json"), "--as-of", AS_OF, "--format", "json"])
    audit = runner.invoke(main, ["audit", str(root / "all.json"), "--as-of", AS_OF, "--format", "json"])
    validated = json.loads(validate.stdout)
    return {
        "states": states,
        "validate": _codes([f for file in validated["files"] for f in file["findings"]]),
        "audit": _codes(json.loads(audit.stdout)["findings"]),
        "plan": _codes(_plan_findings(root / "alive.json", root / "emulator.json")),
    }


def test_every_state_of_the_table_occurs_in_the_catalog(verdicts: dict[str, Any]) -> None:
    assert {"retired", "past-scheduled", "past-earliest", "retiring", "ok"} <= set(verdicts["states"].values())


def test_validate_plan_and_audit_give_one_code_for_one_verdict(verdicts: dict[str, Any]) -> None:
    for key, state in verdicts["states"].items():
        verdict = BY_STATE.get(state)
        expected = verdict.code if verdict else None
        assert verdicts["validate"].get(key, (None,))[0] == expected, (key, state)
        assert verdicts["audit"].get(key, (None,))[0] == expected, (key, state)
        if verdict is not None:
            assert verdicts["validate"][key][1] == verdict.check.value and verdicts["audit"][key][1] == verdict.audit.value
        if state in RISK_STATES and state != "retired":  # plan reports what can stop a write
            assert verdicts["plan"].get(key) == (verdict.code, verdict.check.value), (key, state)  # type: ignore[union-attr]
        elif state not in RISK_STATES:
            assert key not in verdicts["plan"], (key, state)


def test_the_table_in_docs_is_the_table_in_code() -> None:
    doc = (REPO / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    for v in VERDICTS:
        check = v.check.value if v.state in RISK_STATES else f"{v.check.value} (validate only)"
        assert f"| `{v.state}` | {v.code} | `{v.name}` | {check} | {v.audit.value} |" in doc, v
