"""Long-running operations as ARM does them, through the real SDK and as raw responses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError

ACCT = "/subscriptions/{sub}/resourceGroups/rg1/providers/Microsoft.CognitiveServices/accounts/acct1"
DEPLOYMENT_BODY = {"sku": {"name": "GlobalStandard", "capacity": 10},
                   "properties": {"model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-11-20"}}}


def acct(emu: Any) -> str:
    return ACCT.format(sub=emu.SUB)


def test_account_create_answers_201_creating_with_an_async_operation_that_carries_api_version(emu: Any) -> None:
    emu.rg()
    body = {"location": "swedencentral", "kind": "OpenAI", "sku": {"name": "S0"}}
    first = emu.raw("PUT", acct(emu), body)
    assert first.status == 201
    assert json.loads(first.body)["properties"]["provisioningState"] == "Creating"
    monitor = first.headers["Azure-AsyncOperation"]
    assert "api-version=2025-09-01" in monitor and "/operationStatuses/" in monitor
    status = emu.transport.app.handle(_get(emu, monitor))
    assert json.loads(status.body)["status"] == "Succeeded"
    account = emu.cognitive.accounts.get("rg1", "acct1")
    assert account.properties.provisioning_state == "Succeeded"
    assert emu.raw("PUT", acct(emu), body).status == 200  # the same PUT again updates


def _get(emu: Any, url: str) -> Any:
    from aoai_provision.emulator.app import EmuRequest

    return EmuRequest("GET", url, {"Authorization": f"Bearer {emu.token()}"})


def test_deployment_put_answers_201_then_200_never_202(ready: Any) -> None:
    path = acct(ready) + "/deployments/d1"
    created = ready.raw("PUT", path, DEPLOYMENT_BODY)
    assert created.status == 201 and "Azure-AsyncOperation" in created.headers
    assert json.loads(created.body)["properties"]["provisioningState"] == "Accepted"
    assert ready.raw("PUT", path, DEPLOYMENT_BODY).status == 200
    result = ready.deploy("d2").result()
    assert result.properties.provisioning_state == "Succeeded" and result.sku.capacity == 10


def test_poll_hints_never_exceed_the_time_left_and_are_never_zero(emu_factory: Any) -> None:
    emu = emu_factory(lro_seconds={"deployment_create": 2.5}, retry_after_ms=5000)
    emu.rg()
    emu.account()
    first = emu.raw("PUT", acct(emu) + "/deployments/d1", DEPLOYMENT_BODY)
    assert first.headers["Retry-After"] == "2"
    emu.clock.advance(2.0)
    poll = emu.transport.app.handle(_get(emu, first.headers["Azure-AsyncOperation"]))
    assert json.loads(poll.body)["status"] == "InProgress"
    assert "Retry-After" not in poll.headers and 1 <= int(poll.headers["retry-after-ms"]) <= 500
    emu.clock.advance(0.5)
    done = emu.transport.app.handle(_get(emu, first.headers["Azure-AsyncOperation"]))
    assert json.loads(done.body)["status"] == "Succeeded"
    assert "Retry-After" not in done.headers and "retry-after-ms" not in done.headers


def test_sdk_poller_waits_for_the_operation_using_the_hints(emu_factory: Any) -> None:
    emu = emu_factory(lro_seconds={"account_create": 3.0})
    emu.rg()
    before = emu.clock.now()
    account = emu.account()
    assert account.properties.provisioning_state == "Succeeded"
    assert 3.0 <= emu.clock.now() - before < 4.0  # polled at the hinted times, no 30 s fallback
    assert all(0 < s <= 1.0 for s in emu.clock.sleeps)


def test_second_write_while_a_deployment_write_runs_is_409_request_conflict(emu_factory: Any) -> None:
    emu = emu_factory(lro_seconds={"deployment_create": 60})
    emu.rg()
    emu.account()
    emu.deploy("d1", polling=False)
    with pytest.raises(ResourceExistsError) as info:
        emu.deploy("d2", polling=False)
    assert info.value.error.code == "RequestConflict"
    assert info.value.error.message == (
        f"Another operation is being performed on the parent resource '{acct(emu)}'. Please try again later.")
    raw = emu.raw("DELETE", acct(emu))
    assert raw.status == 409 and "Retry-After" not in raw.headers
    emu.clock.advance(60)
    assert emu.deploy("d2").result().properties.provisioning_state == "Succeeded"


def test_failed_operation_leaves_provisioning_state_failed_and_a_later_put_fixes_it(tmp_path: Any,
                                                                                   emu_factory: Any) -> None:
    state = tmp_path / "emu.json"
    faulty = emu_factory(state_path=state, faults={"seed": 1, "rate": 1.0, "kinds": ["operation_failed"]})
    faulty.rg()
    with pytest.raises(HttpResponseError) as info:
        faulty.account()
    assert info.value.error.code == "InternalServerError"
    assert faulty.cognitive.accounts.get("rg1", "acct1").properties.provisioning_state == "Failed"
    healthy = emu_factory(state_path=state)
    assert healthy.account().properties.provisioning_state == "Succeeded"


def test_account_patch_is_202_with_location_and_keeps_created_at(ready: Any) -> None:
    before = ready.cognitive.accounts.get("rg1", "acct1")
    ready.clock.advance(5)
    raw = ready.raw("PATCH", acct(ready), {"tags": {"env": "dev"}})
    assert raw.status == 202 and "Location" in raw.headers and "Azure-AsyncOperation" in raw.headers
    after = ready.cognitive.accounts.begin_update("rg1", "acct1", {"tags": {"env": "prod"}}).result()
    assert after.tags == {"env": "prod"} and after.etag != before.etag
    assert after.system_data.created_at == before.system_data.created_at
    assert after.system_data.last_modified_at > before.system_data.last_modified_at


def test_deployment_patch_changes_capacity_and_tags(ready: Any) -> None:
    ready.deploy("d1").result()
    updated = ready.cognitive.deployments.begin_update(
        "rg1", "acct1", "d1", {"sku": {"name": "GlobalStandard", "capacity": 25}, "tags": {"a": "b"}}).result()
    assert updated.sku.capacity == 25 and updated.tags == {"a": "b"}
    assert {r.key: r.count for r in updated.properties.rate_limits}["token"] == 25 * 1000


def test_delete_is_202_then_gone_and_a_second_delete_is_204(ready: Any) -> None:
    ready.deploy("d1").result()
    raw = ready.raw("DELETE", acct(ready) + "/deployments/d1")
    assert raw.status == 202 and "Azure-AsyncOperation" in raw.headers
    with pytest.raises(ResourceNotFoundError) as info:
        ready.cognitive.deployments.get("rg1", "acct1", "d1")
    assert info.value.error.code == "DeploymentNotFound"
    assert ready.raw("DELETE", acct(ready) + "/deployments/d1").status == 204
    ready.cognitive.deployments.begin_delete("rg1", "acct1", "d1").result()  # idempotent through the SDK
