"""The in-process way in: an azure-core HttpTransport that answers from the emulator, no sockets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
from azure.core.exceptions import ServiceRequestError
from azure.core.pipeline.transport import HttpTransport
from azure.core.rest._requests_basic import RestRequestsTransportResponse
from requests.structures import CaseInsensitiveDict

from aoai_provision.emulator.app import EmulatorApp, EmuRequest
from aoai_provision.emulator.clock import Clock
from aoai_provision.emulator.config import EmulatorConfig, config_from_env
from aoai_provision.emulator.faults import ConnectionDropped


class EmulatorTransport(HttpTransport):  # type: ignore[type-arg]
    """Pass as ``transport=`` to any azure-mgmt client; thread-safe; state in memory when no path is given.

    Args:
        state_path: state file (SQLite) shared with other processes (None keeps state in memory).
        config: emulator settings; default: the file named by ``AOAI_PROVISION_EMULATOR_CONFIG``, else
            the defaults (instant operations, no throttling, no faults, the bundled catalog).
        read_only: read a snapshot of the state file and never write (nor create) it.
        clock: time source; ``VirtualClock`` makes every wait (polls, retries, latency) instant.
    """

    def __init__(self, state_path: Path | None = None, config: EmulatorConfig | None = None, *,
                 clock: Clock | None = None, app: EmulatorApp | None = None, read_only: bool = False) -> None:
        self.app = app or EmulatorApp.create(state_path, config if config is not None else config_from_env(), clock,
                                             read_only=read_only)
        self.backend = self.app.backend

    def credential(self) -> Any:
        """A TokenCredential whose tokens this emulator accepts."""
        return self.app.credential()

    def __enter__(self) -> EmulatorTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        pass

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def sleep(self, duration: float) -> None:
        """Used by LRO polling and RetryPolicy: waits on the emulator's clock (real time by default)."""
        self.backend.clock.sleep(duration)

    def send(self, request: Any, **kwargs: Any) -> RestRequestsTransportResponse:
        # azure.core.rest.HttpRequest has .content; the legacy pipeline request (older SDKs such as
        # azure-mgmt-authorization 4) only .body
        content = request.content if hasattr(request, "content") else request.body
        if content is None:
            body = b""
        elif isinstance(content, bytes):
            body = content
        elif isinstance(content, str):
            body = content.encode()
        else:
            body = request.body if isinstance(request.body, bytes) else str(request.body or "").encode()
        try:
            answer = self.app.handle(EmuRequest(request.method, request.url, dict(request.headers), body))
        except ConnectionDropped as exc:
            raise ServiceRequestError("Connection aborted: the emulator dropped the connection "
                                      "(fault injection).", error=exc) from exc
        response = requests.Response()
        response.status_code = answer.status
        response.reason = answer.reason
        response._content = answer.body
        response._content_consumed = True
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url = request.url
        response.encoding = "utf-8"
        return RestRequestsTransportResponse(  # type: ignore[no-untyped-call]
            request=request, internal_response=response, block_size=4096)
