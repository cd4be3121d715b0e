"""Realtime sessions over a WebSocket (the ``websockets`` library): handshake checks, then the event loop."""

from __future__ import annotations

import http
import json
import socket
import threading
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.server import ServerProtocol
from websockets.sync.server import ServerConnection

from aoai_provision.emulator.dataplane.realtime_events import RealtimeSession
from aoai_provision.emulator.errors import ArmError
from aoai_provision.emulator.faults import FAULT_HEADER

if TYPE_CHECKING:
    from aoai_provision.emulator.dataplane.service import DataPlane


class _NoServer:
    """What ServerConnection.handshake asks of its server: whether it is shutting down."""

    socket_closed = threading.Event()


def is_upgrade(headers: dict[str, str]) -> bool:
    return any(k.lower() == "upgrade" and v.lower() == "websocket" for k, v in headers.items())


def serve(dataplane: DataPlane, sock: socket.socket, *, scheme: str = "wss", request: bytes = b"") -> None:
    """Run one session on ``sock`` until the client closes it.

    ``request``: the handshake request's bytes when a server already read them from the socket.
    """
    protocol = ServerProtocol(max_size=None)
    parsed: Request | None = None
    if request:
        protocol.receive_data(request)
        events = protocol.events_received()
        parsed = events[0] if events and isinstance(events[0], Request) else None
    connection = ServerConnection(sock, protocol, _NoServer())  # type: ignore[arg-type]
    if parsed is not None:
        connection.request = parsed
        connection.request_rcvd.set()
    state: dict[str, Any] = {}

    def check(conn: ServerConnection, req: Request) -> Response | None:
        host = req.headers.get("Host", "")
        url = f"{scheme}://{host}{req.path}"
        started = time.monotonic()
        parts = urlsplit(req.path)
        status, fault = 101, None
        try:
            call = dataplane.admit("GET", url, dict(req.headers.raw_items()), b"")
            state["limits"] = dataplane.limit(call)
        except ArmError as error:
            status, fault = error.status, error.headers.get(FAULT_HEADER)
            return _reject(error)
        finally:
            if dataplane.log is not None:
                dataplane.log("GET", parts.path, "Realtime_Connect", status,
                              dict(parse_qsl(parts.query)).get("api-version"), (time.monotonic() - started) * 1000,
                              fault)
        state["session"] = RealtimeSession(call.model, ga="/v1/" in req.path.lower(),
                                           spend=lambda tokens: dataplane.limiter.take(
                                               call.deployment, call.operation.operation_id, tokens))
        return None

    try:
        connection.handshake(process_request=check, server_header=None, timeout=10)
        session: RealtimeSession | None = state.get("session")
        if session is None:
            return
        for event in session.created():
            connection.send(json.dumps(event))
        for message in connection:
            try:
                incoming = json.loads(message)
            except ValueError:
                incoming = None
            for event in session.receive(incoming):
                connection.send(json.dumps(event))
    except (ConnectionClosed, TimeoutError, OSError):
        pass
    finally:
        connection.close()


def _reject(error: ArmError) -> Response:
    body = json.dumps(error.body()).encode()
    headers = Headers([("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                       *error.headers.items()])
    return Response(error.status, http.HTTPStatus(error.status).phrase, headers, body)


def serve_in_thread(dataplane: DataPlane) -> socket.socket:
    """In-process: a connected socket whose other end a thread serves (no TCP, no TLS)."""
    client, server = socket.socketpair()
    threading.Thread(target=serve, args=(dataplane, server), kwargs={"scheme": "ws"}, daemon=True,
                     name="aoai-emulator-realtime").start()
    return client
