"""Scale benchmarks (issue 13): growth, apply at operation durations, throttled floor, processes sharing state.

Each subcommand prints its figures and exits 1 when a target is missed. Not part of the test suite.

    python bench/bench_scale.py growth --sizes 24x6,100x10,1000x10
    python bench/bench_scale.py lro --via file        # 24x6 at (1 s, 0.5 s) through --emulator-state
    python bench/bench_scale.py lro --via serve       # the same over `emulator serve` (HTTPS)
    python bench/bench_scale.py throttled --size 300x10           # apply under ARM's buckets
    python bench/bench_scale.py throttled --size 1000x10 --noop   # no-op plan under ARM's buckets
    python bench/bench_scale.py processes --count 8 --size 12x6
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_apply import environment, pick_regions, read_log  # noqa: E402

ARM_THROTTLE = {"reads": {"bucket": 250, "refill_per_s": 25.0}, "writes": {"bucket": 200, "refill_per_s": 10.0}}
CLI = [sys.executable, "-c", "from aoai_provision.cli import main; main()"]
FAILED: list[str] = []


def load() -> str:
    """The machine's load average (1, 5, 15 min): the machine is shared, every figure is printed with it."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def check(ok: bool, what: str) -> None:
    print(f"  {'ok  ' if ok else 'MISS'} {what}")
    if not ok:
        FAILED.append(what)


def size(text: str) -> tuple[int, int]:
    accounts, deployments = text.lower().split("x")
    return int(accounts), int(deployments)


def write_env(work: Path, accounts: int, deployments: int, name: str = "bench",
              subscription: str | None = None) -> Path:
    env = environment(accounts, deployments, pick_regions(6))
    env["environment"], env["resource_group"] = name, f"rg-aoai-{name}"
    for i, account in enumerate(env["accounts"]):
        account["name"] = f"aoai-{name}-{i:04d}"
    if subscription:
        env["subscription"] = subscription
    path = work / f"{name}.yaml"
    path.write_text(yaml.safe_dump(env, sort_keys=False), encoding="utf-8")
    return path


def write_config(work: Path, *, account: float = 0.0, deployment: float = 0.0, throttle: bool = False,
                 log: bool = False, name: str = "emulator") -> Path:
    config: dict[str, Any] = {"lro_seconds": {"account_create": account, "deployment_create": deployment},
                              "quota": {"default_limit": 10_000_000}}
    if throttle:
        config["throttle"] = ARM_THROTTLE
    if log:
        config["request_log"] = str(work / f"{name}-requests.jsonl")
    path = work / f"{name}.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def cli(*args: str, quiet: bool = True) -> tuple[int, float, str]:
    start = time.monotonic()
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=3600)
    seconds = time.monotonic() - start
    if done.returncode not in (0, 2) and not quiet:
        print(done.stdout[-2000:], done.stderr[-2000:])
    return done.returncode, seconds, done.stdout + done.stderr


def growth(args: argparse.Namespace) -> None:
    """Zero-duration apply from empty through --emulator-state, per size; then the no-op plan."""
    times: dict[str, float] = {}
    for text in args.sizes.split(","):
        accounts, deployments = size(text)
        work = Path(tempfile.mkdtemp(prefix=f"aoai-growth-{text}-"))
        env, config = write_env(work, accounts, deployments), write_config(work)
        target = ["--emulator-state", str(work / "state.db"), "--emulator-config", str(config)]
        code, apply_s, out = cli("apply", str(env), "--yes", *target, quiet=False)
        summary = [line for line in out.splitlines() if line.startswith("Apply ")]
        _, plan_s, _ = cli("plan", str(env), "--detailed-exitcode", *target)
        times[text] = apply_s
        print(f"{text}: apply {apply_s:.1f}s (exit {code}; {summary[-1] if summary else 'no summary'}); "
              f"no-op plan {plan_s:.1f}s; {load()}")
        check(code == 0, f"{text} apply succeeded")
    if "24x6" in times and "100x10" in times:
        ratio = times["100x10"] / times["24x6"]
        check(ratio <= 8, f"100x10 within 8x the time of 24x6 (ratio {ratio:.2f})")
    if "1000x10" in times:
        check(times["1000x10"] < 180, f"1000x10 under 3 minutes ({times['1000x10']:.1f}s)")


def _library_apply(target: Any, env: Path) -> tuple[float, float, Any]:
    """(start-up seconds, write seconds, result) of one plan + apply through the library."""
    from aoai_provision.api.plan import execute_changes, load_desired, make_plan
    from aoai_provision.azure.clients import build_clients
    from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION

    start = time.monotonic()
    clients = build_clients(target, EMULATOR_SUBSCRIPTION)
    desired, catalog = load_desired(env)
    plan, _ = make_plan(clients, desired, catalog)
    outcome = execute_changes(clients, desired, plan, parallelism=32)
    wall = time.monotonic() - start
    assert outcome.result is not None
    return wall - outcome.result.seconds, outcome.result.seconds, outcome.result


