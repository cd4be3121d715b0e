"""Terminal output: a rich table coloured by severity, or compiler-style lines when not a terminal."""

from __future__ import annotations

from typing import Any

from aoai_provision.audit.formats import finding_cells, sources_text
from aoai_provision.audit.model import AuditReport
from aoai_provision.findings import Severity

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary_line(report: AuditReport) -> str:
    counts = report.counts()
    text = (f"{len(report.deployments)} deployment(s) audited as of {report.as_of.isoformat()}: "
            f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
    if report.fail_within is not None:
        gated = len(report.gated)
        text += (f"; {gated} finding(s) within --fail-within {report.fail_within} days (exit 3)" if gated
                 else f"; nothing within --fail-within {report.fail_within} days")
    sources = sources_text(report, ", ")
    return f"{text}. Sources: {sources}."


def render_plain(report: AuditReport) -> str:
    """One `path:line:col: severity CODE: message (fix: ...)` line per finding, then notices and a summary."""
    # a matrix entry is one file line for several accounts: name the deployment each line is about
    lines = [f.format_line() + (f" [{f.resource}]" if f.location and f.resource else "")
             + (" [fail-within]" if report.is_gated(f) else "") for f in report.shown]
    lines += [f"notice: {n}" for n in report.notices]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def table_renderables(report: AuditReport) -> list[Any]:
    """Rich renderables (a table, notices and the summary) for an interactive terminal."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="aoai-provision audit", show_lines=False, expand=False)
    for name in ("Severity", "Deployment", "Model", "Region / SKU", "Retirement", "Days", "Finding", "Replace with",
                 "Declared at"):
        table.add_column(name, overflow="fold")
    for f in report.shown:
        who, model, where_run, retire, days, target, where = finding_cells(f)
        style = STYLES[f.severity]
        table.add_row(
            Text(f"{f.severity.value} {f.code}" + (" ⏰" if report.is_gated(f) else ""), style=style),
            who, model, where_run, retire, days, Text(f.message, style=style), target, where,
        )
    out: list[Any] = [table] if report.shown else [Text("No findings.", style="green")]
    out += [Text(f"notice: {n}", style="yellow") for n in report.notices]
    out.append(Text(summary_line(report)))
    return out
