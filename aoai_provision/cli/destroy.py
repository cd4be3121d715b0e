"""`aoai-provision destroy FILE`: delete what the file manages (tagged resources only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.fleet import expand_paths, fleet_option
from aoai_provision.cli.options import azure_target_options, conflict_timeout_option
from aoai_provision.cli.result_json import result_format_option


@click.command("destroy")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking for confirmation (needed in CI).")
@click.option("--parallelism", type=click.IntRange(1, 128), default=32, show_default=True,
              help="Accounts deleted at the same time.")
@click.option("--purge", "purge", is_flag=True,
              help="Then purge the deleted accounts (waits), so their names and quota are free at once; "
                   "a purged account cannot be restored.")
@result_format_option
@fleet_option
@conflict_timeout_option
@azure_target_options
@handle_errors
def destroy(files: tuple[str, ...], yes: bool, parallelism: int, purge: bool, fmt: str, output: Path | None,
            fleet_limit: int, **target_options: Any) -> None:
    """Delete the accounts and deployments FILE manages.

    Only resources tagged as managed by aoai-provision for this environment are deleted; an account
    that still holds untagged deployments is kept and named. Asks unless --yes. Deleted accounts
    stay soft-deleted for 48 hours unless --purge (or `aoai-provision purge FILE` later); with
    several files each environment's deleted accounts are purged right after its destroy.
    """
    from aoai_provision.api.plan import destroy_environment
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.result_json import run_one

    target = Target.from_options(**target_options)
    paths = expand_paths(files)

    def purge_after(outcome: Any) -> Any:
        """Purge what ``outcome``'s destroy deleted, also when another account's delete failed (None: nothing)."""
        if not purge or outcome is None or outcome.result is None:
            return None
        from aoai_provision.api.purge import PurgeOutcome, deleted_by, purge_after_destroy

        deleted = deleted_by(outcome.result, outcome.plan.resource_group)
        return purge_after_destroy(target, outcome.plan.subscription, deleted) if deleted else PurgeOutcome(())

    if len(paths) > 1:
        from aoai_provision.cli.fleet import run_fleet_changes

        purges: dict[Path, Any] = {}

        def destroy_one(path: Path, confirm: Any, on_event: Any) -> Any:
            outcome = destroy_environment(path, target, parallelism=parallelism, confirm=confirm, on_event=on_event)
            done = purge_after(outcome)
            if done is not None:
                purges[path] = done
            return outcome

        run_fleet_changes(paths, destroy_one, yes=yes, verb="Destroy", limit=fleet_limit, fmt=fmt, output=output,
                          purges=purges)
        return
    file = paths[0]

    def purge_deleted(recorder: Any) -> None:
        from aoai_provision.cli.purge import report_purges
        from aoai_provision.cli.result_json import purged_json

        done = purge_after(recorder.outcome)
        if done is not None:
            recorder.purged = purged_json(done)
            if done.results:
                report_purges(done, err=fmt == "json")

    question = "Destroy these resources" + (" and purge the deleted accounts?" if purge else "?")
    run_one(file, "destroy", lambda confirm, on_event: destroy_environment(
        file, target, parallelism=parallelism, confirm=confirm, on_event=on_event), fmt=fmt, output=output,
        after=purge_deleted, yes=yes, question=question, verb="Destroy", nothing_to_do=f"Nothing to destroy for {file}.")
