"""The emulator's data plane through the official openai SDK (httpx transport) and websockets, in-process."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx2
import openai
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from aoai_provision.audio import tone_wav, wav_seconds
from aoai_provision.emulator.config import DataPlane, DataPlaneFault, EmulatorConfig
from aoai_provision.emulator.dataplane.httpx_transport import EmulatorHttpxTransport
from aoai_provision.emulator.dataplane.realtime import serve_in_thread
from aoai_provision.emulator.identity import Identity
from tests.emulator.conftest import Emu, make_emu

HOST = "acct1.openai.azure.com"
COGNITIVE = "https://cognitiveservices.azure.com"


def token(**claims: Any) -> str:
    """A token signed by the emulator's identity (as its sign-in issues), with ``claims`` changed."""
    fields: dict[str, Any] = {"audience": claims.pop("aud", COGNITIVE), "issuer": "https://login.emulator.local/"}
    if "tid" in claims:
        fields["tenant_id"] = claims.pop("tid")
    if "oid" in claims:
        fields["object_id"] = claims.pop("oid")
    if "exp" in claims:
        fields["lifetime_s"] = int(claims.pop("exp") - time.time())
    return Identity.ephemeral().issue(**fields)


def sdk(emu: Emu, key: Any = None, host: str = HOST) -> openai.OpenAI:
    http = httpx2.Client(transport=EmulatorHttpxTransport(emu.transport.app))
    return openai.OpenAI(base_url=f"https://{host}/openai/v1/", api_key=key or (lambda: token()), max_retries=0,
                         http_client=http)


def realtime(emu: Emu, query: str = "api-version=2025-04-01-preview&deployment=rt", bearer: str | None = None,
             path: str = "/openai/realtime") -> Any:
    return connect(f"ws://{HOST}{path}?{query}", sock=serve_in_thread(emu.transport.app.dataplane),
                   additional_headers={"Authorization": f"Bearer {bearer or token()}"}, open_timeout=5, proxy=None)


def setup(emu: Emu, **account: Any) -> Emu:
    emu.rg(location="eastus2")
    emu.cognitive.accounts.begin_create("rg1", "acct1", {
        "location": "eastus2", "kind": "OpenAI", "sku": {"name": "S0"},
        "properties": {"customSubDomainName": "acct1", **account}}).result()
    for name, model, version, capacity in [("chat", "gpt-4o-mini", "2024-07-18", 1),
                                           ("embed", "text-embedding-3-small", "1", 10),
                                           ("stt", "gpt-4o-mini-transcribe", "2025-03-20", 10),
                                           ("voice", "gpt-4o-mini-audio-preview", "2024-12-17", 10),
                                           ("rt", "gpt-4o-mini-realtime-preview", "2024-12-17", 10)]:
        emu.cognitive.deployments.begin_create_or_update("rg1", "acct1", name, emu.deployment(
            model, version, "GlobalStandard", capacity)).result()
    return emu


@pytest.fixture
def plane() -> Emu:
    return setup(make_emu(EmulatorConfig()), disableLocalAuth=True)


def test_chat_embeddings_audio_and_transcription_answer_small_and_deterministic(plane: Emu) -> None:
    client = sdk(plane)
    chat = client.chat.completions.create(model="chat", messages=[{"role": "user", "content": "hi"}],
                                          max_completion_tokens=1)
    assert chat.model == "gpt-4o-mini-2024-07-18" and chat.choices[0].message.content == "OK."
    assert chat.choices[0].finish_reason == "length" and chat.usage.completion_tokens == 1
    first = client.embeddings.create(model="embed", input="same text").data[0].embedding
    again = client.embeddings.create(model="embed", input="same text", encoding_format="float").data[0].embedding
    assert len(first) == 1536 and first == pytest.approx(again, abs=1e-6)
    audio = client.chat.completions.create(model="voice", messages=[{"role": "user", "content": "hi"}],
                                           modalities=["text", "audio"], audio={"voice": "alloy", "format": "wav"})
    wav = base64.b64decode(audio.choices[0].message.audio.data)
    assert (wav_seconds(wav) or 0) > 0.1 and audio.choices[0].message.audio.transcript
    text = client.audio.transcriptions.create(model="stt", file=("t.wav", tone_wav(0.5), "audio/wav"))
    assert text.text == "A short test tone."


