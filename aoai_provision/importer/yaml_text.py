"""Write an imported document as YAML text: a header comment, versions quoted, sections apart (pure)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

SPACED = ("defaults", "regions", "overrides", "accounts")  # top-level sections preceded by a blank line
QUOTED = ("version",)  # written in double quotes so no YAML reader re-types them


def _node(value: Any, key: str | None = None) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, Mapping):
        out = CommentedMap()
        for k, v in value.items():
            out[str(k)] = _node(v, str(k))
        return out
    if isinstance(value, Sequence) and not isinstance(value, str):
        return CommentedSeq(_node(v) for v in value)
    if key in QUOTED and isinstance(value, str):
        return DoubleQuotedScalarString(value)
    return value


def to_yaml(document: Mapping[str, Any], header: Sequence[str]) -> str:
    """``document`` as YAML with ``header`` lines as a leading comment."""
    from ruamel.yaml import YAML

    root = _node(document)
    for key in SPACED:
        if key in root and key != next(iter(root)):
            root.yaml_set_comment_before_after_key(key, before="\n")
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 120
    out = io.StringIO()
    yaml.dump(root, out)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header)
    return comment + out.getvalue()
