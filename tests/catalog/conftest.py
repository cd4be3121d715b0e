"""Fixtures for the catalog tests: the bundled catalog and copied real models.list items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.catalog.catalog import Catalog

DATA = Path(__file__).resolve().parent.parent / "data" / "catalog"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture()
def sweden_items() -> list[dict[str, Any]]:
    """Real `az cognitiveservices model list -l swedencentral` items (CLI shape)."""
    items: list[dict[str, Any]] = json.loads((DATA / "swedencentral-extract.json").read_text(encoding="utf-8"))
    return items


@pytest.fixture()
def rest_items() -> list[dict[str, Any]]:
    """The REST-shaped Models_List example from the 2025-09-01 spec."""
    example = json.loads((DATA / "ListLocationModels.json").read_text(encoding="utf-8"))
    items: list[dict[str, Any]] = example["responses"]["200"]["body"]["value"]
    return items
