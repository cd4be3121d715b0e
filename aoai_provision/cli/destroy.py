"""`aoai-provision destroy FILE`: delete what the file manages (tagged resources only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options, conflict_timeout_option


@click.command("destroy")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Delete without asking for confirmation (needed in CI).")
@click.option("--parallelism", type=click.IntRange(1, 128), default=32, show_default=True,
              help="Accounts deleted at the same time.")
@conflict_timeout_option
@azure_target_options
@handle_errors
def destroy(file: Path, yes: bool, parallelism: int, **target_options: Any) -> None:
    """Delete the accounts and deployments FILE manages.

    Only resources tagged as managed by aoai-provision for this environment are deleted; an account
    that still holds untagged deployments is kept and named. Asks unless --yes.
    """
    from aoai_provision.api.plan import destroy_environment
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.progress import run_changes

    target = Target.from_options(**target_options)

    def call(confirm: Any, on_event: Any) -> Any:
        return destroy_environment(file, target, parallelism=parallelism, confirm=confirm, on_event=on_event)

    run_changes(call, yes=yes, question="Destroy these resources?", verb="Destroy",
                nothing_to_do=f"Nothing to destroy for {file}.")
