"""What the emulator offers per region: ARM models.list items from config files or the bundled catalog."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.catalog.regions import known_regions
from aoai_provision.errors import InputError

# Regions the emulator accepts besides every public Azure region (catalog.regions) and its models data's.
EXTRA_REGIONS = ("global",)


def normalize_location(location: str) -> str:
    """"West US 2" / "WESTUS2" -> "westus2"."""
    return "".join(location.split()).lower()


def strip_nulls(value: Any) -> Any:
    """Drop explicit nulls as the REST API omits absent fields (the CLI prints them as null)."""
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def read_models_file(path: Path) -> list[dict[str, Any]]:
    """Items of a file printed by ``az cognitiveservices model list`` (a list, or ``{"value": [...]}``)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"Cannot read emulator models file {path}: {exc}") from exc
    items = raw.get("value") if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise InputError(f"Emulator models file {path} must hold a JSON list of models.list items.")
    return [strip_nulls(item) for item in items if isinstance(item, dict)]


class Offers:
    """Per-region models.list items, loaded lazily; config files win over the bundled catalog."""

    def __init__(self, files: dict[str, Path] | None = None) -> None:
        self._files = {normalize_location(k): v for k, v in (files or {}).items()}
        self._cache: dict[str, list[dict[str, Any]]] = {}
        self._by_name: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = {}
        self._lock = threading.Lock()
        self._regions = sorted(set(EXTRA_REGIONS) | set(self._files) | set(known_regions()))
        self._region_set = frozenset(self._regions)

    def items(self, region: str) -> list[dict[str, Any]]:
        region = normalize_location(region)
        with self._lock:
            if region not in self._cache:
                self._cache[region] = self._load(region)
            return self._cache[region]

    def _load(self, region: str) -> list[dict[str, Any]]:
        if self._files:
            path = self._files.get(region)
            return read_models_file(path) if path is not None else []
        return [strip_nulls(item) for item in bundled_catalog().models_list(region)]

    def regions(self) -> list[str]:
        """Every region the emulator accepts, sorted (computed once: its inputs never change)."""
        return list(self._regions)

    def is_region(self, region: str) -> bool:
        return normalize_location(region) in self._region_set

    def find_model(self, region: str, kind: str, fmt: str, name: str, version: str | None) -> dict[str, Any] | None:
        """The ``model`` object offered for (format, name, version) to accounts of ``kind`` in ``region``.

        With no version, the default version (``isDefaultVersion``) is chosen, as Azure does.
        """
        matches = self._named(region).get((fmt.lower(), name.lower()), [])
        kinded = [i["model"] for i in matches if str(i.get("kind", "")).lower() == kind.lower()]
        pool = kinded or [i["model"] for i in matches]
        if version:
            return next((m for m in pool if str(m.get("version")) == version), None)
        return next((m for m in pool if m.get("isDefaultVersion")), pool[0] if pool else None)

    def _named(self, region: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """The region's items by (format, name), lower-cased, in list order (a PUT looks one up)."""
        region = normalize_location(region)
        found = self._by_name.get(region)
        if found is None:
            found = {}
            for item in self.items(region):
                model = item.get("model")
                if isinstance(model, dict):
                    key = (str(model.get("format", "")).lower(), str(model.get("name", "")).lower())
                    found.setdefault(key, []).append(item)
            self._by_name[region] = found
        return found

    def usage_names(self, region: str) -> list[str]:
        names = {sku["usageName"] for item in self.items(region) for sku in item.get("model", {}).get("skus", [])
                 if isinstance(sku, dict) and sku.get("usageName")}
        return sorted(names)


def model_sku(model: dict[str, Any], sku_name: str) -> dict[str, Any] | None:
    return next((s for s in model.get("skus", []) if str(s.get("name", "")).lower() == sku_name.lower()), None)
