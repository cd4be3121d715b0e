"""`${VAR}` and `${VAR:-default}` substitution in scalar values, keeping every value's location."""

from __future__ import annotations

import re
from collections.abc import Mapping

from aoai_provision.findings import Finding, Location, Severity
from aoai_provision.spec import codes
from aoai_provision.spec.nodes import MapNode, ScalarNode, dotted, walk_scalars

# $${...} is a literal "${...}"; ${NAME} and ${NAME:-default} substitute.
_TOKEN = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{[^}]*\}?")


def interpolate(root: MapNode, environ: Mapping[str, str], file: str) -> list[Finding]:
    """Replace variables in place in every value scalar; unresolved or malformed ones become errors.

    ``${VAR:-default}`` uses the default when VAR is unset or empty (as a POSIX shell does).
    """
    findings: list[Finding] = []
    for path, node in walk_scalars(root):
        if node.value is None or "$" not in node.value:
            continue
        node.value = _substitute(node, environ, file, dotted(path), findings)
    return findings


def _substitute(node: ScalarNode, environ: Mapping[str, str], file: str, path: str,
                findings: list[Finding]) -> str:
    assert node.value is not None
    text = node.value

    def where(offset: int) -> Location:
        # plain and quoted one-line scalars: point at the variable itself
        single = "\n" not in text and node.style in ("", "'", '"')
        shift = offset + (1 if node.style in ("'", '"') else 0) if single else 0
        return Location(file, node.line, node.column + shift, path)

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "$${":
            return "${"
        name, default = match.group(1), match.group(2)
        if name is None:
            findings.append(Finding(
                Severity.ERROR, codes.INVALID_VARIABLE, f"malformed variable reference '{token}'",
                where(match.start()), fix="write ${NAME} or ${NAME:-default}; $${ gives a literal ${"))
            return token
        value = environ.get(name)
        if default is not None and not value:
            return default
        if value is None:
            findings.append(Finding(
                Severity.ERROR, codes.UNRESOLVED_VARIABLE, f"environment variable '{name}' is not set",
                where(match.start()), fix=f"export {name}=... or write ${{{name}:-default}}",
                details={"variable": name}))
            return token
        return value

    return _TOKEN.sub(replace, text)
