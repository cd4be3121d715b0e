"""`aoai-provision purge FILE`: purge the file's soft-deleted accounts (frees names and quota now)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options


def report_purges(outcome: Any, *, err: bool = False) -> None:
    """One line per purge (on stderr with ``err``); ApplyError (exit 1) when any failed."""
    from aoai_provision.errors import ApplyError

    for r in outcome.results:
        what = f"account {r.account.name} ({r.account.region})"
        if r.ok:
            click.echo(f"  purged   {what} ({r.seconds:.1f}s)", err=err)
        else:
            click.echo(f"  FAILED   purge of {what}: {r.error}" + (f" (code {r.code})" if r.code else ""), err=err)
    failed = [r for r in outcome.results if not r.ok]
    if failed:
        raise ApplyError(f"{len(failed)} purge(s) failed (listed above)",
                         fix="purging needs Cognitive Services Contributor on the subscription "
                             "(Microsoft.CognitiveServices/locations/resourceGroups/deletedAccounts/delete); "
                             "re-run the command")
    click.echo(f"Purge complete: {len(outcome.results)} account(s) purged; their names and quota are free.", err=err)


@click.command("purge")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Purge without asking for confirmation (needed in CI).")
@azure_target_options
@handle_errors
def purge(file: Path, yes: bool, **target_options: Any) -> None:
    """Purge FILE's soft-deleted accounts.

    A deleted account stays soft-deleted for 48 hours, holding its name and quota; `plan` then
    refuses to create it again. Purging is permanent: the account cannot be restored afterwards.
    Waits until each purge is done.
    """
    from aoai_provision.api.purge import purge_environment
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.console import confirm

    def ask(candidates: Sequence[Any]) -> bool:
        click.echo("Soft-deleted accounts of this file (purging cannot be undone):")
        for d in candidates:
            click.echo(f"  - account {d.name} ({d.region}, resource group {d.resource_group})")
        return confirm("Purge these accounts?", assume_yes=yes)

    outcome = purge_environment(file, Target.from_options(**target_options), confirm=ask)
    if not outcome.candidates:
        click.echo(f"Nothing to purge for {file}: none of its accounts is soft-deleted.")
        return
    if not outcome.confirmed:
        from aoai_provision.errors import ApplyError

        raise ApplyError("Purge cancelled; nothing was changed.")
    report_purges(outcome)
