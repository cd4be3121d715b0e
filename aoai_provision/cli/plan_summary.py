"""A huge plan at a glance: counts per action and resource type, findings grouped by code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from aoai_provision.findings import Finding
from aoai_provision.plan.actions import ActionKind, Plan, ResourceType

SUMMARY_AT = 500  # actions; below this every action is listed
GROUP_FINDINGS_AT = 50  # findings of one severity; above this they are grouped by code
_KINDS = (ActionKind.CREATE, ActionKind.RESTORE, ActionKind.UPDATE, ActionKind.REPLACE, ActionKind.DELETE)
_TYPES = (ResourceType.RESOURCE_GROUP, ResourceType.ACCOUNT, ResourceType.DEPLOYMENT)


def is_huge(plan: Plan) -> bool:
    return len(plan.actions) >= SUMMARY_AT


def action_table(plan: Plan) -> list[str]:
    """``  + create   0   300   3000   3300`` rows under a header, one per kind of action present."""
    counts = Counter((a.kind, a.resource_type) for a in plan.actions)
    accounts = len({a.account or a.name for a in plan.actions if a.resource_type is not ResourceType.RESOURCE_GROUP})
    lines = [f"  {len(plan.actions):,} actions on {accounts:,} account(s); each one is listed by "
             "`plan --verbose`, with every field by `--format json`.", "",
             f"  {'action':<12}{'resource group':>16}{'account':>10}{'deployment':>12}{'total':>9}"]
    for kind in _KINDS:
        row = [counts.get((kind, t), 0) for t in _TYPES]
        if any(row):
            lines.append(f"  {kind.symbol + ' ' + kind.value:<12}{row[0]:>16,}{row[1]:>10,}{row[2]:>12,}{sum(row):>9,}")
    return lines


def grouped(findings: Sequence[Finding]) -> list[tuple[Finding, int]]:
    """Findings with a count: all of them (count 1) when few, else the first of each code and how many."""
    if len(findings) <= GROUP_FINDINGS_AT:
        return [(f, 1) for f in findings]
    first: dict[str, Finding] = {}
    counts: Counter[str] = Counter()
    for f in findings:
        first.setdefault(f.code, f)
        counts[f.code] += 1
    return [(f, counts[code]) for code, f in first.items()]
