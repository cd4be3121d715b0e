"""Template deployments: read an ARM template into ordered resources, refusing what the emulator cannot run.

Supported: literal values, `[parameters('x')]` as a whole value, outputs (concat, replace and
`reference(id, api).property` evaluated once the resources are written), `dependsOn` given as
`[resourceId('<type>', '<name>', ...)]` or a resource name, and the resource types
`Microsoft.CognitiveServices/accounts` and `.../accounts/deployments`. Anything else is a
400 `InvalidTemplate` raised before a single resource is touched.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from aoai_provision.emulator.backend_deployments import DEPLOYMENT_TYPE
from aoai_provision.emulator.errors import ArmError
from aoai_provision.emulator.template_functions import (
    REFERENCE,
    RESOURCE_GROUP,
    SUBSCRIPTION,
    Unsupported,
    evaluate,
)
from aoai_provision.emulator.template_types import ROLE_ASSIGNMENT, SEGMENTS

SUPPORTED_TYPES = {t.lower(): t for t in SEGMENTS}
RESOURCE_KEYS = {"type", "apiVersion", "name", "location", "kind", "sku", "identity", "tags", "properties",
                 "dependsOn", "comments", "metadata", "scope"}
_PARAMETER = re.compile(r"^\[\s*parameters\(\s*'((?:[^']|'')+)'\s*\)\s*\]$", re.IGNORECASE)
_RESOURCE_ID = re.compile(r"^\[\s*resourceId\(\s*'([^']+)'\s*((?:,\s*'(?:[^']|'')*'\s*)+)\)\s*\]$", re.IGNORECASE)
_ARG = re.compile(r"'((?:[^']|'')*)'")


def invalid(message: str) -> ArmError:
    return ArmError(400, "InvalidTemplate", f"Deployment template validation failed: '{message}'.")


@dataclass
class TemplateResource:
    """One resource to apply: type, `account[/deployment]` name, the body to PUT, and what it waits for."""

    index: int
    type: str
    name: str
    body: dict[str, Any]
    depends_on: list[int] = field(default_factory=list)

    @property
    def account(self) -> str:
        if self.type == ROLE_ASSIGNMENT:  # an extension resource: its account is its scope
            return str(self.body.get("scope") or "").rstrip("/").split("/")[-1]
        return self.name.split("/")[0]

    @property
    def deployment(self) -> str | None:
        parts = self.name.split("/")
        return parts[1] if len(parts) > 1 else None

    @property
    def is_deployment(self) -> bool:
        return self.type == DEPLOYMENT_TYPE


def parse_template(properties: dict[str, Any], subscription: str = "", resource_group: str = "") -> list[TemplateResource]:
    """The deployment's resources in an order that respects `dependsOn` (ArmError 400 if unsupported)."""
    link = properties.get("templateLink")
    if link:  # the emulator fetches nothing from the network, so it answers as ARM does when it cannot
        uri = link.get("uri") or link.get("id") if isinstance(link, dict) else link
        raise ArmError(400, "InvalidContentLink",
                       f"Unable to download deployment content from '{uri}'. The tracking Id is "
                       f"'{uuid.uuid4()}'. Please see https://aka.ms/arm-deploy for usage details.")
    mode = str(properties.get("mode") or "Incremental")
    if mode.lower() != "incremental":
        raise invalid(f"deployment mode '{mode}' is not supported by the emulator; use 'Incremental'")
    template = properties.get("template")
    if not isinstance(template, dict):
        raise ArmError(400, "InvalidRequestContent", "The request content must contain 'properties.template'.")
    values = _parameter_values(template, properties.get("parameters"))
    values.update({SUBSCRIPTION: subscription, RESOURCE_GROUP: resource_group})
    raw = template.get("resources", [])
    if not isinstance(raw, list):
        raise invalid("'resources' must be an array (symbolic-name templates are not supported by the emulator)")
    _check_outputs(template.get("outputs"), values)
    for key in ("variables", "functions"):
        if template.get(key):
            raise invalid(f"template '{key}' are not supported by the emulator")
    resources = [_resource(i, item, values) for i, item in enumerate(raw)]
    names: dict[str, int] = {}
    for res in resources:
        key = f"{res.type}/{res.name}".lower()
        if key in names:
            raise invalid(f"The resource '{res.type}/{res.name}' is defined multiple times in a template")
        names[key] = res.index
    for res, item in zip(resources, raw, strict=True):
        res.depends_on = [_dependency(dep, res, resources, names) for dep in item.get("dependsOn") or []]
    return _ordered(resources)


OUTPUT_TYPES = {"string": "String", "int": "Int", "bool": "Bool", "object": "Object", "array": "Array",
                "securestring": "SecureString", "secureobject": "SecureObject"}  # as ARM reports them


def _check_outputs(outputs: Any, values: dict[str, Any]) -> None:
    """Outputs are evaluated when the deployment has run; refuse now what could never be evaluated."""
    if outputs is None:
        return
    if not isinstance(outputs, dict):
        raise invalid("'outputs' must be an object")
    probe = {**values, REFERENCE: lambda _id: _AnyProperties()}
    for name, spec in outputs.items():
        if not isinstance(spec, dict) or str(spec.get("type", "")).lower() not in OUTPUT_TYPES or "value" not in spec:
            raise invalid(f"The template output '{name}' is not valid: it needs a 'type' ({', '.join(sorted(OUTPUT_TYPES))}) "
                          "and a 'value'")
        _literal(spec["value"], probe, f"outputs.{name}.value")


