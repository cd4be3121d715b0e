"""`aoai-provision destroy FILE`: delete what the file manages (tagged resources only)."""

from __future__ import annotations

from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.fleet import expand_paths, fleet_option
from aoai_provision.cli.options import azure_target_options, conflict_timeout_option


@click.command("destroy")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking for confirmation (needed in CI).")
@click.option("--parallelism", type=click.IntRange(1, 128), default=32, show_default=True,
              help="Accounts deleted at the same time.")
@click.option("--purge", "purge", is_flag=True,
              help="Then purge the deleted accounts (waits), so their names and quota are free at once; "
                   "a purged account cannot be restored.")
@fleet_option
@conflict_timeout_option
@azure_target_options
@handle_errors
def destroy(files: tuple[str, ...], yes: bool, parallelism: int, purge: bool, fleet_limit: int,
            **target_options: Any) -> None:
    """Delete the accounts and deployments FILE manages.

    Only resources tagged as managed by aoai-provision for this environment are deleted; an account
    that still holds untagged deployments is kept and named. Asks unless --yes. Deleted accounts
    stay soft-deleted for 48 hours unless --purge (or `aoai-provision purge FILE` later).
    """
    from aoai_provision.api.plan import destroy_environment
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.progress import run_changes

    target = Target.from_options(**target_options)
    paths = expand_paths(files)
    if len(paths) > 1:
        from aoai_provision.cli.fleet import run_fleet_changes
        from aoai_provision.errors import InputError

        if purge:
            raise InputError("--purge takes one environment file", fix="destroy the fleet, then run "
                             "`aoai-provision purge FILE` for each file")
        run_fleet_changes(paths, lambda p, confirm, on_event: destroy_environment(
            p, target, parallelism=parallelism, confirm=confirm, on_event=on_event),
            yes=yes, verb="Destroy", limit=fleet_limit)
        return
    file = paths[0]

    outcomes: list[Any] = []

    def call(confirm: Any, on_event: Any) -> Any:
        outcomes.append(destroy_environment(file, target, parallelism=parallelism, confirm=confirm,
                                            on_event=on_event))
        return outcomes[-1]

    question = "Destroy these resources" + (" and purge the deleted accounts?" if purge else "?")
    try:
        run_changes(call, yes=yes, question=question, verb="Destroy", nothing_to_do=f"Nothing to destroy for {file}.")
    finally:  # purge what was deleted, also when another account's delete failed
        if purge and outcomes and outcomes[-1].result is not None:
            from aoai_provision.api.purge import deleted_by, purge_after_destroy
            from aoai_provision.cli.purge import report_purges

            plan = outcomes[-1].plan
            deleted = deleted_by(outcomes[-1].result, plan.resource_group)
            if deleted:
                report_purges(purge_after_destroy(target, plan.subscription, deleted))
