"""The HTTPS way in: `emulator serve` on 127.0.0.1 with a locally generated CA; stops on SIGINT/SIGTERM."""

from __future__ import annotations

import json
import signal
import socket
import ssl
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from aoai_provision.emulator.app import EmulatorApp, EmuRequest
from aoai_provision.emulator.certs import ensure_tls
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.faults import ConnectionDropped
from aoai_provision.errors import InputError

LOOPBACK = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # headers and body leave in one write (flushed after each request)
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        if self.command == "GET" and self.headers.get("Upgrade", "").lower() == "websocket":
            self._websocket()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        request = EmuRequest(self.command, f"https://{host}{self.path}", dict(self.headers.items()), body)
        try:
            answer = self.server.app.handle(request)
        except ConnectionDropped:
            self.close_connection = True  # no answer at all: the client sees a dropped connection
            return
        self.send_response(answer.status, answer.reason)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if answer.body and self.command != "HEAD":
            self.wfile.write(answer.body)

    def _websocket(self) -> None:
        """A realtime session on an account's host: the socket goes to the data plane until it closes."""
        from aoai_provision.emulator.dataplane.realtime import serve as serve_realtime

        head = self.raw_requestline + b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in self.headers.items())
        self.close_connection = True
        serve_realtime(self.server.app.dataplane, self.connection, request=head + b"\r\n")

    do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # one JSON line per request goes to `request_log` instead


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: a client opening its pool's connections at once (an apply
    # opens ~30) overflowed it, the kernel dropped the SYNs, and each dropped one cost a 1 s
    # retransmission (seen as TcpExtListenOverflows, and as 1 s stalls in `bench_scale.py lro --via serve`).
    request_queue_size = socket.SOMAXCONN

    def __init__(self, address: tuple[str, int], app: EmulatorApp, context: ssl.SSLContext) -> None:
        super().__init__(address, _Handler)
        self.app = app
        self.context = context

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """TLS in the connection's own thread: the accepting thread never waits on a handshake."""
        try:
            request = self.context.wrap_socket(request, server_side=True)
        except OSError:  # an aborted or failed handshake (ssl.SSLError is an OSError); the socket is closed
            return
        super().process_request_thread(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # TLS handshakes aborted by clients are not worth a traceback


@dataclass
class RunningServer:
    """A server running in a background thread (tests and embedding)."""

    endpoint: str
    ca_bundle: Path
    server: _Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_server(state_path: Path, config: EmulatorConfig | None = None, *, host: str = "127.0.0.1",
                 port: int = 0) -> RunningServer:
    """Bind to loopback (port 0 picks a free port), make the TLS files next to the state, serve in a thread."""
    bind = LOOPBACK.get(host)
    if bind is None:
        raise InputError(f"The emulator only listens on the loopback interface; refusing host '{host}'.",
                         fix="Use --host 127.0.0.1 (the default).")
    from aoai_provision.emulator.config import config_from_env

    tls = ensure_tls(state_path.parent / "emulator-tls")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls.cert, tls.key)
    app = EmulatorApp.create(state_path, config if config is not None else config_from_env())
    try:
        server = _Server((bind, port), app, context)
    except OSError as exc:
        raise InputError(f"Cannot listen on {bind}:{port}: {exc.strerror or exc}") from exc
    thread = threading.Thread(target=server.serve_forever, name="aoai-emulator", daemon=True)
    thread.start()
    return RunningServer(f"https://127.0.0.1:{server.server_address[1]}", tls.ca_bundle, server, thread)


def sign_in_info(running: RunningServer) -> dict[str, str]:
    """Everything a client needs: the ARM endpoint, the CA bundle, and a service principal to sign in with."""
    from aoai_provision.emulator.handlers_identity import IDENTITY_HEADER
    from aoai_provision.emulator.identity import CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION_ID, TENANT_ID

    return {"endpoint": running.endpoint, "ca_bundle": str(running.ca_bundle.resolve()),
            "authority": running.endpoint, "tenant_id": TENANT_ID, "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "subscription_id": SUBSCRIPTION_ID,
            "identity_endpoint": f"{running.endpoint}/msi/token", "identity_header": IDENTITY_HEADER}


def serve(state_path: Path, config: EmulatorConfig | None = None, *, host: str = "127.0.0.1", port: int = 0,
          out: TextIO | None = None) -> None:
    """Run until SIGINT/SIGTERM; print one JSON line (``sign_in_info``) once listening."""
    running = start_server(state_path, config, host=host, port=port)
    stop = threading.Event()

    def _on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    stream = out or sys.stdout
    stream.write(json.dumps(sign_in_info(running)) + "\n")
    stream.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        running.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
