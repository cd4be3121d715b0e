"""The real CLI with CI variables set: plain output, annotations in GitHub Actions, no prompts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aoai_provision.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "ci"
ANSI = "\x1b["
CLEAN = {name: None for name in ("CI", "GITHUB_ACTIONS", "TF_BUILD", "BUILD_BUILDID", "GITLAB_CI",
                                 "NO_COLOR", "GITHUB_WORKSPACE",
                                 "AZURE_SUBSCRIPTION_ID", "AOAI_PROVISION_EMULATOR_CONFIG")}
GITHUB = {**CLEAN, "CI": "true", "GITHUB_ACTIONS": "true"}
AZURE_PIPELINES = {**CLEAN, "TF_BUILD": "True"}
ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$", re.M)


def invoke(args: list[str], env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name in ("bad.yaml", "dev.yaml", "prod.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def test_validate_in_github_actions_annotates_the_bad_lines(files: Path) -> None:
    bad = str(files / "bad.yaml")
    result = invoke(["validate", bad], GITHUB)
    assert result.exit_code == 1
    annotations = {(m[0], m[1], m[2], m[3], m[4]) for m in ANNOTATION.findall(result.output)}
    assert ("error", bad, "9", "5", "unknown-key") in annotations, result.output
    assert ANSI not in result.output
    # The usual compiler-style lines are still there for people reading the log.
    assert f"{bad}:9:5: error" in result.output


def test_validate_outside_github_prints_no_workflow_commands(files: Path) -> None:
    result = invoke(["validate", str(files / "bad.yaml")], AZURE_PIPELINES)
    assert result.exit_code == 1
    assert "::error" not in result.output
    assert "bad.yaml:9:5: error" in result.output
    assert ANSI not in result.output


def test_audit_in_github_actions_annotates_the_declared_versions(files: Path) -> None:
    prod = files / "prod.yaml"
    result = invoke(["audit", str(prod), "--as-of", "2026-11-24", "--fail-within", "30"], GITHUB)
    assert result.exit_code == 3, result.output
    found = ANNOTATION.findall(result.output)
    assert found, result.output
    lines = prod.read_text(encoding="utf-8").splitlines()
    for level, path, line, _col, code, message in found:
        assert path == str(prod)
        declared = lines[int(line) - 1]
        if "AOAI620" in code:  # no explicit content filter: a notice at the deployment's entry
            assert level == "notice" and "name:" in declared
            assert declared.split("name:", 1)[1].split(",")[0].strip(" {}'\"") in message
            continue
        # Each lifecycle annotation sits on a deployment's version line and names that version.
        assert "version:" in declared, declared
        version = declared.split("version:", 1)[1].split("#")[0].strip().strip("\"'")
        assert version in message
        assert level in ("error", "warning", "notice")
    assert any(level == "error" and "2024-12-17" in message for level, *_, message in found)
    assert ANSI not in result.output


def test_apply_in_ci_without_yes_refuses_and_writes_nothing(files: Path) -> None:
    state = files / "emulator.json"
    target = ["--emulator", "--emulator-state", str(state)]
    result = invoke(["apply", str(files / "dev.yaml"), *target], AZURE_PIPELINES)
    assert result.exit_code == 1
    assert "--yes" in result.output and "non-interactive" in result.output
    assert ANSI not in result.output
    # Nothing was written: the same changes are still pending.
    again = invoke(["plan", str(files / "dev.yaml"), *target, "--detailed-exitcode"], AZURE_PIPELINES)
    assert again.exit_code == 2, again.output


def test_plan_output_in_ci_has_no_colour_codes(files: Path) -> None:
    target = ["--emulator", "--emulator-state", str(files / "emulator.json")]
    result = invoke(["plan", str(files / "dev.yaml"), *target], {**GITHUB, "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "+" in result.output and ANSI not in result.output


def test_apply_in_ci_reports_progress_as_timestamped_lines(files: Path) -> None:
    target = ["--emulator", "--emulator-state", str(files / "emulator.json")]
    result = invoke(["apply", str(files / "dev.yaml"), *target, "--yes"], AZURE_PIPELINES)
    assert result.exit_code == 0, result.output
    stamped = re.findall(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (.+)$", result.output, re.M)
    # One line when each write starts and one when it is done: resource group, account, 2 deployments.
    assert len([s for s in stamped if s.endswith(")") and "done" in s]) == 4, result.output
    assert any("deployment realtime" in s for s in stamped)
    assert ANSI not in result.output and "\r" not in result.output
    assert not re.search("[\u2800-\u28ff]", result.output)  # no spinner frames


def test_plan_in_github_actions_annotates_its_warnings_on_the_yaml_lines(files: Path) -> None:
    prod = files / "prod.yaml"
    target = ["--emulator", "--emulator-state", str(files / "emulator.json"), "--as-of", "2026-11-24"]
    result = invoke(["plan", str(prod), *target], GITHUB)
    assert result.exit_code == 0, result.output
    found = ANNOTATION.findall(result.output)
    lines = prod.read_text(encoding="utf-8").splitlines()
    assert found, result.output
    for level, path, line, _col, _code, _message in found:
        assert path == str(prod) and level == "warning"
        assert "version:" in lines[int(line) - 1]


def test_a_failed_preflight_is_annotated_in_github_actions(files: Path) -> None:
    prod = files / "prod.yaml"
    prod.write_text(prod.read_text(encoding="utf-8").replace("capacity: 120", "capacity: 5000"), encoding="utf-8")
    target = ["--emulator", "--emulator-state", str(files / "emulator.json")]
    result = invoke(["plan", str(prod), *target], GITHUB)
    assert result.exit_code == 1, result.output
    errors = [m for m in ANNOTATION.findall(result.output) if m[0] == "error"]
    assert errors, result.output
    assert any("capacity: 5000" in prod.read_text(encoding="utf-8").splitlines()[int(m[2]) - 1] for m in errors)
