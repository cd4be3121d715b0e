"""The audit rules: stable codes, names, default severities and help text (also used by SARIF)."""

from __future__ import annotations

from dataclasses import dataclass

from aoai_provision.findings import Severity

# Microsoft Learn pages the rules explain (the retirement schedule and the upgrade policies).
RETIREMENT_DOC = "https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/model-retirement-schedule"
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


RETIRED = Rule(
    "AOAI601", "retired-version", Severity.ERROR,
    "The model version is retired (its retirement date has passed).",
    "Azure no longer serves this model version: existing deployments stop answering and new ones cannot "
    "be created. Move the deployment to the recommended replacement (`aoai-provision upgrade FILE --write`).",
)
PAST_EARLIEST = Rule(
    "AOAI602", "past-earliest-retirement", Severity.ERROR,
    "The earliest possible retirement date (\"no earlier than\") has passed.",
    "Microsoft announced that this version retires no earlier than a date which has now passed: it may be "
    "retired at any time without further notice. Plan the move to the recommended replacement now.",
)
RETIRING = Rule(
    "AOAI603", "retiring-soon", Severity.WARNING,
    "The model version retires within the warning window (--warn-within days).",
    "The version has a retirement date within the warning window. Upgrade before that date; "
    "`aoai-provision upgrade FILE` proposes the edit.",
)
DEPRECATED = Rule(
    "AOAI604", "deprecated-version", Severity.WARNING,
    "The model version is deprecated or in legacy lifecycle.",
    "Deprecated and legacy versions can no longer be deployed by new customers and will retire. "
    "Prefer the recommended replacement for new work and plan the move.",
)
PREVIEW = Rule(
    "AOAI605", "preview-version", Severity.INFO,
    "The model version is a preview.",
    "Preview versions have short, moving retirement schedules and may change behaviour. "
    "Track their dates and prefer a generally available model in production.",
)
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

RULES: tuple[Rule, ...] = (
    RETIRED, PAST_EARLIEST, RETIRING, DEPRECATED, PREVIEW, AUTO_UPGRADE, NO_AUTO_UPGRADE,
    VERSION_DRIFT, NOT_IN_CATALOG,
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule_for(code: str) -> Rule | None:
    """The rule with this code, or None for codes of other areas (e.g. spec findings)."""
    return RULES_BY_CODE.get(code)
