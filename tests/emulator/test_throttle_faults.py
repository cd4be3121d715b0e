"""Token-bucket throttling, seeded faults the SDK retries through, nextLink paging and the request log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RG_PATH = "/subscriptions/{sub}/resourcegroups/rg1"


def test_empty_read_bucket_answers_429_with_retry_after_and_arm_body(emu_factory: Any) -> None:
    emu = emu_factory(throttle={"reads": {"bucket": 3, "refill_per_s": 0.5}})
    emu.rg()
    path = RG_PATH.format(sub=emu.SUB)
    remaining = [emu.raw("GET", path, api="2025-04-01").headers["x-ms-ratelimit-remaining-subscription-reads"]
                 for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    throttled = emu.raw("GET", path, api="2025-04-01")
    assert throttled.status == 429 and throttled.headers["Retry-After"] == "2"
    assert json.loads(throttled.body)["error"]["code"] == "TooManyRequests"
    assert "x-ms-ratelimit-remaining-subscription-reads" not in throttled.headers
    write = emu.raw("PUT", RG_PATH.format(sub=emu.SUB), {"location": "swedencentral"}, api="2025-04-01")
    assert write.status == 200 and "x-ms-ratelimit-remaining-subscription-writes" in write.headers


def test_a_not_found_read_still_reports_the_bucket(emu_factory: Any) -> None:
    # the token was spent: clients pacing themselves on the header must see it on a 404 too
    emu = emu_factory(throttle={"reads": {"bucket": 5, "refill_per_s": 0.5}})
    missing = emu.raw("GET", RG_PATH.format(sub=emu.SUB) + "-missing", api="2025-04-01")
    assert missing.status == 404 and missing.headers["x-ms-ratelimit-remaining-subscription-reads"] == "4"


def test_sdk_retry_policy_recovers_from_throttling(emu_factory: Any) -> None:
    emu = emu_factory(throttle={"reads": {"bucket": 2, "refill_per_s": 1}})
    emu.rg()
    for _ in range(5):
        assert emu.resources.resource_groups.get("rg1").name == "rg1"
    assert 1.0 in emu.clock.sleeps  # slept the Retry-After of a 429, then succeeded


def _scenario(emu: Any) -> None:
    emu.rg()
    emu.account()
    for index in range(4):
        emu.deploy(f"d{index}", capacity=5).result()
    emu.cognitive.deployments.begin_update("rg1", "acct1", "d0", {"sku": {"name": "GlobalStandard",
                                                                          "capacity": 6}}).result()
    assert len(list(emu.cognitive.deployments.list("rg1", "acct1"))) == 4
    assert emu.cognitive.accounts.list_keys("rg1", "acct1").key1
    emu.cognitive.deployments.begin_delete("rg1", "acct1", "d3").result()


def test_seeded_faults_are_retried_by_the_sdk_and_repeat_exactly(emu_factory: Any, tmp_path: Path) -> None:
    logs = []
    for run in range(2):
        log = tmp_path / f"requests-{run}.jsonl"
        emu = emu_factory(faults={"seed": 7, "rate": 0.3, "kinds": ["throttle", "server_error", "connection_reset"]},
                          request_log=log)
        _scenario(emu)
        logs.append([(e["method"], e["operation"], e["status"], e.get("fault"))
                     for e in map(json.loads, log.read_text().splitlines())])
    assert logs[0] == logs[1]
    statuses = {status for _, _, status, _ in logs[0]}
    assert {429, 200} <= statuses and statuses & {500, 503}
    assert any(fault == "connection_reset" for *_, fault in logs[0])
    # Every injected fault is logged with its kind and the operation it hit.
    for _, operation, status, fault in logs[0]:
        if status == 429:
            assert fault == "throttle"
        if status in (500, 503):
            assert fault == "server_error"
        if fault:
            assert operation != "Unknown"


def test_list_pages_follow_next_link_and_keep_query_parameters(emu_factory: Any) -> None:
    emu = emu_factory(page_size=2)
    emu.rg()
    for index in range(5):
        emu.account(f"acct{index}")
    first = json.loads(emu.raw("GET", f"/subscriptions/{emu.SUB}/providers/Microsoft.CognitiveServices/accounts")
                       .body)
    assert len(first["value"]) == 2 and "$skiptoken=2" in first["nextLink"]
    assert sorted(a.name for a in emu.cognitive.accounts.list()) == [f"acct{i}" for i in range(5)]
    usages = emu.raw("GET", f"/subscriptions/{emu.SUB}/providers/Microsoft.CognitiveServices/locations/"
                            "swedencentral/usages", query="&$filter=name.value%20eq%20'AccountCount'")
    assert json.loads(usages.body)["value"][0]["currentValue"] == 5
    page = json.loads(emu.raw("GET", f"/subscriptions/{emu.SUB}/providers/Microsoft.CognitiveServices/locations/"
                                     "swedencentral/models").body)
    assert "nextLink" in page and "api-version=2025-09-01" in page["nextLink"]


def test_request_log_has_one_line_per_request_with_the_spec_operation_id(emu_factory: Any, tmp_path: Path) -> None:
    log = tmp_path / "log" / "requests.jsonl"
    emu = emu_factory(request_log=log)
    emu.rg()
    emu.account()
    emu.deploy("d1").result()
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["operation"] for e in entries] == [
        "ResourceGroups_CreateOrUpdate",
        "Accounts_Create", "OperationStatuses_Get", "Accounts_Get",
        "Deployments_CreateOrUpdate", "OperationStatuses_Get", "Deployments_Get"]
    for entry in entries:
        assert {"ts", "method", "path", "operation", "status", "duration_ms", "api_version"} <= set(entry)
    assert entries[4]["method"] == "PUT" and entries[4]["status"] == 201
    assert entries[4]["path"].endswith("/accounts/acct1/deployments/d1")
