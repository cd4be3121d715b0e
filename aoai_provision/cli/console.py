"""Terminal vs CI output: colour, progress style and prompts decided in one place."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "TF_BUILD", "BUILD_BUILDID", "GITLAB_CI")


def in_ci() -> bool:
    """True when a CI system is detected from its environment variables."""
    return any(os.environ.get(name, "").strip().lower() not in ("", "0", "false") for name in CI_VARIABLES)


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS", "").lower() == "true"


def color_enabled(stream: object = None) -> bool:
    """Colour only on an interactive terminal, never with --no-color, NO_COLOR or in CI."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, dict) and ctx.obj.get("no_color"):
            return False
        ctx = ctx.parent
    if os.environ.get("NO_COLOR") is not None or in_ci():
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def interactive() -> bool:
    """True when we may prompt and draw live progress: a TTY on stdin and stdout, and not CI."""
    return not in_ci() and sys.stdin.isatty() and sys.stdout.isatty()


def out_console() -> Console:
    from rich.console import Console

    enabled = color_enabled(sys.stdout)
    return Console(file=sys.stdout, no_color=not enabled, color_system="auto" if enabled else None,
                   highlight=False, soft_wrap=True, force_terminal=enabled or None)


def err_console() -> Console:
    from rich.console import Console

    enabled = color_enabled(sys.stderr)
    return Console(file=sys.stderr, no_color=not enabled, color_system="auto" if enabled else None,
                   highlight=False, soft_wrap=True, force_terminal=enabled or None)


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
