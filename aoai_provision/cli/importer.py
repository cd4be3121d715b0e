"""`aoai-provision import`: write an environment file from the accounts and deployments of a resource group."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options


@click.command("import")
@click.option("--resource-group", "-g", "resource_group", required=True, metavar="NAME",
              help="The resource group that holds the accounts.")
@click.option("--environment", "environment", default=None, metavar="NAME",
              help="Environment name for the file (default: the one the accounts are tagged with, else the "
                   "<env> of accounts named aoai-<env>-<region>, else the group's name without rg-).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Write the environment file here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite --output when it exists.")
@azure_target_options
@handle_errors
def import_(resource_group: str, environment: str | None, output: Path | None, force: bool,
            **target_options: Any) -> None:
    """Write an environment file from the accounts and deployments in a resource group.

    \b
      aoai-provision import --subscription ID -g rg-aoai-prod -o environments/prod.yaml
      aoai-provision plan environments/prod.yaml --adopt     review: adoption only
      aoai-provision apply environments/prod.yaml --adopt    tag them: now managed

    Accounts named as `account_name` would name them (aoai-prod-eastus2, aoai-prod-swedencentral)
    and holding the same deployments become the region matrix (`regions:`, with `overrides:` for what
    differs); every other account is written under `accounts:`. Versions, SKUs, capacities (in
    units), upgrade policy, content filter, spillover, service tier, state, network rules, identity
    and tags are written as Azure holds them, with the account's content filters and blocklists
    (--adopt takes hand-made ones over), the role assignments, private endpoint and diagnostic
    setting aoai-provision made, and the customer-managed key. Only reads Azure. Exit codes: 0 written; 1 error (the
    group does not exist or holds no OpenAI/AIServices account, or --output exists without --force).
    """
    from aoai_provision.api.importer import import_environment
    from aoai_provision.azure.target import Target

    target = Target.from_options(read_only=True, **target_options)
    outcome = import_environment(target, resource_group, environment=environment, output=output, force=force)
    if output is None:
        click.echo(outcome.text, nl=False)
    _summary(outcome, output)


def _summary(outcome: Any, output: Path | None) -> None:
    imported = outcome.imported
    shape = []
    if imported.matrix_regions:
        shape.append(f"a region matrix of {len(imported.matrix_regions)}")
    if imported.explicit_accounts:
        shape.append(f"{len(imported.explicit_accounts)} explicit account(s)")
    where = f"Wrote {output}" if output else "Imported"
    click.echo(f"{where}: environment {imported.environment!r}, {outcome.accounts} account(s) "
               f"({' and '.join(shape)}), {outcome.deployments} deployment(s).", err=True)
    for note in imported.notes:
        click.echo(f"  note: {note}", err=True)
    problems = [f for f in outcome.findings if f.severity.value in ("error", "warning")]
    for finding in problems:
        click.echo(f"  {finding.format_line()}", err=True)
    if output is not None:
        click.echo(f"Next: review it, then `aoai-provision plan {output} --adopt` and "
                   f"`aoai-provision apply {output} --adopt`.", err=True)
