"""`aoai-provision apply FILE|PLAN.json`: make Azure match the file, or apply exactly a saved plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import (
    azure_target_options,
    conflict_timeout_option,
    plan_scope,
    scope_options,
)


def is_saved_plan(path: Path) -> bool:
    """A saved plan is a JSON file (plan --out); environment files are YAML."""
    return path.suffix.lower() == ".json"


@click.command("apply")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Apply without asking for confirmation (needed in CI).")
@click.option("--prune", is_flag=True, help="Also delete tagged resources that are no longer in the file.")
@click.option("--allow-replace", is_flag=True, help="Allow delete-and-create replacements (deployment SKU change).")
@click.option("--parallelism", type=click.IntRange(1, 128), default=32, show_default=True,
              help="Accounts written at the same time (one write at a time within an account).")
@click.option("--engine", type=click.Choice(["sdk", "arm"]), default="sdk", show_default=True,
              help="sdk: the tool makes each write; arm: one ARM template deployment runs it server-side.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for lifecycle checks (default: today).")
@scope_options
@conflict_timeout_option
@azure_target_options
@handle_errors
def apply(file: Path, yes: bool, prune: bool, allow_replace: bool, parallelism: int, engine: str,
          as_of: Any, adopt: bool, targets: tuple[str, ...], replace: tuple[str, ...], **target_options: Any) -> None:
    """Make Azure match FILE (an environment file), or apply a saved plan (PLAN.json from plan --out).

    Shows the plan and asks before writing unless --yes. A saved plan is refused if Azure changed
    since it was made. Exit 0 when everything converged, 1 when anything failed.
    """
    from aoai_provision.api.plan import apply_environment, apply_saved_plan
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.progress import run_changes

    target = Target.from_options(**target_options)
    day: date | None = as_of.date() if as_of else None

    def call(confirm: Any, on_event: Any) -> Any:
        if is_saved_plan(file):
            return apply_saved_plan(file, target, parallelism=parallelism, confirm=confirm, on_event=on_event)
        return apply_environment(file, target, prune=prune, allow_replace=allow_replace, as_of=day, engine=engine,
                                 parallelism=parallelism, confirm=confirm, on_event=on_event,
                                 scope=plan_scope(adopt, targets, replace))

    run_changes(call, yes=yes, question="Apply these changes?", verb="Apply")
