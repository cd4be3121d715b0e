"""Benchmark: `aoai-provision --help` (< 0.3 s) and `validate` of a 500-deployment file (< 1 s).

Run: python bench/bench_validate.py [--runs 7]. Prints one line per measurement (median of the runs,
wall time of a fresh process each run, as a user experiences it) and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"help": 0.3, "validate-500": 1.0}
MODELS = [  # offered on GlobalStandard in both regions by the bundled catalog
    ("text-embedding-3-large", "1"),
    ("text-embedding-3-small", "1"),
    ("gpt-realtime", "2025-08-28"),
    ("gpt-audio", "2025-08-28"),
]


def generate(deployments: int = 500) -> str:
    """A valid file: a 2-region matrix of 30 deployments (60) plus 44 explicit accounts of 10 (440).

    At most 32 deployments per account: Azure's limit, which validate checks."""
    lines = [
        "environment: bench",
        "subscription: ${AZURE_SUBSCRIPTION_ID:-00000000-0000-0000-0000-000000000000}",
        "resource_group: rg-aoai-bench",
        "defaults:",
        "  account: {disable_local_auth: true, public_network_access: Disabled, identity: SystemAssigned}",
        "  deployment: {sku: GlobalStandard, version_upgrade: OnceNewDefaultVersionAvailable}",
        "regions: [East US 2, swedencentral]",
        "deployments:",
    ]
    matrix = 30
    for i in range(matrix):
        model, version = MODELS[i % len(MODELS)]
        lines.append(f"  - {{name: m{i:03d}, model: {model}, version: \"{version}\", rate_limit: {{tpm: 10K}}}}")
    lines.append("accounts:")
    remaining = deployments - 2 * matrix
    for a in range(remaining // 10):
        region = "eastus2" if a % 2 else "swedencentral"
        lines += [f"  - name: aoai-bench-x{a:02d}", f"    region: {region}", "    deployments:"]
        for i in range(10):
            model, version = MODELS[(a + i) % len(MODELS)]
            lines.append(f"      - {{name: d{i}, model: {model}, version: \"{version}\", capacity: {10 + i}}}")
    return "\n".join(lines) + "\n"


def median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("aoai-provision") or str(Path(sys.executable).with_name("aoai-provision"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(generate(), encoding="utf-8")
        results = {
            "help": median_seconds([exe, "--help"], args.runs),
            "validate-500": median_seconds([exe, "validate", str(path), "--as-of", "2026-11-24"], args.runs),
        }
    ok = True
    for name, seconds in results.items():
        verdict = "ok" if seconds < TARGETS[name] else "MISSED"
        ok = ok and verdict == "ok"
        print(f"{name:14s} median {seconds:.3f} s over {args.runs} runs (target < {TARGETS[name]} s) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
