"""checkov finds no failed check on the templates of a secure environment (public access and local auth off)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.api.render import render_state
from aoai_provision.spec.model import DesiredState

pytest.importorskip("checkov", reason="checkov is in the test extra: pip install '.[test]'")

REQUIRED = {"CKV_AZURE_134", "CKV_AZURE_236", "CKV_AZURE_238"}


def run_checkov(directory: Path, framework: str) -> dict[str, Any]:
    """`checkov -d DIR --framework F --output json --compact`, offline (no Prisma Cloud download)."""
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "checkov.main", "-d", str(directory), "--framework", framework,
         "--output", "json", "--compact", "--skip-download"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert proc.stdout.strip(), proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert isinstance(report, dict), f"checkov scanned nothing in {directory}: {proc.stdout[:300]}"
    return report


@pytest.fixture(scope="module")
def reports(secure: DesiredState, insecure: DesiredState,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One checkov run per framework over `secure/` and `insecure/` renderings; framework -> report."""
    out = {}
    for fmt, framework in (("arm", "arm"), ("bicep", "bicep")):
        root = tmp_path_factory.mktemp(fmt)
        render_state(secure, fmt, root / "secure")
        render_state(insecure, fmt, root / "insecure")
        out[framework] = run_checkov(root, framework)
    return out


def _checks(report: dict[str, Any], outcome: str, folder: str) -> list[tuple[str, str]]:
    return [(c["check_id"], c["resource"]) for c in report["results"][outcome]
            if c["file_path"].strip("/").startswith(folder + "/")]


@pytest.mark.parametrize("framework", ["arm", "bicep"])
def test_secure_environment_fails_no_check(reports: dict[str, dict[str, Any]], framework: str) -> None:
    report = reports[framework]
    assert report["summary"]["parsing_errors"] == 0
    assert _checks(report, "failed_checks", "secure") == []
    passed = _checks(report, "passed_checks", "secure")
    for account in ("aoai-prod-eastus2", "aoai-prod-swedencentral"):
        # ARM names resources by name, Bicep by symbol (acct_aoai_prod_eastus2)
        on_account = {check for check, resource in passed
                      if account in resource or account.replace("-", "_") in resource}
        assert on_account >= REQUIRED, (account, sorted(on_account))


@pytest.mark.parametrize("framework", ["arm", "bicep"])
def test_insecure_environment_is_flagged(reports: dict[str, dict[str, Any]], framework: str) -> None:
    """The scan has teeth: public access, local auth and no identity are each reported."""
    failed = {check for check, _ in _checks(reports[framework], "failed_checks", "insecure")}
    assert failed >= REQUIRED
