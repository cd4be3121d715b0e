"""Lifecycle verdicts of `validate` (PRODUCT.md §5): error, warnings and info, each tagged as lifecycle."""

from __future__ import annotations

from datetime import date

from aoai_provision.catalog.catalog import Catalog
from aoai_provision.catalog.types import Lifecycle, ModelVersion, SkuOffer, Source


def _deploy(model: str, version: str, region: str = "swedencentral", sku: str = "GlobalStandard",
            capacity: int = 100) -> str:
    return (f"regions: [{region}]\ndeployments:\n"
            f"  - {{name: d, model: {model}, version: '{version}', sku: {sku}, capacity: {capacity}}}\n")


def _lifecycle(found):
    return [f for f in found if f.details.get("category") == "lifecycle"]


def test_confirmed_retired_is_an_error(compile_yaml, h) -> None:
    found = compile_yaml(_deploy("babbage-002", "1", sku="Standard"), header=True).findings
    finding = h.only(found, "AOAI601")
    assert finding.severity.value == "error" and "retired" in finding.message
    assert finding.details["category"] == "lifecycle" and finding.location.line == 5


def test_retired_error_names_the_replacement(compile_yaml, h) -> None:
    found = compile_yaml(_deploy("gpt-4.5-preview", "2025-02-27", capacity=10), header=True).findings
    finding = h.only(found, "AOAI601")
    assert "documented replacement: gpt-4.1 2025-04-14" in finding.message
    # gpt-4.1 is itself past its date on the compile date: the fix says so instead of promising it
    assert finding.fix.startswith("the documented replacement (gpt-4.1 2025-04-14) is not offered on GlobalStandard")
    assert "aoai-provision models --region swedencentral" in finding.fix


def test_firm_date_passed_is_probably_retired(compile_yaml, h) -> None:
    finding = h.only(compile_yaml(_deploy("gpt-4o", "2024-05-13", region="eastus2"), header=True).findings,
                     "AOAI610")
    assert finding.severity.value == "warning"
    assert "probably retired" in finding.message and "live models list decides" in finding.message


def test_no_earlier_than_date_passed_may_retire_at_any_time(compile_yaml, h) -> None:
    finding = h.only(compile_yaml(_deploy("gpt-4o-mini-realtime-preview", "2024-12-17"), header=True).findings,
                     "AOAI602")
    assert finding.severity.value == "warning" and "may retire at any time" in finding.message
    assert finding.details["retirement_date"] == "2026-02-28"


def test_retiring_within_90_days_warns(compile_yaml, h) -> None:
    text = _deploy("text-embedding-3-large", "1")
    finding = h.only(compile_yaml(text, header=True, as_of=date(2027, 3, 1)).findings, "AOAI603")
    assert finding.severity.value == "warning" and "in 45 days" in finding.message
    assert _lifecycle(compile_yaml(text, header=True, as_of=date(2026, 11, 24)).findings) == []


def _synthetic(status: str) -> Catalog:
    source = Source("test", "test data", "2026-01-01")
    offer = SkuOffer("GlobalStandard", "OpenAI.GlobalStandard.m", capacity_max=1000, tpm_per_unit=1000,
                     rpm_per_unit=6.0)
    mv = ModelVersion("m", "1", lifecycle=Lifecycle(status=status), offers={"swedencentral": (offer,)},
                      availability_source=source)
    return Catalog([mv], "2026-01-01")


def test_deprecated_and_preview_are_info(compile_yaml, h) -> None:
    for status, code in (("Deprecated", "AOAI604"), ("Preview", "AOAI605")):
        found = compile_yaml(_deploy("m", "1", capacity=1), header=True, catalog_override=_synthetic(status)).findings
        finding = h.only(found, code)
        assert finding.severity.value == "info" and finding.details["category"] == "lifecycle"


def test_as_of_changes_the_verdict(compile_yaml, h) -> None:
    text = _deploy("gpt-4o-mini-realtime-preview", "2024-12-17")
    early = h.codes(_lifecycle(compile_yaml(text, header=True, as_of=date(2026, 1, 15)).findings))
    assert early == ["AOAI603"]
