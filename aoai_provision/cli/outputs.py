"""`aoai-provision outputs FILE`: endpoints per account, inference URLs and realtime wss:// URIs per deployment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options, format_option, output_option


def format_text(data: dict[str, Any]) -> str:
    lines: list[str] = []
    for acct in data["accounts"]:
        state = "" if acct["deployed"] else "  (not deployed yet)"
        lines.append(f"account {acct['name']} ({acct['region']}): {acct['endpoint']}{state}")
        for dep in acct["deployments"]:
            flag = "" if dep["deployed"] else "  (not deployed yet)"
            lines.append(f"  {dep['name']}: {dep['model']} {dep['version']} {dep['sku']}{flag}")
            lines.append(f"    inference: {dep['inference_url']}")
            if dep.get("realtime_uri"):
                lines.append(f"    realtime:  {dep['realtime_uri']}")
    return "\n".join(lines) + "\n"


@click.command("outputs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option("text", "json")
@output_option
@azure_target_options
@handle_errors
def outputs(file: Path, fmt: str, output: Path | None, **target_options: Any) -> None:
    """Print what applications need to call FILE's deployments (no keys).

    Per account the endpoint; per deployment the inference URL and, for realtime models, the
    wss:// URI with the catalog's API version. --format json for scripts.
    """
    from aoai_provision.api.plan import environment_outputs
    from aoai_provision.azure.target import Target

    data = environment_outputs(file, Target.from_options(**target_options))
    text = json.dumps(data, indent=2) + "\n" if fmt == "json" else format_text(data)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
