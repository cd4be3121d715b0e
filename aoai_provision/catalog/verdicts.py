"""The one table of lifecycle verdicts (docs/lifecycle.md): code, severity rule and advice per fact.

`validate`, `plan` and `audit` all take a lifecycle state from :func:`catalog.lifecycle.assess`
and turn it into a finding through this table, so the same fact gets the same code, the same
severity rule and the same advice in all three.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aoai_provision.findings import Severity

if TYPE_CHECKING:
    from aoai_provision.catalog.successor import Replacement

RETIREMENT_DOC = "https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/model-retirement-schedule"


@dataclass(frozen=True)
class Verdict:
    """One lifecycle fact as every command reports it.

    ``check`` is the severity in `validate` and `plan` (which cannot know what the live models
    list says, or check it themselves); ``audit`` the severity in `audit`, the CI gate, where a
    passed date is an error (PRODUCT.md §5).
    """

    state: str  # catalog.lifecycle.STATES
    code: str
    name: str
    check: Severity
    audit: Severity
    summary: str
    help: str

    def severity(self, command: str) -> Severity:
        return self.audit if command == "audit" else self.check


VERDICTS: tuple[Verdict, ...] = (
    Verdict(
        "retired", "AOAI601", "retired-version", Severity.ERROR, Severity.ERROR,
        "Confirmed retired: in Microsoft's retired-models table, or missing from a live models list that should "
        "have it.",
        "Azure no longer serves this model version: existing deployments stop answering and new ones cannot "
        "be created. Move the deployment to the recommended replacement (`aoai-provision upgrade FILE --write`).",
    ),
    Verdict(
        "past-scheduled", "AOAI610", "probably-retired", Severity.WARNING, Severity.ERROR,
        "A firm retirement date has passed but no source confirms the retirement yet.",
        "The version was scheduled to retire on a date that has passed, so it is probably retired; the "
        "region's live models list decides (plan reads it; `audit --live` too).",
    ),
    Verdict(
        "past-earliest", "AOAI602", "past-earliest-retirement", Severity.WARNING, Severity.ERROR,
        "A \"no earlier than\" retirement date has passed: it may retire at any time.",
        "Microsoft announced that this version retires no earlier than a date which has now passed: it may be "
        "retired at any time without further notice. Plan the move to the recommended replacement now.",
    ),
    Verdict(
        "retiring", "AOAI603", "retiring-soon", Severity.WARNING, Severity.WARNING,
        "The version retires within the warning window (--warn-within days, default 90).",
        "The version has a retirement date within the warning window. Upgrade before that date; "
        "`aoai-provision upgrade FILE` proposes the edit.",
    ),
    Verdict(
        "deprecated", "AOAI604", "deprecated-version", Severity.INFO, Severity.WARNING,
        "The version is deprecated or in legacy lifecycle.",
        "Deprecated and legacy versions can no longer be deployed by new customers and will retire. "
        "Prefer the recommended replacement for new work and plan the move.",
    ),
    Verdict(
        "preview", "AOAI605", "preview-version", Severity.INFO, Severity.INFO,
        "The version is a preview.",
        "Preview versions have short, moving retirement schedules and may change behaviour. "
        "Track their dates and prefer a generally available model in production.",
    ),
)
BY_STATE: dict[str, Verdict] = {v.state: v for v in VERDICTS}
LIFECYCLE_CODES = frozenset(v.code for v in VERDICTS)
# States in which a successor is looked for and advised even without a documented replacement.
RISK_STATES = frozenset({"retired", "past-scheduled", "past-earliest", "retiring"})


def verdict_for(state: str) -> Verdict | None:
    """The verdict of an assess() state; None for "ok"."""
    return BY_STATE.get(state)


def advice(state: str, replacement: Replacement | None, documented: Sequence[str], region: str,
           sku: str) -> str | None:
    """The one fix text for a lifecycle verdict: the successor offered here, or why there is none."""
    if replacement is not None:
        return (f"move to {replacement.model} {replacement.version}, offered on {sku} in {region} "
                "(`aoai-provision upgrade FILE --write` makes the edit)")
    if state not in RISK_STATES:
        return None
    choose = f"choose a successor (`aoai-provision models --region {region}` lists them)"
    if documented:
        return (f"the documented replacement ({' or '.join(documented)}) is not offered on {sku} in {region} "
                f"clear of its own retirement; {choose}")
    return f"no newer version clear of its own retirement is offered on {sku} in {region}; {choose}"
