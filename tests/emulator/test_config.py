"""The emulator configuration file: every key, YAML or JSON, clear errors, the environment variable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from aoai_provision.emulator.config import CONFIG_ENV, EmulatorConfig, config_from_env, load_config
from aoai_provision.emulator.transport import EmulatorTransport
from aoai_provision.errors import InputError

FULL = {
    "latency_ms": 5,
    "lro_seconds": {"account_create": 1, "account_update": 2, "account_delete": 3, "deployment_create": 4,
                    "deployment_update": 5, "deployment_delete": 6},
    "retry_after_ms": 250,
    "throttle": {"reads": {"bucket": 250, "refill_per_s": 25}, "writes": {"bucket": 200, "refill_per_s": 10}},
    "quota": {"default_limit": 300, "limits": {"swedencentral/OpenAI.GlobalStandard.gpt-4o": 450}},
    "faults": {"seed": 3, "rate": 0.1, "kinds": ["throttle", "server_error", "connection_reset", "operation_failed"]},
    "models": {"swedencentral": "models/sc.json"},
    "page_size": 10,
    "request_log": "logs/requests.jsonl",
}


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_every_key_loads_and_relative_paths_resolve_from_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"emulator{suffix}"
    path.write_text(json.dumps(FULL) if suffix == ".json" else yaml.safe_dump(FULL))
    config = load_config(path)
    assert config.lro_seconds.deployment_delete == 6 and config.retry_after_ms == 250
    assert config.throttle.writes is not None and config.throttle.writes.refill_per_s == 10
    assert config.quota.limits["swedencentral/OpenAI.GlobalStandard.gpt-4o"] == 450
    assert config.faults.kinds[-1] == "operation_failed" and config.page_size == 10
    assert config.models["swedencentral"] == tmp_path / "models" / "sc.json"
    assert config.request_log == tmp_path / "logs" / "requests.jsonl"


def test_defaults_are_instant_unthrottled_and_fault_free() -> None:
    config = EmulatorConfig()
    assert config.lro_seconds.account_create == 0 and config.throttle.reads is None
    assert config.faults.rate == 0 and config.quota.default_limit == 1000 and config.page_size == 100
    assert config.models == {} and config.request_log is None and config.latency_ms == 0


@pytest.mark.parametrize("text, problem", [
    ("lro_secs: {}", "lro_secs"),
    ("faults: {kinds: [meteor]}", "faults.kinds.0"),
    ("page_size: 0", "page_size"),
    ("- a list", "mapping"),
])
def test_bad_config_is_an_input_error_naming_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "emulator.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_config(path)
    assert problem in info.value.message


def test_environment_variable_configures_the_in_process_emulator(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "emulator.yaml"
    path.write_text("page_size: 7\n")
    assert config_from_env({CONFIG_ENV: str(path)}).page_size == 7
    monkeypatch.setenv(CONFIG_ENV, str(path))
    assert EmulatorTransport().backend.config.page_size == 7
