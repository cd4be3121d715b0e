"""Fixtures for the environment-file tests: the bundled catalog, a fixed date, compile helpers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.catalog.catalog import Catalog
from aoai_provision.findings import Finding
from aoai_provision.spec.compile import Compiled, compile_text

AS_OF = date(2026, 11, 24)
DATA = Path(__file__).resolve().parents[1] / "data" / "spec"
REPO = Path(__file__).resolve().parents[2]

HEADER = """\
environment: prod
resource_group: rg-aoai-prod
"""


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture
def compile_yaml(catalog: Catalog) -> Callable[..., Compiled]:
    """Compile YAML text (dedented) as file `env.yaml`, as of 2026-11-24, with no environment variables."""

    def run(text: str, *, environ: Mapping[str, str] | None = None, as_of: date = AS_OF,
            catalog_override: Catalog | None = None, header: bool = False) -> Compiled:
        body = textwrap.dedent(text)
        if header:
            body = HEADER + body
        return compile_text(body, "env.yaml", environ=environ or {}, catalog=catalog_override or catalog,
                            as_of=as_of)

    return run


class Helpers:
    """Small assertion helpers, handed to tests by the `h` fixture (conftest is not importable)."""

    HEADER = HEADER
    AS_OF = AS_OF
    DATA = DATA
    REPO = REPO

    @staticmethod
    def codes(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
        return [f.code for f in findings]

    @staticmethod
    def only(findings: tuple[Finding, ...] | list[Finding], code: str) -> Finding:
        matches = [f for f in findings if f.code == code]
        assert len(matches) == 1, f"expected one {code}, got: {[f.format_line() for f in findings]}"
        return matches[0]


@pytest.fixture
def h() -> type[Helpers]:
    return Helpers


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke the real click group in-process (the environment is cleared of CI variables)."""
    from aoai_provision.cli import main

    def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        runner = CliRunner()
        base: dict[str, str | None] = {"GITHUB_ACTIONS": None, "CI": None, "AZURE_SUBSCRIPTION_ID": None}
        base.update(env or {})
        return runner.invoke(main, list(args), env=base, catch_exceptions=False)

    return run