def test_missing_deployment_wrong_modality_and_bad_file_answer_like_azure(plane: Emu) -> None:
    client = sdk(plane)
    with pytest.raises(openai.NotFoundError) as missing:
        client.chat.completions.create(model="nope", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.code == "DeploymentNotFound"
    with pytest.raises(openai.BadRequestError) as wrong:
        client.chat.completions.create(model="embed", messages=[{"role": "user", "content": "hi"}])
    assert wrong.value.code == "OperationNotSupported"
    assert "chatCompletion operation does not work with the specified model, text-embedding-3-small" in str(wrong.value)
    with pytest.raises(openai.BadRequestError) as no_audio:
        client.chat.completions.create(model="chat", messages=[{"role": "user", "content": "hi"}],
                                       modalities=["text", "audio"], audio={"voice": "alloy", "format": "wav"})
    assert no_audio.value.code == "OperationNotSupported"
    with pytest.raises(openai.BadRequestError) as not_wav:
        client.audio.transcriptions.create(model="stt", file=("t.wav", b"not audio", "audio/wav"))
    assert "Invalid file format" in str(not_wav.value)


def test_tokens_need_the_cognitive_services_audience_and_keys_are_refused_when_local_auth_is_off(plane: Emu) -> None:
    ask = {"model": "chat", "messages": [{"role": "user", "content": "hi"}]}
    with pytest.raises(openai.AuthenticationError) as audience:
        sdk(plane, key=lambda: token(aud="https://management.azure.com")).chat.completions.create(**ask)
    assert "audience is incorrect (https://cognitiveservices.azure.com)" in str(audience.value)
    with pytest.raises(openai.AuthenticationError):
        sdk(plane, key=lambda: token(tid="00000000-0000-0000-0000-000000000001")).chat.completions.create(**ask)
    with pytest.raises(openai.AuthenticationError):
        sdk(plane, key=lambda: token(exp=int(time.time()) - 10)).chat.completions.create(**ask)
    forged = Identity(rsa.generate_private_key(public_exponent=65537, key_size=2048)).issue(
        audience=COGNITIVE, issuer="https://login.emulator.local/")
    with pytest.raises(openai.AuthenticationError):  # signed by another key
        sdk(plane, key=lambda: forged).chat.completions.create(**ask)
    keyed = openai.OpenAI(base_url=f"https://{HOST}/openai/v1/", api_key="unused", max_retries=0,
                          default_headers={"api-key": "0" * 32},
                          http_client=httpx2.Client(transport=EmulatorHttpxTransport(plane.transport.app)))
    with pytest.raises(openai.PermissionDeniedError) as disabled:
        keyed.with_options(default_headers={"Authorization": ""}).chat.completions.create(**ask)
    assert disabled.value.code == "AuthenticationTypeDisabled"
    with pytest.raises(openai.NotFoundError):  # no account answers at that host
        sdk(plane, host="someone-else.openai.azure.com").chat.completions.create(**ask)


def test_rate_limits_follow_capacity_with_retry_after() -> None:
    emu = setup(make_emu(EmulatorConfig()))
    client = sdk(emu)
    limit = next(r for r in emu.cognitive.deployments.get("rg1", "acct1", "chat").properties.rate_limits
                 if r.key == "request")
    ask = {"model": "chat", "messages": [{"role": "user", "content": "hi"}], "max_completion_tokens": 1}
    for _ in range(int(limit.count)):
        client.chat.completions.create(**ask)
    with pytest.raises(openai.RateLimitError) as throttled:
        client.chat.completions.create(**ask)
    seconds = int(throttled.value.response.headers["retry-after"])
    assert 1 <= seconds <= limit.renewal_period and "Please retry after" in str(throttled.value)
    emu.clock.advance(seconds)
    client.chat.completions.create(**ask)


def test_faults_are_injected_per_deployment() -> None:
    emu = setup(make_emu(EmulatorConfig(dataplane=DataPlane(faults={"acct1/chat": DataPlaneFault(
        kind="server_error")}))))
    client = sdk(emu)
    with pytest.raises(openai.InternalServerError) as fault:
        client.chat.completions.create(model="chat", messages=[{"role": "user", "content": "hi"}])
    assert fault.value.response.headers["x-ms-emulator-fault"] == "server_error"
    assert client.embeddings.create(model="embed", input="x").data  # other deployments are unaffected


def test_realtime_session_events_in_order(plane: Emu) -> None:
    with realtime(plane) as ws:
        created = json.loads(ws.recv())
        assert created["type"] == "session.created"
        assert created["session"]["model"] == "gpt-4o-mini-realtime-preview-2024-12-17"
        ws.send(json.dumps({"type": "session.update", "session": {"modalities": ["text"]}}))
        updated = json.loads(ws.recv())
        assert updated["type"] == "session.updated" and updated["session"]["modalities"] == ["text"]
        ws.send(json.dumps({"type": "response.create"}))
        kinds, text = [], ""
        while not kinds or kinds[-1] != "response.done":
            event = json.loads(ws.recv())
            kinds.append(event["type"])
            text += event.get("delta", "")
        assert kinds[0] == "response.created" and "response.text.delta" in kinds
        assert text == "OK. The emulator answers every deployment with a short deterministic reply."
        assert event["response"]["status"] == "completed"
        ws.send(json.dumps({"type": "session.update", "session": {"modalities": ["video"]}}))
        error = json.loads(ws.recv())
        assert error["type"] == "error" and error["error"]["param"] == "session.modalities"


def test_realtime_ga_path_audio_and_rejected_handshakes(plane: Emu) -> None:
    with realtime(plane, query="model=rt", path="/openai/v1/realtime") as ws:
        assert json.loads(ws.recv())["type"] == "session.created"
        ws.send(json.dumps({"type": "session.update", "session": {"modalities": ["text"]}}))
        refused = json.loads(ws.recv())  # the GA API calls it output_modalities
        assert refused["type"] == "error" and refused["error"]["param"] == "session.modalities"
        ws.send(json.dumps({"type": "response.create", "response": {"output_modalities": ["audio", "text"]}}))
        kinds = []
        while not kinds or kinds[-1] != "response.done":
            kinds.append(json.loads(ws.recv())["type"])
        assert "response.output_audio.delta" in kinds and "response.output_audio_transcript.delta" in kinds
    for query, status, code in [("api-version=2025-04-01-preview&deployment=chat", 400, "OperationNotSupported"),
                                ("api-version=2025-04-01-preview&deployment=gone", 404, "DeploymentNotFound")]:
        with pytest.raises(InvalidStatus) as rejected:
            realtime(plane, query=query)
        assert rejected.value.response.status_code == status
        assert json.loads(bytes(rejected.value.response.body or b""))["error"]["code"] == code
    with pytest.raises(InvalidStatus) as unauthorized:
        realtime(plane, bearer=token(aud="https://management.azure.com"))
    assert unauthorized.value.response.status_code == 401