def lro(args: argparse.Namespace) -> None:
    """24x6 at account create 1 s, deployment create 0.5 s: writes within 1.15x the critical path."""
    from aoai_provision.azure.target import Target

    accounts, deployments = size(args.size)
    work = Path(tempfile.mkdtemp(prefix="aoai-lro-"))
    env = write_env(work, accounts, deployments)
    config = write_config(work, account=1.0, deployment=0.5, throttle=True)
    critical = 1.0 + deployments * 0.5
    server = None
    try:
        if args.via == "serve":
            server = subprocess.Popen([*CLI, "emulator", "serve", "--port", "0", "--emulator-state",
                                       str(work / "state.db"), "--emulator-config", str(config)],
                                      stdout=subprocess.PIPE, text=True)
            assert server.stdout is not None
            ready = json.loads(server.stdout.readline())
            target = Target.from_options(endpoint=ready["endpoint"], ca_bundle=Path(ready["ca_bundle"]))
        else:
            target = Target.from_options(emulator_state=work / "state.db", emulator_config=config)
        startup, writes, result = _library_apply(target, env)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    ratio = writes / critical
    print(f"{args.size} via {args.via}: start-up {startup:.2f}s + writes {writes:.2f}s; critical path {critical:.2f}s; "
          f"ratio {ratio:.3f}; {len(result.results)} changes, failed {len(result.failed)}; {load()}")
    check(result.ok, "apply succeeded")
    check(ratio <= 1.15, f"writes within 1.15x the critical path via {args.via} (ratio {ratio:.3f})")


def throttled(args: argparse.Namespace) -> None:
    """Under ARM's buckets: apply (or, with --noop, a no-op plan) against the floor the buckets allow."""
    accounts, deployments = size(args.size)
    work = Path(tempfile.mkdtemp(prefix=f"aoai-throttled-{args.size}-"))
    env = write_env(work, accounts, deployments)
    state = ["--emulator-state", str(work / "state.db")]
    if args.noop:  # build the estate unthrottled first
        code, seconds, _ = cli("apply", str(env), "--yes", *state, "--emulator-config", str(write_config(work)))
        print(f"estate built in {seconds:.1f}s (exit {code}); {load()}")
    config = write_config(work, throttle=True, log=True, name="throttled")
    command = ["plan", str(env), "--detailed-exitcode"] if args.noop else ["apply", str(env), "--yes"]
    code, seconds, out = cli(*command, *state, "--emulator-config", str(config), quiet=False)
    entries = read_log(work / "throttled-requests.jsonl")
    reads = sum(1 for e in entries if str(e.get("method")).upper() in ("GET", "HEAD") and e.get("status") != 429)
    writes = sum(1 for e in entries if str(e.get("method")).upper() not in ("GET", "HEAD") and e.get("status") != 429)
    too_many = sum(1 for e in entries if e.get("status") == 429)
    floor = max((reads - 250) / 25.0, (writes - 200) / 10.0, 0.0)
    ratio = seconds / floor if floor else float("inf")
    summary = [line for line in out.splitlines() if line.startswith(("Apply ", "No changes", "Plan:"))]
    print(f"{args.size} {'no-op plan' if args.noop else 'apply'}: {seconds:.1f}s (exit {code}); accepted reads "
          f"{reads}, writes {writes}; floor {floor:.1f}s; ratio {ratio:.3f}; 429s {too_many} "
          f"({100 * too_many / max(len(entries), 1):.2f}% of {len(entries)} requests); {summary[-1] if summary else ''}; "
          f"{load()}")
    if args.noop:
        check(code == 0, "no-op plan found no changes")
        check(ratio <= 1.2, f"no-op plan within 1.2x the floor (ratio {ratio:.3f})")
    else:
        check(code == 0 and "0 failed, 0 skipped" in out, "apply: zero failed or skipped changes")
        check(ratio <= 1.1, f"apply within 1.1x the floor (ratio {ratio:.3f})")
    check(too_many < 0.01 * max(len(entries), 1), "429s under 1% of requests")


def processes(args: argparse.Namespace) -> None:
    """N CLI processes (own subscriptions) applying at (1 s, 0.5 s) on one state file vs one alone."""
    accounts, deployments = size(args.size)
    work = Path(tempfile.mkdtemp(prefix="aoai-procs-"))
    config = write_config(work, account=1.0, deployment=0.5)
    envs = [write_env(work, accounts, deployments, name=f"p{n}", subscription=f"{n:08d}-0000-0000-0000-000000000000")
            for n in range(args.count + 1)]
    target = ["--emulator-state", str(work / "state.db"), "--emulator-config", str(config)]
    code, single, _ = cli("apply", str(envs[-1]), "--yes", *target, quiet=False)
    print(f"one process {args.size}: {single:.1f}s (exit {code}); {load()}")
    start = time.monotonic()
    procs = [subprocess.Popen([*CLI, "apply", str(env), "--yes", *target], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for env in envs[:-1]]
    codes = [p.wait(timeout=3600) for p in procs]
    shared = time.monotonic() - start
    ratio = shared / single
    print(f"{args.count} processes {args.size} each, one state: {shared:.1f}s (exits {codes}); ratio {ratio:.2f}; "
          f"{load()}")
    check(all(c == 0 for c in codes), "every process succeeded")
    check(ratio <= 2.5, f"{args.count} processes within 2.5x the single run (ratio {ratio:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("growth")
    p.add_argument("--sizes", default="24x6,100x10")
    p = sub.add_parser("lro")
    p.add_argument("--via", choices=["file", "serve"], default="file")
    p.add_argument("--size", default="24x6")
    p = sub.add_parser("throttled")
    p.add_argument("--size", default="300x10")
    p.add_argument("--noop", action="store_true")
    p = sub.add_parser("processes")
    p.add_argument("--count", type=int, default=8)
    p.add_argument("--size", default="12x6")
    args = parser.parse_args()
    print(f"start: {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, {load()}")
    {"growth": growth, "lro": lro, "throttled": throttled, "processes": processes}[args.command](args)
    print(f"end: {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, {load()}")
    if FAILED:
        print(f"missed {len(FAILED)} target(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
