"""The refreshed catalog as a user meets it: per-SKU retirement, complete capability filters, fixed limits."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from aoai_provision.cli import main

AS_OF = "2026-02-01"


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 3), result.output
    return result.stdout


def test_models_chat_in_eastus2_lists_gpt_4_1_and_the_gpt_5_family() -> None:
    rows = json.loads(_run("models", "--capability", "chat", "--region", "eastus2", "--format", "json"))["models"]
    names = {row["model"] for row in rows}
    assert {"gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5-chat",
            "gpt-5.1", "gpt-5.2", "gpt-5.4", "gpt-5.5", "o3", "o4-mini", "model-router"} <= names
    # embeddings and image models are not chat models
    assert not names & {"text-embedding-3-large", "gpt-image-1", "gpt-realtime"}


def test_capability_filters_cover_embeddings_audio_realtime_and_images() -> None:
    def names(capability: str) -> set[str]:
        return {r["model"] for r in json.loads(_run("models", "--capability", capability, "--region", "eastus2",
                                                     "--format", "json"))["models"]}

    assert {"text-embedding-3-large", "text-embedding-3-small"} <= names("embeddings")
    assert {"gpt-realtime", "gpt-realtime-mini", "gpt-4o-transcribe", "gpt-4o-mini-tts", "gpt-audio"} <= names("audio")
    assert {"gpt-realtime", "gpt-realtime-mini", "gpt-realtime-1.5"} <= names("realtime")
    assert {"gpt-image-1", "gpt-image-1.5", "sora-2"} <= names("images")


def test_audit_gives_gpt_4o_mini_different_dates_on_standard_and_global_standard(tmp_path: Path) -> None:
    env = tmp_path / "mini.yaml"
    env.write_text(
        "environment: dev\nresource_group: rg\n"
        "accounts:\n  - name: aoai-dev-mini\n    region: swedencentral\n    deployments:\n"
        "      - {name: std, model: gpt-4o-mini, version: '2024-07-18', sku: Standard, capacity: 10}\n"
        "      - {name: global, model: gpt-4o-mini, version: '2024-07-18', sku: GlobalStandard, capacity: 10}\n",
        encoding="utf-8")
    report = json.loads(_run("audit", str(env), "--as-of", AS_OF, "--format", "json"))
    dates = {d["deployment"]: d["lifecycle"]["retirement_date"] for d in report["deployments"]}
    assert dates == {"std": "2026-03-31", "global": "2026-10-01"}
    by_deployment = {f["deployment"].rsplit("/", 1)[-1]: f for f in report["findings"] if f["code"] == "AOAI603"}
    assert set(by_deployment) == {"std"}  # Standard retires within 90 days of 2026-02-01; GlobalStandard does not
    assert "gpt-4o-mini 2024-07-18 (Standard) retires on 2026-03-31" in by_deployment["std"]["message"]


def test_fixed_preview_limits_do_not_apply_to_ga_realtime_and_audio(tmp_path: Path) -> None:
    env = tmp_path / "rt.yaml"
    env.write_text(
        "environment: dev\nresource_group: rg\n"
        "accounts:\n  - name: aoai-dev-rt\n    region: eastus2\n    deployments:\n"
        "      - {name: ga, model: gpt-realtime, version: '2025-08-28', sku: GlobalStandard, rate_limit: {tpm: 200K}}\n"
        "      - {name: audio, model: gpt-audio, version: '2025-08-28', sku: GlobalStandard, rate_limit: {tpm: 200K}}\n"
        "      - {name: pre, model: gpt-4o-mini-realtime-preview, version: '2024-12-17', sku: GlobalStandard,"
        " rate_limit: {tpm: 200K}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(env), "--as-of", AS_OF, "--format", "json"])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    fixed = [f["resource"] for f in findings if f["code"] == "fixed-rate-limit"]
    assert fixed == ["aoai-dev-rt/pre"]


def test_models_json_shows_the_per_sku_retirement_and_unknown_limits() -> None:
    data = json.loads(_run("models", "--model", "gpt-4o-mini", "--region", "swedencentral", "--format", "json"))
    (row,) = data["models"]
    assert row["lifecycle"]["per_sku"][0]["sku"] == "Standard"
    assert row["lifecycle"]["per_sku"][0]["retirement_date"] == "2026-03-31"
    ga = json.loads(_run("models", "--model", "gpt-realtime", "--region", "eastus2", "--format", "json"))["models"][0]
    assert ga["fixed_limits"] is None and all(o["limits_known"] is False for o in ga["offers"])
