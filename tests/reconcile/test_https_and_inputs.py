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
        untrusted = runner.invoke(main, ["plan", str(env.file), "--endpoint", ready["endpoint"]])
        assert untrusted.exit_code == 1
        assert "CERTIFICATE_VERIFY_FAILED" in untrusted.output and "--ca-bundle" in untrusted.output
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


def test_an_expired_secret_names_the_aadsts_reason_and_the_fix() -> None:
    from azure.core.exceptions import ClientAuthenticationError

    from aoai_provision.azure.errors import wrap_sdk_error

    message = ("ClientSecretCredential.get_token failed: Authentication failed: AADSTS7000222: The provided client "
               "secret keys for app 'a1' are expired.\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\n"
               "Timestamp: 2026-11-30 04:49:28Z")
    err = wrap_sdk_error(ClientAuthenticationError(message))
    assert err.code == "AADSTS7000222"
    assert str(err).startswith("Not signed in to Azure: AADSTS7000222: The provided client secret keys for app "
                               "'a1' are expired. (Entra ID trace id t-1)")
    assert "create a new client secret" in (err.fix or "")


def test_an_emulator_state_of_another_format_is_named_not_reported_as_an_azure_failure(env: Any) -> None:
    env.state.write_text(json.dumps({"something": "else"}), encoding="utf-8")
    result = env.ok(env.run("plan"), 1)
    assert "has an unknown format" in result.output and f"rm {env.state}" in result.output
    assert "Azure call failed" not in result.output and "InputError" not in result.output
    # the fix must not send the user to `emulator reset`, which refuses such a file as well
    from aoai_provision.cli import main

    reset = CliRunner().invoke(main, ["emulator", "reset", "--emulator-state", str(env.state)])
    assert reset.exit_code == 1 and "emulator reset" not in reset.output
    assert json.loads(env.state.read_text(encoding="utf-8")) == {"something": "else"}


def test_an_endpoint_that_is_not_https_is_refused_before_any_call(env: Any) -> None:
    from aoai_provision.cli import main

    result = CliRunner().invoke(main, ["plan", str(env.file), "--endpoint", "127.0.0.1:8443"])
    assert result.exit_code == 1
    assert "is not an https:// URL" in result.output and "Bearer token" not in result.output


def test_subscription_option_overrides_an_unset_variable_in_the_file(env: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("AOAI_QA_UNSET_SUBSCRIPTION", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    env.edit(lambda d: d.update(subscription="${AOAI_QA_UNSET_SUBSCRIPTION}"))
    unset = env.ok(env.run("plan"), 1)
    assert "unresolved-variable" in unset.output and "AOAI_QA_UNSET_SUBSCRIPTION" in unset.output
    sub = "44444444-4444-4444-4444-444444444444"
    saved = env.root / "plan.json"
    env.ok(env.run("plan", "--subscription", sub, "--out", str(saved)))
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["subscription"] == sub and data["desired"]["subscription"] == sub


def test_apply_and_plan_sign_in_through_default_azure_credential_env_vars(env: Any, tmp_path: Any) -> None:
    """The real credential path: EnvironmentCredential's client secret, authority pointed at `emulator serve`."""
    from aoai_provision.cli import main
    from aoai_provision.emulator.config import EmulatorConfig
    from aoai_provision.emulator.server import sign_in_info, start_server

    running = start_server(tmp_path / "served" / "state.json",
                           EmulatorConfig(request_log=tmp_path / "requests.jsonl"))
    try:
        info = sign_in_info(running)
        variables = {"AZURE_TENANT_ID": info["tenant_id"], "AZURE_CLIENT_ID": info["client_id"],
                     "AZURE_CLIENT_SECRET": info["client_secret"], "AZURE_AUTHORITY_HOST": info["authority"]}
        args = ["--endpoint", info["endpoint"], "--ca-bundle", info["ca_bundle"]]
        runner = CliRunner()
        applied = runner.invoke(main, ["apply", str(env.file), "--yes", *args], env=variables)
        assert applied.exit_code == 0, applied.output
        planned = runner.invoke(main, ["plan", str(env.file), "--detailed-exitcode", *args], env=variables)
        assert planned.exit_code == 0, planned.output
        wrong = runner.invoke(main, ["plan", str(env.file), *args], env={**variables, "AZURE_CLIENT_SECRET": "x"})
        assert wrong.exit_code == 1 and "Not signed in to Azure" in wrong.output  # a wrong secret is refused
        # with Entra ID's reason, not only DefaultAzureCredential's first line, and what to change
        assert "EnvironmentCredential: AADSTS7000215: Invalid client secret provided." in wrong.output
        assert "AZURE_CLIENT_SECRET to the secret's value" in wrong.output
    finally:
        running.stop()
    log = [json.loads(line) for line in (tmp_path / "requests.jsonl").read_text().splitlines()]
    assert any(e["operation"] == "Entra_Token" and e["status"] == 200 for e in log)
    assert any(e["operation"] == "Entra_Token" and e["status"] == 401 for e in log)  # the wrong secret
    assert not any(e["status"] == 401 for e in log if e["operation"] != "Entra_Token")  # tokens verified
