"""Fixtures of the CI tests: the emulator served over HTTPS on loopback, as pipelines would reach Azure."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A fresh `aoai-provision emulator serve` on loopback; its endpoint and CA bundle as environment variables."""
    state_dir = tmp_path_factory.mktemp("emulator")
    proc = subprocess.Popen([sys.executable, "-m", "aoai_provision", "emulator", "serve", "--port", "0",
                             "--state", str(state_dir / "state.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=state_dir)
    try:
        assert proc.stdout is not None
        ready = json.loads(proc.stdout.readline())
        yield {"AOAI_PROVISION_ENDPOINT": ready["endpoint"], "AOAI_PROVISION_CA_BUNDLE": ready["ca_bundle"]}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
