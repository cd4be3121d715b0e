"""Exit 2 means "changes" under --detailed-exitcode and nothing else: usage errors exit 1 with the usage message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

USAGE_ERRORS = {
    "missing file": ["plan", "missing.yaml", "--detailed-exitcode"],
    "unknown option": ["plan", "--detailed-exitcod", "x.yaml"],
    "bad choice": ["plan", "x.yaml", "--engine", "terraform"],
    "unknown command": ["plna", "x.yaml"],
    "missing argument": ["validate"],
}


@pytest.mark.parametrize("name", list(USAGE_ERRORS))
def test_usage_errors_exit_1_with_the_usage_message(name: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from aoai_provision.cli import main

    (tmp_path / "x.yaml").write_text("environment: x\n", encoding="utf-8")
    args = [str(tmp_path / a) if a.endswith(".yaml") else a for a in USAGE_ERRORS[name]]
    result = CliRunner().invoke(main, args, prog_name="aoai-provision")
    assert result.exit_code == 1, result.output
    assert "Usage: aoai-provision" in result.output and "Error:" in result.output


def test_the_installed_command_exits_1_on_a_missing_plan_file(tmp_path: Path) -> None:
    """The console entry point (not only click's test runner) maps a usage error to 1."""
    done = subprocess.run([sys.executable, "-m", "aoai_provision", "plan", "missing.yaml", "--detailed-exitcode"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "Usage:" in done.stderr and "missing.yaml" in done.stderr
