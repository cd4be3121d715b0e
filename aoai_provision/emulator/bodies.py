"""Request bodies as ARM reads them: lenient JSON (comments, unquoted names, trailing commas), names in any case.

ARM's deserializer accepts what az calls its JSONC format (``az deployment group validate`` sends a
template with an unquoted key) and matches property names case-insensitively. Strict JSON is tried
first (fast); the ``json5`` library parses the rest, so no hand-written parser is involved.
"""

from __future__ import annotations

import json
from typing import Any

import json5

from aoai_provision.emulator.errors import ArmError

# Property names of the request models the emulator reads, in ARM's spelling (camelCase).
KNOWN_NAMES = (
    "location", "kind", "sku", "name", "tier", "capacity", "family", "size", "properties", "tags", "identity",
    "type", "userAssignedIdentities", "customSubDomainName", "restore", "model", "format", "version", "source",
    "sourceAccount", "publisher", "raiPolicyName", "versionUpgradeOption", "scaleSettings", "scaleType",
    "currentCapacity", "parentDeploymentName", "spilloverDeploymentName", "publicNetworkAccess", "networkAcls",
    "defaultAction", "ipRules", "virtualNetworkRules", "bypass", "disableLocalAuth",
    "restrictOutboundNetworkAccess", "allowedFqdnList", "dynamicThrottlingEnabled", "apiProperties",
    "encryption", "keySource", "keyVaultProperties", "userOwnedStorage", "keyName", "subdomainName", "skus",
    "template", "templateLink", "parameters", "mode", "value", "expressionEvaluationOptions", "scope",
    "debugSetting", "detailLevel", "onErrorDeployment", "uri", "id", "contentVersion", "validationLevel",
    "whatIfSettings", "resultFormat", "managedBy", "allowProjectManagement", "associatedProjects",
    "defaultProject", "networkInjections", "amlWorkspace", "capabilityHostName",
)
_CANONICAL = {name.lower(): name for name in KNOWN_NAMES}
# Values under these names are the caller's own names (tag keys, template parameters), never renamed.
_OPAQUE = {"tags", "template", "parameters", "userAssignedIdentities", "outputs", "variables"}


def parse_body(raw: bytes) -> Any:
    """The request body as Python data with ARM's property-name casing; None for an empty body."""
    if not raw.strip():
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _invalid(f"the body is not UTF-8 ({exc.reason})") from exc
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = json5.loads(text)
        except ValueError as exc:
            raise _invalid(str(exc)) from exc
    return canonical_names(data)


def canonical_names(value: Any) -> Any:
    """Rename known property names written in another case (``Location`` -> ``location``), recursively."""
    if isinstance(value, list):
        return [canonical_names(item) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = _CANONICAL.get(key.lower(), key) if isinstance(key, str) else key
        if name in _OPAQUE:
            out[name] = item
        else:
            out[name] = canonical_names(item)
    return out


def _invalid(detail: str) -> ArmError:
    return ArmError(400, "InvalidRequestContent",
                    f"The request content was invalid and could not be deserialized: '{detail}'.")
