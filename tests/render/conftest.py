"""Fixtures for the render tests: desired states, a Bicep tree reader and an ARM template reader."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
import tree_sitter
import tree_sitter_bicep

from aoai_provision.spec.model import (
    DesiredAccount,
    DesiredDeployment,
    DesiredState,
    Identity,
    NetworkAcls,
    ownership_tags,
)
from aoai_provision.spec.model_network import Diagnostics, Encryption, PrivateEndpoint

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups"
ZONES = tuple(f"{SUB}/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.{z}"
              for z in ("openai.azure.com", "cognitiveservices.azure.com", "services.ai.azure.com"))
WORKSPACE = f"{SUB}/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops"


def subnet_id(region: str) -> str:
    return f"{SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-{region}/subnets/pe"


def secure_state() -> DesiredState:
    """Public access disabled, local auth disabled, a managed identity, network ACLs deny by default."""
    realtime = DesiredDeployment(name="realtime", model="gpt-4o-mini-realtime-preview", version="2024-12-17",
                                 sku="GlobalStandard", capacity=100, version_upgrade="NoAutoUpgrade")
    audio = DesiredDeployment(name="audio", model="gpt-4o-mini-audio-preview", version="2024-12-17",
                              sku="GlobalStandard", capacity=50)
    accounts = tuple(
        DesiredAccount(name=f"aoai-prod-{region}", region=region, custom_subdomain=f"aoai-prod-{region}",
                       public_network_access="Disabled", disable_local_auth=True,
                       identity=Identity("SystemAssigned"), network_acls=NetworkAcls("Deny"),
                       tags={**ownership_tags("prod"), "cost-center": "4711"}, deployments=(realtime, audio),
                       private_endpoint=PrivateEndpoint(f"aoai-prod-{region}-pe", subnet_id(region), ZONES[:2]),
                       diagnostics=Diagnostics(WORKSPACE, ("Audit", "RequestResponse", "AzureOpenAIRequestUsage")))
        for region in ("eastus2", "swedencentral")
    )
    return DesiredState(environment="prod", resource_group="rg-aoai-prod", location="eastus2",
                        accounts=accounts, source="environments/prod.yaml")


def full_state() -> DesiredState:
    """Every account and deployment option of the environment format, including awkward strings."""
    embed = DesiredDeployment(name="embed", model="text-embedding-3-large", version="1", sku="Standard",
                              capacity=120, version_upgrade="OnceCurrentVersionExpired",
                              rai_policy="Microsoft.DefaultV2", dynamic_throttling=False,
                              tags={"owner": "o'brien", "note": "costs ${dollars}", "path": "C:\\x\ny"})
    chat = DesiredDeployment(name="chat.v2", model="gpt-4o", version="2024-11-20", sku="DataZoneStandard",
                             capacity=10, dynamic_throttling=True, tags={"bracket": "[not an expression]"})
    mini = DesiredDeployment(name="mini", model="gpt-4o-mini", version="2024-07-18", sku="GlobalStandard",
                             capacity=1, version_upgrade="OnceNewDefaultVersionAvailable")
    uami = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-id/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/id-aoai")
    subnet = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/"
              "Microsoft.Network/virtualNetworks/vnet/subnets/snet-apps")
    batch = DesiredAccount(
        name="aoai-dev_batch.1", region="swedencentral", kind="AIServices", sku="S0",
        custom_subdomain="aoai-dev-batch-1", public_network_access="Enabled", disable_local_auth=False,
        network_acls=NetworkAcls("Deny", ("203.0.113.0/24", "198.51.100.7"), (subnet,), "AzureServices"),
        identity=Identity("SystemAssigned, UserAssigned", (uami,)),
        tags={**ownership_tags("dev"), "cost-center": "4711", "Ünïcode": "✓ naïve"},
        restore=True, deployments=(embed, chat, mini),
        private_endpoint=PrivateEndpoint("pe.batch", subnet_id("swedencentral"), ZONES, region="swedencentral"),
        diagnostics=Diagnostics(WORKSPACE, ("allLogs",), (), name="to law"),
        encryption=Encryption("https://kv-aoai.vault.azure.net/keys/aoai-cmk/0123456789abcdef", uami),
    )
    plain = DesiredAccount(name="aoai-dev-eastus2", region="eastus2", tags=ownership_tags("dev"),
                           deployments=(mini,))
    empty = DesiredAccount(name="aoai-dev-westus", region="westus", identity=Identity("UserAssigned", (uami,)),
                           network_acls=NetworkAcls("Allow"), tags=ownership_tags("dev"),
                           private_endpoint=PrivateEndpoint("aoai-dev-westus-pe", subnet_id("westus")),
                           encryption=Encryption("https://kv-aoai.vault.azure.net/keys/aoai-cmk", uami,
                                                 "11111111-2222-3333-4444-555555555555"))
    return DesiredState(environment="dev", resource_group="rg-aoai-dev", location="swedencentral",
                        accounts=(batch, plain, empty), source="environments/dev.yaml")


STATES: dict[str, Callable[[], DesiredState]] = {"secure": secure_state, "full": full_state}


@pytest.fixture(scope="module")
def secure() -> DesiredState:
    return secure_state()


@pytest.fixture(scope="module")
def insecure() -> DesiredState:
    """Defaults only: public access on, local auth on, no managed identity."""
    return DesiredState(environment="lab", resource_group="rg-lab", location="eastus2", accounts=(
        DesiredAccount(name="aoai-lab", region="eastus2", tags=ownership_tags("lab"),
                       deployments=secure_state().accounts[0].deployments),))


@pytest.fixture(params=sorted(STATES))
def state(request: pytest.FixtureRequest) -> DesiredState:
    return STATES[request.param]()


# --------------------------------------------------------------------------- Bicep tree reading

_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bicep.language()))
_BICEP_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]+\}|.)", re.S)
_SIMPLE = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t", "$": "$"}


def parse_bicep(text: str) -> tree_sitter.Tree:
    return _PARSER.parse(text.encode("utf-8"))


_PARAM_ASSIGNMENT = re.compile(r"^param (\w+) = ", re.M)


def bicepparam_as_bicep(text: str, declared: dict[str, str]) -> str:
    """A .bicepparam in the shape the Bicep grammar parses (`param NAME TYPE = VALUE`), types from main.bicep."""
    return _PARAM_ASSIGNMENT.sub(lambda m: f"param {m.group(1)} {declared.get(m.group(1), 'UNDECLARED')} = ", text)


def bicep_parameters(text: str) -> dict[str, tuple[str, Any]]:
    """`param NAME TYPE = VALUE` declarations of a Bicep file: name -> (type, value)."""
    out: dict[str, tuple[str, Any]] = {}
    for node in parse_bicep(text).root_node.named_children:
        if node.type == "parameter_declaration":
            name, kind, value = node.named_children[0], node.named_children[1], node.named_children[-1]
            out[name.text.decode("utf-8")] = (kind.text.decode("utf-8"), _value(value))
    return out


def bicep_outputs(text: str) -> dict[str, tuple[str, str]]:
    """`output NAME TYPE = EXPRESSION` declarations: name -> (type, expression source or string value)."""
    out: dict[str, tuple[str, str]] = {}
    for node in parse_bicep(text).root_node.named_children:
        if node.type == "output_declaration":
            name, kind, value = node.named_children[0], node.named_children[1], node.named_children[-1]
            out[name.text.decode("utf-8")] = (kind.text.decode("utf-8"), _value(value) if value.type == "string"
                                              else value.text.decode("utf-8"))
    return out


def bicep_problems(text: str) -> list[str]:
    """Every ERROR or MISSING node of the parse tree, and every interpolation inside a string."""
    problems: list[str] = []
    stack = [parse_bicep(text).root_node]
    while stack:
        node = stack.pop()
        where = f"line {node.start_point[0] + 1} col {node.start_point[1] + 1}"
        if node.is_error or node.type == "ERROR":
            problems.append(f"ERROR node at {where}: {node.text.decode()[:60]!r}")
        if node.is_missing:
            problems.append(f"MISSING {node.type} at {where}")
        if node.type == "interpolation":
            problems.append(f"string interpolation at {where}: {node.text.decode()!r}")
        stack.extend(node.children)
    return problems


def _unescape(raw: str) -> str:
    def repl(match: re.Match[str]) -> str:
        esc = match.group(1)
        if esc.startswith("u{"):
            return chr(int(esc[2:-1], 16))
        if esc not in _SIMPLE:
            raise AssertionError(f"unknown Bicep escape \\{esc}")
        return _SIMPLE[esc]

    return _BICEP_ESCAPE.sub(repl, raw)


def _value(node: tree_sitter.Node) -> Any:
    kind = node.type
    text = node.text.decode("utf-8")
    if kind == "string":
        assert text.startswith("'") and text.endswith("'") and not text.startswith("'''"), text
        return _unescape(text[1:-1])
    if kind == "number":
        return int(text)
    if kind == "boolean":
        return text == "true"
    if kind == "null":
        return None
    if kind == "identifier":
        return {"$symbol": text}
    if kind == "member_expression" and text.endswith(".id") and re.fullmatch(r"\w+\.id", text):
        return {"$id_of": text[:-3]}  # `acct.id`: the id of a declared resource
    if kind == "member_expression":
        return {"$expr": text}
    if kind == "subscript_expression":  # `capacities['a/d']`: resolved against the parameter defaults
        target, key = node.named_children
        return {"$param": target.text.decode("utf-8"), "$key": _value(key)}
    if kind == "array":
        return [_value(c) for c in node.named_children if c.type != "comment"]
    if kind == "object":
        out: dict[str, Any] = {}
        for prop in node.named_children:
            if prop.type == "comment":
                continue
            assert prop.type == "object_property", prop.type
            key_node, value_node = prop.named_children[0], prop.named_children[-1]
            key = _value(key_node)
            key = key["$symbol"] if isinstance(key, dict) else key
            assert key not in out, f"duplicate key {key}"
            out[key] = _value(value_node)
        return out
    raise AssertionError(f"unexpected Bicep node {kind}: {text[:80]!r}")


def bicep_resources(text: str) -> list[dict[str, Any]]:
    """The resources of a Bicep file in ARM shape: full `name`, `dependsOn` as full resource names."""
    root = parse_bicep(text).root_node
    declared: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    params: dict[str, Any] = {}
    for node in root.named_children:
        if node.type == "parameter_declaration":
            params[node.named_children[0].text.decode("utf-8")] = _value(node.named_children[-1])
        if node.type != "resource_declaration":
            continue
        symbol_node, type_node, body_node = (c for c in node.named_children if c.type != "comment")
        type_and_version = _value(type_node)
        resource_type, _, api_version = type_and_version.partition("@")
        symbol = symbol_node.text.decode()
        declared[symbol] = {"type": resource_type, "apiVersion": api_version, "body": _value(body_node)}
        order.append(symbol)

    def full_name(symbol: str) -> str:
        body = declared[symbol]["body"]
        parent = body.get("parent")
        return f"{full_name(parent['$symbol'])}/{body['name']}" if parent else body["name"]

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and "$param" in value:
            return params[value["$param"]][value["$key"]]
        if isinstance(value, dict) and "$id_of" in value:
            return {"$id": full_name(value["$id_of"])}
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    out: list[dict[str, Any]] = []
    for symbol in order:
        item = declared[symbol]
        body = resolve(dict(item["body"]))
        parent = body.pop("parent", None)
        scope = body.pop("scope", None)
        if scope is not None:
            body = {"scope": f"{declared[scope['$symbol']]['type']}/{full_name(scope['$symbol'])}", **body}
        depends = [d["$symbol"] for d in body.pop("dependsOn", [])]
        resource: dict[str, Any] = {"type": item["type"], "apiVersion": item["apiVersion"], "name": full_name(symbol)}
        resource.update((k, v) for k, v in body.items() if k != "name")
        # an extension resource waits for the resource it extends (ARM writes it into dependsOn)
        waits = ([parent["$symbol"]] if parent else [scope["$symbol"]] if scope else []) + depends
        if waits:
            resource["dependsOn"] = [full_name(s) for s in waits]
        out.append(resource)
    return out


# --------------------------------------------------------------------------- ARM template reading

_RESOURCE_ID = re.compile(r"^\[(?:extensionResourceId\(resourceId\('[^']+', '(?:[^']|'')*'\), )?(?:resourceId\()?"
                          r"'([^']+)'((?:, '(?:[^']|'')*')+)\)\]$")


_PARAMETER_ITEM = re.compile(r"^\[parameters\('(\w+)'\)\['((?:[^']|'')*)'\]\]$")


def _arm_unescape(value: Any, defaults: dict[str, Any] | None = None) -> Any:
    if isinstance(value, str):
        item = _PARAMETER_ITEM.match(value)
        if item and defaults is not None:  # `[parameters('capacities')['a/d']]`: the parameter's value (the file's)
            return defaults[item.group(1)][item.group(2).replace("''", "'")]
        match = _RESOURCE_ID.match(value)
        if match:  # `[resourceId('<type>', 'name', ...)]`: the id of a resource
            return {"$id": "/".join(p.replace("''", "'") for p in re.findall(r"'((?:[^']|'')*)'", match.group(2)))}
        if value.startswith("[reference("):
            return {"$expr": value[1:-1]}
        assert not (value.startswith("[") and not value.startswith("[[")), f"ARM expression in a value: {value}"
        return value[1:] if value.startswith("[[") else value
    if isinstance(value, dict):
        return {k: _arm_unescape(v, defaults) for k, v in value.items()}
    if isinstance(value, list):
        return [_arm_unescape(v, defaults) for v in value]
    return value


def arm_resources(text: str) -> list[dict[str, Any]]:
    """The resources of an ARM template with literal values unescaped, parameters resolved to their defaults and
    `dependsOn` as resource names."""
    out = []
    template = json.loads(text)
    defaults = {name: spec["defaultValue"] for name, spec in (template.get("parameters") or {}).items()}
    for resource in template["resources"]:
        resource = dict(resource)
        depends = resource.pop("dependsOn", None)
        plain = _arm_unescape(resource, defaults)
        if depends is not None:
            names = []
            for dep in depends:
                match = _RESOURCE_ID.match(dep)
                assert match, f"unexpected dependsOn entry {dep}"
                parts = re.findall(r"'((?:[^']|'')*)'", match.group(2))
                names.append("/".join(p.replace("''", "'") for p in parts))
            plain["dependsOn"] = names
        out.append(plain)
    return out


@pytest.fixture
def bicep_reader() -> Any:
    return type("BicepReader", (), {"problems": staticmethod(bicep_problems),
                                    "parameters": staticmethod(bicep_parameters),
                                    "outputs": staticmethod(bicep_outputs),
                                    "bicepparam_as_bicep": staticmethod(bicepparam_as_bicep),
                                    "resources": staticmethod(bicep_resources)})


@pytest.fixture
def arm_reader() -> Any:
    return type("ArmReader", (), {"resources": staticmethod(arm_resources)})
