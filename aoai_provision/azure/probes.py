"""One data-plane probe per deployment through the openai SDK (or websockets for realtime), with retries."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

from aoai_provision.audio import tone_wav
from aoai_provision.azure.dataplane import DataPlane
from aoai_provision.azure.probe_answers import Answer, ProbeFailed, retry_after
from aoai_provision.azure.realtime_probe import realtime_session
from aoai_provision.verify.model import Check, Outcome, Probe, VerifyResult, drift_note, split_answered

RETRYABLE = (429, 500, 502, 503, 504)
PROMPT = [{"role": "user", "content": "Reply with OK."}]


def run_probe(dataplane: DataPlane, check: Check, *, timeout: float, retries: int,
              on_retry: Callable[[Check, int, str], None] | None = None) -> VerifyResult:
    """Run ``check``'s probe; 429/5xx are retried after Retry-After while the deadline allows."""
    started = time.monotonic()
    deadline = started + timeout
    if check.probe is Probe.NONE:
        return VerifyResult(check, Outcome.SKIPPED, message="no data-plane probe for this kind of model")
    attempt = 0
    while True:
        attempt += 1
        begin = time.monotonic()
        try:
            answer = PROBES[check.probe](dataplane, check, max(0.5, deadline - begin))
        except ProbeFailed as failed:
            wait = failed.retry_after if failed.retry_after is not None else min(2.0 ** (attempt - 1), 8.0)
            if (failed.status in RETRYABLE and attempt <= retries
                    and time.monotonic() + wait < deadline):
                if on_retry is not None:
                    on_retry(check, attempt, f"{failed.status} {failed.code or ''}, retry in {wait:g}s".strip())
                dataplane.sleep(wait)
                continue
            return VerifyResult(check, Outcome.FAILED, time.monotonic() - started, status=failed.status,
                                code=failed.code, message=failed.message, attempts=attempt)
        name, version = split_answered(answer.model, check.model)
        notes = list(answer.notes)
        drift = drift_note(check, name, version)
        if drift:
            notes.append(drift)
        first = None if answer.first_byte is None else round((answer.first_byte - begin) * 1000, 1)
        return VerifyResult(check, Outcome.OK, time.monotonic() - started, first_byte_ms=first,
                            status=answer.status, answered_model=name, answered_version=version,
                            attempts=attempt, notes=tuple(notes))


def _sdk_call(dataplane: DataPlane, check: Check, timeout: float, call: Callable[[Any], Any]) -> tuple[Any, Answer]:
    """Call the openai SDK; the first response byte's time comes from the HTTP client's response hook."""
    import openai

    client = dataplane.openai_client(check.endpoint, timeout=timeout)
    answer = Answer(status=0)

    def on_response(response: Any) -> None:
        answer.first_byte = answer.first_byte or time.monotonic()

    client._client.event_hooks["response"] = [on_response]
    try:
        with client:
            result = call(client)
    except openai.APIStatusError as error:
        raise _failed(error) from error
    except openai.APITimeoutError as error:
        raise ProbeFailed(f"no answer within {timeout:g}s", code="Timeout") from error
    except openai.APIConnectionError as error:
        raise ProbeFailed(f"cannot connect to {check.endpoint}: {error.__cause__ or error}",
                          code="ConnectionError") from error
    answer.status = 200
    answer.model = getattr(result, "model", None)
    return result, answer


def _failed(error: Any) -> ProbeFailed:
    body: dict[str, Any] = error.body if isinstance(error.body, dict) else {}
    inner: dict[str, Any] = body["error"] if isinstance(body.get("error"), dict) else body
    code = inner.get("code") or getattr(error, "code", None)
    message = inner.get("message") or str(error)
    return ProbeFailed(str(message), status=error.status_code, code=str(code) if code is not None else None,
                       retry_after=retry_after(error.response.headers))


def probe_chat(dataplane: DataPlane, check: Check, timeout: float) -> Answer:
    result, answer = _sdk_call(dataplane, check, timeout, lambda c: c.chat.completions.create(
        model=check.deployment, messages=PROMPT, max_completion_tokens=1))
    if not result.choices:
        raise ProbeFailed("the chat completion has no choices", status=200, code="EmptyAnswer")
    return answer


def probe_audio(dataplane: DataPlane, check: Check, timeout: float) -> Answer:
    result, answer = _sdk_call(dataplane, check, timeout, lambda c: c.chat.completions.create(
        model=check.deployment, messages=PROMPT, modalities=["text", "audio"],
        audio={"voice": "alloy", "format": "wav"}, max_completion_tokens=32))
    audio = result.choices[0].message.audio if result.choices else None
    data = base64.b64decode(audio.data) if audio is not None and audio.data else b""
    if not data:
        raise ProbeFailed("the chat completion returned no audio bytes", status=200, code="NoAudio")
    answer.notes.append(f"{len(data)} audio bytes")
    return answer


def probe_embeddings(dataplane: DataPlane, check: Check, timeout: float) -> Answer:
    result, answer = _sdk_call(dataplane, check, timeout, lambda c: c.embeddings.create(
        model=check.deployment, input="OK"))
    if not result.data or not len(result.data[0].embedding):
        raise ProbeFailed("the embedding is empty", status=200, code="EmptyAnswer")
    answer.notes.append(f"{len(result.data[0].embedding)} dimensions")
    return answer


def probe_transcription(dataplane: DataPlane, check: Check, timeout: float) -> Answer:
    result, answer = _sdk_call(dataplane, check, timeout, lambda c: c.audio.transcriptions.create(
        model=check.deployment, file=("tone.wav", tone_wav(0.5, rate=16000), "audio/wav")))
    if getattr(result, "text", None) is None:
        raise ProbeFailed("the transcription has no text", status=200, code="EmptyAnswer")
    return answer


def probe_realtime(dataplane: DataPlane, check: Check, timeout: float) -> Answer:
    return realtime_session(dataplane, check, timeout)


PROBES: dict[Probe, Callable[[DataPlane, Check, float], Answer]] = {
    Probe.CHAT: probe_chat, Probe.AUDIO: probe_audio, Probe.EMBEDDINGS: probe_embeddings,
    Probe.TRANSCRIPTION: probe_transcription, Probe.REALTIME: probe_realtime,
}
