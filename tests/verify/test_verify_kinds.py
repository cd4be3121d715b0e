"""verify exercises chat, transcription and GA realtime deployments too, and skips kinds without a probe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.verify.conftest import VerifyEnv, by_address

FILE = """\
environment: kinds
subscription: 00000000-0000-0000-0000-000000000000
resource_group: rg-aoai-kinds
defaults:
  deployment: {sku: GlobalStandard}
accounts:
  - name: aoai-kinds
    region: eastus2
    deployments:
      - {name: chat, model: gpt-4o-mini, version: "2024-07-18", capacity: 10}
      - {name: stt, model: gpt-4o-mini-transcribe, version: "2025-03-20", capacity: 10}
      - {name: voice, model: gpt-4o-mini-tts, version: "2025-03-20", capacity: 10}
      - {name: rt, model: gpt-realtime, version: "2025-08-28", capacity: 10}
"""


def test_chat_transcription_and_a_skipped_speech_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AOAI_PROVISION_EMULATOR_CONFIG", raising=False)
    file = tmp_path / "kinds.yaml"
    file.write_text(FILE, encoding="utf-8")
    env = VerifyEnv(tmp_path, file, tmp_path / "emulator.json", tmp_path / "emulator.yaml", tmp_path / "log.jsonl")
    env.configure()
    env.ok(env.run("apply", "--yes"))
    found = by_address(env.verify(code=0))
    chat, stt, voice = (found[f"account.aoai-kinds.deployment.{d}"] for d in ("chat", "stt", "voice"))
    assert (chat["probe"], chat["outcome"], chat["answered_version"]) == ("chat", "ok", "2024-07-18")
    assert (stt["probe"], stt["outcome"], stt["status"]) == ("transcription", "ok", 200)
    assert (voice["probe"], voice["outcome"]) == ("none", "skipped")
    realtime = found["account.aoai-kinds.deployment.rt"]  # GA: wss://…/openai/v1/realtime?model=rt
    assert (realtime["probe"], realtime["outcome"], realtime["status"]) == ("realtime", "ok", 101)
