"""The few template functions the emulator evaluates.

parameters, resourceId, subscriptionResourceId, guid, concat, replace, property and index access
(`parameters('p')['key']`), and in outputs reference() (`reference(id).endpoint`)."""

from __future__ import annotations

import re
from typing import Any

from aoai_provision.spec.roles import arm_guid

SUBSCRIPTION, RESOURCE_GROUP = "\0subscription", "\0resource_group"  # context keys in the values dict
REFERENCE = "\0reference"  # outputs only: a callable resource id -> the resource's properties
_MEMBER = re.compile(r"\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'((?:[^']|'')*)'\s*\])")  # .name or ['key']
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z][A-Za-z0-9]*)\s*\(|'(?P<text>(?:[^']|'')*)'|(?P<punct>[,)]))")


class Unsupported(ValueError):
    """An expression the emulator does not evaluate."""


def resource_id(subscription: str, resource_group: str, rtype: str, *names: str) -> str:
    """`resourceId('<ns>/<t1>/<t2>', a, b)` -> `/subscriptions/../providers/<ns>/<t1>/a/<t2>/b`."""
    namespace, *types = rtype.split("/")
    if len(types) != len(names):
        raise Unsupported(f"resourceId('{rtype}') needs {len(types)} name(s), got {len(names)}")
    path = "/".join(f"{t}/{n}" for t, n in zip(types, names, strict=True))
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{namespace}/{path}"


def evaluate(expression: str, values: dict[str, Any]) -> Any:
    """The value of ``[ ... ]`` (without the brackets) with string literals and the functions above."""
    pos = 0

    def token() -> re.Match[str]:
        nonlocal pos
        found = _TOKEN.match(expression, pos)
        if found is None:
            raise Unsupported(expression)
        pos = found.end()
        return found

    def call(name: str) -> Any:
        args: list[Any] = []
        while True:
            tok = token()
            if tok.group("punct") == ")" and not args:
                break
            args.append(value(tok))
            end = token().group("punct")
            if end == ")":
                break
            if end != ",":
                raise Unsupported(expression)
        return apply(name.lower(), args)

    def value(tok: re.Match[str]) -> Any:
        nonlocal pos
        if tok.group("text") is not None:
            return tok.group("text").replace("''", "'")
        if not tok.group("name"):
            raise Unsupported(expression)
        result = call(tok.group("name"))
        while (member := _MEMBER.match(expression, pos)) is not None:  # reference(...).endpoint, p('x')['k']
            pos = member.end()
            key = member.group(1) if member.group(1) is not None else member.group(2).replace("''", "'")
            if not isinstance(result, dict) or key not in result:
                raise Unsupported(f"the property '{key}' is not found in {expression}")
            result = result[key]
        return result

    def apply(name: str, args: list[Any]) -> Any:
        sub, rg = str(values.get(SUBSCRIPTION, "")), str(values.get(RESOURCE_GROUP, ""))
        if name == "parameters" and len(args) == 1:
            if str(args[0]).lower() not in values:
                raise Unsupported(f"the template parameter '{args[0]}' is not found")
            return values[str(args[0]).lower()]
        if name == "resourceid" and args:
            return resource_id(sub, rg, *[str(a) for a in args])
        if name == "subscriptionresourceid" and len(args) == 2:
            return f"/subscriptions/{sub}/providers/{args[0]}/{args[1]}"
        if name == "guid" and args:
            return arm_guid(*[str(a) for a in args])
        if name == "concat" and args:
            return "".join(str(a) for a in args)
        if name == "replace" and len(args) == 3:
            return str(args[0]).replace(str(args[1]), str(args[2]))
        if name == "reference" and 1 <= len(args) <= 2 and callable(values.get(REFERENCE)):
            return values[REFERENCE](str(args[0]))
        raise Unsupported(f"{name}() is not supported by the emulator")

    result = value(token())
    if expression[pos:].strip():
        raise Unsupported(expression)
    return result
