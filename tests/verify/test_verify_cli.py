"""verify after the README's apply: every deployment answers with its modality; breakage names the deployment."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from tests.verify.conftest import by_address

EAST = "account.aoai-prod-eastus2.deployment."
SWEDEN = "account.aoai-prod-swedencentral.deployment."
BATCH = "account.aoai-prod-batch.deployment.embed"


def test_every_deployment_of_prod_answers_with_its_modality(applied: Any) -> None:
    report = applied.verify(code=0)
    found = by_address(report)
    assert sorted(found) == sorted([EAST + "realtime", EAST + "audio", SWEDEN + "realtime", SWEDEN + "audio", BATCH])
    assert report["ok"] is True and report["summary"] == {"ok": 5, "failed": 0, "skipped": 0}
    for region in (EAST, SWEDEN):
        realtime, audio = found[region + "realtime"], found[region + "audio"]
        assert realtime["probe"] == "realtime" and realtime["status"] == 101
        assert "session created, text response completed" in realtime["notes"]
        assert audio["probe"] == "audio" and any(n.endswith("audio bytes") for n in audio["notes"])
        assert (audio["answered_model"], audio["answered_version"]) == ("gpt-4o-mini-audio-preview", "2024-12-17")
        assert realtime["first_byte_ms"] is not None and realtime["first_byte_ms"] >= 0
    assert found[BATCH]["probe"] == "embeddings" and "3072 dimensions" in found[BATCH]["notes"]


def test_a_deployment_deleted_behind_the_tools_back_fails_naming_it(applied: Any) -> None:
    applied.clients().cognitive.deployments.begin_delete("rg-aoai-prod", "aoai-prod-eastus2", "audio").result()
    result = applied.run("verify")
    assert result.exit_code == 1
    assert f"FAILED   {EAST}audio" in result.stdout
    assert "404 DeploymentNotFound: The API deployment for this resource does not exist" in result.stdout
    assert f"{EAST}audio" in result.stderr  # the error line names it too
    report = applied.verify(code=1)
    assert [d["address"] for d in report["deployments"] if d["outcome"] == "failed"] == [EAST + "audio"]


def test_an_injected_data_plane_fault_fails_naming_the_deployment_and_reason(applied: Any) -> None:
    applied.configure(dataplane={"faults": {"aoai-prod-swedencentral/realtime": {"kind": "server_error"}}})
    report = applied.verify("--retries", "1", code=1)
    failed = [d for d in report["deployments"] if d["outcome"] == "failed"]
    assert [d["address"] for d in failed] == [SWEDEN + "realtime"]
    assert (failed[0]["status"], failed[0]["code"]) == (500, "InternalServerError")
    assert failed[0]["attempts"] == 2  # a 5xx is retried once (--retries 1), then reported


def test_throttling_is_retried_after_retry_after_and_passes(applied: Any) -> None:
    applied.configure(dataplane={"seed": 3, "faults": {"aoai-prod-batch/embed": {"kind": "throttle", "rate": 0.5}}})
    report = applied.verify("--target", BATCH, "--retries", "6", code=0)
    (embed,) = report["deployments"]
    assert embed["outcome"] == "ok" and embed["attempts"] > 1


def test_target_selects_deployments_and_junit_reports_failures(applied: Any) -> None:
    applied.clients().cognitive.deployments.begin_delete("rg-aoai-prod", "aoai-prod-batch", "embed").result()
    report = applied.verify("--target", "account.aoai-prod-eastus2", code=0)
    assert sorted(by_address(report)) == [EAST + "audio", EAST + "realtime"]
    result = applied.run("verify", "--format", "junit", "--target", BATCH, "--target", SWEDEN + "audio")
    assert result.exit_code == 1
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("type") == "DeploymentNotFound"


def test_a_different_model_answering_is_reported(applied: Any) -> None:
    from azure.mgmt.cognitiveservices.models import Deployment, DeploymentModel, DeploymentProperties, Sku

    clients = applied.clients()  # someone swaps the model behind the tool's back
    clients.cognitive.deployments.begin_delete("rg-aoai-prod", "aoai-prod-eastus2", "audio").result()
    clients.cognitive.deployments.begin_create_or_update(
        "rg-aoai-prod", "aoai-prod-eastus2", "audio",
        Deployment(sku=Sku(name="GlobalStandard", capacity=100), properties=DeploymentProperties(
            model=DeploymentModel(format="OpenAI", name="gpt-4o-audio-preview", version="2024-12-17")))).result()
    report = applied.verify("--target", EAST + "audio", code=0)
    (audio,) = report["deployments"]
    assert audio["answered_model"] == "gpt-4o-audio-preview"
    assert "answered by model gpt-4o-audio-preview, the file says gpt-4o-mini-audio-preview" in audio["notes"]


def test_the_request_log_shows_each_data_plane_operation(applied: Any) -> None:
    applied.clear_log()
    applied.verify(code=0)
    operations = sorted(r["operation"] for r in applied.requests() if r["path"].startswith("/openai/"))
    assert operations == ["ChatCompletions_Create"] * 2 + ["Embeddings_Create"] + ["Realtime_Connect"] * 2
    assert {r["status"] for r in applied.requests() if r["path"].startswith("/openai/")} == {200, 101}


def test_a_target_naming_nothing_is_an_error_with_the_closest_address(applied: Any) -> None:
    result = applied.run("verify", "--target", "account.aoai-prod-eastus2.deployment.audoi")
    assert result.exit_code == 1
    assert "no such account or deployment" in result.output
    assert "did you mean account.aoai-prod-eastus2.deployment.audio?" in result.output
