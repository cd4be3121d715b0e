"""The library entry points other commands use: load_environment and validate_files."""

from __future__ import annotations

from datetime import date

from aoai_provision.api.environment import load_environment
from aoai_provision.api.validate import validate_files


def test_state_is_present_with_lifecycle_errors_and_they_are_marked(tmp_path, catalog) -> None:
    path = tmp_path / "env.yaml"
    path.write_text("environment: dev\nresource_group: rg\nregions: [swedencentral]\ndeployments:\n"
                    "  - {name: old, model: gpt-4.5-preview, version: 2025-02-27, sku: GlobalStandard, capacity: 10}\n")
    result = load_environment(path, environ={}, catalog=catalog, as_of=date(2026, 11, 24))
    assert result.source == str(path)
    assert result.state is not None and result.state.accounts[0].deployments[0].version == "2025-02-27"
    assert not result.valid and result.only_lifecycle_errors()
    assert [f.code for f in result.findings] == ["AOAI601"]


def test_environment_mapping_is_used_instead_of_the_process_environment(tmp_path, catalog) -> None:
    path = tmp_path / "env.yaml"
    path.write_text("environment: dev\nresource_group: rg-${SUFFIX}\nlocation: eastus2\n")
    result = load_environment(path, environ={"SUFFIX": "x"}, catalog=catalog, as_of=date(2026, 11, 24))
    assert result.valid and result.state.resource_group == "rg-x" and result.state.location == "eastus2"


def test_bad_files_are_findings_not_exceptions(tmp_path) -> None:
    result = load_environment(tmp_path / "missing.yaml")
    assert result.state is None and [f.code for f in result.findings] == ["file-not-found"]


def test_validate_files_strict_counts_warnings(h) -> None:
    prod = h.REPO / "environments" / "prod.yaml"
    assert validate_files([prod], as_of=date(2026, 11, 24)).valid
    report = validate_files([prod], as_of=date(2026, 11, 24), strict=True)
    assert not report.valid and report.counts()["warnings"] == 2
