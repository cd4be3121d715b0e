"""`emulator serve` over HTTPS with a CA bundle; a missing subscription and a failed login explain what to do."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from click.testing import CliRunner


def test_apply_and_plan_over_https_against_emulator_serve(env: Any) -> None:
    server = subprocess.Popen([sys.executable, "-m", "aoai_provision", "emulator", "serve", "--port", "0",
                               "--state", str(env.root / "served.json")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=env.root)
    try:
        assert server.stdout is not None
        ready = json.loads(server.stdout.readline())
        args = ["--endpoint", ready["endpoint"], "--ca-bundle", ready["ca_bundle"]]
        from aoai_provision.cli import main

        runner = CliRunner()
        applied = runner.invoke(main, ["apply", str(env.file), "--yes", *args])
        assert applied.exit_code == 0, applied.output
        planned = runner.invoke(main, ["plan", str(env.file), "--detailed-exitcode", *args])
        assert planned.exit_code == 0, planned.output
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_real_azure_without_a_subscription_says_how_to_set_one(env: Any) -> None:
    from aoai_provision.cli import main

    env.edit(lambda d: d.pop("subscription"))
    result = CliRunner().invoke(main, ["plan", str(env.file)])
    assert result.exit_code == 1
    assert "subscription" in result.output and "--subscription" in result.output and "--emulator" in result.output


def test_a_failed_login_says_how_to_log_in() -> None:
    from azure.identity import CredentialUnavailableError

    from aoai_provision.azure.errors import wrap_sdk_error

    err = wrap_sdk_error(CredentialUnavailableError("DefaultAzureCredential failed to retrieve a token"))
    assert err.code == "AuthenticationFailed"
    assert "az login" in (err.fix or "") and "--emulator" in (err.fix or "")
