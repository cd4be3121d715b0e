"""Markdown report for pull-request comments and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from aoai_provision.audit.formats import finding_cells, sources_text
from aoai_provision.audit.model import AuditReport
from aoai_provision.findings import Finding, Severity

ICONS = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟠 warning", Severity.INFO: "🔵 info"}


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: AuditReport) -> str:
    counts = report.counts()
    lines = ["## aoai-provision audit", ""]
    gate = ""
    if report.fail_within is not None:
        gated = len(report.gated)
        gate = (f" **{gated} finding(s) within {report.fail_within} days: failing.**" if gated
                else f" Nothing within {report.fail_within} days.")
    lines.append(
        f"As of **{report.as_of.isoformat()}**: {len(report.deployments)} deployment(s), "
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info.{gate}"
    )
    sources = sources_text(report, "; ")
    lines += ["", f"Sources: {sources}."]
    for notice in report.notices:
        lines += ["", f"> [!WARNING]\n> {notice}"]
    shown = report.shown
    if shown:
        lines += [
            "",
            "| Severity | Deployment | Model | Region / SKU | Retirement | Days left | Finding | Replacement | Declared at |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        lines += [_row(f) for f in shown]
    else:
        lines += ["", "No findings. ✅"]
    lines += ["", "<details><summary>All deployments</summary>", "",
              "| Deployment | Model | Region / SKU | Lifecycle | Retirement | Policy → consequence |",
              "|---|---|---|---|---|---|"]
    for d in report.deployments:
        s = d.subject
        retire = f"{d.retirement_date.isoformat()} ({d.qualifier})" if d.retirement_date else ""
        lines.append(
            f"| `{_cell(s.account)}/{_cell(s.deployment)}` | {_cell(s.model)} {_cell(s.version)} | "
            f"{_cell(s.region)} / {_cell(s.sku)} | {_cell(d.state or 'not in catalog')} | {retire} | "
            f"{_cell(s.version_upgrade)} → {_cell(d.consequence)} |"
        )
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def _row(f: Finding) -> str:
    who, model, where_run, retire, days, target, where = (_cell(c) for c in finding_cells(f))
    return (f"| {ICONS[f.severity]} `{f.code}` | `{who}` | {model} | {where_run} | {retire} | {days} | "
            f"{_cell(f.message)} | {target} | `{where}` |")
