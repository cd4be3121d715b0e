"""Benchmark: `validate` stays linear in the number of findings (5,000 / 25,000 / 50,000 findings).

Run: python bench/bench_validate_findings.py [--runs 3]. Each file holds N/2 accounts whose names are not
valid (two findings each: the account name and the custom subdomain derived from it). Prints the wall time
of a fresh `aoai-provision validate` process (median of the runs) and the time per finding; exits 1 when
50,000 findings take more than 1.5x the time per finding of 5,000 (i.e. not linear).
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

SIZES = (5_000, 25_000, 50_000)


def generate(findings: int) -> str:
    lines = ["environment: bench", "subscription: 00000000-0000-0000-0000-000000000000",
             "resource_group: rg-aoai-bench", "accounts:"]
    for i in range(findings // 2):
        lines += [f"  - name: 'bad name {i}'", "    region: eastus2"]
    return "\n".join(lines) + "\n"


def run(exe: str, path: Path, runs: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run([exe, "validate", str(path), "--as-of", "2026-11-24"], capture_output=True, text=True,
                              check=False)
        times.append(time.perf_counter() - started)
        if proc.returncode != 1:
            sys.exit(f"validate {path} exited {proc.returncode}, expected 1:\n{proc.stderr[-2000:]}")
        count = sum(" error " in line for line in proc.stdout.splitlines())
    return statistics.median(times), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("aoai-provision") or str(Path(sys.executable).with_name("aoai-provision"))
    per_finding: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            path = Path(tmp) / f"findings-{size}.yaml"
            path.write_text(generate(size), encoding="utf-8")
            seconds, count = run(exe, path, args.runs)
            per_finding[size] = seconds / max(count, 1)
            print(f"validate, {count:>6} findings: {seconds:7.2f} s  ({per_finding[size] * 1e6:6.1f} us per finding)")
    ratio = per_finding[SIZES[-1]] / per_finding[SIZES[0]]
    verdict = "linear" if ratio <= 1.5 else "NOT LINEAR"
    print(f"time per finding, {SIZES[-1]:,} vs {SIZES[0]:,}: x{ratio:.2f} ({verdict})")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
