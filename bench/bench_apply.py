"""Benchmark plan/apply at scale on the emulator: requests by operation, wall time vs the critical path."""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

MODEL, VERSION, SKU = "gpt-4o-mini", "2024-07-18", "GlobalStandard"
# Realistic durations (seconds) of the long-running operations, scaled by --scale.
DURATIONS = {"account_create": 3.0, "account_update": 2.0, "account_delete": 3.0,
             "deployment_create": 2.0, "deployment_update": 2.0, "deployment_delete": 1.5}


def pick_regions(count: int) -> list[str]:
    from aoai_provision.catalog.bundled import bundled_catalog

    mv = bundled_catalog().get(MODEL, VERSION)
    regions = mv.regions_for(SKU) if mv else []
    if not regions:
        sys.exit(f"the bundled catalog does not offer {MODEL} {VERSION} {SKU} anywhere")
    return regions[:count]


def environment(accounts: int, deployments: int, regions: list[str]) -> dict[str, Any]:
    return {
        "environment": "bench",
        "resource_group": "rg-aoai-bench",
        "location": regions[0],
        "defaults": {"account": {"kind": "OpenAI", "sku": "S0"}, "deployment": {"sku": SKU}},
        "accounts": [
            {"name": f"aoai-bench-{i:02d}", "region": regions[i % len(regions)],
             "deployments": [{"name": f"chat-{j}", "model": MODEL, "version": VERSION, "capacity": 10}
                             for j in range(deployments)]}
            for i in range(accounts)
        ],
    }


def emulator_config(log: Path, scale: float) -> dict[str, Any]:
    """Scaled durations; ARM's per-principal token buckets (reads 250 + 25/s, writes 200 + 10/s) with their
    refill rates divided by ``scale`` so that time is scaled consistently."""
    return {
        "request_log": str(log),
        "lro_seconds": {k: round(v * scale, 3) for k, v in DURATIONS.items()},
        "quota": {"default_limit": 100000},
        "throttle": {"reads": {"bucket": 250, "refill_per_s": 25 / scale},
                     "writes": {"bucket": 200, "refill_per_s": 10 / scale}},
    }


def make_clients(state: Path | None, config_path: Path) -> Any:
    """SDK clients on the emulator: state in a file (the --emulator path) or in memory (``state`` None)."""
    from aoai_provision.azure.clients import build_clients
    from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION, Target
    from aoai_provision.emulator.config import load_config
    from aoai_provision.emulator.transport import EmulatorTransport

    target = Target.from_options(emulator=True, emulator_state=state, emulator_config=config_path)
    transport = EmulatorTransport(state, load_config(config_path))
    return build_clients(target, EMULATOR_SUBSCRIPTION, transport=transport)


def _path(entry: dict[str, Any]) -> str:
    raw = str(entry.get("path") or entry.get("url") or "")
    return re.sub(r"^https?://[^/]+", "", raw).split("?")[0]


def operation(entry: dict[str, Any]) -> str:
    """A readable ARM operation name from a request-log line."""
    method = str(entry.get("method", "")).upper()
    named = str(entry.get("operation") or "")
    if named and named != "Unknown":
        return f"{method} {named}"
    parts = [p for p in _path(entry).split("/") if p]
    low = [p.lower() for p in parts]
    if "operationresults" in low or "operationstatuses" in low or "operations" in low[-2:]:
        return "GET operation status (LRO poll)"
    if "deployments" in low and "microsoft.cognitiveservices" in low:
        return f"{method} deployment" if low[-1] != "deployments" else f"{method} deployments (list)"
    if "deletedaccounts" in low:
        return f"{method} deletedAccounts" + (" (list)" if low[-1] == "deletedaccounts" else "")
    if "models" in low[-1:]:
        return f"{method} models (list, per region)"
    if "usages" in low[-1:]:
        return f"{method} usages (list, per region)"
    if "accounts" in low:
        return f"{method} account" if low[-1] != "accounts" else f"{method} accounts (list)"
    if "resourcegroups" in low:
        return f"{method} resource group"
    return f"{method} {'/'.join(parts[-2:])}"


def read_log(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def summarize(title: str, entries: list[dict[str, Any]]) -> dict[str, int]:
    counts = collections.Counter(operation(e) for e in entries)
    print(f"\n{title}: {len(entries)} ARM requests")
    for op, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:5d}  {op}")
    return dict(counts)


def conflicts(entries: list[dict[str, Any]]) -> int:
    return sum(1 for e in entries if int(e.get("status") or 0) == 409
               and "RequestConflict" in json.dumps(e))


