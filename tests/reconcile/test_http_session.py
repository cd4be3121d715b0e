"""The management clients' HTTP session: what requests would send, the environment read once, no ~/.netrc."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from aoai_provision.azure.http_session import ArmSession
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.server import RunningServer, start_server


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


class _Loopback:
    """A TCP server on loopback handling each connection in its own thread (``_handle``)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        raise NotImplementedError


class Recorder(_Loopback):
    """A plain-HTTP server that records each request (head and body) and answers 200 with a JSON body."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str], bytes]] = []
        super().__init__()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            while True:
                data = _read_head(conn)
                if not data:
                    return
                head, _, body = data.partition(b"\r\n\r\n")
                line, *fields = head.decode("latin-1").split("\r\n")
                headers = {k.lower(): v.strip() for k, _, v in (f.partition(":") for f in fields)}
                while len(body) < int(headers.get("content-length", "0")):
                    body += conn.recv(65536)
                self.seen.append((line, headers, body))
                answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
                conn.sendall(answer if line.startswith("HEAD ") else answer + b"{}")


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    running = Recorder()
    yield running
    running.sock.close()


CASES: list[dict[str, Any]] = [
    {"method": "GET", "path": "/subscriptions/s/resourceGroups/rg?api-version=2025-04-01", "data": None},
    {"method": "POST", "path": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/"
                               "listKeys?api-version=2025-06-01", "data": None},
    {"method": "PUT", "path": "/x/deployments/d1?api-version=2025-06-01", "data": b'{"sku": {"name": "Standard"}}'},
    {"method": "PATCH", "path": "/x/accounts/a?api-version=2025-06-01", "data": '{"tags": {"owner": "Zoë"}}'},
    {"method": "DELETE", "path": "/x/deployments/d1?api-version=2025-06-01", "data": None},
    {"method": "HEAD", "path": "/subscriptions/s/resourcegroups/rg?api-version=2025-04-01", "data": None},
]


def test_each_request_leaves_as_requests_itself_would_send_it(recorder: Recorder, monkeypatch: Any) -> None:
    """Same request line, headers (the session's defaults too: Accept-Encoding) and body bytes as requests.Session."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    base = f"http://127.0.0.1:{recorder.port}"
    sent = {"User-Agent": "azsdk-python-test", "Authorization": "Bearer t", "Content-Type": "application/json",
            "x-ms-client-request-id": "1"}
    plain, lean = requests.Session(), ArmSession(base, 4)
    for case in CASES:
        for session in (plain, lean):
            answer = session.request(case["method"], base + case["path"], headers=sent, data=case["data"],
                                     timeout=(5, 5), allow_redirects=False)
            assert answer.status_code == 200
            assert case["method"] == "HEAD" or answer.json() == {}
        (line_a, headers_a, body_a), (line_b, headers_b, body_b) = recorder.seen[-2:]
        assert line_b == line_a == f"{case['method']} {case['path']} HTTP/1.1"
        assert headers_b == headers_a, case["method"]
        assert body_b == body_a
    assert recorder.seen[2][1]["content-length"] == "0"  # POST without a body still says its length
    assert recorder.seen[7][2] == '{"tags": {"owner": "Zoë"}}'.encode()  # a text body leaves as UTF-8


@pytest.fixture
def served(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(tmp_path / "served" / "emulator.db", EmulatorConfig(request_log=tmp_path / "requests.jsonl"))
    yield running
    running.stop()


def test_a_netrc_entry_for_the_endpoint_never_replaces_the_bearer_token(env: Any, served: RunningServer,
                                                                        tmp_path: Path) -> None:
    """requests would send ~/.netrc's password as basic auth instead of the token; ARM would answer 401."""
    from aoai_provision.cli import main

    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password not-a-token\n", encoding="utf-8")
    netrc.chmod(0o600)
    args = ["--endpoint", served.endpoint, "--ca-bundle", str(served.ca_bundle)]
    runner = CliRunner()
    applied = runner.invoke(main, ["apply", str(env.file), "--yes", *args], env={"NETRC": str(netrc)})
    assert applied.exit_code == 0, applied.output
    planned = runner.invoke(main, ["plan", str(env.file), "--detailed-exitcode", *args], env={"NETRC": str(netrc)})
    assert planned.exit_code == 0, planned.output
    log = [json.loads(line) for line in (tmp_path / "requests.jsonl").read_text().splitlines()]
    assert log and not [e for e in log if e["status"] == 401]


class ConnectProxy(_Loopback):
    """An HTTPS proxy (HTTP CONNECT tunnels) that records the hosts it tunnelled to."""

    def __init__(self) -> None:
        self.tunnels: list[str] = []
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"

    def _handle(self, conn: socket.socket) -> None:
        method, target, _ = _read_head(conn).split(b"\r\n", 1)[0].decode().split(" ", 2)
        assert method == "CONNECT"
        host, port = target.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        self.tunnels.append(target)
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")

        def pipe(src: socket.socket, dst: socket.socket) -> None:
            try:
                while chunk := src.recv(65536):
                    dst.sendall(chunk)
            except OSError:
                pass
            finally:
                for end in (src, dst):
                    with contextlib.suppress(OSError):
                        end.shutdown(socket.SHUT_RDWR)

        threading.Thread(target=pipe, args=(upstream, conn), daemon=True).start()
        pipe(conn, upstream)


def test_https_proxy_and_no_proxy_from_the_environment_are_honoured(env: Any, served: RunningServer) -> None:
    """Read once per run rather than per request, the proxy settings still decide the route, as requests' do."""
    from aoai_provision.cli import main

    proxy = ConnectProxy()
    try:
        args = ["plan", str(env.file), "--endpoint", served.endpoint, "--ca-bundle", str(served.ca_bundle)]
        through = CliRunner().invoke(main, args, env={"HTTPS_PROXY": proxy.url, "NO_PROXY": ""})
        assert through.exit_code == 0, through.output
        port = served.endpoint.rsplit(":", 1)[1]
        assert f"127.0.0.1:{port}" in proxy.tunnels
        proxy.tunnels.clear()
        direct = CliRunner().invoke(main, args, env={"HTTPS_PROXY": proxy.url, "NO_PROXY": "127.0.0.1"})
        assert direct.exit_code == 0, direct.output
        assert proxy.tunnels == []
    finally:
        proxy.sock.close()
