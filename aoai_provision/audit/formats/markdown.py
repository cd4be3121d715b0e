"""Markdown report for pull-request comments and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

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
    sources = f"bundled catalog as of {report.catalog_as_of}" if report.catalog_as_of else "bundled catalog"
    if report.live_regions:
        sources += f"; live models API for {', '.join(report.live_regions)}"
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
    d = f.details
    life = d.get("lifecycle") or {}
    rep = d.get("replacement")
    retire = life.get("retirement_date") or ""
    if retire and life.get("retirement_qualifier") == "no-earlier-than":
        retire = f"no earlier than {retire}"
    where = str(f.location) if f.location else (f.resource or "")
    target = f"{rep['model']} {rep['version']}" if rep else ""
    return (
        f"| {ICONS[f.severity]} `{f.code}` | `{_cell(d.get('account'))}/{_cell(d.get('deployment'))}` | "
        f"{_cell(d.get('model'))} {_cell(d.get('version'))} | {_cell(d.get('region'))} / {_cell(d.get('sku'))} | "
        f"{_cell(retire)} | {_cell(life.get('days_left'))} | {_cell(f.message)} | "
        f"{_cell(target)} | `{_cell(where)}` |"
    )
