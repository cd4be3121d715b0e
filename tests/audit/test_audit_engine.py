"""The pure audit: upgrade policies and their consequences, auto-upgrades, drift, and live-vs-file merging."""

from __future__ import annotations

from datetime import date

from aoai_provision.api.audit import merge_observed, subjects_from_state
from aoai_provision.audit.engine import run_audit
from aoai_provision.audit.model import AuditSubject
from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.findings import Location, Severity
from aoai_provision.plan.observed import ObservedAccount, ObservedDeployment, ObservedState
from aoai_provision.spec.model import DesiredAccount, DesiredDeployment, DesiredState

DEC_2025 = date(2025, 12, 1)


def subject(**kw: object) -> AuditSubject:
    base: dict[str, object] = dict(environment="prod", account="acct", region="swedencentral", deployment="chat",
                                   model="gpt-4o", version="2024-08-06", sku="GlobalStandard", capacity=10,
                                   version_upgrade="OnceNewDefaultVersionAvailable",
                                   location=Location("prod.yaml", 7, 14))
    base.update(kw)
    return AuditSubject(**base)  # type: ignore[arg-type]


def codes(report) -> list[str]:
    return [f.code for f in report.shown]


def test_auto_upgrade_is_reported_with_its_target_unless_pinned_or_provisioned() -> None:
    catalog = bundled_catalog()
    auto = run_audit([subject()], catalog, as_of=DEC_2025)
    found = [f for f in auto.shown if f.code == "AOAI606"]
    assert len(found) == 1 and found[0].severity is Severity.INFO
    assert "gpt-4o 2024-08-06 to gpt-5.1" in found[0].message
    assert found[0].details["date"] == auto.deployments[0].retirement_date.isoformat()
    assert auto.deployments[0].consequence.startswith("auto-upgrades to gpt-5.1")

    pinned = run_audit([subject(version_upgrade="NoAutoUpgrade")], catalog, as_of=DEC_2025)
    assert "AOAI606" not in codes(pinned)
    assert pinned.deployments[0].consequence.startswith("stops working on ")

    ptu = run_audit([subject(sku="ProvisionedManaged")], catalog, as_of=DEC_2025)
    assert "AOAI606" not in codes(ptu)
    assert ptu.deployments[0].consequence.startswith("provisioned deployments are not auto-upgraded")


def test_unset_policy_upgrades_at_retirement() -> None:
    report = run_audit([subject(version_upgrade=None)], bundled_catalog(), as_of=DEC_2025)
    d = report.deployments[0]
    assert d.consequence == f"auto-upgrades to gpt-5.1 at retirement on {d.retirement_date.isoformat()}"


def test_no_auto_upgrade_on_a_retiring_version_is_an_error_naming_the_day() -> None:
    catalog = bundled_catalog()
    mv = catalog.get("gpt-realtime", "2025-08-28")
    assert mv is not None and mv.lifecycle.retirement_date == date(2027, 2, 28)
    s = subject(model="gpt-realtime", version="2025-08-28", version_upgrade="NoAutoUpgrade")
    report = run_audit([s], catalog, as_of=date(2027, 1, 1))
    errors = [f for f in report.shown if f.code == "AOAI607"]
    assert len(errors) == 1 and errors[0].severity is Severity.ERROR
    assert errors[0].message.endswith("it stops working on 2027-02-28")
    assert "AOAI603" in codes(report)  # and the retiring warning itself
    calm = run_audit([s], catalog, as_of=date(2026, 6, 1))
    assert codes(calm) == []


def test_drift_between_file_and_azure_is_info() -> None:
    s = subject(model="gpt-realtime", version="2025-08-28", deployed_version="2025-09-01")
    report = run_audit([s], bundled_catalog(), as_of=date(2026, 6, 1))
    (drift,) = [f for f in report.shown if f.code == "AOAI608"]
    assert drift.severity is Severity.INFO
    assert "Azure runs gpt-realtime 2025-09-01; the file declares 2025-08-28" in drift.message


def test_merge_observed_adds_deployed_versions_and_undeclared_deployments() -> None:
    dep = DesiredDeployment(name="rt", model="gpt-realtime", version="2025-08-28", sku="GlobalStandard", capacity=1,
                            locations={"version": Location("f.yaml", 9, 14)})
    state = DesiredState(environment="prod", resource_group="rg", location="eastus2",
                         accounts=(DesiredAccount(name="a1", region="eastus2", deployments=(dep,)),))
    observed = ObservedState(subscription="sub", resource_group="rg", accounts=(ObservedAccount(
        name="a1", region="eastus2", kind="OpenAI", sku="S0", deployments=(
            ObservedDeployment(name="rt", model="gpt-realtime", version="2025-09-01", sku="GlobalStandard",
                               capacity=1, version_upgrade="OnceNewDefaultVersionAvailable"),
            ObservedDeployment(name="extra", model="gpt-realtime", version="2025-08-28", sku="GlobalStandard",
                               capacity=2),
        )),))
    merged = merge_observed(subjects_from_state(state), state, observed)
    assert [(s.deployment, s.origin, s.version, s.deployed_version) for s in merged] == [
        ("rt", "file", "2025-08-28", "2025-09-01"),
        ("rt", "azure", "2025-09-01", None),
        ("extra", "azure", "2025-08-28", None),
    ]
    assert merged[0].location == Location("f.yaml", 9, 14)
    report = run_audit(merged, bundled_catalog(), as_of=date(2026, 6, 1))
    assert "AOAI608" in codes(report)
    assert "AOAI609" in codes(report)  # 2025-09-01 is unknown to the bundled catalog
