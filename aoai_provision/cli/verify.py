"""`aoai-provision verify FILE...`: call every deployment over the data plane, as applications will."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import azure_target_options, format_option, output_option


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--target", "targets", multiple=True, metavar="ADDRESS",
              help="Only these deployments: account.<name>.deployment.<name> or account.<name> (repeatable; * globs).")
@click.option("--parallelism", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Deployments probed at the same time.")
@click.option("--timeout", type=click.FloatRange(1, 600), default=60, show_default=True,
              help="Seconds per deployment, retries included.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries of a 429 (after its Retry-After) or 5xx answer.")
@format_option("text", "json", "junit")
@output_option
@azure_target_options
@handle_errors
def verify(files: tuple[Path, ...], targets: tuple[str, ...], parallelism: int, timeout: float, retries: int,
           fmt: str, output: Path | None, **target_options: Any) -> None:
    """Prove every deployment of FILES answers over the data plane, with Entra ID (never keys).

    Chat models get a one-token chat completion, embedding models one input, audio models a chat
    completion that must return audio bytes, realtime models a websocket session (created, a text
    response completed), transcription models a short generated WAV. Per deployment: ok or the
    error, latency to first byte, and the model version that answered. Exit 0 when all pass, 1 otherwise.
    """
    from aoai_provision.api.verify import VerifySettings, verify_environment
    from aoai_provision.azure.target import Target
    from aoai_provision.cli.console import err_console, interactive
    from aoai_provision.cli.verify_progress import VerifyProgress
    from aoai_provision.errors import ProvisionError
    from aoai_provision.verify import report

    target = Target.from_options(**target_options)
    settings = VerifySettings(targets, parallelism, timeout, retries)
    results = []
    with VerifyProgress(err_console(), live=interactive()) as progress:
        for file in files:
            results.extend(verify_environment(file, target, settings, progress))
    render = {"json": report.render_json, "junit": report.render_junit}.get(fmt, report.render_text)
    text = render(results)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    failed = [r for r in results if not r.ok]
    if failed:
        names = ", ".join(r.check.address for r in failed[:5]) + (" ..." if len(failed) > 5 else "")
        raise ProvisionError(f"{len(failed)} deployment(s) did not answer: {names}",
                         fix="see each deployment's reason above; `aoai-provision plan` shows ARM-side drift")
