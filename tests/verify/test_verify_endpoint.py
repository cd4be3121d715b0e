"""verify against `emulator serve`: HTTPS and wss on 127.0.0.1, every account host mapped to it (--endpoint)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from aoai_provision.cli import main
from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.server import start_server

ROOT = Path(__file__).resolve().parents[2]


def test_verify_over_the_https_server_passes_realtime_included(tmp_path: Path) -> None:
    file = tmp_path / "prod.yaml"
    shutil.copy(ROOT / "environments" / "prod.yaml", file)
    import yaml

    seed = yaml.safe_load((ROOT / "examples" / "emulator-network.yaml").read_text(encoding="utf-8"))["seed"]
    running = start_server(tmp_path / "state.json", EmulatorConfig.model_validate({"seed": seed}))
    try:
        target = ["--endpoint", running.endpoint, "--ca-bundle", str(running.ca_bundle)]
        runner = CliRunner()
        applied = runner.invoke(main, ["apply", str(file), "--yes", *target], catch_exceptions=False)
        assert applied.exit_code == 0, applied.output
        result = runner.invoke(main, ["verify", str(file), "--format", "json", "--target", "account.aoai-prod-eastus2",
                                      *target], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        outcomes = {d["deployment"]: (d["outcome"], d["status"]) for d in report["deployments"]}
        assert outcomes == {"realtime": ("ok", 101), "audio": ("ok", 200)}
    finally:
        running.stop()
