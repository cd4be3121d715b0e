"""Apply upgrade edits to environment-file text: in-place scalar swaps, and region overrides via ruamel round-trip."""

from __future__ import annotations

import io
import re
from typing import Any

from aoai_provision.audit.upgrade import Edit
from aoai_provision.catalog.regions import normalize_region

_SAFE_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with every edit applied; comments, key order, quoting and layout are kept."""
    in_place = sorted((e for e in edits if e.kind == "in-place" and e.location is not None),
                      key=lambda e: (e.location.line, e.location.column) if e.location else (0, 0), reverse=True)
    lines = text.splitlines(keepends=True)
    for edit in in_place:
        assert edit.location is not None
        lines = _replace_scalar(lines, edit.location.line, edit.location.column, edit.field, edit.value)
    text = "".join(lines)
    overrides = [e for e in edits if e.kind == "override"]
    return _add_overrides(text, overrides) if overrides else text


def _replace_scalar(lines: list[str], line: int, column: int, key: str, value: str) -> list[str]:
    """Replace the scalar starting at 1-based ``line``:``column`` (or after ``key:`` there) by ``value``."""
    index = line - 1
    if not 0 <= index < len(lines):
        raise ValueError(f"line {line} is outside the file")
    raw = lines[index]
    body = raw.rstrip("\r\n")
    ending = raw[len(body):]
    start = max(column - 1, 0)
    match = re.match(rf"{re.escape(key)}\s*:\s*", body[start:])
    if match:  # the location names the key; the value follows it
        start += match.end()
    end = _scalar_end(body, start)
    old = body[start:end]
    new = _render_like(old, value)
    rest = body[end:]
    gap = len(rest) - len(rest.lstrip(" "))
    if gap and rest.lstrip(" ").startswith("#"):  # keep a trailing comment in its column
        rest = " " * max(1, gap + len(old) - len(new)) + rest.lstrip(" ")
    lines[index] = body[:start] + new + rest + ending
    return lines


def _scalar_end(body: str, start: int) -> int:
    if start >= len(body):
        return start
    quote = body[start]
    if quote in "\"'":
        i = start + 1
        while i < len(body):
            if quote == '"' and body[i] == "\\":
                i += 2
                continue
            if body[i] == quote:
                if quote == "'" and i + 1 < len(body) and body[i + 1] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return len(body)
    # Model names and versions never hold these, so they end the scalar in block and flow style alike
    # (a flow mapping may have opened on an earlier line).
    stops = [" #", "\t#", ",", "}", "]"]
    end = len(body)
    for stop in stops:
        found = body.find(stop, start)
        if found != -1:
            end = min(end, found)
    return start + len(body[start:end].rstrip())


def _render_like(old: str, value: str) -> str:
    if old[:1] == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if old[:1] == "'" or not _SAFE_PLAIN.match(value):
        return "'" + value.replace("'", "''") + "'"
    return value


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    return y


def detect_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as the file writes it (default 2, 4, 2)."""
    mapping, offset = 0, -1
    previous: tuple[int, str] | None = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if previous is not None and previous[1].endswith(":") and indent >= previous[0]:
            if stripped.startswith("- ") and offset < 0:
                offset = indent - previous[0]
            elif not stripped.startswith("- ") and not mapping and indent > previous[0]:
                mapping = indent - previous[0]
        previous = (indent, stripped.split(" #")[0].rstrip())
    mapping = mapping or 2
    offset = offset if offset >= 0 else 2
    return mapping, offset + 2, offset


def _child(parent: Any, key: str) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(parent.get(key), dict):
        parent[key] = CommentedMap()
    return parent[key]


def _add_overrides(text: str, edits: list[Edit]) -> str:
    from ruamel.yaml.comments import CommentedMap

    y = _yaml()
    mapping, sequence, offset = detect_indent(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    doc = y.load(text)
    overrides = doc.get("overrides")
    if overrides is None:
        overrides = CommentedMap()
        doc["overrides"] = overrides
    for edit in sorted(edits, key=lambda e: (e.region, e.deployment, e.field != "model")):
        key = next((k for k in overrides if normalize_region(str(k)) == edit.region), edit.region)
        region = _child(overrides, key)
        deployments = _child(region, "deployments")
        entry = _child(deployments, edit.deployment)
        entry[edit.field] = edit.value
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()
