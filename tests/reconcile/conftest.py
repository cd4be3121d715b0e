"""Fixtures for the reconciler tests: the CLI run in-process against the emulator (real SDK, real transport)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

DATA = Path(__file__).resolve().parent.parent / "data" / "reconcile"
WRITE_METHODS = {"PUT", "PATCH", "DELETE", "POST"}


@dataclass
class Env:
    """One test's environment file, emulator state, config and request log."""

    root: Path
    file: Path
    state: Path
    config: Path
    log: Path

    def configure(self, **settings: Any) -> None:
        """Rewrite the emulator config (always with the request log)."""
        data = {"request_log": str(self.log), **settings}
        self.config.write_text(yaml.safe_dump(data), encoding="utf-8")

    def edit(self, change: Callable[[dict[str, Any]], None]) -> None:
        data = yaml.safe_load(self.file.read_text(encoding="utf-8"))
        change(data)
        self.file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    def target_args(self) -> list[str]:
        return ["--emulator-state", str(self.state), "--emulator-config", str(self.config)]

    def run(self, *args: str, file: Path | None = None) -> Result:
        from aoai_provision.cli import main

        command, rest = args[0], list(args[1:])
        argv = [command, str(file or self.file), *rest, *self.target_args()]
        return CliRunner().invoke(main, argv, catch_exceptions=False)

    def requests(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        # The log may be read while another process appends to it: only whole lines count.
        complete = self.log.read_text(encoding="utf-8").split("\n")[:-1]
        return [json.loads(line) for line in complete if line.strip()]

    def writes(self) -> list[dict[str, Any]]:
        return [r for r in self.requests() if str(r.get("method", "")).upper() in WRITE_METHODS
                and "/operationResults/" not in str(r.get("path", r.get("url", "")))]

    def clear_log(self) -> None:
        if self.log.exists():
            self.log.unlink()

    def ok(self, result: Result, code: int = 0) -> Result:
        """Assert an exit code, showing the output when it differs."""
        assert result.exit_code == code, f"exit {result.exit_code}, wanted {code}:\n{result.output}"
        return result

    def deployments(self, account: str, rg: str = "rg-aoai-test") -> dict[str, Any]:
        return {d.name: d for d in self.clients().cognitive.deployments.list(rg, account)}

    def clients(self) -> Any:
        """SDK clients on the same emulator state: for changes made behind the tool's back."""
        from aoai_provision.azure.clients import build_clients
        from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION, Target

        target = Target.from_options(emulator_state=self.state, emulator_config=self.config)
        return build_clients(target, EMULATOR_SUBSCRIPTION)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    monkeypatch.delenv("AOAI_PROVISION_EMULATOR_CONFIG", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    file = tmp_path / "test.yaml"
    shutil.copy(DATA / "small.yaml", file)
    e = Env(tmp_path, file, tmp_path / "emulator.json", tmp_path / "emulator.yaml", tmp_path / "requests.jsonl")
    e.configure()
    return e


