"""`aoai-provision render`: write an environment as Bicep or ARM templates (+ parameters file)."""

from __future__ import annotations

from pathlib import Path

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import out_dir_option, subscription_option


@click.command("render")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["bicep", "arm"], case_sensitive=False), required=True,
              help="Template language: bicep (main.bicep + main.bicepparam) or arm "
                   "(azuredeploy.json + azuredeploy.parameters.json).")
@out_dir_option("Directory to write to (default: out/<environment>/).", "--out")
@click.option("--templates-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Override templates: a directory with bicep/*.j2 and/or arm/*.j2; missing files fall back "
                   "to the bundled ones.")
@subscription_option
@handle_errors
def render(file: Path, fmt: str, out_dir: Path | None, templates_dir: Path | None, subscription: str | None) -> None:
    """Write FILE's environment as a template set for one resource group.

    The output works as-is with `az deployment group create` and a "Deploy to Azure" button.
    Deployments of one account are chained so Azure writes them one at a time.
    """
    from aoai_provision.api.render import render_environment

    result = render_environment(file, fmt.lower(), out_dir=out_dir, templates_dir=templates_dir,
                                subscription=subscription)
    for path in result.paths:
        click.echo(str(path))
