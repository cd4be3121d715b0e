"""Fixtures for the ARM-engine tests: the CLI in-process on a fresh emulator state, and a state reader."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

DATA = Path(__file__).resolve().parents[1] / "data" / "arm_engine"
VOLATILE = {"etag", "systemData", "internalId", "dateCreated", "provisioningState", "principal_id"}


class Workspace:
    """One environment file and one emulator state file (a fresh emulator per Workspace)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.file = root / "env.yaml"
        self.state = root / "emulator.json"
        self.config = root / "emulator.yaml"
        shutil.copy(DATA / "env.yaml", self.file)
        self.configure()

    def configure(self, **settings: Any) -> None:
        """Rewrite the emulator configuration (quota, faults, ...); empty: the defaults."""
        self.config.write_text(yaml.safe_dump(settings or {"latency_ms": 0}), encoding="utf-8")

    def cli(self, *args: str) -> Result:
        return self.cli_on(self.file, *args)

    def cli_on(self, path: Path, *args: str) -> Result:
        """Run `aoai-provision <command> <path> <args>` against this workspace's emulator."""
        from aoai_provision.cli import main

        argv = [args[0], str(path), *args[1:], "--emulator-state", str(self.state),
                "--emulator-config", str(self.config)]
        return CliRunner().invoke(main, argv, catch_exceptions=False)

    def ok(self, *args: str, code: int = 0) -> Result:
        result = self.cli(*args)
        assert result.exit_code == code, f"exit {result.exit_code}, wanted {code}:\n{result.output}"
        return result

    def edit(self, change: Callable[[dict[str, Any]], None]) -> None:
        data = yaml.safe_load(self.file.read_text(encoding="utf-8"))
        change(data)
        self.file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    def clients(self) -> Any:
        from aoai_provision.azure.clients import build_clients
        from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION, Target

        target = Target.from_options(emulator_state=self.state, emulator_config=self.config)
        return build_clients(target, EMULATOR_SUBSCRIPTION)

    def resources(self, resource_group: str = "rg-aoai-secure") -> dict[str, Any]:
        """Every account and deployment in the group as ARM returns them, minus per-write values."""
        clients = self.clients()
        out: dict[str, Any] = {}
        for account in clients.cognitive.accounts.list_by_resource_group(resource_group):
            out[account.name] = _clean(account.as_dict())
            for dep in clients.cognitive.deployments.list(resource_group, account.name):
                out[f"{account.name}/{dep.name}"] = _clean(dep.as_dict())
        return out


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in VOLATILE and not k.endswith("_at")
                and k not in ("system_data", "internal_id", "date_created", "provisioning_state")}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


@pytest.fixture
def workspace_factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Workspace]:
    monkeypatch.delenv("AOAI_PROVISION_EMULATOR_CONFIG", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)

    def make(name: str) -> Workspace:
        root = tmp_path / name
        root.mkdir()
        return Workspace(root)

    return make
