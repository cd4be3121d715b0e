"""The ARM api-version of each resource type aoai-provision writes, declared once.

The SDK clients send it, rendered templates name it, and the embedded emulator accepts it, so
the three agree. 2026-05-01 is the newest stable Microsoft.CognitiveServices version with a
published template schema (Azure/azure-resource-manager-schemas); it carries the 2025-2026
deployment properties (spilloverDeploymentName, serviceTier, deploymentState).
"""

from __future__ import annotations

COGNITIVE_SERVICES = "2026-05-01"

API_VERSIONS: dict[str, str] = {
    "Microsoft.CognitiveServices/accounts": COGNITIVE_SERVICES,
    "Microsoft.CognitiveServices/accounts/deployments": COGNITIVE_SERVICES,
    "Microsoft.CognitiveServices/accounts/raiPolicies": COGNITIVE_SERVICES,
    "Microsoft.CognitiveServices/accounts/raiBlocklists": COGNITIVE_SERVICES,
    "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems": COGNITIVE_SERVICES,
    "Microsoft.Authorization/roleAssignments": "2022-04-01",  # azure-mgmt-authorization 4's default
}
