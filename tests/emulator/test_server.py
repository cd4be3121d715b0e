"""The HTTPS way in: `emulator serve` on loopback with its CA bundle, driven by the real SDK."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from azure.core.exceptions import ResourceExistsError
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.resource.resources import ResourceManagementClient
from click.testing import CliRunner

from aoai_provision.cli import main
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.server import RunningServer, start_server
from aoai_provision.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "emulator_sdk_demo.py"
DEMO_CONFIG = ROOT / "examples" / "emulator-demo.yaml"
FAST = {"retry_backoff_factor": 0.01, "retry_backoff_max": 0.05, "polling_interval": 0.01}


@pytest.fixture
def server(tmp_path: Path, emu: Any) -> Iterator[RunningServer]:
    config = EmulatorConfig(models={"swedencentral": emu.MODELS_EXTRACT}, request_log=tmp_path / "requests.jsonl",
                            faults={"seed": 4, "rate": 0.25, "kinds": ["connection_reset", "server_error"]})
    running = start_server(tmp_path / "state" / "emulator.json", config)
    yield running
    running.stop()


def test_sdk_over_https_with_the_ca_bundle_and_dropped_connections(server: RunningServer, emu: Any,
                                                                    tmp_path: Path) -> None:
    cred = server.server.app.credential()
    kw = {"base_url": server.endpoint, "connection_verify": str(server.ca_bundle), **FAST}
    resources = ResourceManagementClient(cred, emu.SUB, **kw)
    cognitive = CognitiveServicesManagementClient(cred, emu.SUB, **kw)
    resources.resource_groups.create_or_update("rg1", {"location": "swedencentral"})
    cognitive.accounts.begin_create("rg1", "acct1", {"location": "swedencentral", "kind": "OpenAI",
                                                     "sku": {"name": "S0"},
                                                     "properties": {"customSubDomainName": "acct1"}}).result()
    created = cognitive.deployments.begin_create_or_update("rg1", "acct1", "d1", emu.deployment()).result()
    assert created.properties.provisioning_state == "Succeeded"
    for _ in range(4):
        assert [d.name for d in cognitive.deployments.list("rg1", "acct1")] == ["d1"]
    with pytest.raises(ResourceExistsError) as info:
        cognitive.accounts.begin_create("rg1", "acct2", {"location": "swedencentral", "kind": "OpenAI",
                                                         "sku": {"name": "S0"},
                                                         "properties": {"customSubDomainName": "acct1"}})
    assert info.value.error.code == "CustomDomainInUse"
    log = [json.loads(line) for line in (tmp_path / "requests.jsonl").read_text().splitlines()]
    assert any(e.get("fault") == "connection_reset" for e in log), log  # dropped, and the SDK retried
    assert any(e["status"] in (500, 503) for e in log)


def test_the_server_state_file_is_shared_with_the_in_process_transport(server: RunningServer,
                                                                       emu_factory: Any,
                                                                       tmp_path: Path) -> None:
    local = emu_factory(state_path=tmp_path / "state" / "emulator.json")
    local.rg("shared")
    cred = local.transport.credential()  # the same signing key: it lives next to the shared state
    remote = ResourceManagementClient(cred, local.SUB, base_url=server.endpoint,
                                      connection_verify=str(server.ca_bundle), **FAST)
    assert remote.resource_groups.get("shared").location == "swedencentral"


def test_clients_that_never_finish_a_tls_handshake_do_not_hold_up_the_others(tmp_path: Path, emu: Any) -> None:
    """Handshakes run in each connection's thread: stalled or half-open clients (and a burst of new
    connections larger than socketserver's default backlog of 5) never stop the server accepting."""
    import socket

    running = start_server(tmp_path / "emulator.db", EmulatorConfig())
    port = int(running.endpoint.rsplit(":", 1)[1])
    silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]  # connect, never say hello
    try:
        client = ResourceManagementClient(running.server.app.credential(), emu.SUB, base_url=running.endpoint,
                                          connection_verify=str(running.ca_bundle), connection_timeout=10,
                                          read_timeout=10, retry_total=0)
        client.resource_groups.create_or_update("rg1", {"location": "swedencentral"})
        assert client.resource_groups.get("rg1").location == "swedencentral"
    finally:
        for sock in silent:
            sock.close()
        running.stop()


def test_only_loopback_hosts_are_accepted(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        start_server(tmp_path / "emulator.json", EmulatorConfig(), host="0.0.0.0")
    assert "loopback" in info.value.message
    result = CliRunner().invoke(main, ["emulator", "serve", "--host", "0.0.0.0", "--state",
                                       str(tmp_path / "emulator.json")])
    assert result.exit_code == 1 and "loopback" in result.output


def _demo_config(tmp_path: Path) -> tuple[Path, Path]:
    config = yaml.safe_load(DEMO_CONFIG.read_text())
    log = tmp_path / "demo-requests.jsonl"
    config["request_log"] = str(log)
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(config))
    return path, log


def test_done_when_script_against_emulator_serve(tmp_path: Path) -> None:
    config, log = _demo_config(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    serve = subprocess.Popen([sys.executable, "-m", "aoai_provision", "emulator", "serve", "--port", "0",
                              "--state", str(tmp_path / "state.json"), "--config", str(config)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert serve.stdout is not None
        ready = json.loads(serve.stdout.readline())
        assert {"endpoint", "ca_bundle", "tenant_id", "client_id", "client_secret"} <= set(ready)
        assert ready["endpoint"].startswith("https://127.0.0.1:")
        demo = subprocess.run([sys.executable, str(DEMO), "--endpoint", ready["endpoint"], "--ca-bundle",
                               ready["ca_bundle"], "--request-log", str(log)],
                              capture_output=True, text=True, timeout=120)
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert demo.stdout.rstrip().endswith("ALL OK") and "[11] all" in demo.stdout
    finally:
        serve.send_signal(signal.SIGTERM)
        out, _ = serve.communicate(timeout=20)
    assert serve.returncode == 0 and out == ""  # exactly one line on stdout, then a clean stop


def test_done_when_script_through_the_in_process_transport(tmp_path: Path) -> None:
    config, log = _demo_config(tmp_path)
    demo = subprocess.run([sys.executable, str(DEMO), "--in-process", "--config", str(config), "--request-log",
                           str(log)], capture_output=True, text=True, timeout=120)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert demo.stdout.rstrip().endswith("ALL OK")


def test_serve_takes_the_same_state_and_config_option_names_as_other_commands(tmp_path: Path) -> None:
    # `--emulator-state` / `--emulator-config` work on `emulator serve` as on plan/apply and `emulator reset`
    config = tmp_path / "emu.yaml"
    config.write_text("lro_seconds: {deployment_create: 0}\n")
    result = CliRunner().invoke(main, ["emulator", "serve", "--host", "0.0.0.0", "--emulator-state",
                                       str(tmp_path / "emulator.json"), "--emulator-config", str(config)])
    assert "No such option" not in result.output
    assert result.exit_code == 1 and "loopback" in result.output
