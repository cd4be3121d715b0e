"""Enum values in a response, checked against the enums of the spec version (tests/data/emulator/armspec-newest/enums-*.json).

The data file maps each served operation to its response definition, each definition to the properties that lead
to an enum or to another definition ("X[]" an array of X, "X{}" a map of X), and each enum to its values and
x-ms-enum ``modelAsString``. ARM compares enum values case-insensitively. For a modelAsString enum Azure may send a
value the spec does not list, so such a value is tolerated when the client sent it (the emulator echoes it); a value
outside the list that the emulator made up itself is reported either way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "emulator" / "armspec-newest"


def load(api_version: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((DATA / f"enums-{api_version}.json").read_text())
    return spec


def _strings(value: Any) -> set[str]:
    """Every string anywhere in a request body, lower-cased (the values a client sent)."""
    if isinstance(value, str):
        return {value.lower()}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _check(spec: dict[str, Any], target: str, value: Any, path: str, sent: set[str]) -> list[str]:
    if target.endswith("[]"):
        items = value if isinstance(value, list) else []
        return [p for i, item in enumerate(items) for p in _check(spec, target[:-2], item, f"{path}[{i}]", sent)]
    if target.endswith("{}"):
        entries = value.items() if isinstance(value, dict) else []
        return [p for key, item in entries for p in _check(spec, target[:-2], item, f"{path}.{key}", sent)]
    enum = spec["enums"].get(target)
    if enum is not None:
        if value is None:
            return []
        if not isinstance(value, str):
            return [f"{path}: {value!r} is not a string ({target})"]
        if value.lower() in {v.lower() for v in enum["values"]}:
            return []
        if enum["modelAsString"] and value.lower() in sent:
            return []  # an extensible enum's value the client chose
        return [f"{path}: {value!r} is not one of {target} {enum['values']}"]
    definition = spec["definitions"].get(target)
    if definition is None or not isinstance(value, dict):
        return []
    return [p for prop, sub in definition.items() if prop in value
            for p in _check(spec, sub, value[prop], f"{path}.{prop}", sent)]


def enum_problems(spec: dict[str, Any], operation: str, body: Any, request: Any = None) -> list[str]:
    """Enum-typed fields of ``body`` (a response of ``operation``) whose value the spec does not allow."""
    root = spec["roots"].get(operation)
    if root is None:
        raise KeyError(f"no response definition for {operation} in the enum data")
    return _check(spec, root, body, "$", _strings(request))
