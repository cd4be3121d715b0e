"""`aoai-provision emulator serve|reset|export`: serve the ARM emulator over HTTPS, empty or dump its state."""

from __future__ import annotations

from pathlib import Path

import click

from aoai_provision.azure.target import DEFAULT_EMULATOR_STATE, default_emulator_state
from aoai_provision.cli.errors import handle_errors
from aoai_provision.cli.options import AliasOption, output_option


@click.group("emulator")
def emulator() -> None:
    """Run, reset or export the embedded Azure Resource Manager emulator."""


@emulator.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port to listen on (0 picks a free port).")
@click.option("--emulator-state", "--state", "state", cls=AliasOption, aliases=("--state",),
              type=click.Path(path_type=Path), default=None, show_default=str(DEFAULT_EMULATOR_STATE),
              help="Emulator state file (shared with --emulator runs).")
@click.option("--emulator-config", "--config", "config", cls=AliasOption, aliases=("--config",),
              type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              envvar="AOAI_PROVISION_EMULATOR_CONFIG", help="Emulator configuration file (YAML or JSON).")
@handle_errors
def serve(host: str, port: int, state: Path | None, config: Path | None) -> None:
    """Serve the emulator over HTTPS until interrupted.

    Prints one JSON line {"endpoint": ..., "ca_bundle": ...} when ready; pass them to other commands
    as --endpoint and --ca-bundle, or to the Azure SDK as base_url and connection_verify.
    """
    from aoai_provision.emulator.config import EmulatorConfig, load_config
    from aoai_provision.emulator.server import serve as run

    run(state or default_emulator_state(), load_config(config) if config else EmulatorConfig(), host=host, port=port)


@emulator.command("reset")
@click.option("--emulator-state", "state", type=click.Path(path_type=Path),
              default=None, show_default=str(DEFAULT_EMULATOR_STATE), help="Emulator state file to empty.")
@handle_errors
def reset(state: Path | None) -> None:
    """Forget every resource group, account, deployment and operation in the emulator state."""
    from aoai_provision.emulator.state import reset_state

    state = state or default_emulator_state()
    reset_state(state)
    click.echo(f"Emulator state {state} reset.")


@emulator.command("export")
@click.option("--emulator-state", "state", type=click.Path(path_type=Path),
              default=None, show_default=str(DEFAULT_EMULATOR_STATE), help="Emulator state file to read.")
@output_option
@handle_errors
def export(state: Path | None, output: Path | None) -> None:
    """Print every record of the emulator state as JSON (for debugging; the file is not changed).

    The output has the layout of the old JSON state file, so it can also be passed back as
    --emulator-state (it is then migrated into a new database).
    """
    import json

    from aoai_provision.emulator.state import export_state

    text = json.dumps(export_state(state or default_emulator_state()), indent=1, sort_keys=True) + "\n"
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
