"""Every api-version the emulator accepts, with its source, and ARM's errors for the ones it refuses.

SOURCE (Microsoft.CognitiveServices): Azure/azure-rest-api-specs
``specification/cognitiveservices/resource-manager/Microsoft.CognitiveServices/CognitiveServices/readme.md``
at commit 1c83a24ec7577cd99c54a4c8566cd4cf5af4f88b: every ``### Tag: package-...`` entry (its input-file
folder names the version). The readme's default tag is package-2026-09-01.

SOURCE (Microsoft.Resources): the same repository,
``specification/resources/resource-manager/Microsoft.Resources/deployments/readme.md`` at commit
475893c10274ed6dfa29ce5915b5b287ce9de9fd (resource groups and deployments share these versions) and
``.../Microsoft.Resources/subscriptions/readme.md`` at commit 1311a1c78a628ebfe9d54eabb538587fcaaa3d90;
plus what current clients send that a readme snapshot may lag behind: azure-mgmt-resource-deployments
2.0.0 defaults to 2026-06-01 (its ``_configuration.py``), azure-cli 2.91.0 sends 2024-11-01 (resource
groups), 2022-12-01 (subscriptions, tenants), 2025-04-01 (deployments) and 2022-09-01 (cloud metadata).

SOURCE (Microsoft.Authorization role assignments and definitions): the versioned packages of
azure-mgmt-authorization 4.0.0 (v2015_07_01 ... v2022_05_01_preview); its default is 2022-04-01.
"""

from __future__ import annotations

import re

from aoai_provision.emulator.errors import ArmError

COGNITIVE_STABLE = (
    "2017-04-18", "2021-04-30", "2021-10-01", "2022-03-01", "2022-10-01", "2022-12-01", "2023-05-01",
    "2024-10-01", "2025-06-01", "2025-09-01", "2025-12-01", "2026-03-01", "2026-05-01", "2026-07-01",
    "2026-09-01",
)
COGNITIVE_PREVIEW = (
    "2016-02-01-preview", "2023-10-01-preview", "2024-04-01-preview", "2024-06-01-preview",
    "2025-04-01-preview", "2025-07-01-preview", "2025-10-01-preview", "2026-01-15-preview",
    "2026-03-15-preview", "2026-05-15-preview", "2026-07-15-preview", "2026-09-15-preview",
)
RESOURCES = (
    "2015-11-01", "2016-02-01", "2016-07-01", "2016-09-01", "2017-05-10", "2018-02-01", "2018-05-01",
    "2019-03-01", "2019-05-01", "2019-05-10", "2019-07-01", "2019-08-01", "2019-10-01", "2020-06-01",
    "2020-08-01", "2020-10-01", "2021-01-01", "2021-04-01", "2022-09-01", "2023-07-01", "2024-03-01",
    "2024-07-01", "2024-11-01", "2025-03-01", "2025-04-01", "2026-06-01", "2026-09-01",
)
SUBSCRIPTIONS = (
    "2015-11-01", "2016-06-01", "2018-06-01", "2019-06-01", "2019-11-01", "2020-01-01", "2021-01-01",
    "2022-12-01",
)
METADATA = ("2015-01-01", "2019-05-01", "2020-06-01", "2022-09-01")
# Role assignments and definitions: the api-version packages of azure-mgmt-authorization that carry them.
AUTHORIZATION = (
    "2015-07-01", "2018-01-01-preview", "2018-07-01-preview", "2018-09-01-preview", "2020-04-01-preview",
    "2020-10-01-preview", "2022-04-01", "2022-05-01-preview",
)

FAMILIES: dict[str, tuple[str, ...]] = {
    "cognitive": tuple(sorted(COGNITIVE_STABLE + COGNITIVE_PREVIEW, key=lambda v: (v[:10], v))),
    "resources": RESOURCES,
    "subscriptions": SUBSCRIPTIONS,
    "metadata": METADATA,
    "authorization": AUTHORIZATION,
}
NEWEST_STABLE = COGNITIVE_STABLE[-1]
NEWEST_PREVIEW = COGNITIVE_PREVIEW[-1]
_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}(-preview)?")


def accepted(family: str) -> tuple[str, ...]:
    return FAMILIES[family]


def check(family: str, api_version: str | None, *, resource_type: str = "accounts",
          location: str = "global") -> None:
    """Raise ARM's error when ``api_version`` is missing or not published for ``family``."""
    if not api_version:
        raise ArmError(400, "MissingApiVersionParameter",
                       "The api-version query parameter (?api-version=) is required for all requests.")
    versions = FAMILIES[family]
    if api_version.lower() in versions:
        return
    if family == "cognitive" and _SHAPE.fullmatch(api_version):
        # Resource-provider types answer with NoRegisteredProviderFound (the list oldest first).
        raise ArmError(400, "NoRegisteredProviderFound",
                       f"No registered resource provider found for location '{location}' and API version "
                       f"'{api_version}' for type '{resource_type}'. The supported api-versions are "
                       f"'{', '.join(versions)}'. The supported locations are '{location}'.")
    newest_first = ",".join(reversed(versions))
    raise ArmError(400, "InvalidApiVersionParameter",
                   f"The api-version '{api_version}' is invalid. The supported versions are '{newest_first}'.")


def at_least(api_version: str, introduced: str) -> bool:
    """True when ``api_version`` is ``introduced`` or newer (a preview counts from its date)."""
    return api_version[:10] >= introduced[:10]
