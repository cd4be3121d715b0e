"""Real signals to a running apply: the first stops new writes and waits, the second stops waiting; exit 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

WRITES = {"PUT", "PATCH", "DELETE", "POST"}


def _start(env: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "aoai_provision", "apply", str(env.file), "--yes",
                             *env.target_args()], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "NO_COLOR": "1"})


def _wait_for_account_writes(env: Any, proc: subprocess.Popen[str], count: int = 3) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if sum(r.get("operation") == "Accounts_Create" for r in env.requests()) >= count:
            return
        assert proc.poll() is None, proc.communicate()[0]
        time.sleep(0.05)
    raise AssertionError("the apply never started its account writes")


def _writes_after(env: Any, moment: float) -> list[dict[str, Any]]:
    def ts(entry: dict[str, Any]) -> float:
        return datetime.strptime(entry["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()

    return [r for r in env.requests() if r["method"] in WRITES and ts(r) > moment]


def test_a_second_signal_stops_waiting_names_what_goes_on_in_azure_and_exits_130(env: Any) -> None:
    env.configure(lro_seconds={"account_create": 20})
    proc = _start(env)
    _wait_for_account_writes(env, proc)
    signalled = time.time()
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    for _ in range(2):  # the second stops waiting; a third, if it arrives in time, changes nothing
        try:
            proc.send_signal(signal.SIGINT)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    output = proc.communicate(timeout=15)[0]
    text = " ".join(output.split())
    assert proc.returncode == 130, output
    assert "Traceback" not in output
    assert "SIGINT: stopping. No new writes start; waiting for 3 operation(s) in flight" in text
    assert "SIGINT again: stopped waiting. These 3 operation(s) go on in Azure: account.aoai-test-" in text
    assert "in flight + account.aoai-test-batch" in text
    assert "not started + account.aoai-test-batch.deployment.embed" in text
    assert _writes_after(env, signalled) == []
    assert time.time() - signalled < 15  # did not wait for the 20 s operations


def test_the_first_signal_waits_for_the_writes_in_flight_prints_the_summary_and_exits_130(env: Any) -> None:
    env.configure(lro_seconds={"account_create": 2})
    proc = _start(env)
    _wait_for_account_writes(env, proc)
    signalled = time.time()
    proc.send_signal(signal.SIGTERM)
    output = proc.communicate(timeout=60)[0]
    text = " ".join(output.split())
    assert proc.returncode == 130, output
    assert "Traceback" not in output
    assert "SIGTERM: stopping. No new writes start; waiting for 3 operation(s) in flight" in text
    assert "ok + account.aoai-test-eastus2" in text
    assert "not started + account.aoai-test-eastus2.deployment.realtime" in text
    assert "Apply interrupted: 4 done, 0 failed, 0 skipped, 5 not started" in text
    assert "Apply interrupted (SIGTERM)" in text
    assert _writes_after(env, signalled) == []
    env.configure()
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_signals_in_a_terminal_never_give_a_traceback(env: Any) -> None:
    """The live progress display (a pseudo-terminal) is stopped cleanly; three signals, exit 130."""
    import pty
    import select

    env.configure(lro_seconds={"account_create": 20})
    pid, fd = pty.fork()
    if pid == 0:  # the child: the apply on a terminal
        os.execv(sys.executable, [sys.executable, "-m", "aoai_provision", "apply", str(env.file), "--yes",
                                  *env.target_args()])
    captured = b""

    def pump(seconds: float) -> None:
        nonlocal captured
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    captured += os.read(fd, 65536)
                except OSError:
                    return

    deadline = time.monotonic() + 90
    while sum(r.get("operation") == "Accounts_Create" for r in env.requests()) < 3 and time.monotonic() < deadline:
        pump(0.1)
    for pause in (0.5, 0.05, 0.5):
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            break
        pump(pause)
    _, status = os.waitpid(pid, 0)
    pump(0.2)
    os.close(fd)
    text = captured.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 130, text
    assert "Traceback" not in text
    assert "stopping. No new writes start" in text and "go on in Azure" in text
