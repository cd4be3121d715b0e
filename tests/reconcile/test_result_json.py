"""apply/destroy --format json: the result document on stdout (docs/apply-json.md), progress on stderr."""

from __future__ import annotations

import json
from typing import Any

import yaml
from click.testing import CliRunner, Result

SUB = "44444444-4444-4444-4444-444444444444"


def _doc(result: Result) -> dict[str, Any]:
    doc = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert doc["format_version"] == 1
    return doc


def _by_address(doc: dict[str, Any], index: int = 0) -> dict[str, dict[str, Any]]:
    return {r["address"]: r for r in doc["environments"][index]["resources"]}


def test_apply_json_lists_every_planned_address_with_its_status_and_progress_stays_on_stderr(env: Any) -> None:
    planned = json.loads(env.ok(env.run("plan", "--format", "json")).stdout)
    applied = env.ok(env.run("apply", "--yes", "--format", "json"))
    doc = _doc(applied)
    assert (doc["command"], doc["outcome"], doc["exit_code"]) == ("apply", "succeeded", 0)
    [environment] = doc["environments"]
    assert environment["environment"] == "test" and environment["resource_group"] == "rg-aoai-test"
    assert environment["subscription"] == "00000000-0000-0000-0000-000000000000"
    resources = _by_address(doc)
    assert list(resources) == [a["address"] for a in planned["actions"]]  # the plan's addresses, in its order
    realtime = resources["account.aoai-test-eastus2.deployment.realtime"]
    assert (realtime["action"], realtime["status"], realtime["error"]) == ("create", "succeeded", None)
    assert all(isinstance(r["duration_seconds"], float) for r in resources.values())
    assert doc["counts"] == {"succeeded": 9, "failed": 0, "skipped": 0, "not_started": 0, "unchanged": 0, "total": 9}
    assert "Apply complete: 9 done" in applied.stderr and "Apply complete" not in applied.stdout

    again = _doc(env.ok(env.run("apply", "--yes", "--format", "json")))
    assert again["outcome"] == "no_changes" and again["counts"]["unchanged"] == 8  # 3 accounts, 5 deployments
    assert {r["status"] for r in again["environments"][0]["resources"]} == {"unchanged"}


def test_apply_json_reports_a_failed_write_with_its_code_and_the_skipped_rest(env: Any) -> None:
    env.configure(faults={"seed": 1, "rate": 1.0, "kinds": ["operation_failed"]}, retry_after_ms=1)
    failed = env.ok(env.run("apply", "--yes", "--format", "json"), 1)
    doc = _doc(failed)
    assert (doc["outcome"], doc["exit_code"]) == ("failed", 1)
    resources = _by_address(doc)
    account = resources["account.aoai-test-eastus2"]
    assert account["status"] == "failed" and account["error"]["code"] == "InternalServerError"
    assert "internal error" in account["error"]["message"] and account["attempts"] > 1  # retried first
    skipped = resources["account.aoai-test-eastus2.deployment.realtime"]
    assert skipped["status"] == "skipped" and skipped["error"] is None
    assert "account.aoai-test-eastus2 failed" in skipped["reason"]
    assert doc["counts"]["failed"] == 3 and doc["counts"]["skipped"] == 5
    assert "FAILED" in failed.stderr  # the summary for people, on stderr


def test_destroy_json_with_purge_lists_the_deletes_and_the_purges(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    doc = _doc(env.ok(env.run("destroy", "--yes", "--purge", "--format", "json")))
    assert (doc["command"], doc["outcome"]) == ("destroy", "succeeded")
    resources = _by_address(doc)
    assert {r["action"] for r in resources.values()} == {"delete"}
    assert resources["account.aoai-test-batch.deployment.embed"]["status"] == "succeeded"
    purged = doc["environments"][0]["purged"]
    assert sorted(p["address"] for p in purged) == ["account.aoai-test-batch", "account.aoai-test-eastus2",
                                                    "account.aoai-test-swedencentral"]
    assert {p["status"] for p in purged} == {"succeeded"}
    assert _doc(env.ok(env.run("destroy", "--yes", "--format", "json")))["outcome"] == "no_changes"


def test_an_invalid_file_still_gives_a_document_with_the_error(env: Any) -> None:
    env.edit(lambda d: d["deployments"][0].update(model="gpt-nonexistent"))
    doc = _doc(env.ok(env.run("apply", "--yes", "--format", "json"), 1))
    [environment] = doc["environments"]
    assert environment["outcome"] == "error" and environment["resources"] == []
    assert "is not valid" in environment["error"]["message"]


def test_fleet_apply_json_one_environment_out_of_quota_is_an_error_with_its_finding(env: Any) -> None:
    """Both plans fit the quota alone; together they do not: the second environment, planned again just
    before its writes, stops with the quota finding; the first converged. One document for both."""
    base = yaml.safe_load(env.file.read_text(encoding="utf-8"))
    paths = []
    for name in ("blue", "green"):
        data = {**base, "environment": name, "subscription": SUB, "resource_group": f"rg-aoai-{name}"}
        data["accounts"] = [{**base["accounts"][0], "name": f"aoai-{name}-batch"}]
        path = env.root / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    env.configure(quota={"limits": {"swedencentral/OpenAI.Standard.text-embedding-3-large": 30}})
    from aoai_provision.cli import main

    result = CliRunner().invoke(main, ["apply", *paths, "--yes", "--format", "json", "--environments-at-once", "1",
                                       *env.target_args()], catch_exceptions=False)
    doc = _doc(env.ok(result, 1))
    assert (doc["outcome"], doc["exit_code"]) == ("failed", 1)
    blue, green = doc["environments"]
    assert (blue["file"], blue["outcome"], blue["exit_code"]) == (paths[0], "succeeded", 0)
    assert blue["counts"]["succeeded"] == 9
    assert (green["environment"], green["outcome"], green["exit_code"]) == ("green", "error", 1)
    assert green["resources"] == [] and "cannot succeed" in green["error"]["message"]
    [finding] = [f for f in green["error"]["findings"] if f["severity"] == "error"]
    assert finding["resource"] == "account.aoai-green-batch.deployment.embed" and "limit 30" in finding["message"]
    assert "Summary of 2 environments:" in result.stderr


def test_output_file_gets_the_document_and_the_text_stays_on_stdout(env: Any) -> None:
    saved = env.root / "result.json"
    applied = env.ok(env.run("apply", "--yes", "-o", str(saved)))
    assert "Apply complete: 9 done" in applied.stdout  # the text format for people, as without -o
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["outcome"] == "succeeded" and doc["counts"]["succeeded"] == 9
    env.ok(env.run("destroy", "--yes", "--format", "json", "--output", str(saved)))
    assert json.loads(saved.read_text(encoding="utf-8"))["command"] == "destroy"
