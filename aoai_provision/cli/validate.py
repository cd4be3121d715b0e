"""`aoai-provision validate`: check environment files offline and print located findings."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from aoai_provision.api.validate import ValidationReport, validate_files
from aoai_provision.cli.annotations import github_annotate
from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import format_option, output_option, subscription_option
from aoai_provision.errors import EXIT_ERROR, EXIT_OK


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("text", "json")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--expanded", is_flag=True,
              help="Print the expanded desired state (accounts and their deployments); findings go to "
                   "stderr. JSON: the state object, or a list of them for several files.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge lifecycle dates as of this day (YYYY-MM-DD; default: today).")
@click.option("--warn-within", "warn_within", type=click.IntRange(min=0), default=90, show_default=True,
              help="Warn about retirements within this many days.")
@output_option
@subscription_option
@handle_errors
def validate(files: tuple[Path, ...], fmt: str, strict: bool, expanded: bool, as_of: datetime | None,
             warn_within: int, output: Path | None, subscription: str | None) -> None:
    """Check environment FILES offline: schema, names, catalog, rate limits and lifecycle.

    Prints `path:line:col: severity CODE: message` per finding and a summary. Exit 0 when valid
    (warnings allowed), 1 when invalid; with --strict warnings fail too.
    """
    report = validate_files(list(files), as_of=as_of.date() if as_of else None, strict=strict, warn_within_days=warn_within,
                            subscription=subscription)
    text = _render_expanded(report, fmt) if expanded else _render(report, fmt)
    if expanded:  # the state goes to stdout, findings to stderr
        for finding in report.findings:
            click.echo(finding.format_line(), err=True)
    github_annotate(report.findings)  # ::error file=...,line=... lines, only inside GitHub Actions
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=not text.endswith("\n"))
    sys.exit(EXIT_OK if report.valid else EXIT_ERROR)


def _render(report: ValidationReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.to_json(), indent=2) + "\n"
    lines = [f.format_line() for f in report.findings]
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


def _render_expanded(report: ValidationReport, fmt: str) -> str:
    states = [r.state.to_json() if r.state else None for r in report.results]
    if fmt == "json":
        payload = states[0] if len(states) == 1 else states
        return json.dumps(payload, indent=2) + "\n"
    lines: list[str] = []
    for result in report.results:
        state = result.state
        if state is None:
            lines.append(f"{result.source}: not expanded (see the errors above)")
            continue
        lines.append(f"{result.source}: environment {state.environment}, resource group {state.resource_group} "
                     f"({state.location}), subscription {state.subscription or '-'}")
        for account in state.accounts:
            lines.append(f"  account {account.name} ({account.region}, {account.kind} {account.sku})")
            for d in account.deployments:
                lines.append(f"    {d.name}: {d.model} {d.version} on {d.sku}, capacity {d.capacity}")
    return "\n".join(lines) + "\n"
