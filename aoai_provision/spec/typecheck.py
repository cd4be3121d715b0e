"""Type the located tree with the pydantic schema; map every pydantic error back to its YAML location."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from aoai_provision.findings import Finding, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.nodes import MapNode, PathPart, dotted, location_of, to_plain
from aoai_provision.spec.schema import EnvironmentFile


def typecheck(root: MapNode, file: str) -> tuple[EnvironmentFile | None, list[Finding]]:
    """The typed file, or ``None`` with one finding per schema problem (all of them, located)."""
    plain = to_plain(root)
    try:
        return EnvironmentFile.model_validate(plain), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        findings = [_finding(error, root, file) for error in errors]
    if all(error["type"] == "extra_forbidden" for error in errors):
        # Unknown keys alone need not hide the rest: drop them and check everything else too.
        for error in errors:
            _drop(plain, error["loc"])
        try:
            return EnvironmentFile.model_validate(plain), findings
        except ValidationError:
            pass
    return None, findings


def _drop(plain: Any, loc: Sequence[Any]) -> None:
    """Remove the key at ``loc`` from the plain tree (a no-op when the path no longer matches)."""
    node = plain
    for part in loc[:-1]:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            return
        node = node[part]
    if isinstance(node, dict):
        node.pop(loc[-1], None)


def _finding(error: Any, root: MapNode, file: str) -> Finding:
    loc: tuple[PathPart, ...] = tuple(p for p in error["loc"] if isinstance(p, str | int))
    kind: str = error["type"]
    where = dotted(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = allowed_keys(EnvironmentFile, loc[:-1])
        hint = suggest(key, allowed)
        message = f"unknown key '{key}'" + (f" in {dotted(loc[:-1])}" if len(loc) > 1 else "")
        message += f"; did you mean '{hint}'?" if hint else ""
        fix = f"allowed here: {', '.join(allowed)}" if allowed else None
        return Finding(Severity.ERROR, codes.UNKNOWN_KEY, message, location_of(file, root, loc, key=True), fix=fix)
    if kind == "missing":
        parent = dotted(loc[:-1]) or "the top level"
        return Finding(Severity.ERROR, codes.MISSING_KEY, f"'{loc[-1]}' is required in {parent}",
                       location_of(file, root, loc[:-1]), fix=f"add `{loc[-1]}:`")
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind in ("model_type", "list_type", "dict_type"):
        message = {"model_type": "expected a mapping of keys", "list_type": "expected a list",
                   "dict_type": "expected a mapping"}[kind]
    value = error.get("input")
    shown = f" (got {value!r})" if isinstance(value, str | int | float) and kind != "value_error" else ""
    if kind == "literal_error" and isinstance(value, str):
        hint = suggest(value, _literal_choices(error))
        if hint:
            message += f"; did you mean '{hint}'?"
    fix = None
    if kind == "list_type" and isinstance(value, str) and loc:
        fix = f"write a list: `{loc[-1]}: [{value}]`"
    elif kind == "model_type" and loc and loc[-1] == "rate_limit":
        fix = "write `rate_limit: {tpm: 100K}` (optionally with rpm), or use `capacity: N`"
    return Finding(Severity.ERROR, codes.INVALID_VALUE, f"{where}: {message}{shown}",
                   location_of(file, root, loc), fix=fix)


def _literal_choices(error: Any) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def suggest(word: str, choices: Sequence[str]) -> str | None:
    """The closest choice (case-insensitive first), or ``None``."""
    for choice in choices:
        if choice.lower() == word.lower():
            return choice
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not close:
        return None
    return next(c for c in choices if c.lower() == close[0])


def did_you_mean(close: Sequence[str]) -> str:
    """"; did you mean 'a' or 'b'?" for suggestions, "" for none."""
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def allowed_keys(model: type[BaseModel], path: Sequence[PathPart]) -> list[str]:
    """The keys the schema allows at ``path`` (walking models, lists and dicts along the way)."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated; prefer the model member of a union."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            tp = (models or members)[0]
        else:
            return tp


def _step(tp: Any, part: PathPart) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