def naive_apply(clients: Any, env: dict[str, Any]) -> float:
    """Baseline: the SDK used one resource at a time, waiting for each operation (what a simple script does)."""
    from azure.mgmt.cognitiveservices import models as m

    rg = env["resource_group"]
    start = time.monotonic()
    clients.resources.resource_groups.create_or_update(rg, {"location": env["location"]})
    for acct in env["accounts"]:
        clients.cognitive.accounts.begin_create(rg, acct["name"], m.Account(
            location=acct["region"], kind="OpenAI", sku=m.Sku(name="S0"),
            properties=m.AccountProperties(custom_sub_domain_name=acct["name"]))).result()
        for dep in acct["deployments"]:
            clients.cognitive.deployments.begin_create_or_update(rg, acct["name"], dep["name"], m.Deployment(
                sku=m.Sku(name=SKU, capacity=dep["capacity"]), properties=m.DeploymentProperties(
                    model=m.DeploymentModel(format="OpenAI", name=MODEL, version=VERSION)))).result()
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=24)
    parser.add_argument("--deployments", type=int, default=6)
    parser.add_argument("--regions", type=int, default=6)
    parser.add_argument("--scale", type=float, default=0.25, help="multiply the realistic LRO durations")
    parser.add_argument("--parallelism", type=int, default=32)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--state-file", action="store_true",
                        help="keep emulator state in a JSON file (as --emulator does) instead of memory")
    args = parser.parse_args()

    from aoai_provision.api.plan import execute_changes, load_desired, make_plan

    work = Path(tempfile.mkdtemp(prefix="aoai-bench-"))
    env = environment(args.accounts, args.deployments, pick_regions(args.regions))
    env_file = work / "bench.yaml"
    env_file.write_text(yaml.safe_dump(env, sort_keys=False), encoding="utf-8")
    log, config = work / "requests.jsonl", work / "emulator.yaml"
    config.write_text(yaml.safe_dump(emulator_config(log, args.scale)), encoding="utf-8")
    clients = make_clients(work / "emulator.json" if args.state_file else None, config)
    lro = {k: v * args.scale for k, v in DURATIONS.items()}
    critical = lro["account_create"] + args.deployments * lro["deployment_create"]
    print(f"{args.accounts} accounts x {args.deployments} deployments in {args.regions} regions; "
          f"LRO seconds {json.dumps({k: round(v, 3) for k, v in lro.items()})}; work dir {work}")

    t0 = time.monotonic()
    desired, catalog = load_desired(env_file)
    plan, _ = make_plan(clients, desired, catalog)
    t_plan = time.monotonic() - t0
    summarize(f"initial plan ({len(plan.actions)} actions, {t_plan:.2f}s)", read_log(log))
    log.rename(work / "requests-plan.jsonl")

    t0 = time.monotonic()
    desired, catalog = load_desired(env_file)
    plan, _ = make_plan(clients, desired, catalog)
    outcome = execute_changes(clients, desired, plan, parallelism=args.parallelism)
    wall = time.monotonic() - t0
    assert outcome.result is not None
    apply_entries = read_log(log)
    summarize("apply", apply_entries)
    execute = outcome.result.seconds
    startup = wall - execute
    print(f"\napply: ok={outcome.result.ok}  wall {wall:.2f}s = start-up (load + read + plan) {startup:.2f}s "
          f"+ writes {execute:.2f}s")
    print(f"critical path (account_create + {args.deployments} x deployment_create): {critical:.2f}s")
    print(f"ratio writes / critical path: {execute / critical:.3f}   (wall - start-up within 1.25x: "
          f"{execute <= 1.25 * critical})")
    print(f"RequestConflict responses during apply: {conflicts(apply_entries)}; "
          f"429 throttled: {sum(1 for e in apply_entries if int(e.get('status') or 0) == 429)}; "
          f"injected faults: {sum(1 for e in apply_entries if e.get('fault'))}")
    log.rename(work / "requests-apply.jsonl")

    t0 = time.monotonic()
    noop, _ = make_plan(clients, *load_desired(env_file))
    t_noop = time.monotonic() - t0
    entries = read_log(log)
    counts = summarize(f"no-op plan ({len(noop.actions)} actions, {t_noop:.2f}s)", entries)
    per_deployment_gets = counts.get("GET Deployments_Get", 0) + counts.get("GET deployment", 0)
    print(f"per-deployment GETs in the no-op plan: {per_deployment_gets}")

    if not args.skip_naive:
        nlog = work / "naive.jsonl"
        nconfig = work / "naive.yaml"
        nconfig.write_text(yaml.safe_dump(emulator_config(nlog, args.scale)), encoding="utf-8")
        naive = naive_apply(make_clients(work / "naive.json" if args.state_file else None, nconfig), env)
        print(f"\nnaive one-resource-at-a-time SDK client: {naive:.2f}s for the same writes "
              f"({naive / critical:.1f}x the critical path; {naive / execute:.1f}x slower than apply's writes)")
        summarize("naive apply", read_log(nlog))


if __name__ == "__main__":
    main()
