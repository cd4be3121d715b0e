"""Which probe each model gets, --target addresses, and reading the model that answered."""

from __future__ import annotations

import pytest

from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.verify.model import Check, Probe, choose_probe, drift_note, selected, split_answered


@pytest.mark.parametrize(("model", "version", "probe"), [
    ("gpt-4o-mini-realtime-preview", "2024-12-17", Probe.REALTIME),
    ("gpt-4o-mini-audio-preview", "2024-12-17", Probe.AUDIO),
    ("gpt-4o-mini", "2024-07-18", Probe.CHAT),
    ("text-embedding-3-large", "1", Probe.EMBEDDINGS),
    ("gpt-4o-mini-transcribe", "2025-03-20", Probe.TRANSCRIPTION),
    ("gpt-4o-mini-tts", "2025-03-20", Probe.NONE),
    ("dall-e-3", "3.0", Probe.NONE),
])
def test_each_kind_of_model_gets_its_smallest_real_request(model: str, version: str, probe: Probe) -> None:
    mv = bundled_catalog().get(model, version)
    assert mv is not None
    assert choose_probe(model, mv.capabilities) is probe


def test_target_addresses_select_deployments_like_plan() -> None:
    assert selected("a1", "chat", ())
    assert selected("a1", "chat", ("account.a1.deployment.chat",))
    assert selected("a1", "chat", ("account.a1",))
    assert selected("aoai-prod-eastus2", "chat", ("account.aoai-prod-*.deployment.chat",))
    assert not selected("a1", "chat", ("account.a1.deployment.embed",))
    assert not selected("a10", "chat", ("account.a1",))


def test_the_answering_model_and_a_difference_from_the_file() -> None:
    assert split_answered("gpt-4o-mini-2024-07-18", "gpt-4o-mini") == ("gpt-4o-mini", "2024-07-18")
    assert split_answered("text-embedding-3-large", "text-embedding-3-large") == ("text-embedding-3-large", None)
    assert split_answered("gpt-4o-2024-11-20", "gpt-4o-mini") == ("gpt-4o", "2024-11-20")
    check = Check("a", "d", "gpt-4o", "2024-08-06", Probe.CHAT, "https://a.openai.azure.com/")
    assert drift_note(check, "gpt-4o", "2024-08-06") is None
    assert drift_note(check, "gpt-4o", "2024-11-20") == ("answered by gpt-4o version 2024-11-20, the file says "
                                                         "2024-08-06 (auto-upgrade?)")
