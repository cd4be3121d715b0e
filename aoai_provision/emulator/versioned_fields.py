"""Response fields that a later api-version introduced: omitted when the client asked with an older version.

Each field has the first stable and the first preview version whose swagger has it (stable and preview
versions are separate tracks: a field a preview adds is not in the stable versions released before its
stable counterpart). SOURCE: azure-rest-api-specs ``specification/cognitiveservices/resource-manager/
Microsoft.CognitiveServices/`` ``[CognitiveServices/]{stable,preview}/<version>/cognitiveservices.json``:

- ``deploymentState`` (DeploymentProperties): absent in stable 2025-09-01 (commit a2548afb); in stable
  2025-12-01 (bicep-types-az types.md @ 1f896de2); in the 2025-10-01-preview examples GetDeployment.json
  (CognitiveServices.Management/examples, commit 2eb99381) and PauseDeployment.json (Deployments_Pause, 8e4a102f).
- Usage ``scopeType``/``scopeId`` and ModelSkuCapacityProperties ``scopeType``/``scopeId``: absent in stable
  2026-03-01 (04e14c2a) and 2026-05-01 (888af7fa), present in stable 2026-07-01 (71cfd6b1) and 2026-09-01
  (f008f86e); present in 2026-01-15-preview (00a39d8e), 2026-03-15-preview (8238ad1c), 2026-05-15-preview
  (f297c207) and later previews; the 2025-10-01-preview ListUsages example (a730fce8) has neither.
- Usage ``id``/``type``: only in 2026-09-15-preview (013a3d51); absent in 2026-07-15-preview (f297c207) and
  in stable 2026-09-01.
"""

from __future__ import annotations

import copy
from typing import Any, NamedTuple

from aoai_provision.emulator.api_versions import at_least


class Since(NamedTuple):
    """The first stable and the first preview api-version with a field (None: no such version yet)."""

    stable: str | None
    preview: str | None

    def has(self, api_version: str) -> bool:
        first = self.preview if api_version.lower().endswith("-preview") else self.stable
        return first is not None and at_least(api_version, first)


DEPLOYMENT_STATE = Since("2025-12-01", "2025-10-01-preview")
QUOTA_SCOPE = Since("2026-07-01", "2026-01-15-preview")
USAGE_RESOURCE_ID = Since(None, "2026-09-15-preview")

# item kind -> (dotted field path, versions that have it)
INTRODUCED: dict[str, tuple[tuple[str, Since], ...]] = {
    "deployment": (("properties.deploymentState", DEPLOYMENT_STATE),),
    "usage": (("scopeType", QUOTA_SCOPE), ("scopeId", QUOTA_SCOPE), ("id", USAGE_RESOURCE_ID),
              ("type", USAGE_RESOURCE_ID)),
    "capacity": (("properties.scopeType", QUOTA_SCOPE), ("properties.scopeId", QUOTA_SCOPE)),
}
OPERATIONS = {
    "Deployments_Get": "deployment", "Deployments_List": "deployment", "Deployments_CreateOrUpdate": "deployment",
    "Deployments_Update": "deployment", "Usages_List": "usage", "Accounts_ListUsages": "usage",
    "ModelCapacities_List": "capacity", "LocationBasedModelCapacities_List": "capacity",
}


def for_version(operation: str, body: Any, api_version: str) -> Any:
    """``body`` without the fields ``api_version`` does not have (lists: every item of ``value``)."""
    kind = OPERATIONS.get(operation)
    if kind is None or not isinstance(body, dict):
        return body
    dropped = [path for path, since in INTRODUCED[kind] if not since.has(api_version)]
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
