"""The only place that builds data-plane clients: the openai SDK on an account's v1 endpoint, and websockets.

Entra ID only (never keys): a bearer token for the Cognitive Services scope from the same credential the
management clients use (DefaultAzureCredential; against the emulator its own sign-in). Against the emulator the SDK's HTTP client reaches it through an httpx transport
(in-process) or over HTTPS to `emulator serve` (--endpoint), keeping the account's host name.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aoai_provision import USER_AGENT
from aoai_provision.azure.clients import AzureClients

SCOPES = {"AzureCloud": "https://cognitiveservices.azure.com/.default",
          "AzureUSGovernment": "https://cognitiveservices.azure.us/.default",
          "AzureChinaCloud": "https://cognitiveservices.azure.cn/.default"}
Opener = Callable[[str, dict[str, str], float], Any]


@dataclass
class DataPlane:
    """How probes reach the accounts' endpoints: a token, an HTTP transport, a websocket opener, a sleep."""

    token: Callable[[], str]
    transport: Callable[[], Any] | None  # a new httpx2 transport, or None for the default
    open_websocket: Opener
    sleep: Callable[[float], None]

    def openai_client(self, endpoint: str, *, timeout: float) -> Any:
        """The openai SDK on the account's v1 API: ``base_url=https://{host}/openai/v1/``, bearer token."""
        import httpx2
        from openai import OpenAI

        http_client = httpx2.Client(transport=self.transport(), timeout=timeout) if self.transport else None
        return OpenAI(base_url=endpoint.rstrip("/") + "/openai/v1/", api_key=self.token, max_retries=0,
                      timeout=timeout, http_client=http_client, default_headers={"x-ms-useragent": USER_AGENT})


def connect_dataplane(clients: AzureClients) -> DataPlane:
    """The data plane of the same Azure (or emulator) ``clients`` talk to, signed in as they are."""
    import openai  # noqa: F401 - imported once here (seconds), not inside each probe's latency
    import websockets.sync.client  # noqa: F401
    from azure.identity import get_bearer_token_provider

    from aoai_provision.azure.clients import client_kwargs

    target = clients.target
    credential = client_kwargs(target, clients.transport)["credential"]
    token = get_bearer_token_provider(credential, SCOPES.get(target.cloud, SCOPES["AzureCloud"]))
    if target.emulator and not target.endpoint:
        app = clients.transport.app
        return DataPlane(token, lambda: _httpx_emulator(app), _in_process_opener(app), app.backend.clock.sleep)
    if target.endpoint:
        endpoint = urlsplit(target.endpoint)
        host, port = endpoint.hostname or "127.0.0.1", endpoint.port or 443
        ca = str(target.ca_bundle) if target.ca_bundle else None
        return DataPlane(token, lambda: _host_map(host, port, ca), _endpoint_opener(host, port, ca), time.sleep)
    return DataPlane(token, None, _azure_opener, time.sleep)


def _httpx_emulator(app: Any) -> Any:
    from aoai_provision.emulator.dataplane.httpx_transport import EmulatorHttpxTransport

    return EmulatorHttpxTransport(app)


def _host_map(host: str, port: int, ca_bundle: str | None) -> Any:
    """Requests for any account host go to `emulator serve` at host:port; the Host header keeps the account."""
    import httpx2

    class HostMap(httpx2.HTTPTransport):
        def handle_request(self, request: httpx2.Request) -> httpx2.Response:
            request.url = request.url.copy_with(host=host, port=port)
            return super().handle_request(request)

    return HostMap(verify=ssl.create_default_context(cafile=ca_bundle) if ca_bundle else True)


def _headers(headers: dict[str, str]) -> dict[str, str]:
    return {"User-Agent": USER_AGENT, **headers}


def _in_process_opener(app: Any) -> Opener:
    def open_websocket(uri: str, headers: dict[str, str], timeout: float) -> Any:
        from websockets.sync.client import connect

        from aoai_provision.emulator.dataplane.realtime import serve_in_thread

        plain = "ws://" + uri.split("://", 1)[1]  # in-process: no TLS, like the azure-core transport
        return connect(plain, sock=serve_in_thread(app.dataplane), additional_headers=_headers(headers),
                       open_timeout=timeout, proxy=None, user_agent_header=None)

    return open_websocket


def _endpoint_opener(host: str, port: int, ca_bundle: str | None) -> Opener:
    def open_websocket(uri: str, headers: dict[str, str], timeout: float) -> Any:
        from websockets.sync.client import connect

        context = ssl.create_default_context(cafile=ca_bundle)
        sock = socket.create_connection((host, port), timeout=timeout)
        return connect(uri, sock=sock, ssl=context, server_hostname=host, additional_headers=_headers(headers),
                       open_timeout=timeout, proxy=None, user_agent_header=None)

    return open_websocket


def _azure_opener(uri: str, headers: dict[str, str], timeout: float) -> Any:
    from websockets.sync.client import connect

    return connect(uri, additional_headers=_headers(headers), open_timeout=timeout, user_agent_header=None)
