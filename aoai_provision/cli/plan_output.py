"""Plan formatting: Terraform-like text, markdown for PR comments and step summaries, and JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from aoai_provision.cli.plan_summary import action_table, grouped, is_huge
from aoai_provision.findings import Finding, Severity
from aoai_provision.plan.actions import Action, ActionKind, Plan
from aoai_provision.plan.managed import managed_fields_note
from aoai_provision.plan.problems import NOT_IN_FILE
from aoai_provision.plan.serialize import plan_summary, plan_to_json

_COLORS = {"+": "32", "~": "33", "-/+": "35", "-": "31", "error": "31", "warning": "33", "info": "36"}
_VERBS = {ActionKind.CREATE: "create", ActionKind.RESTORE: "restore", ActionKind.UPDATE: "update",
          ActionKind.REPLACE: "replace", ActionKind.DELETE: "delete"}


def _paint(text: str, key: str, color: bool) -> str:
    return f"\033[{_COLORS[key]}m{text}\033[0m" if color else text


def format_value(value: Any) -> str:
    """A field value as people read it: (none), true/false, {k=v}, [a, b]."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={format_value(v)}" for k, v in value.items() if v not in (None, [], {})) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def change_lines(action: Action) -> list[str]:
    """`field = value` for new resources, `field: before → after` for changes."""
    if action.kind in (ActionKind.CREATE, ActionKind.RESTORE):
        return [f"{c.field} = {format_value(c.after)}" for c in action.changes]
    return [f"{c.field}: {format_value(c.before)} → {format_value(c.after)}" for c in action.changes]


def _kept_note(plan: Plan) -> str:
    kept = len(plan.not_in_file)
    if not kept:
        return ""
    return (f"{kept} managed resource(s) not in {plan.source or 'the file'} are kept (listed above); "
            "--prune deletes them.")


def summary_line(plan: Plan) -> str:
    """`Plan: 2 to add, 1 to change, 0 to replace, 0 to destroy.` or `No changes. Azure matches FILE.`"""
    kept = _kept_note(plan)
    if plan.is_empty:
        if kept:  # Azure holds more than the file: "matches" would be wrong
            return f"No changes to make. {kept}"
        return f"No changes. Azure matches {plan.source or 'the file'}."
    c = plan_summary(plan)
    restore = f"{c['restore']} to restore, " if c["restore"] else ""
    return (f"Plan: {restore}{c['add']} to add, {c['change']} to change, {c['replace']} to replace, "
            f"{c['destroy']} to destroy." + (f" {kept}" if kept else ""))


def _not_in_file(plan: Plan) -> list[Finding]:
    return [f for f in plan.findings if f.code == NOT_IN_FILE and f.details.get("drift") == "not-in-file"]


