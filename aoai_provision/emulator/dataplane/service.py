"""One data-plane request: find the account and deployment, check the caller, limits and faults, answer."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from aoai_provision.audio import tone_wav
from aoai_provision.emulator.dataplane import answers, auth, errors, lookup, operations
from aoai_provision.emulator.dataplane.limits import DataPlaneFaults, RateLimiter
from aoai_provision.emulator.errors import ArmError
from aoai_provision.emulator.identity import Identity

if TYPE_CHECKING:
    from aoai_provision.emulator.backend import Backend

Answer = tuple[int, dict[str, str], bytes]


def is_dataplane(path: str) -> bool:
    return path.lower().startswith("/openai/")


@dataclass(frozen=True)
class Call:
    """A request that passed every check: the operation, the account and deployment it reaches."""

    operation: operations.Operation
    target: lookup.Target
    deployment: dict[str, Any]
    body: Any

    @property
    def model(self) -> dict[str, Any]:
        model: dict[str, Any] = self.deployment["properties"]["model"]
        return model


class DataPlane:
    """The accounts' inference endpoints; rate-limit buckets and fault draws live in this process."""

    def __init__(self, backend: Backend, identity: Identity) -> None:
        self.backend = backend
        self.identity = identity  # verifies the bearer tokens, as for ARM
        self.limiter = RateLimiter(backend.clock)
        self.faults = DataPlaneFaults(backend.config.dataplane, backend.clock)
        # (method, path, operation, status, api-version, duration ms, fault): the request log, set by the app
        self.log: Callable[[str, str, str, int, str | None, float, str | None], None] | None = None

    def operation_name(self, path: str) -> str:
        found = operations.match(path.rstrip("/"))
        return found[0].operation_id if found else "Unknown"

    def admit(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Call:
        """Every check before an answer, in Azure's order; raises ArmError with Azure's status and code."""
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        headers = {k.lower(): v for k, v in headers.items()}
        found = operations.match(path)
        if found is None:
            raise errors.resource_not_found()
        op, named, v1 = found
        expected = "GET" if op.key == "realtime" else "POST"
        if method.upper() != expected or (not v1 and not query.get("api-version")):
            raise errors.resource_not_found()
        fields: dict[str, tuple[str | None, bytes]] = {}
        parsed: Any = None
        if op.key == "transcriptions":
            fields = operations.parse_multipart(headers.get("content-type", ""), body)
            parsed = fields
            named = named or (fields.get("model", (None, b""))[1].decode() or None)
        elif op.key != "realtime":
            parsed = _json(body)
            named = named or (parsed.get("model") if isinstance(parsed.get("model"), str) else None)
        else:
            named = query.get("deployment") or query.get("model")
        host = headers.get("host") or parts.netloc
        target = lookup.find(self.backend, host, named)
        if target is None:
            raise errors.resource_not_found()
        principal = auth.authenticate(self.identity, headers, target)
        auth.authorize(self.backend, target, principal, op.data_action, method.upper(), path)
        if not named:
            raise errors.invalid_request("Missing required parameter: 'model'.", "missing_required_parameter")
        deployment = target.deployment
        if deployment is None or deployment["properties"].get("provisioningState") not in ("Succeeded", None):
            raise errors.deployment_not_found()
        model = deployment["properties"].get("model") or {}
        audio_out = isinstance(parsed, dict) and "audio" in (parsed.get("modalities") or [])
        if not operations.supports(op, model, deployment["properties"].get("capabilities") or {},
                                   audio_out=audio_out):
            raise errors.operation_not_supported(op.label, str(model.get("name")))
        self.faults.inject(target.account_name, str(deployment["name"]))
        return Call(op, target, deployment, parsed)

    def limit(self, call: Call) -> dict[str, str]:
        """Spend the deployment's rate limits (429 with Retry-After when it is used up)."""
        if not self.backend.config.dataplane.rate_limits:
            return {}
        tokens = 1
        if isinstance(call.body, dict):
            tokens = answers.count_tokens(json.dumps(call.body.get("messages") or call.body.get("input") or ""))
            tokens += int(call.body.get("max_completion_tokens") or call.body.get("max_tokens") or 16)
        return self.limiter.take(call.deployment, call.operation.operation_id, tokens)

    def handle(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Answer:
        """Answer one HTTP request (realtime needs a WebSocket: see realtime.py)."""
        extra: dict[str, str] = {}
        try:
            call = self.admit(method, url, headers, body)
            if call.operation.key == "realtime":
                raise errors.invalid_request("This endpoint requires a WebSocket connection.")
            if call.operation.key == "speech":
                extra = self.limit(call)
                return 200, {"Content-Type": "audio/wav", **extra, **_ids(call)}, tone_wav()
            extra = self.limit(call)
            if call.operation.key == "chat":
                result = operations.answer_chat(call.body, call.model)
            elif call.operation.key == "embeddings":
                result = operations.answer_embeddings(call.body, call.model)
            else:
                result = operations.answer_transcription(call.body)
            extra.update(_ids(call))
            status, data = 200, result
        except ArmError as error:
            status, data = error.status, error.body()
            extra = dict(error.headers)
        payload = json.dumps(data).encode()
        out = {"Content-Type": "application/json", "Content-Length": str(len(payload)),
               "apim-request-id": str(uuid.uuid4()), **extra}
        return status, out, payload


def _ids(call: Call) -> dict[str, str]:
    return {"x-ms-region": str(call.target.account.get("location", "")),
            "x-ms-deployment-name": str(call.deployment["name"])}


def _json(body: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(body or b"{}")
    except ValueError as exc:
        raise errors.invalid_request(f"We could not parse the JSON body of your request. ({exc})") from exc
    if not isinstance(parsed, dict):
        raise errors.invalid_request("The request body must be a JSON object.")
    return parsed
