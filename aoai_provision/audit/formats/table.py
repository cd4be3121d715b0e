"""Terminal output: a rich table coloured by severity, or compiler-style lines when not a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aoai_provision.audit.formats import finding_cells, sources_text
from aoai_provision.audit.model import AuditReport
from aoai_provision.findings import Finding, Severity

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


def _by_account(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by the account they are about, in the report's order of first appearance."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        d = f.details
        account, place = d.get("account"), ", ".join(str(d[k]) for k in ("region", "environment") if d.get(k))
        key = f"account {account}" + (f" ({place})" if place else "") if account else "other findings"
        groups.setdefault(key, []).append(f)
    return groups


def _days(days: str) -> str:
    if not days.lstrip("-").isdigit():
        return ""
    n = int(days)
    return f"{-n} days ago" if n < 0 else (f"in {n} days" if n else "today")


def _finding_text(f: Finding, report: AuditReport, style: str) -> Any:
    """The finding as lines that wrap between words only: what, when, the message, where it is declared."""
    from rich.text import Text

    _, model, where_run, retire, days, target, where = finding_cells(f)
    deployment = f.details.get("deployment")
    sku = where_run.split(" / ", 1)[-1] if " / " in where_run else where_run
    head = Text()
    head.append(f"{deployment}: " if deployment else "", style="bold")
    if f.details.get("model"):
        head.append(model.strip() + (f" on {sku}" if sku and sku != "None" else ""))
    when = _days(days)
    facts = [f"retirement {retire}" + (f" ({when})" if when else "") if retire else "",
             f"replace with {target}" if target else "", "within --fail-within" if report.is_gated(f) else ""]
    lines = [head, Text(" · ".join(x for x in facts if x)), Text(f.message, style=style),
             Text(where or "", style="dim")]
    return Text("\n").join(line for line in lines if line.plain)


def table_renderables(report: AuditReport) -> list[Any]:
    """Rich renderables for an interactive terminal: a heading per account, then one row per finding
    (severity and code | what, when, message, where). Text wraps between words, so a model name is never
    split; readable from 80 columns up."""
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = [Text("aoai-provision audit", style="bold")]
    for heading, findings in _by_account(report.shown).items():
        out.append(Text(""))
        out.append(Text(heading, style="bold underline"))
        grid = Table.grid(padding=(0, 2, 1, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for f in findings:
            style = STYLES[f.severity]
            mark = Text(f"{f.severity.value}\n{f.code}", style=style)
            grid.add_row(mark, _finding_text(f, report, style))
        out.append(grid)
    if not report.shown:
        out.append(Text("No findings.", style="green"))
    out += [Text(f"notice: {n}", style="yellow") for n in report.notices]
    out.append(Text(summary_line(report)))
    return out