def _notable(findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    warnings = [f for f in findings if f.severity is not Severity.INFO]
    infos = [f for f in findings if f.severity is Severity.INFO]
    return warnings, infos


def render_text(plan: Plan, color: bool = False, verbose: bool = False) -> str:
    """Terraform-like text; a plan of thousands of actions is a count table unless ``verbose``."""
    lines: list[str] = []
    if plan.actions:
        lines.append(f"aoai-provision will perform these actions in resource group {plan.resource_group} "
                     f"(environment {plan.environment}):")
        lines.append("")
    if plan.actions and is_huge(plan) and not verbose:
        lines.extend(action_table(plan))
        lines.append("")
    elif plan.actions:
        for a in plan.actions:
            symbol = a.kind.symbol
            head = f"{symbol} {_VERBS[a.kind]} {a.address}" + (f"  ({a.region})" if a.region else "")
            lines.append("  " + _paint(head, symbol, color))
            lines.append(f"      # {a.reason}")
            lines.extend(f"      {text}" for text in change_lines(a))
        lines.append("")
        note = managed_fields_note(plan.actions)
        if note:
            lines.extend([note, ""])
    removed = _not_in_file(plan)
    if removed:
        lines.append("Managed, but no longer in the file (kept; --prune or `prune: true` deletes them):")
        lines.extend("  " + _paint(f"! {f.resource}  ({f.details.get('region', '?')})", "warning", color) for f in removed)
        lines.append("")
    warnings, infos = _notable([f for f in plan.findings if f not in removed])
    for title, items in (("Warnings:", warnings), ("Notes:", infos)):
        if items:
            lines.append(title)
            lines.extend("  " + _finding_text(f, color) + (f" (and {n - 1:,} more {f.code})" if n > 1 else "")
                         for f, n in (grouped(items) if not verbose else [(f, 1) for f in items]))
            lines.append("")
    lines.append(summary_line(plan))
    return "\n".join(lines) + "\n"


def _finding_text(f: Finding, color: bool) -> str:
    where = str(f.location) if f.location else (f.resource or "")
    text = f"{_paint(f.severity.value, f.severity.value, color)} {f.code}{' ' + where if where else ''}: {f.message}"
    return text + (f" (fix: {f.fix})" if f.fix else "")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _diff_lines(action: Action) -> list[str]:
    """A ```diff block's lines for one action: `+ field = value`, or `- field: before` / `+ field: after`."""
    lines = [f"# {action.kind.symbol} {_VERBS[action.kind]} {action.address}"]
    for c in action.changes:
        if action.kind in (ActionKind.CREATE, ActionKind.RESTORE):
            lines.append(f"+ {c.field} = {format_value(c.after)}")
        else:
            lines += [f"- {c.field}: {format_value(c.before)}", f"+ {c.field}: {format_value(c.after)}"]
    return lines


def render_markdown(plan: Plan, verbose: bool = False) -> str:
    """A PR comment / $GITHUB_STEP_SUMMARY: heading, summary, action table, field diff, findings."""
    out = [f"### aoai-provision plan: `{plan.environment}` ({plan.resource_group})", "", f"**{summary_line(plan)}**", ""]
    if plan.actions and is_huge(plan) and not verbose:  # a PR comment holds 65,536 characters
        out += ["```", *action_table(plan), "```", ""]
    elif plan.actions:
        out += ["| | resource | action | reason |", "|---|---|---|---|"]
        out += [f"| `{a.kind.symbol}` | `{a.address}` | {_VERBS[a.kind]} | {_md_cell(a.reason)} |" for a in plan.actions]
        diff = [line for a in plan.actions if a.changes for line in _diff_lines(a)]
        if diff:
            out += ["", "<details><summary>Field changes</summary>", "", "```diff", *diff, "```", "", "</details>"]
        out.append("")
    removed = _not_in_file(plan)
    if removed:
        out += ["**Managed, but no longer in the file** (kept; `--prune` or `prune: true` deletes them)", ""]
        out += [f"- `{f.resource}`" for f in removed]
        out.append("")
    warnings, infos = _notable([f for f in plan.findings if f not in removed])
    icons = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.INFO: ":information_source:"}
    for title, items in (("Warnings", warnings), ("Notes", infos)):
        if items:
            out += [f"**{title}**", ""]
            for f, n in (grouped(items) if not verbose else [(f, 1) for f in items]):
                more = f" (and {n - 1:,} more {f.code})" if n > 1 else ""
                where = f"`{f.location or f.resource}` " if (f.location or f.resource) else ""
                fix = f" — fix: {f.fix}" if f.fix else ""
                out.append(f"- {icons[f.severity]} {f.code} {where}{f.message}{fix}{more}")
            out.append("")
    if plan.fingerprint:
        out.append(f"<sub>fingerprint `{plan.fingerprint}` · source `{plan.source}`</sub>")
    return "\n".join(out).rstrip("\n") + "\n"


def render_plan(plan: Plan, fmt: str = "text", color: bool = False, verbose: bool = False) -> str:
    """Render a plan as "text" (Terraform-like), "markdown" or "json" (docs/plan-json.md).

    Text and markdown summarise a plan of thousands of actions (counts per action and resource type,
    findings grouped by code) unless ``verbose``; JSON always has everything.
    """
    if fmt == "json":
        return json.dumps(plan_to_json(plan), indent=2, default=str) + "\n"
    if fmt == "markdown":
        return render_markdown(plan, verbose)
    if fmt in ("text", "table"):
        return render_text(plan, color, verbose)
    raise ValueError(f"unknown plan format {fmt!r}")
