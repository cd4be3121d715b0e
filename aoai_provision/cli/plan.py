"""`aoai-provision plan FILE`: read Azure, diff against the file, preflight, print (and optionally save) the plan."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import (
    azure_target_options,
    format_option,
    output_option,
    plan_scope,
    scope_options,
)


def write_saved_plan(plan: Any, path: Path) -> None:
    from aoai_provision.plan.serialize import plan_to_json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan_to_json(plan), indent=2, sort_keys=False) + "\n", encoding="utf-8")


@click.command("plan")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option("text", "markdown", "json")
@output_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Save the plan as JSON for `apply PLAN.json` (refused later if Azure changed).")
@click.option("--verbose", "-v", is_flag=True,
              help="List every action and finding, even in a plan of thousands (text and markdown).")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 when there are no changes, 2 when there are.")
@click.option("--prune", is_flag=True, help="Also delete tagged resources that are no longer in the file.")
@click.option("--allow-replace", is_flag=True, help="Allow delete-and-create replacements (deployment SKU change).")
@click.option("--engine", type=click.Choice(["sdk", "arm"]), default="sdk", show_default=True,
              help="arm: ask ARM's what-if for the changes instead of diffing with the SDK.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for lifecycle checks (default: today).")
@scope_options
@azure_target_options
@handle_errors
def plan(file: Path, fmt: str, output: Path | None, out: Path | None, verbose: bool, detailed_exitcode: bool,
         prune: bool, allow_replace: bool, engine: str, as_of: Any, adopt: bool, targets: tuple[str, ...],
         replace: tuple[str, ...], **target_options: Any) -> None:
    """Show what `apply FILE` would change in Azure.

    Reads the resource group, accounts and deployments (one list per account), checks models,
    SKUs, capacity and quota per region, and prints a Terraform-like plan. A plan that cannot
    succeed stops here with the reason; apply then writes nothing.
    """
    from aoai_provision.api.plan import plan_environment
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.annotations import github_annotate
    from aoai_provision.cli.console import color_enabled, out_console
    from aoai_provision.cli.plan_output import render_plan

    target = Target.from_options(read_only=True, **target_options)
    result, _ = plan_environment(file, target, prune=prune, allow_replace=allow_replace,
                                 as_of=as_of.date() if as_of else None, engine=engine,
                                 scope=plan_scope(adopt, targets, replace))
    if out is not None:
        write_saved_plan(result, out)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render_plan(result, fmt, False, verbose), encoding="utf-8")
    else:
        text = render_plan(result, fmt, color_enabled() and fmt == "text", verbose)
        out_console().print(text, markup=False, highlight=False, soft_wrap=True)
    github_annotate(result.findings)  # plan warnings on the YAML lines, only inside GitHub Actions
    if out is not None:
        click.echo(f"Saved the plan to {out}; apply it with: aoai-provision apply {out}", err=True)
    if detailed_exitcode and result.has_changes:  # writes, or managed resources no longer in the file
        sys.exit(2)
