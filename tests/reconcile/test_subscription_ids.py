"""A subscription id that is not a GUID never reaches ARM; the emulator refuses one as ARM does."""

from __future__ import annotations

from typing import Any


def test_apply_refuses_a_subscription_that_is_not_a_guid_before_any_request(env: Any) -> None:
    result = env.ok(env.run("apply", "--yes", "--subscription", "not-a-guid"), 1)
    assert "is not a subscription id" in result.output and "--subscription" in result.output
    assert env.requests() == []


def test_the_emulator_refuses_a_malformed_subscription_as_arm_does(env: Any) -> None:
    from azure.core.exceptions import HttpResponseError

    from aoai_provision.azure.clients import build_clients
    from aoai_provision.azure.target import Target

    clients = build_clients(Target.from_options(emulator_state=env.state), "my%2Fsub")
    try:
        clients.resources.resource_groups.create_or_update("rg-x", {"location": "eastus2"})
    except HttpResponseError as exc:
        assert exc.status_code == 400 and exc.error is not None and exc.error.code == "InvalidSubscriptionId"
    else:
        raise AssertionError("a malformed subscription id was accepted")
