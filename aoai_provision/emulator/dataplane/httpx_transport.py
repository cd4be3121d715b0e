"""The in-process way in for the data plane: an httpx2 transport (the openai SDK's HTTP client) to the emulator."""

from __future__ import annotations

import httpx2

from aoai_provision.emulator.app import EmulatorApp, EmuRequest
from aoai_provision.emulator.faults import ConnectionDropped


class EmulatorHttpxTransport(httpx2.BaseTransport):
    """Pass as ``httpx2.Client(transport=...)``: answers from ``app`` without sockets or TLS."""

    def __init__(self, app: EmulatorApp) -> None:
        self.app = app

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        body = request.read()
        try:
            answer = self.app.handle(EmuRequest(request.method, str(request.url), dict(request.headers.items()),
                                                body))
        except ConnectionDropped as exc:
            raise httpx2.ConnectError("the emulator dropped the connection (fault injection)",
                                      request=request) from exc
        return httpx2.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
