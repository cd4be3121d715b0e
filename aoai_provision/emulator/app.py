"""One dispatch for both ways in: parse a request, run the backend, answer ARM-style JSON, log it."""

from __future__ import annotations

import fcntl
import json
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aoai_provision.emulator import routes, versioned_fields
from aoai_provision.emulator.backend import Backend
from aoai_provision.emulator.bodies import parse_body
from aoai_provision.emulator.clock import Clock, iso
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.dataplane.service import DataPlane, is_dataplane
from aoai_provision.emulator.errors import ArmError, unauthorized
from aoai_provision.emulator.faults import FAULT_HEADER, ConnectionDropped
from aoai_provision.emulator.identity import TENANT_ID, Claims, Identity, TokenError
from aoai_provision.emulator.state import StateStore

REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request",
           401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
           429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
           503: "Service Unavailable"}


@dataclass
class EmuRequest:
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes = b""


@dataclass
class EmuResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def reason(self) -> str:
        return REASONS.get(self.status, "")


class EmulatorApp:
    """The emulator behind one function, ``handle(request) -> response`` (raises ConnectionDropped)."""

    def __init__(self, backend: Backend, identity: Identity | None = None) -> None:
        routes.load_extensions()
        self.backend = backend
        self.identity = identity or Identity.ephemeral()
        self._log_lock = threading.Lock()
        self.dataplane = DataPlane(backend, self.identity)  # the accounts' inference endpoints (``/openai/...`` on their hosts)
        self.dataplane.log = self._log  # websocket sessions are logged when their handshake is answered

    @classmethod
    def create(cls, state_path: Path | None = None, config: EmulatorConfig | None = None,
               clock: Clock | None = None, *, read_only: bool = False) -> EmulatorApp:
        """The signing key lives next to the state (in ``emulator-tls/``), in memory for in-memory state."""
        identity = None
        if state_path is not None:
            key_dir = state_path.parent / "emulator-tls"
            identity = Identity.load(key_dir) if not read_only or Identity.exists(key_dir) else None
        return cls(Backend(StateStore(state_path, read_only=read_only), config, clock), identity)

    def credential(self) -> Any:
        """A TokenCredential whose tokens this emulator accepts (for in-process SDK clients)."""
        from aoai_provision.emulator.identity import EmulatorCredential

        return EmulatorCredential(self.identity)

    def handle(self, request: EmuRequest) -> EmuResponse:
        started = time.monotonic()
        parts = urlsplit(request.url)
        path = parts.path.rstrip("/") or "/"
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        base_url = f"{parts.scheme}://{parts.netloc}"
        operation, status, fault = "Unknown", 0, None
        try:
            if is_dataplane(path):
                operation = self.dataplane.operation_name(path)
                answer = self.dataplane.handle(request.method, request.url, dict(request.headers), request.body)
                status, fault = answer[0], answer[1].get(FAULT_HEADER)
                return EmuResponse(*answer)
            response, operation = self._dispatch(request, path, query, base_url)
            status = response.status
            fault = response.headers.get(FAULT_HEADER)
            return response
        except ConnectionDropped as dropped:
            operation, fault = dropped.operation, "connection_reset"
            raise
        finally:
            self._log(request.method, path, operation, status, query.get("api-version"),
                      (time.monotonic() - started) * 1000, fault)

    def _dispatch(self, request: EmuRequest, path: str, query: dict[str, str],
                  base_url: str) -> tuple[EmuResponse, str]:
        backend = self.backend
        operation = "Unknown"
        rate_header: tuple[str, int] | None = None
        try:
            found = routes.match(request.method, path)
            headers_in = {k.lower(): v for k, v in request.headers.items()}
            caller = None
            if found is not None:
                operation = found[0].operation
            if found is None or not found[0].anonymous:
                caller = self._authenticate(headers_in.get("authorization", ""), base_url)
            if backend.config.latency_ms:
                backend.clock.sleep(backend.config.latency_ms / 1000.0)
            if found is not None and not found[0].polling:
                try:
                    backend.faults.before_request(request.method)
                except ConnectionDropped as dropped:
                    dropped.operation = operation
                    raise
            rate_header = backend.throttler.take(_subscription(path), request.method)
            if found is None:
                raise ArmError(501, "NotImplemented",
                               f"The aoai-provision emulator does not implement {request.method.upper()} {path}.")
            route, params = found
            body = None if route.family == "identity" else parse_body(request.body)
            routes.check_api_version(route.family, query.get("api-version"), params, body)
            routes.check_subscription(params.get("sub"))
            ctx = routes.Ctx(request.method.upper(), path, params, query, query.get("api-version", ""), base_url,
                             body, backend, self.identity, caller, request.body, headers_in)
            status, body, headers = route.handler(ctx)
            body = versioned_fields.for_version(route.operation, body, ctx.api_version)
        except ArmError as error:
            status, body, headers = error.status, error.body(), dict(error.headers)
        if rate_header is not None and status != 429:
            # ARM reports the bucket on every request it let through, a 404 from the provider included
            # (recorded: a ResourceGroupNotFound 404 carrying x-ms-ratelimit-remaining-subscription-reads)
            headers[rate_header[0]] = str(rate_header[1])
        return _respond(status, body, headers), operation

    def _authenticate(self, authorization: str, base_url: str) -> Claims:
        """Verify the bearer token as ARM does; 401 with ARM's code and wording otherwise."""
        if not authorization:
            raise unauthorized()
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("The 'Authorization' header is provided in an invalid format.")
        try:
            return self.identity.verify(token.strip())
        except TokenError as error:
            raise unauthorized(error.message, code=error.code, authority=f"{base_url}/{TENANT_ID}") from error

    def _log(self, method: str, path: str, operation: str, status: int, api_version: str | None,
             duration_ms: float, fault: str | None) -> None:
        log_path = self.backend.config.request_log
        if log_path is None:
            return
        entry: dict[str, Any] = {"ts": iso(time.time()), "method": method.upper(), "path": path,
                                 "operation": operation, "status": status, "duration_ms": round(duration_ms, 3),
                                 "api_version": api_version}
        if fault:
            entry["fault"] = fault
        line = json.dumps(entry) + "\n"
        with self._log_lock:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            # One write(2) of the whole line under the lock: a reader (or a process killed mid-request)
            # never leaves or sees half a line between the lines of other processes.
            with open(log_path, "ab", buffering=0) as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
                try:
                    handle.write(line.encode("utf-8"))
                finally:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _subscription(path: str) -> str:
    segments = path.strip("/").split("/")
    return segments[1] if len(segments) > 1 and segments[0].lower() == "subscriptions" else ""


def _respond(status: int, body: Any, headers: dict[str, str]) -> EmuResponse:
    data = b"" if body is None or status == 204 else json.dumps(body).encode()
    request_id = str(uuid.uuid4())
    out = {"x-ms-request-id": request_id, "x-ms-correlation-request-id": request_id,
           "Cache-Control": "no-cache", "Content-Length": str(len(data))}
    if data:
        out["Content-Type"] = "application/json; charset=utf-8"
    out.update(headers)
    return EmuResponse(status, out, data)
