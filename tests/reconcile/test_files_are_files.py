"""Files users name are regular files: a FIFO, a device or a link to one is refused at once, reads are bounded."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

COMMANDS = {
    "validate": [], "plan": [], "apply": ["--yes"], "destroy": ["--yes"], "outputs": [], "audit": [],
    "upgrade": [], "render": ["--format", "arm"],
}
EMULATOR = ("plan", "apply", "destroy", "outputs")


def _invoke(args: list[str], seconds: float = 30) -> Result:
    """Run the CLI in-process; a read that hangs (a FIFO) fails the test instead of hanging it."""
    from aoai_provision.cli import main

    box: list[Result] = []
    worker = threading.Thread(target=lambda: box.append(CliRunner().invoke(main, args)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert box, f"`aoai-provision {' '.join(args)}` did not finish within {seconds}s"
    return box[0]


@pytest.fixture
def odd_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    return {"a FIFO": fifo, "a device": zero, "a symbolic link loop": loop}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_an_environment_file_that_is_not_a_regular_file(
        command: str, odd_files: dict[str, Path], tmp_path: Path) -> None:
    for what, path in odd_files.items():
        args = [command, str(path), *COMMANDS[command]]
        if command in EMULATOR:
            args += ["--emulator-state", str(tmp_path / "state.json")]
        if command == "render":
            args += ["--out", str(tmp_path / "out")]
        result = _invoke(args)
        assert result.exit_code == 1, (what, result.output)
        expected = ("symbolic link loop", "does not exist") if "loop" in what else (what,)
        assert any(e in result.output for e in expected), (what, result.output)
        assert "Traceback" not in result.output and "Internal error" not in result.output
    assert not (tmp_path / "state.json").exists() or (tmp_path / "state.json").is_file()


def test_a_saved_plan_that_is_a_fifo_or_a_device_is_refused(odd_files: dict[str, Path], tmp_path: Path) -> None:
    plan_fifo = tmp_path / "plan.json"
    os.mkfifo(plan_fifo)
    plan_zero = tmp_path / "zero-plan.json"
    plan_zero.symlink_to("/dev/zero")
    for what, path in (("a FIFO", plan_fifo), ("a device", plan_zero)):
        result = _invoke(["apply", str(path), "--yes", "--emulator-state", str(tmp_path / "state.json")])
        assert result.exit_code == 1 and what in result.output, result.output


def test_an_environment_file_over_the_size_bound_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # sparse: no disk used
    result = _invoke(["validate", str(big)])
    assert result.exit_code == 1 and "larger than 16 MiB" in result.output, result.output


BAD_CONFIGS = {
    "latency_ms: .inf": "latency_ms: Input should be a finite number",
    "faults: {rate: .nan}": "faults.rate: Input should be a finite number",
    "lro_seconds: {account_create: true}": "lro_seconds.account_create: Input should be a valid number",
    "page_size: '5'": "page_size: Input should be a valid integer",
    "throttle: {writes: {bucket: 10}}": "throttle.writes.refill_per_s: Field required",
    "[1, 2]": "must be a mapping of settings",
}


def test_emulator_config_shapes_are_checked_and_the_error_names_the_field(env: Any) -> None:
    for text, expected in BAD_CONFIGS.items():
        env.config.write_text(text + "\n", encoding="utf-8")
        result = env.run("plan")
        assert result.exit_code == 1, (text, result.output)
        assert expected in " ".join(result.output.split()), (text, result.output)
        assert "Internal error" not in result.output


def test_an_emulator_config_that_is_a_device_is_refused(env: Any) -> None:
    env.config.unlink()
    env.config.symlink_to("/dev/zero")
    result = _invoke(["plan", str(env.file), *env.target_args()])
    assert result.exit_code == 1 and "is a device" in result.output, result.output
