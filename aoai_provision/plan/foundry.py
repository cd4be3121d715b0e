"""The Foundry upgrade in the plan: what an in-place kind change keeps and adds, and drift Azure made."""

from __future__ import annotations

from aoai_provision.findings import Finding
from aoai_provision.plan import problems as p
from aoai_provision.plan.diff import AccountDiff
from aoai_provision.plan.observed import ObservedAccount
from aoai_provision.spec.model import DesiredAccount

UPGRADE_DOC = "azure-ai-docs foundry/how-to/upgrade-azure-openai.md (2026-01-07)"
AUTO_UPGRADE_DOC = "azure-ai-docs foundry/how-to/upgrade-azure-openai-auto.md (2026-08-19)"
KIND_REASONS = {
    "upgrade": "upgrade to Foundry in place (kind OpenAI -> AIServices, allowProjectManagement: true); keeps the "
               "endpoint, keys, custom domain, network settings, identity, tags and deployments; adds the Foundry "
               "endpoints <subdomain>.services.ai.azure.com and <subdomain>.cognitiveservices.azure.com "
               "(private endpoints must be recreated to cover them)",
    "rollback": "roll back from Foundry in place (kind AIServices -> OpenAI, as the file asks with "
                "foundry_rollback: true); keeps the endpoint, keys, network settings and tags",
}


def foundry_findings(acc: DesiredAccount, obs: ObservedAccount, diff: AccountDiff, address: str) -> list[Finding]:
    """Plan findings about the Foundry upgrade: drift made by Azure, a missing identity, the preview opt-out."""
    found: list[Finding] = []
    where = acc.locations.get("kind", acc.location)
    if diff.foundry_upgraded:
        found.append(p.warning(
            p.FOUNDRY_UPGRADED,
            f"account {acc.name} was upgraded to Foundry: Azure reports kind {obs.kind} (Microsoft upgrades "
            f"eligible accounts automatically, {AUTO_UPGRADE_DOC}) while the file says {acc.kind}; the plan keeps "
            "it as it is and never rolls it back by itself",
            resource=address, location=where,
            fix="record it in the file: kind: AIServices and allow_project_management: true on this account; "
                "or, to roll back, add foundry_rollback: true (first delete its projects, connections and "
                "non-OpenAI deployments)"))
    no_identity = (acc.identity is None or acc.identity.type == "None") and (
        obs.identity is None or obs.identity.type in ("", "None"))
    if diff.upgrade == "upgrade" and no_identity:
        found.append(p.warning(
            p.FOUNDRY_IDENTITY, f"account {acc.name}: the Foundry upgrade needs a managed identity ({UPGRADE_DOC})",
            resource=address, location=where, fix="add identity: SystemAssigned to the account"))
    if acc.foundry_auto_upgrade is not None:
        found.append(p.info(
            p.FOUNDRY_AUTO_UPGRADE,
            f"account {acc.name}: foundry_auto_upgrade: {acc.foundry_auto_upgrade} is not sent: only the preview "
            f"api-version 2026-01-15-preview has foundryAutoUpgrade ({AUTO_UPGRADE_DOC})",
            resource=address, location=acc.locations.get("foundry_auto_upgrade", acc.location),
            fix=f"set it once with: az rest --method patch --url "
                f"'https://management.azure.com{obs.id}?api-version=2026-01-15-preview' "
                f"--body '{{\"properties\": {{\"foundryAutoUpgrade\": {{\"mode\": \"{acc.foundry_auto_upgrade}\"}}}}}}'"))
    return found
