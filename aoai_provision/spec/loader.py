"""YAML text -> located node tree, with every parse problem as a Finding (never an exception)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.nodes import MapNode, Node, ScalarNode, SeqNode

try:  # libyaml is much faster; both give the same nodes and marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_NODES = 200_000  # after alias expansion; a 500-deployment file has ~10,000
MAX_DEPTH = 64
_NULL_TAG = "tag:yaml.org,2002:null"
_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"


class _Abort(Exception):
    """Stops the conversion with one finding (bombs, cycles, nesting)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass(frozen=True)
class Parsed:
    """The result of parsing one file: the root mapping (when usable) and what went wrong."""

    root: MapNode | None
    findings: tuple[Finding, ...]


def _error(code: str, message: str, file: str, line: int = 1, column: int = 1, fix: str | None = None) -> Finding:
    return Finding(Severity.ERROR, code, message, Location(file, line, column), fix=fix)


def decode_source(data: bytes, file: str) -> tuple[str | None, tuple[Finding, ...]]:
    """Bytes -> text; binary content and invalid UTF-8 become findings at the offending byte."""
    if b"\x00" in data:
        line, column = _position(data, data.index(b"\x00"))
        return None, (_error(codes.NOT_TEXT, "the file contains NUL bytes: it is binary, not YAML text",
                             file, line, column, fix="point at a YAML environment file"),)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        return None, (_error(codes.NOT_TEXT, f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                             file, line, column, fix="save the file as UTF-8"),)
    return text, ()


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def parse_yaml(text: str, file: str) -> Parsed:
    """Parse ``text`` into located nodes; scalars stay as written, duplicate keys are errors."""
    try:
        document = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return Parsed(None, (_syntax_finding(exc, text, file),))
    except yaml.reader.ReaderError as exc:  # unacceptable (control) characters
        position = exc.position
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        message = f"invalid YAML: unacceptable character #x{char:04x}: {exc.reason}"
        return Parsed(None, (_error(codes.YAML_SYNTAX, message, file, line, column),))
    except yaml.YAMLError as exc:
        return Parsed(None, (_error(codes.YAML_SYNTAX, f"invalid YAML: {exc}", file),))
    except RecursionError:
        return Parsed(None, (_error(codes.YAML_TOO_LARGE, "the YAML is nested too deeply", file),))
    if document is None or (isinstance(document, yaml.ScalarNode) and document.tag == _NULL_TAG
                            and not document.value):
        return Parsed(None, (_error(codes.EMPTY_FILE, "the file is empty (no YAML document)", file,
                                    fix="start with `environment: <name>`"),))
    builder = _Builder(file)
    try:
        root = builder.convert(document, 0)
    except _Abort as abort:
        return Parsed(None, (*builder.findings, abort.finding))
    if not isinstance(root, MapNode):
        kind = "a list" if isinstance(root, SeqNode) else "a single value"
        finding = _error(codes.ROOT_NOT_MAPPING, f"the document is {kind}, not a mapping of keys",
                         file, root.line, root.column, fix="the file's top level holds keys such as `environment:`")
        return Parsed(None, (*builder.findings, finding))
    return Parsed(root, tuple(builder.findings))


def _syntax_finding(exc: yaml.MarkedYAMLError, text: str, file: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or str(exc)
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    fix = None
    if "\t" in source_line[: column + 1]:
        fix = "indent with spaces, not tabs"
    elif "${" in source_line:
        fix = "inside [ ] or { } quote values that use variables: \"${VAR}\""
    return _error(codes.YAML_SYNTAX, message, file, line, column, fix=fix)


class _Builder:
    """Converts PyYAML nodes into located nodes, counting nodes so alias bombs stop early."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.active: set[int] = set()
        self.findings: list[Finding] = []

    def _abort(self, code: str, message: str, node: yaml.Node, fix: str | None = None) -> _Abort:
        mark = node.start_mark
        return _Abort(_error(code, message, self.file, mark.line + 1, mark.column + 1, fix=fix))

    def convert(self, node: yaml.Node, depth: int) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._abort(codes.YAML_TOO_LARGE,
                              f"the document expands to more than {MAX_NODES:,} values (alias/anchor expansion?)",
                              node, fix="remove the anchors and aliases that multiply the content")
        if depth > MAX_DEPTH:
            raise self._abort(codes.YAML_TOO_LARGE, f"the YAML is nested more than {MAX_DEPTH} levels deep", node)
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            self._check_tag(node)
            value = None if (node.tag == _NULL_TAG and not node.style) else str(node.value)
            return ScalarNode(line, column, value, node.style or "")
        if id(node) in self.active:
            raise self._abort(codes.YAML_TOO_LARGE, "an alias refers to its own anchor (recursive YAML)", node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return SeqNode(line, column, [self.convert(item, depth + 1) for item in node.value])
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, depth, line, column)
        finally:
            self.active.discard(id(node))

    def _check_tag(self, node: yaml.Node) -> None:
        tag = node.tag or ""
        if tag.startswith("!") and not tag.startswith("!!"):
            mark = node.start_mark
            self.findings.append(_error(codes.YAML_SYNTAX, f"YAML tag '{tag}' is not supported here",
                                        self.file, mark.line + 1, mark.column + 1, fix="remove the tag"))

    def _mapping(self, node: yaml.MappingNode, depth: int, line: int, column: int) -> MapNode:
        result = MapNode(line, column)
        seen: dict[str, ScalarNode] = {}
        merged: list[tuple[ScalarNode, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.extend(self._merge_source(value_node, depth))
                continue
            key = self.convert(key_node, depth + 1)
            if not isinstance(key, ScalarNode):
                raise self._abort(codes.YAML_SYNTAX, "a mapping key must be a plain value, not a list or mapping",
                                  key_node)
            name = key.value if key.value is not None else "null"
            key = ScalarNode(key.line, key.column, name, key.style)
            value = self.convert(value_node, depth + 1)
            first = seen.get(name)
            if first is not None:
                self.findings.append(_error(
                    codes.DUPLICATE_KEY,
                    f"duplicate key '{name}' (first defined at line {first.line}); YAML would silently keep only the last",
                    self.file, key.line, key.column, fix="remove or rename one of them"))
                continue
            seen[name] = key
            result.items.append((key, value))
        for key, value in merged:  # explicit keys win over `<<:` merged ones
            if key.value not in seen:
                seen[key.value or ""] = key
                result.items.append((key, value))
        return result

    def _merge_source(self, node: yaml.Node, depth: int) -> list[tuple[ScalarNode, Node]]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        pairs: list[tuple[ScalarNode, Node]] = []
        for source in sources:
            converted = self.convert(source, depth + 1)
            if not isinstance(converted, MapNode):
                raise self._abort(codes.YAML_SYNTAX, "`<<:` merges only mappings", source)
            pairs.extend(converted.items)
        return pairs
