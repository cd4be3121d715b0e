"""`aoai-provision apply FILE|PLAN.json`: make Azure match the file, or apply exactly a saved plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.fleet import expand_paths, fleet_option
from aoai_provision.cli.options import (
    azure_target_options,
    conflict_timeout_option,
    plan_scope,
    scope_options,
)
from aoai_provision.cli.result_json import result_format_option


def is_saved_plan(path: Path) -> bool:
    """A saved plan is a JSON file (plan --out); environment files are YAML."""
    return path.suffix.lower() == ".json"


@click.command("apply")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--yes", "-y", is_flag=True, help="Apply without asking for confirmation (needed in CI).")
@click.option("--prune", is_flag=True, help="Also delete tagged resources that are no longer in the file.")
@click.option("--allow-replace", is_flag=True, help="Allow delete-and-create replacements (deployment SKU change).")
@click.option("--parallelism", type=click.IntRange(1, 128), default=32, show_default=True,
              help="Accounts written at the same time (one write at a time within an account).")
@click.option("--engine", type=click.Choice(["sdk", "arm"]), default="sdk", show_default=True,
              help="sdk: the tool makes each write; arm: one ARM template deployment runs it server-side.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for lifecycle checks (default: today).")
@result_format_option
@scope_options
@fleet_option
@conflict_timeout_option
@azure_target_options
@handle_errors
def apply(files: tuple[str, ...], yes: bool, prune: bool, allow_replace: bool, parallelism: int, engine: str,
          as_of: Any, fmt: str, output: Path | None, adopt: bool, targets: tuple[str, ...], replace: tuple[str, ...], fleet_limit: int,
          **target_options: Any) -> None:
    """Make Azure match FILE (an environment file), or apply a saved plan (PLAN.json from plan --out).

    Several files (or a directory, or a glob) form a fleet: every environment is planned, the plans
    are shown, one question is asked, and the environments are applied concurrently. A directory of
    saved plans (`plan ... --out-dir DIR`) applies each of them.

    Shows the plan and asks before writing unless --yes. A saved plan is refused if Azure changed
    since it was made. Exit 0 when everything converged, 1 when anything failed. --format json prints
    the result document (every resource's action, status, error and duration) on stdout.
    """
    from aoai_provision.api.plan import apply_environment, apply_saved_plan
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.result_json import run_one

    target = Target.from_options(**target_options)
    day: date | None = as_of.date() if as_of else None

    def apply_one(file: Path, confirm: Any, on_event: Any) -> Any:
        if is_saved_plan(file):
            return apply_saved_plan(file, target, parallelism=parallelism, confirm=confirm, on_event=on_event)
        return apply_environment(file, target, prune=prune, allow_replace=allow_replace, as_of=day, engine=engine,
                                 parallelism=parallelism, confirm=confirm, on_event=on_event,
                                 scope=plan_scope(adopt, targets, replace))

    paths = expand_paths(files, suffixes=(".yaml", ".yml", ".json"))
    if len(paths) > 1 or Path(files[0]).is_dir():
        from aoai_provision.cli.fleet import run_fleet_changes

        run_fleet_changes(paths, apply_one, yes=yes, verb="Apply", limit=fleet_limit, fmt=fmt, output=output)
        return
    run_one(paths[0], "apply", lambda confirm, on_event: apply_one(paths[0], confirm, on_event), fmt=fmt, output=output,
            yes=yes, question="Apply these changes?", verb="Apply")
