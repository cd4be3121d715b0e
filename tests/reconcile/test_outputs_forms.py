"""`outputs` gives each model kind the URL form the current docs give: GA realtime, preview realtime, audio."""

from __future__ import annotations

import json
from typing import Any

FILE = """\
environment: test
subscription: 00000000-0000-0000-0000-000000000000
resource_group: rg-aoai-test
defaults:
  deployment: {sku: GlobalStandard, version_upgrade: OnceNewDefaultVersionAvailable}
accounts:
  - name: aoai-test-voice
    region: eastus2
    deployments:
      - {name: rt-ga, model: gpt-realtime, version: "2025-08-28", capacity: 10}
      - {name: rt-preview, model: gpt-4o-mini-realtime-preview, version: "2024-12-17", rate_limit: {tpm: 100K}}
      - {name: audio-preview, model: gpt-4o-mini-audio-preview, version: "2024-12-17", rate_limit: {tpm: 100K}}
      - {name: audio-ga, model: gpt-audio, version: "2025-08-28", capacity: 10}
  - name: aoai-test-foundry
    region: swedencentral
    kind: AIServices
    identity: {type: SystemAssigned}
    deployments:
      - {name: embed, model: text-embedding-3-large, version: "1", sku: Standard, capacity: 20}
"""
HOST = "aoai-test-voice.openai.azure.com"


def _outputs(env: Any, fmt: str = "json") -> Any:
    env.file.write_text(FILE, encoding="utf-8")
    env.ok(env.run("apply", "--yes", "--as-of", "2026-01-15"))
    out = env.ok(env.run("outputs", "--format", fmt)).stdout
    return json.loads(out) if fmt == "json" else out


def test_realtime_ga_gets_the_v1_uri_and_webrtc_urls_preview_the_preview_api_version(env: Any) -> None:
    data = _outputs(env)
    voice = next(a for a in data["accounts"] if a["name"] == "aoai-test-voice")
    deps = {d["name"]: d for d in voice["deployments"]}
    assert deps["rt-ga"]["realtime_uri"] == f"wss://{HOST}/openai/v1/realtime?model=rt-ga"
    assert deps["rt-ga"]["webrtc_client_secrets_url"] == f"https://{HOST}/openai/v1/realtime/client_secrets"
    assert deps["rt-ga"]["webrtc_calls_url"] == f"https://{HOST}/openai/v1/realtime/calls"
    assert "api-version" not in deps["rt-ga"]["realtime_uri"]
    assert deps["rt-preview"]["realtime_uri"] == (
        f"wss://{HOST}/openai/realtime?api-version=2025-04-01-preview&deployment=rt-preview")
    assert "2024-12-17" not in deps["rt-preview"]["realtime_uri"]  # the model version is not an api-version
    assert "webrtc_calls_url" not in deps["rt-preview"]
    # every form cites the document it comes from, with its date
    assert deps["rt-ga"]["sources"]["realtime_uri"] == "Use the GPT Realtime API via WebSockets (as of 2026-01-29)"


def test_audio_models_get_their_chat_completions_url(env: Any) -> None:
    deps = {d["name"]: d for a in _outputs(env)["accounts"] for d in a["deployments"]}
    assert deps["audio-preview"]["chat_completions_url"] == (
        f"https://{HOST}/openai/deployments/audio-preview/chat/completions?api-version=2025-01-01-preview")
    assert deps["audio-ga"]["chat_completions_url"] == f"https://{HOST}/openai/v1/chat/completions"
    assert "realtime_uri" not in deps["audio-ga"] and "chat_completions_url" not in deps["embed"]


def test_a_foundry_account_shows_the_endpoint_map_azure_returns(env: Any) -> None:
    data = _outputs(env)
    foundry = next(a for a in data["accounts"] if a["name"] == "aoai-test-foundry")
    live = env.clients().cognitive.accounts.get("rg-aoai-test", "aoai-test-foundry").properties.endpoints
    assert foundry["kind"] == "AIServices" and foundry["endpoints"] == live
    assert foundry["endpoints"]["AI Foundry API"] == "https://aoai-test-foundry.services.ai.azure.com/"


def test_dotenv_has_one_quoted_variable_per_url(env: Any) -> None:
    text = _outputs(env, "dotenv")
    lines = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert lines["AOAI_AOAI_TEST_VOICE_RT_GA_REALTIME_URI"] == f'"wss://{HOST}/openai/v1/realtime?model=rt-ga"'
    assert lines["AOAI_AOAI_TEST_VOICE_ENDPOINT"] == f'"https://{HOST}/"'
    assert lines["AOAI_AOAI_TEST_FOUNDRY_ENDPOINTS_AI_FOUNDRY_API"] == '"https://aoai-test-foundry.services.ai.azure.com/"'
    assert all(value.startswith('"') and value.endswith('"') for value in lines.values())
    assert "key" not in text.lower().replace("keys", "")


def test_rendered_template_outputs_agree_with_outputs(env: Any, tmp_path: Any) -> None:
    """`render` declares the same realtime URIs `outputs` prints (one source: catalog/endpoint_forms.py)."""
    data = _outputs(env)
    from click.testing import CliRunner

    from aoai_provision.cli import main

    env.ok(CliRunner().invoke(main, ["render", str(env.file), "--format", "arm", "--out-dir", str(tmp_path / "arm")]))
    template = json.loads((tmp_path / "arm" / "azuredeploy.json").read_text(encoding="utf-8"))
    rendered = sorted(o["value"] for name, o in template["outputs"].items() if name.endswith("_realtime_uri"))
    printed = sorted(d["realtime_uri"] for a in data["accounts"] for d in a["deployments"] if "realtime_uri" in d)
    assert rendered == printed and len(printed) == 2
