"""Fixtures for verify: the README's apply of environments/prod.yaml on the in-process emulator, then verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.reconcile.conftest import Env

ROOT = Path(__file__).resolve().parents[2]


class VerifyEnv(Env):
    def verify(self, *args: str, code: int) -> dict[str, Any]:
        """verify --format json; asserts the exit code and returns the report."""
        result = self.run("verify", "--format", "json", "--timeout", "20", *args)
        assert result.exit_code == code, result.output
        report: dict[str, Any] = json.loads(result.stdout)
        return report


@pytest.fixture
def applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> VerifyEnv:
    """environments/prod.yaml applied as the README's quickstart does (emulator, --yes)."""
    monkeypatch.delenv("AOAI_PROVISION_EMULATOR_CONFIG", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    file = tmp_path / "prod.yaml"
    shutil.copy(ROOT / "environments" / "prod.yaml", file)
    env = VerifyEnv(tmp_path, file, tmp_path / "emulator.json", tmp_path / "emulator.yaml",
                    tmp_path / "requests.jsonl")
    import yaml

    seed = yaml.safe_load((ROOT / "examples" / "emulator-network.yaml").read_text(encoding="utf-8"))["seed"]
    env.configure(seed=seed)  # the network resources prod.yaml references, as the README's quickstart seeds them
    env.ok(env.run("apply", "--yes"))
    return env


def by_address(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["address"]: d for d in report["deployments"]}
