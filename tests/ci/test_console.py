"""CI detection, colour rules and prompts: the terminal/CI decisions of aoai_provision.cli.console."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from aoai_provision.cli import console
from aoai_provision.cli.errors import handle_errors

CI_NAMES = ("CI", "GITHUB_ACTIONS", "TF_BUILD", "BUILD_BUILDID", "GITLAB_CI", "NO_COLOR", "TERM")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CI_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("CI", "true", True), ("GITHUB_ACTIONS", "true", True), ("TF_BUILD", "True", True),
    ("CI", "false", False), ("CI", "0", False), ("CI", "", False),
])
def test_ci_is_detected_from_its_variables(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                           expected: bool) -> None:
    monkeypatch.setenv(name, value)
    assert console.in_ci() is expected


def test_nothing_set_is_not_ci() -> None:
    assert console.in_ci() is False
    assert console.in_github_actions() is False


@pytest.mark.parametrize(("env", "expected"), [
    ({}, True),
    ({"CI": "true"}, False),
    ({"TF_BUILD": "True"}, False),
    ({"NO_COLOR": "1"}, False),
    ({"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value counts
])
def test_colour_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                              expected: bool) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert console.color_enabled(FakeTerminal()) is expected
    assert console.color_enabled(io.StringIO()) is False  # a pipe or file never gets colour


def test_no_color_flag_wins_on_a_terminal() -> None:
    @click.group()
    @click.option("--no-color", is_flag=True)
    @click.pass_context
    def root(ctx: click.Context, no_color: bool) -> None:
        ctx.ensure_object(dict)["no_color"] = no_color

    @root.command()
    def show() -> None:
        click.echo(f"color={console.color_enabled(FakeTerminal())}")

    runner = CliRunner()
    assert runner.invoke(root, ["show"]).output.strip() == "color=True"
    assert runner.invoke(root, ["--no-color", "show"]).output.strip() == "color=False"


def test_a_prompt_in_a_non_interactive_run_is_an_error_naming_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")

    @click.command()
    @click.option("--yes", is_flag=True)
    @handle_errors
    def delete(yes: bool) -> None:
        if console.confirm("Delete 3 deployments?", assume_yes=yes):
            click.echo("deleted")

    result = CliRunner().invoke(delete, [])
    assert result.exit_code == 1
    assert "Delete 3 deployments?" in result.output and "--yes" in result.output
    assert "deleted" not in result.output
    assert CliRunner().invoke(delete, ["--yes"]).output.strip() == "deleted"


def run_in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run the real CLI with stdout and stderr on a pseudo-terminal; return what it drew."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "aoai_provision", *args], stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("extra_env", "extra_args", "coloured"), [
    ({}, [], True),
    ({"CI": "true"}, [], False),
    ({"GITHUB_ACTIONS": "true"}, [], False),
    ({"NO_COLOR": "1"}, [], False),
    ({}, ["--no-color"], False),
])
def test_errors_are_coloured_only_on_a_plain_terminal(tmp_path: Path, extra_env: dict[str, str],
                                                      extra_args: list[str], coloured: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k not in CI_NAMES}
    env.update({"TERM": "xterm-256color", **extra_env})
    # audit of a missing file goes through the CLI's error edge, which styles "Error:" in red.
    screen = run_in_terminal([*extra_args, "audit", "missing.yaml"], env, tmp_path)
    assert "Error:" in screen and "missing.yaml" in screen
    assert ("\x1b[" in screen) is coloured, repr(screen[:200])
