"""`aoai-provision plan FILE`: read Azure, diff against the file, preflight, print (and optionally save) the plan."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.fleet import expand_paths, fleet_option
from aoai_provision.cli.options import (
    azure_target_options,
    format_option,
    out_dir_option,
    output_option,
    plan_scope,
    scope_options,
)
from aoai_provision.errors import InputError


def _plan_fleet(paths: list[Path], make: Any, *, fmt: str, output: Path | None, out_dir: Path | None, verbose: bool,
                detailed_exitcode: bool, limit: int) -> None:
    """Plan several environments concurrently; one section each, a combined summary, the worst exit code."""
    from aoai_provision.cli.console import color_enabled
    from aoai_provision.cli.fleet import finish, header, report_member_error, run_members, summary_table
    from aoai_provision.cli.plan_output import render_plan, summary_line
    from aoai_provision.plan.serialize import plan_to_json

    members = run_members(paths, make, limit=limit)
    stems = [m.path.stem for m in members]
    for m in members:
        if m.result is not None:
            m.exit_code = 2 if detailed_exitcode and m.result.has_changes else 0
            if out_dir is not None:  # NAME.json; the parent's name too when two files share a name
                name = m.path.stem if stems.count(m.path.stem) == 1 else f"{m.path.parent.name}-{m.path.stem}"
                write_saved_plan(m.result, out_dir / f"{name}.json")
    if fmt == "json":
        doc = {"environments": [{"file": str(m.path), "plan": plan_to_json(m.result) if m.result else None,
                                 "error": m.error.message if m.error else None} for m in members]}
        text = json.dumps(doc, indent=2, default=str) + "\n"
    else:
        parts = []
        for m in members:
            body = render_plan(m.result, fmt, color_enabled() and fmt == "text" and output is None, verbose) \
                if m.result is not None else f"Error: {m.error.message if m.error else ''}\n"
            parts.append(f"{header(m.path, m.result.environment if m.result else None)}\n{body}")
        text = "\n".join(parts)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    for m in members:
        if m.error is not None:
            report_member_error(m)
    summary_table([(m.path, summary_line(m.result) if m.result is not None else f"error: {m.error.message}"
                    if m.error else "") for m in members], err=fmt == "json" and output is None)
    if out_dir is not None:
        click.echo(f"Saved {sum(1 for m in members if m.result)} plan(s) to {out_dir}; apply them with: "
                   f"aoai-provision apply {out_dir}", err=True)
    finish(members)


def write_saved_plan(plan: Any, path: Path) -> None:
    from aoai_provision.plan.serialize import plan_to_json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan_to_json(plan), indent=2, sort_keys=False) + "\n", encoding="utf-8")


@click.command("plan")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@format_option("text", "markdown", "json")
@output_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Save the plan (JSON) to FILE for `apply FILE` (refused later if Azure changed); "
                   "-o/--output writes the report shown instead.")
@out_dir_option("With several files: save one plan per file here (NAME.json) for `apply DIR`.")
@fleet_option
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
def plan(files: tuple[str, ...], fmt: str, output: Path | None, out: Path | None, out_dir: Path | None,
         fleet_limit: int, verbose: bool, detailed_exitcode: bool, prune: bool, allow_replace: bool, engine: str,
         as_of: Any, adopt: bool, targets: tuple[str, ...], replace: tuple[str, ...], **target_options: Any) -> None:
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
    paths = expand_paths(files)

    def make(path: Path) -> Any:
        return plan_environment(path, target, prune=prune, allow_replace=allow_replace,
                                as_of=as_of.date() if as_of else None, engine=engine,
                                scope=plan_scope(adopt, targets, replace))[0]

    if len(paths) > 1 or out_dir is not None:
        if out is not None:
            raise InputError("--out saves one plan; with several files use --out-dir DIR",
                             fix=f"aoai-provision plan {' '.join(files)} --out-dir plans/")
        _plan_fleet(paths, make, fmt=fmt, output=output, out_dir=out_dir, verbose=verbose,
                    detailed_exitcode=detailed_exitcode, limit=fleet_limit)
        return
    file = paths[0]
    result = make(file)
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
