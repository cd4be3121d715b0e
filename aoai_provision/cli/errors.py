"""The CLI's single error edge: tool errors become a message and an exit code; --debug shows tracebacks."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from aoai_provision.errors import EXIT_ERROR, EXIT_INTERRUPTED, AzureCallError, InputError, ProvisionError

F = TypeVar("F", bound=Callable[..., Any])


def _debug_enabled() -> bool:
    from aoai_provision.cli.console import global_flag

    return global_flag("debug")


def report_error(exc: ProvisionError) -> None:
    """Print a tool error for people on stderr."""
    from aoai_provision.cli.console import err_console

    console = err_console()
    console.print(f"[bold red]Error:[/] {exc.message}", highlight=False, markup=True, soft_wrap=True)
    for finding in exc.findings:
        console.print(f"  {finding.format_line()}", highlight=False, markup=False, soft_wrap=True)
    if exc.findings:
        from aoai_provision.cli.annotations import github_annotate

        github_annotate(exc.findings)  # e.g. plan preflight errors on their YAML lines in a PR
    if isinstance(exc, AzureCallError):
        bits = [f"code {exc.code}" if exc.code else "", f"HTTP {exc.status}" if exc.status else "",
                f"request id {exc.request_id}" if exc.request_id else ""]
        extra = ", ".join(b for b in bits if b)
        if extra:
            console.print(f"  ({extra})", highlight=False, markup=False)
    if exc.fix:
        console.print(f"[bold]Fix:[/] {exc.fix}", highlight=False, soft_wrap=True)


class _InternalError(Exception):
    """Carries an unexpected OSError to the last-resort edge."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def _file_error(exc: OSError) -> InputError:
    """A file the user named (e.g. --output in a missing directory) cannot be read or written."""
    reason = exc.strerror or type(exc).__name__
    fix = "check the path, that its directory exists, and the permissions"
    if isinstance(exc, FileNotFoundError):
        fix = "create the directory first, or choose another path"
    elif isinstance(exc, IsADirectoryError):
        fix = "name a file, not a directory"
    elif isinstance(exc, PermissionError):
        fix = "choose a path you can write to, or fix its permissions"
    return InputError(f"cannot use {exc.filename}: {reason}", fix=fix)


def handle_errors(func: F) -> F:
    """Decorate a command: ProvisionError -> message + its exit code; anything else -> short internal error."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except ProvisionError as exc:
            if _debug_enabled():
                traceback.print_exc()
            report_error(exc)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if exc.filename is None or type(exc).__module__ != "builtins":
                raise _InternalError(exc) from exc
            if _debug_enabled():
                traceback.print_exc()
            report_error(_file_error(exc))
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while exiting: no traceback
            click.echo("Interrupted; nothing was written.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - the last resort edge
            shown = exc.original if isinstance(exc, _InternalError) else exc
            if _debug_enabled():
                traceback.print_exc()
            click.echo(
                f"Internal error: {type(shown).__name__}: {shown}\n"
                "This is a bug in aoai-provision. Re-run with --debug for the traceback and report it.",
                err=True,
            )
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]
