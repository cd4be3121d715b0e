"""Terminal vs CI output: colour, progress style and prompts decided in one place."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from rich.console import Console

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "TF_BUILD", "BUILD_BUILDID", "GITLAB_CI")


def in_ci() -> bool:
    """True when a CI system is detected from its environment variables."""
    return any(os.environ.get(name, "").strip().lower() not in ("", "0", "false") for name in CI_VARIABLES)


def in_github_actions() -> bool:
    """True inside a GitHub Actions job (where `::error file=…::` annotations are understood)."""
    return os.environ.get("GITHUB_ACTIONS", "").strip().lower() == "true"


def global_flag(name: str) -> bool:
    """A flag of the top-level group (`--debug`, `--no-color`), seen from any command's context."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, dict) and ctx.obj.get(name):
            return True
        ctx = ctx.parent
    return False


def no_color_requested() -> bool:
    """--no-color on the command line, or NO_COLOR set to a non-empty value (no-color.org)."""
    return global_flag("no_color") or bool(os.environ.get("NO_COLOR", ""))


def is_tty(stream: object) -> bool:
    """True when the stream is an interactive terminal (and TERM is not `dumb`)."""
    if os.environ.get("TERM", "") == "dumb":
        return False
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except ValueError:  # a closed stream
        return False


def color_enabled(stream: object = None) -> bool:
    """Colour only on an interactive terminal, never with --no-color, NO_COLOR or in CI."""
    if no_color_requested() or in_ci():
        return False
    return is_tty(stream or sys.stdout)


def interactive() -> bool:
    """True when we may prompt and draw live progress: a TTY on stdin and stdout, and not CI."""
    return not in_ci() and sys.stdin.isatty() and sys.stdout.isatty()


def _console(stream: TextIO) -> Console:
    from rich.console import Console

    enabled = color_enabled(stream)
    # In CI or into a pipe rich must not think it drives a terminal (no cursor moves, no spinners),
    # even when FORCE_COLOR or TTY_COMPATIBLE is set; a terminal with NO_COLOR keeps its width.
    terminal: bool | None = True if enabled else (None if is_tty(stream) and not in_ci() else False)
    return Console(file=stream, no_color=not enabled, color_system="auto" if enabled else None,
                   highlight=False, soft_wrap=True, force_terminal=terminal)


def out_console() -> Console:
    """A rich console on stdout that colours only when `color_enabled`."""
    return _console(sys.stdout)


def err_console() -> Console:
    """A rich console on stderr that colours only when `color_enabled`."""
    return _console(sys.stderr)


def confirm(question: str, *, assume_yes: bool) -> bool:
    """Ask a yes/no question; in non-interactive runs refuse with an error that names --yes."""
    from aoai_provision.errors import InputError

    if assume_yes:
        return True
    if not interactive():
        raise InputError(
            f"{question} — cannot ask for confirmation in a non-interactive run.",
            fix="re-run with --yes to confirm without a prompt",
        )
    return click.confirm(question, default=False)
