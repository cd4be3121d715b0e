"""Response fields that a later api-version introduced: omitted when the client asked with an older version.

SOURCE: ``deploymentState`` is absent from DeploymentProperties in the 2025-09-01 spec
(azure-rest-api-specs cognitiveservices.json, commit a2548afb) and present in 2025-12-01 (bicep-types-az
generated/cognitiveservices/microsoft.cognitiveservices/2025-12-01/types.md, commit 1f896de2) and in
2026-05-15-preview (azure-mgmt-cognitiveservices as shipped with azure-cli 2.91.0). Usages'
``scopeType``/``scopeId`` are in the 2026-09-01 and 2026-09-15-preview examples and absent from the
2026-05-15-preview models; the versions in between are not known here, so they count as older.
"""

from __future__ import annotations

import copy
from typing import Any

from aoai_provision.emulator.api_versions import at_least

# item kind -> (dotted field path, first api-version that has it)
INTRODUCED: dict[str, tuple[tuple[str, str], ...]] = {
    "deployment": (("properties.deploymentState", "2025-12-01"),),
    "usage": (("scopeType", "2026-09-01"), ("scopeId", "2026-09-01")),
}
OPERATIONS = {
    "Deployments_Get": "deployment", "Deployments_List": "deployment", "Deployments_CreateOrUpdate": "deployment",
    "Deployments_Update": "deployment", "Usages_List": "usage", "Accounts_ListUsages": "usage",
}


def for_version(operation: str, body: Any, api_version: str) -> Any:
    """``body`` without the fields ``api_version`` does not have (lists: every item of ``value``)."""
    kind = OPERATIONS.get(operation)
    if kind is None or not isinstance(body, dict):
        return body
    dropped = [path for path, introduced in INTRODUCED[kind] if not at_least(api_version, introduced)]
    if not dropped:
        return body
    body = copy.deepcopy(body)  # never edit what the backend may still hold
    items = body.get("value") if isinstance(body.get("value"), list) else [body]
    for item in items:
        for path in dropped:
            _drop(item, path.split("."))
    return body


def _drop(item: Any, parts: list[str]) -> None:
    for part in parts[:-1]:
        item = item.get(part) if isinstance(item, dict) else None
    if isinstance(item, dict):
        item.pop(parts[-1], None)
