"""Fixtures for the audit and upgrade tests: data files copied to a temp dir, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from aoai_provision.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "audit"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp working directory holding copies of tests/data/audit (the CLI runs from there)."""
    for item in DATA.iterdir():
        shutil.copy(item, tmp_path / item.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    monkeypatch.delenv("AOAI_PROVISION_EMULATOR_CONFIG", raising=False)
    return tmp_path


@pytest.fixture
def cli() -> Callable[..., Result]:
    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def audit_json(cli: Callable[..., Result]) -> Callable[..., tuple[int, dict[str, Any]]]:
    """Run `audit ... --format json` and return (exit code, parsed report)."""

    def run(*args: str) -> tuple[int, dict[str, Any]]:
        result = cli("audit", *args, "--format", "json")
        assert result.exit_code in (0, 3), result.output
        return result.exit_code, json.loads(result.stdout)

    return run


def _line_of(path: Path, needle: str, nth: int = 0) -> int:
    hits = [i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text]
    return hits[nth]


@pytest.fixture
def line_of() -> Callable[..., int]:
    """line_of(path, needle, nth=0): 1-based line number of the nth line of path containing needle."""
    return _line_of


@pytest.fixture
def repo() -> Path:
    return REPO
