"""The `aoai-provision` click group; subcommands load lazily so `--help` stays fast."""

from __future__ import annotations

import importlib
from typing import Any

import click

from aoai_provision import __version__

# name -> (module, attribute, one-line help). Modules are imported only when the command runs,
# so `aoai-provision --help` never imports the Azure SDK.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("aoai_provision.cli.validate", "validate", "Check environment files offline: schema, names, catalog, rate limits."),
    "plan": ("aoai_provision.cli.plan", "plan", "Read Azure, diff against the file, preflight, and print the plan."),
    "apply": ("aoai_provision.cli.apply", "apply", "Make Azure match the file (or a saved plan)."),
    "destroy": ("aoai_provision.cli.destroy", "destroy", "Delete what the file manages (tagged resources only)."),
    "purge": ("aoai_provision.cli.purge", "purge", "Purge the file's soft-deleted accounts (frees names and quota)."),
    "import": ("aoai_provision.cli.importer", "import_", "Write an environment file from the accounts in a resource group."),
    "outputs": ("aoai_provision.cli.outputs", "outputs", "Print endpoints, inference URLs and realtime wss:// URIs."),
    "verify": ("aoai_provision.cli.verify", "verify", "Call every deployment over the data plane (chat, audio, realtime) with Entra ID."),
    "audit": ("aoai_provision.cli.audit", "audit", "Report retired, retiring and deprecated model versions."),
    "upgrade": ("aoai_provision.cli.upgrade", "upgrade", "Propose model version upgrades as a YAML diff; --write applies it."),
    "render": ("aoai_provision.cli.render", "render", "Write the environment as Bicep or ARM templates."),
    "models": ("aoai_provision.cli.models", "models", "List the model catalog: regions, SKUs, lifecycle."),
    "schema": ("aoai_provision.cli.schema", "schema", "Print the JSON Schema of environment files."),
    "emulator": ("aoai_provision.cli.emulator", "emulator", "Run or reset the embedded Azure Resource Manager emulator."),
}


GLOBAL_FLAGS = ("--debug", "--no-color")
EXIT_USAGE = 1  # exit 2 means "changes" (plan --detailed-exitcode) and nothing else


def _usage_exit(exc: click.UsageError) -> click.UsageError:
    """Click exits 2 on usage errors; here they exit 1 (still with the usage message)."""
    exc.exit_code = EXIT_USAGE  # type: ignore[misc]  # click declares a ClassVar; instances may differ
    return exc


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        command: click.Command = getattr(module, spec[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, spec[2]) for name, spec in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # The README calls --debug and --no-color common options: accept them after the command too
        # (`aoai-provision plan FILE --debug`) by moving them in front of it (never after a `--`).
        end = args.index("--") if "--" in args else len(args)
        hoisted = [a for a in args[:end] if a in GLOBAL_FLAGS]
        if hoisted:
            rest = [a for a in args[:end] if a not in GLOBAL_FLAGS]
            args = [*dict.fromkeys(hoisted), *rest, *args[end:]]
        return super().parse_args(ctx, args)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _usage_exit(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a subcommand's missing file, unknown option, bad choice
            raise _usage_exit(exc) from None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else None
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint}")
        return super().resolve_command(ctx, args)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="aoai-provision")
@click.option("--debug", is_flag=True, envvar="AOAI_PROVISION_DEBUG", help="Show tracebacks and SDK details on errors.")
@click.option("--no-color", is_flag=True, help="Plain output without colour (also: NO_COLOR=1).")
@click.pass_context
def main(ctx: click.Context, debug: bool, no_color: bool) -> None:
    """Azure OpenAI as code.

    Declare accounts and model deployments per environment in YAML, then:

    \b
      aoai-provision validate environments/prod.yaml     check the file offline
      aoai-provision plan environments/prod.yaml         see what would change in Azure
      aoai-provision apply environments/prod.yaml        make Azure match the file
      aoai-provision audit environments/prod.yaml        retirements and upgrades, for CI

    Add --emulator to any command that talks to Azure to run it against the embedded,
    offline Azure Resource Manager emulator instead.
    """
    obj: dict[str, Any] = ctx.ensure_object(dict)
    obj["debug"] = debug
    obj["no_color"] = no_color
    _configure_sdk_logging(debug)


def _configure_sdk_logging(debug: bool) -> None:
    """The Azure SDK logs its own warnings (e.g. every credential DefaultAzureCredential tried) to stderr;
    the tool reports those failures itself, so SDK logs appear only with --debug."""
    import logging

    azure_logger = logging.getLogger("azure")
    if debug:
        azure_logger.setLevel(logging.DEBUG)
        if not azure_logger.handlers:
            azure_logger.addHandler(logging.StreamHandler())
    else:
        azure_logger.setLevel(logging.CRITICAL)
