"""GitHub workflow-command annotations: the exact line format and escaping GitHub's runner parses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_provision.cli.annotations import (
    annotation_path,
    emit_github_annotations,
    escape_data,
    escape_property,
    format_annotation,
    github_annotate,
)
from aoai_provision.findings import Finding, Location, Severity


def finding(severity: Severity = Severity.ERROR, **kw: object) -> Finding:
    base: dict[str, object] = {"code": "AOAI101", "message": "unknown key 'versoin'",
                               "location": Location("environments/prod.yaml", 12, 14)}
    base.update(kw)
    return Finding(severity, **base)  # type: ignore[arg-type]


def unescape(text: str) -> str:
    """What GitHub's runner does to a value (the inverse of the escaping)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def test_error_with_location() -> None:
    assert format_annotation(finding(), workspace="") == (
        "::error file=environments/prod.yaml,line=12,col=14,title=AOAI101::unknown key 'versoin'")


@pytest.mark.parametrize(("severity", "level"), [
    (Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")])
def test_severity_maps_to_github_levels(severity: Severity, level: str) -> None:
    assert format_annotation(finding(severity), workspace="").startswith(f"::{level} file=")


def test_fix_goes_on_a_second_line_and_specials_are_escaped() -> None:
    line = format_annotation(finding(message="100% of quota: used\nnext", fix="lower capacity, or ask"),
                             workspace="")
    assert line.endswith("::100%25 of quota: used%0Anext%0AFix: lower capacity, or ask")
    assert "\n" not in line


def test_properties_escape_commas_and_colons() -> None:
    line = format_annotation(finding(code="a,b:c", location=Location("dir,x/file:1.yaml", 3, 0)), workspace="")
    assert line.startswith("::error file=dir%2Cx/file%3A1.yaml,line=3,title=a%2Cb%3Ac::")


def test_finding_without_location_names_the_resource() -> None:
    line = format_annotation(finding(location=None, resource="aoai-prod-eastus2/realtime"), workspace="")
    assert line == "::error title=AOAI101::aoai-prod-eastus2/realtime: unknown key 'versoin'"


def test_paths_become_relative_to_the_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "environments").mkdir()
    inside = str(tmp_path / "environments" / "prod.yaml")
    assert annotation_path(inside, str(tmp_path)) == "environments/prod.yaml"
    assert annotation_path("/elsewhere/prod.yaml", str(tmp_path)) == "/elsewhere/prod.yaml"
    assert annotation_path("./environments/prod.yaml", "") == "environments/prod.yaml"
    monkeypatch.chdir(tmp_path / "environments")
    assert annotation_path("prod.yaml", str(tmp_path)) == "environments/prod.yaml"


def test_emit_writes_one_line_per_finding() -> None:
    out = io.StringIO()
    count = emit_github_annotations([finding(), finding(Severity.WARNING)], out)
    assert count == 2
    assert [line.split(" ", 1)[0] for line in out.getvalue().splitlines()] == ["::error", "::warning"]


def test_github_annotate_only_inside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert github_annotate([finding()], out) == 0
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert github_annotate([finding()], out) == 1
    assert out.getvalue().count("::error") == 1


@settings(max_examples=60, deadline=None)
@given(message=st.text(), file=st.text(min_size=1).filter(lambda s: "\x00" not in s))
def test_any_text_round_trips_through_the_escaping(message: str, file: str) -> None:
    assert unescape(escape_data(message)) == message
    assert unescape(escape_property(file)) == file
    line = format_annotation(finding(message=message, location=Location(file, 1, 1)), workspace="")
    assert "\n" not in line and "\r" not in line
    head, _, data = line.partition("::")[2].partition("::")
    assert unescape(data) == message
    props = dict(p.split("=", 1) for p in head.split(" ", 1)[1].split(","))
    assert unescape(props["file"]) == annotation_path(file, "")
