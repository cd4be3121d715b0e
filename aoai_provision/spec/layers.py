"""Defaults layering: the last layer that sets a field wins, and we remember where each value came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from aoai_provision.findings import Location
from aoai_provision.spec.nodes import MapNode, PathPart, location_of

# Fields that together say how big a deployment is: a layer setting one of them replaces all.
AMOUNT_FIELDS = ("capacity", "rate_limit")
# Settings merged key by key across layers (a region override can change just the subnet).
KEYWISE_FIELDS = ("private_endpoint", "diagnostics", "encryption")


@dataclass(frozen=True)
class Layer:
    """One source of values (defaults, the entry, a region override) and its path in the file."""

    model: BaseModel | None
    path: tuple[PathPart, ...]


@dataclass
class Merged:
    """Resolved values per field with the path each came from; tags are merged key by key."""

    values: dict[str, Any] = field(default_factory=dict)
    paths: dict[str, tuple[PathPart, ...]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    tag_paths: list[tuple[PathPart, ...]] = field(default_factory=list)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def locations(self, file: str, root: MapNode, entry: tuple[PathPart, ...]) -> dict[str, Location]:
        """field -> Location; "" is the entry itself; "tags" is the last layer that set tags."""
        out = {"": location_of(file, root, entry)}
        for name, path in self.paths.items():
            out[name] = location_of(file, root, path)
        if self.tag_paths:
            out["tags"] = location_of(file, root, self.tag_paths[-1])
        return out


def merge(layers: Sequence[Layer], fields: Sequence[str]) -> Merged:
    """Layer ``fields`` of ``layers`` (first = lowest priority)."""
    merged = Merged()
    for layer in layers:
        if layer.model is None:
            continue
        present = {name for name in fields if getattr(layer.model, name, None) is not None}
        if present & set(AMOUNT_FIELDS):
            for name in AMOUNT_FIELDS:
                merged.values.pop(name, None)
                merged.paths.pop(name, None)
        for name in present:
            value = getattr(layer.model, name)
            if name == "tags":
                merged.tags.update(value)
                merged.tag_paths.append((*layer.path, "tags"))
                continue
            below = merged.values.get(name)
            if name in KEYWISE_FIELDS and isinstance(below, BaseModel):
                value = below.model_copy(update={k: getattr(value, k) for k in value.model_fields_set})
            if name in KEYWISE_FIELDS:
                for key in getattr(layer.model, name).model_fields_set:
                    merged.paths[f"{name}.{key}"] = (*layer.path, name, key)
            merged.values[name] = value
            merged.paths[name] = (*layer.path, name)
    return merged
