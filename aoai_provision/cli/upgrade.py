"""`aoai-provision upgrade`: propose model version replacements as a YAML diff; --write applies it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from aoai_provision.cli.audit import parse_as_of
from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options

if TYPE_CHECKING:
    from aoai_provision.api.upgrade import UpgradeResult


@click.command("upgrade")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="DATE", default=None, help="Decide as of this date (YYYY-MM-DD; default today).")
@click.option("--warn-within", type=click.IntRange(min=0), default=90, show_default=True, metavar="DAYS",
              help="Also move versions retiring within this many days.")
@click.option("--write", is_flag=True, help="Apply the edit to FILE (comments, key order and quoting are kept).")
@click.option("--live", is_flag=True,
              help="Also read Azure and propose recording versions it auto-upgraded deployments to.")
@azure_target_options
@handle_errors
def upgrade(file: Path, as_of: str | None, warn_within: int, write: bool, live: bool,
            **target_options: object) -> None:
    """Move deployments off retired, past-earliest-date and retiring model versions.

    For each such deployment, proposes the newest version of the same model that is offered in
    its region and SKU and is not itself retiring, else the documented replacement model; prints
    the change as a unified diff of FILE. Matrix entries are edited when every region gets the
    same target, otherwise per-region `overrides` are added. With --live, also proposes recording
    the newer version Azure auto-upgraded a deployment to. A deployment with no replacement offered
    in its region and SKU is named and makes the command exit 1; the others are still proposed
    (and written with --write).
    """
    from aoai_provision.api.upgrade import refusal_error
    from aoai_provision.api.upgrade import upgrade as run
    from aoai_provision.azure.target import Target

    target = Target.from_options(read_only=True, **target_options)  # type: ignore[arg-type]
    result = run(file, as_of=parse_as_of(as_of), warn_within=warn_within, write=write, live=live, target=target)
    if not result.proposals and not result.refusals:
        click.echo(f"{file}: no deployment needs an upgrade.")
        return
    if result.proposals:
        _show(file, result)
    if result.refusals:
        raise refusal_error(result)


def _show(file: Path, result: UpgradeResult) -> None:
    for p in result.proposals:
        click.echo(f"upgrade {p.describe()} [{p.target.reason}]", err=True)
    click.echo(result.diff, nl=False)
    if result.written:
        click.echo(f"Wrote {file}.", err=True)
    else:
        click.echo(f"Re-run with --write to apply this to {file}.", err=True)
