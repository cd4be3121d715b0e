"""The data-plane URL forms `outputs` prints, each with the document (and its date) that gives it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from aoai_provision.catalog.types import ModelVersion, Source

_DOCS = "MicrosoftDocs/azure-ai-docs"


def _doc(key: str, title: str, as_of: str, path: str, commit: str) -> Source:
    return Source(key=key, title=title, as_of=as_of, url=f"{_DOCS}/{path}@{commit}")


REALTIME_WEBSOCKETS = _doc(
    "realtime-websockets", "Use the GPT Realtime API via WebSockets", "2026-01-29",
    "articles/foundry/openai/how-to/realtime-audio-websockets.md", "10bec398fe4dae9abd0ae3cb89ad0190bfbdbd49")
REALTIME_WEBRTC = _doc(
    "realtime-webrtc", "Use the GPT Realtime API via WebRTC", "2026-01-29",
    "articles/foundry/openai/how-to/realtime-audio-webrtc.md", "10bec398fe4dae9abd0ae3cb89ad0190bfbdbd49")
V1_API = _doc(
    "v1-api", "Azure OpenAI v1 API (API version lifecycle)", "2026-03-19",
    "articles/foundry/openai/includes/api-version-lifecycle-content.md", "0d830ad34eda4357964646df7fa0e9eb35d62e39")
AUDIO_COMPLETIONS = _doc(
    "audio-completions", "Audio generation quickstart (REST)", "2025-01-21",
    "articles/foundry/openai/includes/audio-completions-rest.md", "12579eb37344040593f256c8d129e713aacbad75")

# The preview Realtime API form's api-version, as the WebSockets how-to gives it now (the Jan/Feb-2025
# form with api-version=2024-12-17 — the model version — was removed from the docs).
PREVIEW_REALTIME_API_VERSION = "2025-04-01-preview"
# The api-version of the audio chat-completions quickstart for the preview audio models.
PREVIEW_AUDIO_API_VERSION = "2025-01-01-preview"
SOURCES = (REALTIME_WEBSOCKETS, REALTIME_WEBRTC, V1_API, AUDIO_COMPLETIONS)
# The Azure OpenAI data-plane domain of each cloud: `{custom subdomain}.{domain}`.
OPENAI_DOMAINS = {"AzureCloud": "openai.azure.com", "AzureUSGovernment": "openai.azure.us",
                  "AzureChinaCloud": "openai.azure.cn"}


def openai_host(subdomain: str, cloud: str = "AzureCloud") -> str:
    """`aoai-prod-eastus2.openai.azure.com`: the host the data-plane URLs use."""
    return f"{subdomain.lower()}.{OPENAI_DOMAINS.get(cloud, OPENAI_DOMAINS['AzureCloud'])}"


@dataclass(frozen=True)
class Endpoint:
    """One URL an application calls, and the document it comes from."""

    name: str  # realtime_uri, webrtc_client_secrets_url, webrtc_calls_url, chat_completions_url, ...
    url: str
    source: Source

    def to_json(self) -> dict[str, str]:
        return {"url": self.url, "source": self.source.cite()}


def is_preview_model(model: str, mv: ModelVersion | None) -> bool:
    """The 2024-12-17 gpt-4o(-mini) realtime/audio previews use the preview API; GA models the v1 API."""
    return model.endswith("-preview") or bool(mv is not None and mv.realtime_api_version)


def deployment_endpoints(host: str, deployment: str, model: str, mv: ModelVersion | None) -> list[Endpoint]:
    """The URLs of one deployment by its model's kind: realtime (GA or preview), audio chat completions."""
    realtime = mv.has_capability("realtime") if mv is not None else "realtime" in model
    audio_chat = (mv.has_capability("audio") and mv.has_capability("chatCompletion") if mv is not None
                  else "audio" in model) and not realtime
    preview = is_preview_model(model, mv)
    out: list[Endpoint] = []
    if realtime and preview:
        query = urlencode({"api-version": (mv.realtime_api_version if mv else None) or PREVIEW_REALTIME_API_VERSION,
                           "deployment": deployment})
        out.append(Endpoint("realtime_uri", f"wss://{host}/openai/realtime?{query}", REALTIME_WEBSOCKETS))
    elif realtime:
        out.append(Endpoint("realtime_uri", f"wss://{host}/openai/v1/realtime?{urlencode({'model': deployment})}",
                            REALTIME_WEBSOCKETS))
        out.append(Endpoint("webrtc_client_secrets_url", f"https://{host}/openai/v1/realtime/client_secrets",
                            REALTIME_WEBRTC))
        out.append(Endpoint("webrtc_calls_url", f"https://{host}/openai/v1/realtime/calls", REALTIME_WEBRTC))
    if audio_chat and preview:
        query = urlencode({"api-version": PREVIEW_AUDIO_API_VERSION})
        out.append(Endpoint("chat_completions_url",
                            f"https://{host}/openai/deployments/{deployment}/chat/completions?{query}",
                            AUDIO_COMPLETIONS))
    elif audio_chat:
        out.append(Endpoint("chat_completions_url", f"https://{host}/openai/v1/chat/completions", V1_API))
    return out
