"""Options shared by several commands (output format and file, Azure target selection)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices), case_sensitive=False), default=default,
        show_default=True, help="Output format.",
    )


def output_option(func: F) -> F:
    return click.option(
        "--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Write the report to this file instead of standard output.",
    )(func)


def _one_subscription(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> str | None:
    if len(values) > 1:
        raise click.BadParameter(
            f"given {len(values)} times ({', '.join(values)}); give it once. Environments in other "
            "subscriptions: set `subscription:` in each file and pass the files together", ctx, param)
    return values[0] if values else None


def subscription_option(func: F) -> F:
    """--subscription ID (or AZURE_SUBSCRIPTION_ID) overriding the file's `subscription`; giving it twice is an error."""
    return click.option("--subscription", "subscription", multiple=True, callback=_one_subscription,
                        envvar="AZURE_SUBSCRIPTION_ID", metavar="ID",
                        help="Subscription id (overrides the file's `subscription`).")(func)


class AliasOption(click.Option):
    """An option whose old spellings (``aliases``) still work but are not shown in --help."""

    def __init__(self, *args: Any, aliases: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = aliases

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        shown = self.opts
        self.opts = [o for o in shown if o not in self.aliases]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = shown


def out_dir_option(help_text: str, *aliases: str) -> Callable[[F], F]:
    """--out-dir DIR: the one spelling for a directory a command writes into (``aliases``: old, hidden)."""
    return click.option("--out-dir", *aliases, "out_dir", cls=AliasOption, aliases=aliases, metavar="DIR",
                        type=click.Path(file_okay=False, path_type=Path), default=None, help=help_text)


def scope_options(func: F) -> F:
    """--adopt / --target ADDRESS / --replace ADDRESS of plan and apply (passed as ``adopt``, ``targets``, ``replace``)."""
    options = [
        click.option("--adopt", is_flag=True,
                     help="Bring the untagged accounts, deployments, content filters and blocklists the file "
                          "declares under management (writes the ownership tags and any difference the plan shows)."),
        click.option("--target", "targets", multiple=True, metavar="ADDRESS",
                     help="Limit the plan to this resource and what it needs, e.g. "
                          "account.aoai-prod-eastus2.deployment.chat (repeatable; addresses as the plan prints them)."),
        click.option("--replace", "replace", multiple=True, metavar="ADDRESS",
                     help="Delete and create this deployment again (repeatable)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def plan_scope(adopt: bool, targets: tuple[str, ...], replace: tuple[str, ...]) -> Any:
    """The PlanScope of the --adopt / --target / --replace options (None when none is given)."""
    if not (adopt or targets or replace):
        return None
    from aoai_provision.plan.actions import PlanScope

    return PlanScope(adopt=adopt, targets=tuple(targets), replace=tuple(replace))


def azure_target_options(func: F) -> F:
    """--emulator / --emulator-state / --emulator-config / --endpoint / --ca-bundle / --cloud / --subscription."""
    options = [
        click.option("--emulator", is_flag=True,
                     help="Run against the embedded offline emulator instead of Azure."),
        click.option("--emulator-state", type=click.Path(path_type=Path), default=None,
                     help="Emulator state file (default: .aoai-provision/emulator.db). Implies --emulator."),
        click.option("--emulator-config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     default=None, envvar="AOAI_PROVISION_EMULATOR_CONFIG",
                     help="Emulator configuration file (YAML or JSON)."),
        click.option("--endpoint", default=None, envvar="AOAI_PROVISION_ENDPOINT",
                     help="ARM endpoint URL (e.g. an `emulator serve` address)."),
        click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                     envvar="AOAI_PROVISION_CA_BUNDLE", help="CA bundle for --endpoint's TLS certificate."),
        click.option("--cloud", type=click.Choice(["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"]),
                     default="AzureCloud", show_default=True, envvar="AZURE_CLOUD", help="Azure cloud."),
        subscription_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def conflict_timeout_option(func: F) -> F:
    """--conflict-timeout: how long a write waits out someone else's operation on its account."""
    return click.option(
        "--conflict-timeout", "conflict_timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        help="Retry RequestConflict (another operation running on the account) for this long "
             "(default 300; scaled up by the writes in flight beyond 10).",
    )(func)
