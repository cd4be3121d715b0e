"""`aoai-provision audit`: retirement, deprecation and upgrade report; exit 3 gates CI."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aoai_provision.audit.formats import FORMATS as REPORT_FORMATS
from aoai_provision.cli.annotations import github_annotate
from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options, format_option, output_option

if TYPE_CHECKING:
    from aoai_provision.audit.model import AuditReport

# the report formats, plus "text": the table's other name
FORMATS = (REPORT_FORMATS[0], "text", *REPORT_FORMATS[1:])


def parse_as_of(value: str | None) -> date | None:
    """--as-of DATE (YYYY-MM-DD) or None for today."""
    from aoai_provision.errors import InputError

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"--as-of {value!r} is not a date", fix="write it as YYYY-MM-DD, e.g. --as-of 2026-11-24") from None


@click.command("audit")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--live", is_flag=True, help="Also read the deployments in Azure and each region's live models list.")
@click.option("--as-of", "as_of", metavar="DATE", default=None, help="Audit as of this date (YYYY-MM-DD; default today).")
@click.option("--warn-within", type=click.IntRange(min=0), default=90, show_default=True, metavar="DAYS",
              help="Warn about retirements within this many days.")
@click.option("--fail-within", type=click.IntRange(min=0), default=None, metavar="DAYS",
              help="Exit 3 when a finding's date is within this many days (or has passed).")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default="info", show_default=True,
              help="Report only findings at or above this severity.")
@format_option(*FORMATS, default="table")
@output_option
@azure_target_options
@handle_errors
def audit(files: tuple[Path, ...], live: bool, as_of: str | None, warn_within: int, fail_within: int | None,
          min_severity: str, fmt: str, output: Path | None, **target_options: object) -> None:
    """Report retired, retiring, deprecated and preview model versions, and scheduled auto-upgrades.

    \b
      aoai-provision audit environments/prod.yaml --fail-within 90
      aoai-provision audit environments/*.yaml --live --format sarif -o audit.sarif
      aoai-provision audit --subscription 0000-... --format markdown >> "$GITHUB_STEP_SUMMARY"

    With no FILE and --subscription, every OpenAI/AIServices account in the subscription is
    audited. Exit codes: 0 report written; 3 a finding falls within --fail-within DAYS; 1 error.
    """
    from aoai_provision.api.audit import AuditOptions
    from aoai_provision.api.audit import audit as run
    from aoai_provision.azure.target import Target
    from aoai_provision.findings import Severity

    target = Target.from_options(read_only=True, **target_options)  # type: ignore[arg-type]
    options = AuditOptions(as_of=parse_as_of(as_of), warn_within=warn_within, fail_within=fail_within,
                           min_severity=Severity(min_severity), live=live)
    report = run(list(files), options, target=target, subscription=target.subscription)
    write_report(report, fmt.lower(), output)
    sys.exit(report.exit_code)


def write_report(report: AuditReport, fmt: str, output: Path | None) -> None:
    """Render ``report`` in ``fmt`` to ``output`` or standard output."""
    if fmt in ("table", "text"):
        _write_table(report, output)
        return
    text = render_text(report, fmt)
    if output is not None:
        _save(output, text)
    else:
        click.echo(text, nl=False)


def _save(output: Path, text: str) -> None:
    from aoai_provision.errors import InputError

    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc


def render_text(report: AuditReport, fmt: str) -> str:
    from aoai_provision.audit.formats.csv_report import render_csv
    from aoai_provision.audit.formats.json_report import render_json
    from aoai_provision.audit.formats.junit import render_junit
    from aoai_provision.audit.formats.markdown import render_markdown
    from aoai_provision.audit.formats.sarif import render_sarif

    if fmt == "sarif":
        return render_sarif(report, root=str(Path.cwd()))
    renderers = {"json": render_json, "markdown": render_markdown, "junit": render_junit, "csv": render_csv}
    return renderers[fmt](report)


def _write_table(report: AuditReport, output: Path | None) -> None:
    from aoai_provision.audit.formats.table import render_plain, table_renderables
    from aoai_provision.cli.console import color_enabled, out_console

    github_annotate(report.shown)
    if output is not None:
        _save(output, render_plain(report))
    elif color_enabled(sys.stdout):
        console = out_console()
        for part in table_renderables(report):
            console.print(part)
    else:
        click.echo(render_plain(report), nl=False)
