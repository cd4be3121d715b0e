"""The audit rules: stable codes, names, default severities and help text (also used by SARIF)."""

from __future__ import annotations

from dataclasses import dataclass

from aoai_provision.catalog.verdicts import BY_STATE, RETIREMENT_DOC
from aoai_provision.findings import Severity

# Microsoft Learn pages the rules explain (the retirement schedule and the upgrade policies).
UPGRADE_DOC = "https://learn.microsoft.com/en-us/azure/foundry/openai/how-to/working-with-models"


@dataclass(frozen=True)
class Rule:
    """One audit rule; ``code`` is what findings carry, ``name`` a readable slug."""

    code: str
    name: str
    severity: Severity
    summary: str
    help: str
    help_uri: str = RETIREMENT_DOC


def _from_verdict(state: str) -> Rule:
    """The audit rule of a lifecycle verdict: code, name, severity and help come from the one table."""
    v = BY_STATE[state]
    return Rule(v.code, v.name, v.audit, v.summary, v.help)


RETIRED = _from_verdict("retired")
PROBABLY_RETIRED = _from_verdict("past-scheduled")
PAST_EARLIEST = _from_verdict("past-earliest")
RETIRING = _from_verdict("retiring")
DEPRECATED = _from_verdict("deprecated")
PREVIEW = _from_verdict("preview")
BY_VERDICT_STATE: dict[str, Rule] = {r_state: _from_verdict(r_state) for r_state in BY_STATE}
AUTO_UPGRADE = Rule(
    "AOAI606", "auto-upgrade-scheduled", Severity.INFO,
    "Azure will automatically upgrade this deployment to another version.",
    "With an auto-upgrade policy Azure moves the deployment to a new version on the date shown. "
    "Test the target version before then, or record it in the file with `aoai-provision upgrade`.",
    UPGRADE_DOC,
)
NO_AUTO_UPGRADE = Rule(
    "AOAI607", "no-auto-upgrade-retiring", Severity.ERROR,
    "A NoAutoUpgrade deployment of a retiring version stops working at retirement.",
    "`version_upgrade: NoAutoUpgrade` pins the version, so the deployment stops serving requests on the "
    "retirement date. Upgrade the version, or choose an auto-upgrade policy.",
    UPGRADE_DOC,
)
VERSION_DRIFT = Rule(
    "AOAI608", "version-drift", Severity.INFO,
    "The version deployed in Azure differs from the version in the file.",
    "Azure runs a different version than the file declares (often after an automatic upgrade). "
    "Record the deployed version in the file, or re-apply to pin the declared one.",
    UPGRADE_DOC,
)
NOT_IN_CATALOG = Rule(
    "AOAI609", "not-in-catalog", Severity.WARNING,
    "The model version is not in the catalog; its lifecycle is unknown.",
    "Neither the bundled catalog nor the live models list knows this model version, so its retirement "
    "date cannot be checked. Check the spelling, or audit with --live.",
)

NO_CONTENT_FILTER = Rule(
    "AOAI620", "no-explicit-content-filter", Severity.INFO,
    "The deployment names no content filter (rai_policy); it runs on Azure's default policy.",
    "Without `rai_policy` the deployment gets whatever policy Azure applies by default (Microsoft.DefaultV2 "
    "today), which Microsoft may change. Name a policy: one of the account's `content_filters`, or "
    "Microsoft.DefaultV2 explicitly.",
    "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/content-filters",
)

RULES: tuple[Rule, ...] = (
    RETIRED, PROBABLY_RETIRED, PAST_EARLIEST, RETIRING, DEPRECATED, PREVIEW, AUTO_UPGRADE, NO_AUTO_UPGRADE,
    VERSION_DRIFT, NOT_IN_CATALOG, NO_CONTENT_FILTER,
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule_for(code: str) -> Rule | None:
    """The rule with this code, or None for codes of other areas (e.g. spec findings)."""
    return RULES_BY_CODE.get(code)
