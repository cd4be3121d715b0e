"""The realtime session's event protocol, transport-free: client event in, server events out."""

from __future__ import annotations

import base64
import itertools
import time
import uuid
from collections.abc import Callable
from typing import Any

from aoai_provision.audio import tone_pcm
from aoai_provision.emulator.dataplane import answers

_ids = itertools.count(1)
MODALITIES = {"text", "audio"}
# Preview (api-version=...-preview) names -> GA (/openai/v1/realtime) names.
GA_NAMES = {"response.text.delta": "response.output_text.delta", "response.text.done": "response.output_text.done",
            "response.audio.delta": "response.output_audio.delta", "response.audio.done": "response.output_audio.done",
            "response.audio_transcript.delta": "response.output_audio_transcript.delta",
            "response.audio_transcript.done": "response.output_audio_transcript.done"}
CLIENT_EVENTS = ("session.update", "input_audio_buffer.append", "input_audio_buffer.commit",
                 "input_audio_buffer.clear", "conversation.item.create", "conversation.item.delete",
                 "conversation.item.truncate", "response.create", "response.cancel")


def event_id() -> str:
    return f"event_{next(_ids):06d}{uuid.uuid4().hex[:10]}"


class RealtimeSession:
    """One session: ``created()`` first, then ``receive(event)`` for each client event."""

    def __init__(self, model: dict[str, Any], *, ga: bool, spend: Callable[[int], object] | None = None) -> None:
        self.ga = ga
        self.spend = spend  # charges a response's tokens to the deployment's rate limit (raises on 429)
        self.session: dict[str, Any] = {
            "id": f"sess_{uuid.uuid4().hex[:20]}", "object": "realtime.session",
            "model": answers.answered_model(model), "expires_at": int(time.time()) + 1800,
            "modalities": ["text", "audio"], "instructions": "", "voice": "alloy",
            "input_audio_format": "pcm16", "output_audio_format": "pcm16", "input_audio_transcription": None,
            "turn_detection": {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300,
                               "silence_duration_ms": 200, "create_response": True},
            "tools": [], "tool_choice": "auto", "temperature": 0.8, "max_response_output_tokens": "inf"}
        self.items: list[str] = []

    def _event(self, kind: str, **fields: Any) -> dict[str, Any]:
        name = GA_NAMES.get(kind, kind) if self.ga else kind
        return {"type": name, "event_id": event_id(), **fields}

    def created(self) -> list[dict[str, Any]]:
        return [self._event("session.created", session=dict(self.session))]

    def error(self, message: str, *, code: str = "invalid_value", param: str | None = None,
              client_event: str | None = None) -> dict[str, Any]:
        return self._event("error", error={"type": "invalid_request_error", "code": code, "message": message,
                                           "param": param, "event_id": client_event})

    def receive(self, event: Any) -> list[dict[str, Any]]:
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return [self.error("The event must be a JSON object with a 'type'.", param="type")]
        kind, client_id = event["type"], event.get("event_id")
        if kind not in CLIENT_EVENTS:
            return [self.error(f"Invalid value: '{kind}'. Supported values are: "
                               f"{', '.join(repr(k) for k in CLIENT_EVENTS)}.", param="type", client_event=client_id)]
        if kind == "session.update":
            return self._update(event.get("session") or {}, client_id)
        if kind == "response.create":
            return self._respond(event.get("response") or {}, client_id)
        if kind == "conversation.item.create":
            item = dict(event.get("item") or {})
            item.setdefault("id", f"item_{uuid.uuid4().hex[:20]}")
            item.update(object="realtime.item", status="completed")
            previous = self.items[-1] if self.items else None
            self.items.append(item["id"])
            return [self._event("conversation.item.created", previous_item_id=previous, item=item)]
        if kind == "input_audio_buffer.commit":
            item_id = f"item_{uuid.uuid4().hex[:20]}"
            self.items.append(item_id)
            return [self._event("input_audio_buffer.committed", previous_item_id=None, item_id=item_id)]
        if kind == "input_audio_buffer.clear":
            return [self._event("input_audio_buffer.cleared")]
        return []

    def _update(self, changes: Any, client_id: Any) -> list[dict[str, Any]]:
        if not isinstance(changes, dict):
            return [self.error("'session' must be an object.", param="session", client_event=client_id)]
        unknown = self._other_api_field(changes)
        if unknown:
            return [self.error(f"Unknown parameter: 'session.{unknown}'.", code="unknown_parameter",
                               param=f"session.{unknown}", client_event=client_id)]
        modalities = changes.get("modalities", changes.get("output_modalities"))
        if modalities is not None and (not isinstance(modalities, list) or not set(modalities) <= MODALITIES
                                       or not modalities):
            return [self.error(f"Invalid modalities: {modalities!r}. Supported combinations are: ['text'] and "
                               "['audio', 'text'].", param="session.modalities", client_event=client_id)]
        self.session.update({k: v for k, v in changes.items() if k != "output_modalities"})
        if modalities is not None:
            self.session["modalities"] = modalities
        return [self._event("session.updated", session=dict(self.session))]

    def _other_api_field(self, fields: dict[str, Any]) -> str | None:
        """The GA API (/openai/v1/realtime) names it ``output_modalities``; the previews ``modalities``."""
        wrong = "modalities" if self.ga else "output_modalities"
        return wrong if wrong in fields else None

    def _respond(self, options: Any, client_id: Any) -> list[dict[str, Any]]:
        options = options if isinstance(options, dict) else {}
        unknown = self._other_api_field(options)
        if unknown:
            return [self.error(f"Unknown parameter: 'response.{unknown}'.", code="unknown_parameter",
                               param=f"response.{unknown}", client_event=client_id)]
        modalities = options.get("modalities", options.get("output_modalities")) or self.session["modalities"]
        text, _ = answers.reply(None if options.get("max_output_tokens") in (None, "inf")
                                else int(options["max_output_tokens"]))
        tokens = answers.count_tokens(text)
        if self.spend is not None:
            try:
                self.spend(tokens)
            except Exception as exc:  # a 429 from the deployment's limits
                return [self.error(str(getattr(exc, "message", exc)), code="rate_limit_exceeded",
                                   client_event=client_id)]
        response_id, item_id = f"resp_{uuid.uuid4().hex[:20]}", f"item_{uuid.uuid4().hex[:20]}"
        audio = "audio" in modalities
        ref = {"response_id": response_id, "item_id": item_id, "output_index": 0, "content_index": 0}
        part_type = "audio" if audio else "text"
        item: dict[str, Any] = {"id": item_id, "object": "realtime.item", "type": "message", "status": "in_progress",
                "role": "assistant", "content": []}
        response: dict[str, Any] = {"object": "realtime.response", "id": response_id, "status": "in_progress",
                    "status_details": None, "output": [], "usage": None}
        out = [self._event("response.created", response=dict(response)),
               self._event("response.output_item.added", response_id=response_id, output_index=0, item=dict(item)),
               self._event("conversation.item.created", previous_item_id=self.items[-1] if self.items else None,
                           item=dict(item)),
               self._event("response.content_part.added", **ref, part={"type": part_type}),
               ]
        if audio:
            pcm = tone_pcm()
            out.append(self._event("response.audio.delta", **ref, delta=base64.b64encode(pcm).decode()))
            out.append(self._event("response.audio.done", **ref))
            out.extend(self._event("response.audio_transcript.delta", **ref, delta=w) for w in _words(text))
            out.append(self._event("response.audio_transcript.done", **ref, transcript=text))
            part = {"type": "audio", "transcript": text}
        else:
            out.extend(self._event("response.text.delta", **ref, delta=w) for w in _words(text))
            out.append(self._event("response.text.done", **ref, text=text))
            part = {"type": "text", "text": text}
        self.items.append(item_id)
        item.update(status="completed", content=[part])
        response.update(status="completed", output=[item],
                        usage={"total_tokens": tokens + 1, "input_tokens": 1, "output_tokens": tokens})
        out += [self._event("response.content_part.done", **ref, part=part),
                self._event("response.output_item.done", response_id=response_id, output_index=0, item=item),
                self._event("response.done", response=response)]
        return out


def _words(text: str) -> list[str]:
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)]
