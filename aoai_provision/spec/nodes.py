"""Located YAML nodes: every mapping, sequence and scalar knows its 1-based line and column."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from aoai_provision.findings import Location

PathPart = str | int


@dataclass(eq=False)
class Node:
    """Base of the located tree; ``line`` and ``column`` are 1-based."""

    line: int
    column: int


@dataclass(eq=False)
class ScalarNode(Node):
    """A scalar exactly as written: ``value`` is the text (``None`` for a plain null), never re-typed.

    ``style`` is "" for plain scalars and the quote or block indicator otherwise.
    """

    value: str | None
    style: str = ""


@dataclass(eq=False)
class SeqNode(Node):
    """A YAML sequence."""

    items: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class MapNode(Node):
    """A YAML mapping with string keys; keys keep their own locations."""

    items: list[tuple[ScalarNode, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        pair = self.pair(key)
        return pair[1] if pair else None

    def pair(self, key: str) -> tuple[ScalarNode, Node] | None:
        for k, v in self.items:
            if k.value == key:
                return k, v
        return None

    def keys(self) -> list[str]:
        return [k.value or "" for k, _ in self.items]


def to_plain(node: Node) -> Any:
    """The tree as plain Python: dicts, lists and strings (``None`` for nulls); no re-typing."""
    if isinstance(node, MapNode):
        return {k.value or "": to_plain(v) for k, v in node.items}
    if isinstance(node, SeqNode):
        return [to_plain(item) for item in node.items]
    assert isinstance(node, ScalarNode)
    return node.value


def locate(root: Node, path: Sequence[PathPart], *, key: bool = False) -> Node:
    """The deepest node reachable along ``path`` (parts that do not match are skipped).

    With ``key=True`` and a path ending in a mapping key, the key node is returned instead of
    its value (for "unknown key" messages).
    """
    node = root
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, MapNode) and isinstance(part, str):
            pair = node.pair(part)
            if pair is None:
                continue
            node = pair[0] if (last and key) else pair[1]
        elif isinstance(node, SeqNode) and isinstance(part, int) and 0 <= part < len(node.items):
            node = node.items[part]
    return node


def dotted(path: Sequence[PathPart]) -> str:
    """``("deployments", 0, "rate_limit")`` -> ``deployments[0].rate_limit``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def location_of(file: str, root: Node, path: Sequence[PathPart], *, key: bool = False) -> Location:
    """A finding location for ``path`` in ``file`` (the deepest existing node along it)."""
    node = locate(root, path, key=key)
    return Location(file, node.line, node.column, dotted(path))


def walk_scalars(node: Node, path: tuple[PathPart, ...] = ()) -> Iterator[tuple[tuple[PathPart, ...], ScalarNode]]:
    """Every value scalar (not keys) with its path."""
    if isinstance(node, MapNode):
        for k, v in node.items:
            yield from walk_scalars(v, (*path, k.value or ""))
    elif isinstance(node, SeqNode):
        for i, item in enumerate(node.items):
            yield from walk_scalars(item, (*path, i))
    elif isinstance(node, ScalarNode):
        yield path, node
