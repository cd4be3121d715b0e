"""`aoai-provision validate` end to end: exit codes, located messages, JSON, --strict, --expanded, CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

AS_OF = ["--as-of", "2026-11-24"]

BAD_INPUTS: list[tuple[str, bytes, str, str]] = [
    ("syntax", b"environment: prod\nregions: [eastus2\nresource_group: x\n", "yaml-syntax", ":3:"),
    ("duplicate-key", b"environment: prod\nresource_group: a\nenvironment: dev\n", "duplicate-key", ":3:1:"),
    ("bomb", b"a: &a [x,x,x,x,x,x,x,x,x,x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n".encode() for i in range(9)),
        "yaml-too-large", ":"),
    ("empty", b"", "empty-file", ":1:1:"),
    ("not-mapping", b"- environment: prod\n", "root-not-mapping", ":1:1:"),
    ("binary", b"environment: prod\n\x00\x01\x02\xff", "not-text", ":2:1:"),
    ("latin-1", "environment: caf\u00e9\n".encode("latin-1"), "not-text", ":1:17:"),
    ("unknown-key", b"environment: prod\nresource_group: a\nregion: [eastus2]\n", "unknown-key", ":3:1:"),
    ("unresolved", b"environment: prod\nresource_group: ${NOPE_NOT_SET}\nregions: [eastus2]\n", "unresolved-variable",
     ":2:17:"),
]


@pytest.mark.parametrize(("name", "content", "code", "where"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_1_with_location_and_no_traceback(cli, tmp_path, name, content, code, where) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    result = cli("validate", str(path), *AS_OF)
    assert result.exit_code == 1, result.output
    line = next(ln for ln in result.stdout.splitlines() if f"error {code}:" in ln)
    assert line.startswith(f"{path}{where}") or (where == ":" and line.startswith(f"{path}:"))
    assert "Traceback" not in result.output and "Internal error" not in result.output
    assert result.stdout.splitlines()[-1].startswith("INVALID: 1 file checked")


def test_missing_file_and_directory(cli, tmp_path) -> None:
    result = cli("validate", str(tmp_path / "nope.yaml"), str(tmp_path), *AS_OF)
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}:1:1: error file-not-found" in result.stdout
    assert f"{tmp_path}:1:1: error not-a-file: is a directory" in result.stdout


def test_example_environments_validate_with_only_the_intended_warnings(cli, h) -> None:
    prod, dev = h.REPO / "environments" / "prod.yaml", h.REPO / "environments" / "dev.yaml"
    result = cli("validate", str(prod), str(dev), *AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    by_path = {Path(f["path"]).name: f for f in report["files"]}
    assert by_path["dev.yaml"]["findings"] == []
    prod_codes = [(f["code"], f["severity"]) for f in by_path["prod.yaml"]["findings"]]
    assert prod_codes == [("AOAI602", "warning")] * 2
    assert "AOAI602" in prod.read_text()  # explained in a comment of the file


def test_json_envelope_is_stable(cli, h, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("environment: prod\nresource_group: a\nregions: [westus9]\n")
    result = cli("validate", str(h.DATA / "both_forms.yaml"), str(bad), *AS_OF, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["format_version"] == 1
    assert [(Path(f["path"]).name, f["valid"]) for f in report["files"]] == [("both_forms.yaml", True),
                                                                           ("bad.yaml", False)]
    finding = report["files"][1]["findings"][0]
    assert finding["code"] == "unknown-region"
    assert finding["location"] == {"file": str(bad), "line": 3, "column": 11, "path": "regions[0]"}
    assert report["summary"]["files"] == 2 and report["summary"]["invalid"] == 1 and report["summary"]["errors"] == 1


def test_findings_are_sorted_by_location(cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("environment: prod\nresource_group: a\nregions: [westus9]\nfoo: 1\ntags: {a: [1]}\n")
    result = cli("validate", str(bad), *AS_OF)
    lines = [ln for ln in result.stdout.splitlines() if ": error " in ln]
    numbers = [int(ln.split(":")[1]) for ln in lines]
    assert numbers == sorted(numbers) and len(numbers) == 2  # typing stops before expansion


def test_strict_fails_on_warnings(cli, h) -> None:
    prod = str(h.REPO / "environments" / "prod.yaml")
    assert cli("validate", prod, *AS_OF).exit_code == 0
    result = cli("validate", prod, *AS_OF, "--strict")
    assert result.exit_code == 1
    assert "--strict: warnings fail" in result.stdout


def test_expanded_json_prints_the_desired_state(cli, h) -> None:
    result = cli("validate", str(h.DATA / "both_forms.yaml"), *AS_OF, "--expanded", "--format", "json")
    assert result.exit_code == 0, result.output
    state = json.loads(result.stdout)
    rows = [(a["name"], a["region"], d["name"], d["model"], d["version"], d["sku"], d["capacity"])
            for a in state["accounts"] for d in a["deployments"]]
    assert rows == [
        ("aoai-staging-eastus2", "eastus2", "realtime", "gpt-realtime", "2025-08-28", "GlobalStandard", 20),
        ("aoai-staging-eastus2", "eastus2", "embed", "text-embedding-3-small", "1", "GlobalStandard", 10),
        ("aoai-staging-swedencentral", "swedencentral", "realtime", "gpt-realtime", "2025-08-28", "GlobalStandard", 20),
        ("aoai-staging-swedencentral", "swedencentral", "embed", "text-embedding-3-small", "1", "GlobalStandard", 20),
        ("aoai-staging-batch", "swedencentral", "embed", "text-embedding-3-large", "1", "Standard", 120),
    ]
    assert state["subscription"] == "11111111-1111-1111-1111-111111111111"


def test_expanded_text_uses_the_environment_variables(cli, h) -> None:
    result = cli("validate", str(h.DATA / "both_forms.yaml"), *AS_OF, "--expanded",
                 env={"AZURE_SUBSCRIPTION_ID": "22222222-2222-2222-2222-222222222222"})
    assert result.exit_code == 0
    assert "subscription 22222222-2222-2222-2222-222222222222" in result.stdout
    assert "    embed: text-embedding-3-large 1 on Standard, capacity 120" in result.stdout


def test_github_actions_annotations(cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("environment: prod\nresource_group: a\nregions: [westus9]\n")
    result = cli("validate", str(bad), *AS_OF, env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)})
    assert result.exit_code == 1
    assert "::error file=bad.yaml,line=3,col=11,title=unknown-region::unknown region 'westus9'" in result.stderr
    plain = cli("validate", str(bad), *AS_OF)
    assert "::error" not in plain.output


def test_output_file(cli, h, tmp_path) -> None:
    out = tmp_path / "report.json"
    result = cli("validate", str(h.DATA / "both_forms.yaml"), *AS_OF, "--format", "json", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["summary"]["valid"] == 1


def _console_script() -> str:
    script = Path(sys.executable).with_name("aoai-provision")
    return str(script) if script.exists() else "aoai-provision"


def test_real_console_script_reports_bad_yaml_without_traceback(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("environment: prod\nresource_group: [\n")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    proc = subprocess.run([_console_script(), "validate", str(bad)], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert proc.returncode == 1
    assert f"{bad}:3:1: error yaml-syntax" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_validate_and_help_do_not_import_the_azure_sdk() -> None:
    code = ("import sys, aoai_provision.cli.validate, aoai_provision.cli.schema, aoai_provision.api.validate;"
            "from aoai_provision.catalog.bundled import bundled_catalog; bundled_catalog();"
            "bad = sorted(m for m in sys.modules if m.startswith('azure')); assert not bad, bad")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def test_common_options_debug_and_no_color_also_work_after_the_command(cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("environment: dev\nresource_group: rg\nregions: [swedencentral]\ndeploymnets: []\n")
    result = cli("validate", str(bad), "--no-color", "--debug", *AS_OF)
    assert result.exit_code == 1, result.output
    assert "No such option" not in result.output and "unknown key 'deploymnets'" in result.stdout
