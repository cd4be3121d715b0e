"""Keyless accounts: the identity running verify needs a data-plane role; without one verify names the 403."""

from __future__ import annotations

from typing import Any

import jwt

APP = "3c1e0000-1111-4222-8333-444455556666"  # the application's identity, granted in the file


def signed_in_principal(env: Any) -> str:
    """The object id verify calls as: the emulator's signed-in identity (same credential as apply's)."""
    from aoai_provision.azure.clients import client_kwargs
    from aoai_provision.azure.target import Target

    target = Target.from_options(emulator_state=env.state, emulator_config=env.config)
    token = client_kwargs(target)["credential"].get_token("https://cognitiveservices.azure.com/.default").token
    return str(jwt.decode(token, options={"verify_signature": False})["oid"])


def grant(env: Any, *principals: str) -> None:
    """The file's accounts grant Cognitive Services OpenAI User to ``principals`` (keyless, as prod.yaml is)."""
    def change(data: dict[str, Any]) -> None:
        data["defaults"]["account"]["role_assignments"] = [
            {"role": "Cognitive Services OpenAI User", "principal_id": p, "principal_type": "ServicePrincipal"}
            for p in principals]
    env.edit(change)
    env.ok(env.run("apply", "--yes"))


def test_a_missing_role_assignment_on_a_keyless_account_fails_naming_deployment_and_reason(applied: Any) -> None:
    principal = signed_in_principal(applied)
    grant(applied, APP)  # the app can call the deployments; the identity running verify cannot
    result = applied.run("verify", "--target", "account.aoai-prod-eastus2")
    assert result.exit_code == 1, result.output
    for name in ("realtime", "audio"):
        assert f"FAILED   account.aoai-prod-eastus2.deployment.{name}" in result.stdout
    assert (f"403 PermissionDenied: The principal `{principal}` lacks the required data action "
            "`Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action`") in result.stdout
    assert "account.aoai-prod-eastus2.deployment.audio" in result.stderr

    grant(applied, APP, principal)  # grant the pipeline's identity too: verify passes
    report = applied.verify(code=0)
    assert report["summary"]["failed"] == 0
