"""Bicep literal syntax: strings, objects, arrays and symbolic names, for the Jinja `bicep` filter."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
INDENT = "  "


def bicep_string(value: str) -> str:
    """A single-quoted Bicep string; `${` is escaped so nothing is interpolated."""
    out: list[str] = []
    for index, char in enumerate(value):
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == "$" and value[index + 1 : index + 2] == "{":
            out.append("\\$")
        elif ord(char) < 0x20:
            out.append(f"\\u{{{ord(char):X}}}")
        else:
            out.append(char)
    return "'" + "".join(out) + "'"


def bicep_key(key: str) -> str:
    """An object key: bare when it is an identifier, quoted otherwise (`'managed-by'`)."""
    return key if _IDENTIFIER.match(key) else bicep_string(key)


def bicep_value(value: Any, level: int = 0) -> str:
    """Format a JSON-like value as Bicep; nested objects and arrays go one item per line.

    ``level`` is the indentation level of the line the value starts on.
    """
    if value is None:
        return "null"
    bicep_expression = getattr(value, "bicep", None)
    if isinstance(bicep_expression, str):  # an Expr: written as it is
        return bicep_expression
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return bicep_string(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        inner = INDENT * (level + 1)
        lines = [f"{inner}{bicep_key(str(k))}: {bicep_value(v, level + 1)}" for k, v in value.items()]
        return "{\n" + "\n".join(lines) + "\n" + INDENT * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = INDENT * (level + 1)
        lines = [f"{inner}{bicep_value(v, level + 1)}" for v in value]
        return "[\n" + "\n".join(lines) + "\n" + INDENT * level + "]"
    raise TypeError(f"cannot write {type(value).__name__} as Bicep: {value!r}")


def symbol_names(names: Iterable[str], prefix: str, taken: set[str]) -> list[str]:
    """Unique Bicep symbolic names for resource names (`aoai-prod-eastus2` -> `acct_aoai_prod_eastus2`).

    ``taken`` collects every symbol handed out so far and is updated in place.
    """
    result: list[str] = []
    for name in names:
        base = prefix + re.sub(r"[^A-Za-z0-9_]", "_", name)
        symbol, counter = base, 2
        while symbol.lower() in taken:
            symbol, counter = f"{base}_{counter}", counter + 1
        taken.add(symbol.lower())
        result.append(symbol)
    return result