class _AnyProperties(dict[str, Any]):
    """What reference() gives while a template is checked: every property exists (its value unknown)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return ""


def output_values(template: dict[str, Any], given: Any, subscription: str, resource_group: str,
                  reference: Any) -> dict[str, Any]:
    """The deployment's `outputs` (`{name: {type, value}}`), with ``reference(id)`` giving a resource's properties."""
    outputs = template.get("outputs") or {}
    if not outputs:
        return {}
    values = _parameter_values(template, given)
    values.update({SUBSCRIPTION: subscription, RESOURCE_GROUP: resource_group, REFERENCE: reference})
    return {name: {"type": OUTPUT_TYPES[str(spec["type"]).lower()],
                   "value": _literal(spec["value"], values, f"outputs.{name}.value")}
            for name, spec in outputs.items()}


def _parameter_values(template: dict[str, Any], given: Any) -> dict[str, Any]:
    declared = template.get("parameters") or {}
    given = given or {}
    if not isinstance(declared, dict) or not isinstance(given, dict):
        raise invalid("'parameters' must be an object")
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        supplied = given.get(name)
        if isinstance(supplied, dict) and "value" in supplied:
            values[name.lower()] = supplied["value"]
        elif isinstance(spec, dict) and "defaultValue" in spec:
            values[name.lower()] = _literal(spec["defaultValue"], {}, f"parameters.{name}.defaultValue")
        else:
            raise invalid(f"The value for the template parameter '{name}' is not provided")
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise invalid(f"The template parameters '{', '.join(unknown)}' in the parameters file are not valid; "
                      "they are not present in the original template")
    return values


def _literal(value: Any, params: dict[str, Any], where: str) -> Any:
    """Resolve `[parameters('x')]`, unescape `[[`, refuse every other expression."""
    if isinstance(value, str):
        if value.startswith("[["):
            return value[1:]
        if value.startswith("[") and value.endswith("]"):
            try:
                return evaluate(value[1:-1], params)
            except Unsupported as exc:
                raise invalid(f"{where}: the expression {value} is not supported by the emulator (only literal "
                              "values, [parameters('name')], resourceId, subscriptionResourceId, guid, concat, replace and, "
                              f"in outputs, reference() are evaluated): {exc}") from exc
        return value
    if isinstance(value, dict):
        return {k: _literal(v, params, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_literal(v, params, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def _resource(index: int, item: Any, params: dict[str, Any]) -> TemplateResource:
    where = f"resources[{index}]"
    if not isinstance(item, dict):
        raise invalid(f"{where} must be an object")
    extra = sorted(set(item) - RESOURCE_KEYS)
    if extra:
        raise invalid(f"{where}: {', '.join(extra)} not supported by the emulator")
    rtype = SUPPORTED_TYPES.get(str(item.get("type", "")).lower())
    if rtype is None:
        raise invalid(f"{where}: resource type '{item.get('type')}' is not supported by the emulator "
                      f"(supported: {', '.join(SEGMENTS)})")
    if not item.get("apiVersion"):
        raise invalid(f"{where}: 'apiVersion' is required")
    name = _literal(item.get("name"), params, f"{where}.name")
    segments = SEGMENTS[rtype]
    if not isinstance(name, str) or len(name.split("/")) != segments or not all(name.split("/")):
        raise invalid(f"{where}: the resource name '{name}' does not fit type '{rtype}' "
                      f"({segments} segment{'s' if segments > 1 else ''} separated by '/')")
    body = {k: _literal(v, params, f"{where}.{k}") for k, v in item.items()
            if k not in ("type", "apiVersion", "name", "dependsOn", "comments", "metadata")}
    return TemplateResource(index, rtype, name, body)


def _dependency(dep: Any, res: TemplateResource, resources: list[TemplateResource], names: dict[str, int]) -> int:
    where = f"resources[{res.index}].dependsOn"
    if not isinstance(dep, str):
        raise invalid(f"{where}: entries must be strings")
    found = _RESOURCE_ID.match(dep)
    if found:
        parts = [p.replace("''", "'") for p in _ARG.findall(found.group(2))]
        key = f"{found.group(1)}/{'/'.join(parts)}".lower()
        if key in names:
            return names[key]
    elif not dep.startswith("["):
        matches = [r.index for r in resources if dep.lower() in (r.name.lower(), r.name.split("/")[-1].lower(),
                                                                 f"{r.type}/{r.name}".lower())]
        if len(matches) == 1:
            return matches[0]
    else:
        raise invalid(f"{where}: the expression {dep} is not supported by the emulator "
                      "(use [resourceId('<type>', '<name>', ...)] with literal arguments)")
    raise invalid(f"The resource '{dep}' is not defined in the template")


def _ordered(resources: list[TemplateResource]) -> list[TemplateResource]:
    """Topological order (stable); a cycle is InvalidTemplate."""
    done: set[int] = set()
    order: list[TemplateResource] = []
    visiting: set[int] = set()

    def visit(res: TemplateResource) -> None:
        if res.index in done:
            return
        if res.index in visiting:
            raise invalid(f"Circular dependency detected on resource '{res.type}/{res.name}'")
        visiting.add(res.index)
        for dep in res.depends_on:
            visit(resources[dep])
        visiting.discard(res.index)
        done.add(res.index)
        order.append(res)

    for res in resources:
        visit(res)
    return order
