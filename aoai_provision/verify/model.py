"""Probe selection per model, per-deployment results, --target addresses; pure data, no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Probe(StrEnum):
    """The smallest real request each kind of model supports."""

    CHAT = "chat"  # one-token chat completion
    AUDIO = "audio"  # chat completion with text+audio modalities; audio bytes must come back
    EMBEDDINGS = "embeddings"  # one input
    TRANSCRIPTION = "transcription"  # a short generated WAV
    REALTIME = "realtime"  # websocket session: session.created, a text-only response completed
    NONE = "none"  # no probe for this kind of model (images, speech synthesis, ...)


def choose_probe(model: str, capabilities: Mapping[str, str]) -> Probe:
    """The probe for a model from its catalog capabilities (``{"chatCompletion": "true", ...}``)."""
    def has(name: str) -> bool:
        return str(capabilities.get(name, "")).lower() == "true"

    name = model.lower()
    if has("realtime"):
        return Probe.REALTIME
    if has("embeddings"):
        return Probe.EMBEDDINGS
    if has("chatCompletion"):
        return Probe.AUDIO if has("audio") else Probe.CHAT
    if "transcribe" in name or "whisper" in name:
        return Probe.TRANSCRIPTION
    if not capabilities and not any(k in name for k in ("tts", "dall-e", "image", "sora")):
        return Probe.CHAT  # unknown to the catalog: the commonest kind
    return Probe.NONE


class Outcome(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    """One deployment to verify: where it answers and what the file says it runs."""

    account: str
    deployment: str
    model: str
    version: str
    probe: Probe
    endpoint: str  # https://{host}/
    realtime_uri: str | None = None
    declared: tuple[str, str] | None = None  # (model, version) in the file, when it differs from Azure's

    @property
    def expected(self) -> tuple[str, str]:
        """The model and version the file declares."""
        return self.declared or (self.model, self.version)

    @property
    def address(self) -> str:
        return deployment_address(self.account, self.deployment)


@dataclass(frozen=True)
class VerifyResult:
    """What one probe found: ok or the error, latency to first byte, and the model that answered."""

    check: Check
    outcome: Outcome
    seconds: float = 0.0
    first_byte_ms: float | None = None
    status: int | None = None  # HTTP status of the last answer (101 for a websocket session)
    code: str | None = None
    message: str | None = None
    answered_model: str | None = None
    answered_version: str | None = None
    attempts: int = 1
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.outcome is not Outcome.FAILED


def deployment_address(account: str, deployment: str) -> str:
    """The address plan --target uses: ``account.<name>.deployment.<name>``."""
    return f"account.{account}.deployment.{deployment}"


def selected(check_account: str, check_deployment: str, targets: tuple[str, ...]) -> bool:
    """No targets selects everything; ``account.<a>`` selects its deployments; globs (*) are allowed."""
    if not targets:
        return True
    address = deployment_address(check_account, check_deployment).lower()
    for target in targets:
        pattern = re.escape(target.lower()).replace(r"\*", "[^.]*")
        if re.fullmatch(pattern, address) or re.fullmatch(pattern + r"\.deployment\.[^.]+", address):
            return True
    return False


def split_answered(answered: str | None, model: str) -> tuple[str | None, str | None]:
    """``gpt-4o-mini-2024-07-18`` -> (gpt-4o-mini, 2024-07-18) given the declared model name."""
    if not answered:
        return None, None
    if answered == model:
        return model, None
    if answered.startswith(model + "-"):
        return model, answered[len(model) + 1:]
    found = re.fullmatch(r"(.+?)-(\d{4}-\d{2}-\d{2})", answered)
    return (found[1], found[2]) if found else (answered, None)


def drift_note(check: Check, name: str | None, version: str | None) -> str | None:
    """A note when the answering model or version differs from the file (e.g. an auto-upgrade)."""
    model, declared = check.expected
    if name and name != model:
        return f"answered by model {name}, the file says {model}"
    if version and version != declared:
        return f"answered by {model} version {version}, the file says {declared} (auto-upgrade?)"
    return None
