"""Report formats: SARIF 2.1.0 (schema-valid, lines match the YAML), JUnit, CSV, Markdown, table, --output."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import FormatChecker, validators

AS_OF = "2026-11-24"


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((Path(__file__).resolve().parents[1] / "data" / "audit" / "sarif-schema-2.1.0.json")
                        .read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=FormatChecker())


def test_sarif_is_valid_and_points_at_the_version_lines(work: Path, cli, sarif_validator) -> None:
    result = cli("audit", "realtime-retired.yaml", "previews.yaml", "explicit-retired.yaml", "--as-of", AS_OF,
                 "--format", "sarif", "--output", "audit.sarif")
    assert result.exit_code == 0
    log = json.loads((work / "audit.sarif").read_text())
    errors = [e.message for e in sarif_validator.iter_errors(log)]
    assert errors == []
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["AOAI601"]["help"]["text"] and rules["AOAI601"]["helpUri"].startswith("https://")
    assert run["results"], "expected results"
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:"))  # relative to the working directory
        lines = (work / uri).read_text().splitlines()
        text = lines[loc["region"]["startLine"] - 1]
        assert rules[res["ruleId"]]["id"] == res["ruleId"]
        if res["ruleId"] == "AOAI620":  # no explicit content filter: a note at the deployment's entry
            assert res["level"] == "note" and "name:" in text
            continue
        assert res["properties"]["version"] in text  # the line that declares the version
        col = loc["region"]["startColumn"]
        assert text[col - 1:].lstrip("'\"").startswith(res["properties"]["version"])
        assert rules[res["ruleId"]]["id"] == res["ruleId"]
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "note"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("bundled catalog" in n["message"]["text"] for n in notes)


def test_sarif_of_a_clean_file_is_valid_and_empty(work: Path, cli, sarif_validator) -> None:
    result = cli("audit", "explicit-retired.yaml", "--as-of", AS_OF, "--min-severity", "error", "--format", "sarif")
    log = json.loads(result.stdout)
    assert list(sarif_validator.iter_errors(log)) == []
    assert len(log["runs"][0]["results"]) == 1  # only the retired one is an error


def test_junit_has_one_case_per_deployment_and_fails_errors(work: Path, cli) -> None:
    result = cli("audit", "explicit-retired.yaml", "previews.yaml", "--as-of", AS_OF, "--format", "junit")
    root = ET.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert len(cases) == 2 + 4
    assert root.get("tests") == "6"
    failed = {c.get("name").split(" ")[0] for c in cases if c.find("failure") is not None}
    assert failed == {"aoai-batch-eus2/voice", "aoai-prod-eastus2/realtime", "aoai-prod-eastus2/audio",
                      "aoai-prod-swedencentral/realtime", "aoai-prod-swedencentral/audio"}
    voice = next(c for c in cases if c.get("name").startswith("aoai-batch-eus2/voice"))
    assert voice.find("failure").get("type") == "AOAI601"
    assert "2025-03-26" in voice.find("failure").text
    assert voice.get("file") == "explicit-retired.yaml" and voice.get("line") == "9"


def test_junit_fails_gated_warnings_only_with_fail_within(work: Path, cli) -> None:
    args = ("audit", "explicit-retired.yaml", "--as-of", AS_OF, "--warn-within", "120", "--format", "junit")
    plain = ET.fromstring(cli(*args).stdout)
    rt = next(c for c in plain.iter("testcase") if c.get("name").startswith("aoai-batch-eus2/rt"))
    assert rt.find("failure") is None and "AOAI603" in rt.find("system-out").text
    gated = ET.fromstring(cli(*args, "--fail-within", "100").stdout)
    rt = next(c for c in gated.iter("testcase") if c.get("name").startswith("aoai-batch-eus2/rt"))
    assert rt.find("failure") is not None


def test_csv_rows_carry_the_facts(work: Path, cli) -> None:
    result = cli("audit", "realtime-retired.yaml", "--as-of", AS_OF, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # by line: the deployment's entry (620: no explicit content filter, info), then its version line
    assert [r["code"] for r in rows] == ["AOAI620", "AOAI601", "AOAI607"]
    first = rows[1]
    assert first["retirement_date"] == "2025-03-26" and first["retirement_qualifier"] == "retired"
    assert first["replacement"] == "gpt-realtime 2025-08-28"
    assert first["file"] == "realtime-retired.yaml" and first["line"] == "16"
    assert first["upgrade_policy"] == "NoAutoUpgrade" and first["region"] == "eastus2"
    assert "Retired models" in first["retirement_source"]


def test_markdown_for_pull_requests(work: Path, cli) -> None:
    result = cli("audit", "previews.yaml", "--as-of", AS_OF, "--fail-within", "90", "--format", "markdown")
    assert result.exit_code == 3
    md = result.stdout
    assert md.startswith("## aoai-provision audit")
    assert "4 finding(s) within 90 days: failing" in md
    assert "> [!WARNING]" in md and "bundled catalog" in md
    row = next(line for line in md.splitlines() if "aoai-prod-swedencentral" in line and "AOAI602" in line)
    assert "no earlier than 2026-02-28" in row and "`previews.yaml:" in row
    assert "<details><summary>All deployments</summary>" in md


def test_plain_table_when_not_a_terminal(work: Path, cli) -> None:
    result = cli("audit", "realtime-retired.yaml", "--as-of", AS_OF, "--fail-within", "30")
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0].startswith("realtime-retired.yaml:14:5: info AOAI620")  # at the entry: no content filter
    assert lines[1].startswith("realtime-retired.yaml:16:14: error AOAI601")
    assert lines[1].endswith("[fail-within]") and not lines[0].endswith("[fail-within]")
    assert "\x1b[" not in result.stdout  # no colour codes when not a TTY
    assert lines[-1].startswith("1 deployment(s) audited as of 2026-11-24: 2 error(s)")


def test_table_in_github_actions_emits_annotations(work: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("audit", "realtime-retired.yaml", "--as-of", AS_OF)
    assert "::error file=realtime-retired.yaml,line=16,col=14,title=AOAI601::" in result.stderr


def test_rich_table_for_terminals_is_coloured_by_severity(work: Path) -> None:
    from rich.console import Console

    from aoai_provision.api.audit import AuditOptions, audit
    from aoai_provision.audit.formats.table import table_renderables

    report = audit([Path("realtime-retired.yaml")], AuditOptions(as_of=date(2026, 11, 24)))
    console = Console(record=True, width=220, force_terminal=True, color_system="truecolor", file=io.StringIO())
    for part in table_renderables(report):
        console.print(part)
    text = console.export_text(clear=False)
    assert "account aoai-legacy-eastus2" in text and "voice: " in text and "2025-03-26" in text
    assert "gpt-realtime 2025-08-28" in text
    assert "realtime-retired.yaml:16:14" in text
    assert "\x1b[1;31m" in console.export_text(styles=True)  # errors in bold red


def _terminal_table(report: Any, width: int) -> str:
    from rich.console import Console

    from aoai_provision.audit.formats.table import table_renderables

    console = Console(record=True, width=width, force_terminal=True, color_system="truecolor", file=io.StringIO())
    for part in table_renderables(report):
        console.print(part)
    return console.export_text(clear=False)


@pytest.mark.parametrize("width", [100, 140, 200])
def test_terminal_table_never_splits_a_model_name_and_groups_by_account(work: Path, width: int) -> None:
    from aoai_provision.api.audit import AuditOptions, audit

    report = audit([Path("previews.yaml"), Path("realtime-retired.yaml")], AuditOptions(as_of=date(2026, 11, 24)))
    text = _terminal_table(report, width)
    lines = text.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    names = {str(f.details.get(k, {}).get("model") if k == "replacement" else f.details.get("model"))
             for f in report.shown for k in ("model", "replacement") if f.details.get(k)}
    assert "gpt-4o-mini-realtime-preview" in names and "gpt-realtime" in names
    joined = re.sub(r"\s*\n\s*", "", text)  # a name broken across lines appears whole only here
    for name in names:
        assert text.count(name) == joined.count(name) and text.count(name) > 0, (name, text)
    # one heading per account, each finding under its account's heading
    headings = [i for i, line in enumerate(lines) if line.startswith("account ")]
    assert [lines[i].split()[1] for i in headings] == ["aoai-prod-eastus2", "aoai-prod-swedencentral",
                                                       "aoai-legacy-eastus2"]
    voice = next(i for i, line in enumerate(lines) if "voice: gpt-4o-realtime-preview 2024-10-01" in line)
    assert voice > headings[2]


def test_output_file_for_the_table_format_is_plain(work: Path, cli) -> None:
    result = cli("audit", "realtime-retired.yaml", "--as-of", AS_OF, "-o", "report.txt")
    assert result.stdout == ""
    lines = (work / "report.txt").read_text().splitlines()
    assert lines[1].startswith("realtime-retired.yaml:16:14: error AOAI601") and "\x1b[" not in lines[1]


def test_json_contract_is_documented(work: Path, audit_json) -> None:
    from aoai_provision.audit.rules import RULES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "audit-json.md").read_text(encoding="utf-8")
    _, report = audit_json("realtime-retired.yaml", "--as-of", AS_OF)
    assert report["format_version"] == 1
    for key in report:
        assert f"`{key}`" in doc or f"`{key}." in doc, key
    for key in report["deployments"][0]:
        assert f"`{key}`" in doc or f"`{key}." in doc, key
    for key in report["findings"][0]:
        assert f"`{key}`" in doc, key
    for rule in RULES:
        assert f"| {rule.code} | `{rule.name}` |" in doc
