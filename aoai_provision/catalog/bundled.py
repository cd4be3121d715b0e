"""The catalog bundled with the package (aoai_provision/catalog/data/catalog.json), loaded once."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from aoai_provision.catalog.catalog import Catalog
from aoai_provision.catalog.codec import load

DATA_FILE = "catalog.json"


@lru_cache(maxsize=1)
def bundled_catalog() -> Catalog:
    """The bundled model catalog (cached; a few milliseconds to load)."""
    text = resources.files("aoai_provision.catalog.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    versions, as_of = load(json.loads(text))
    return Catalog(versions, as_of)
