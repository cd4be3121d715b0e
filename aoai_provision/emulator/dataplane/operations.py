"""The data-plane operations: paths (v1 and deployment-scoped), capability each needs, data action, answer."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from aoai_provision.audio import pcm_to_wav, tone_pcm, wav_seconds
from aoai_provision.emulator.dataplane import answers, errors

DATA_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/{}/action"


@dataclass(frozen=True)
class Operation:
    """One inference operation: its operationId, the capability it needs and its data action."""

    key: str  # chat, embeddings, transcriptions, speech, realtime
    operation_id: str
    label: str  # as Azure names it in OperationNotSupported ("chatCompletion")
    data_action: str


OPERATIONS = {
    "chat/completions": Operation("chat", "ChatCompletions_Create", "chatCompletion",
                                  DATA_ACTION.format("chat/completions")),
    "embeddings": Operation("embeddings", "Embeddings_Create", "embeddings", DATA_ACTION.format("embeddings")),
    "audio/transcriptions": Operation("transcriptions", "Transcriptions_Create", "transcription",
                                      DATA_ACTION.format("audio")),
    "audio/speech": Operation("speech", "Speech_Create", "speech", DATA_ACTION.format("audio")),
    "realtime": Operation("realtime", "Realtime_Connect", "realtime", DATA_ACTION.format("realtime")),
}
V1 = re.compile(r"^/openai/v1/(?P<op>chat/completions|embeddings|audio/transcriptions|audio/speech|realtime)$",
                re.IGNORECASE)
SCOPED = re.compile(r"^/openai/deployments/(?P<deployment>[^/]+)/(?P<op>chat/completions|embeddings|"
                    r"audio/transcriptions|audio/speech)$", re.IGNORECASE)
REALTIME = re.compile(r"^/openai/realtime$", re.IGNORECASE)


def match(path: str) -> tuple[Operation, str | None, bool] | None:
    """(operation, deployment named in the path, v1?) for a data-plane path, else None."""
    found = V1.match(path)
    if found:
        return OPERATIONS[found["op"].lower()], None, True
    found = SCOPED.match(path)
    if found:
        return OPERATIONS[found["op"].lower()], found["deployment"], False
    if REALTIME.match(path):
        return OPERATIONS["realtime"], None, False
    return None


def supports(op: Operation, model: dict[str, Any], capabilities: dict[str, Any], *, audio_out: bool) -> bool:
    """Whether a deployment of ``model`` (with its ARM ``capabilities``) can serve ``op``."""
    def has(name: str) -> bool:
        return str(capabilities.get(name, "")).lower() == "true"

    name = str(model.get("name", "")).lower()
    if op.key == "chat":
        return has("chatCompletion") and (not audio_out or has("audio"))
    if op.key == "embeddings":
        return has("embeddings")
    if op.key == "transcriptions":
        return "transcribe" in name or "whisper" in name
    if op.key == "speech":
        return "tts" in name
    return has("realtime")


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """multipart/form-data fields: name -> (filename, bytes)."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, tuple[str | None, bytes]] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            payload = part.get_payload(decode=True)
            fields[str(name)] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return fields


def answer_chat(body: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    limit = body.get("max_completion_tokens") or body.get("max_tokens")
    text, finish = answers.reply(int(limit) if isinstance(limit, int) else None)
    prompt = " ".join(str(m.get("content", "")) for m in body.get("messages") or [] if isinstance(m, dict))
    message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None, "annotations": []}
    if "audio" in (body.get("modalities") or []):
        audio = body.get("audio") or {}
        if not isinstance(audio, dict) or not audio.get("voice") or not audio.get("format"):
            raise errors.invalid_request("Missing required parameter: 'audio.voice' and 'audio.format' are "
                                         "required when 'audio' is in 'modalities'.", "missing_required_parameter")
        message.update(content=None, audio={"id": f"audio_{uuid.uuid4().hex}", "data": _audio(audio["format"]),
                                            "expires_at": int(time.time()) + 3600, "transcript": text})
    completion = answers.count_tokens(text)
    usage = answers.count_tokens(prompt)
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
            "model": answers.answered_model(model), "system_fingerprint": "fp_aoai_emulator",
            "choices": [{"index": 0, "finish_reason": finish, "message": message, "logprobs": None}],
            "usage": {"prompt_tokens": usage, "completion_tokens": completion,
                      "total_tokens": usage + completion}}


def _audio(fmt: str) -> str:
    import base64

    pcm = tone_pcm()
    return base64.b64encode(pcm if fmt == "pcm16" else pcm_to_wav(pcm)).decode()


def answer_embeddings(body: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    inputs = body.get("input")
    items = inputs if isinstance(inputs, list) else [inputs]
    if not items or any(not isinstance(i, (str, list)) for i in items):
        raise errors.invalid_request("'input' must be a string or an array of strings.", "invalid_value")
    size = int(body.get("dimensions") or answers.DIMENSIONS.get(str(model.get("name")), 1536))
    b64 = body.get("encoding_format") == "base64"
    data = []
    for index, item in enumerate(items):
        vector = answers.embedding(str(item), size)
        data.append({"object": "embedding", "index": index,
                     "embedding": answers.encode_floats(vector) if b64 else vector})
    tokens = sum(answers.count_tokens(str(i)) for i in items)
    return {"object": "list", "data": data, "model": answers.answered_model(model),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def answer_transcription(fields: dict[str, tuple[str | None, bytes]]) -> dict[str, Any]:
    if "file" not in fields:
        raise errors.invalid_request("Missing required parameter: 'file'.", "missing_required_parameter")
    seconds = wav_seconds(fields["file"][1])
    if seconds is None:
        raise errors.invalid_request("Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', "
                                     "'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']", "invalid_value")
    return {"text": answers.TRANSCRIPT,
            "usage": {"type": "duration", "seconds": max(1, round(seconds))}}
