"""Benchmark: what verify's dependencies cost at start-up, and verify of environments/prod.yaml end to end.

Run: python bench/bench_verify.py [--runs 5]. Fresh processes each run (wall time, median):
`import openai`, `import websockets.sync.client`, `aoai-provision --help` (must not grow: neither is
imported), and `aoai-provision verify environments/prod.yaml --emulator` after an apply (5 deployments:
2 realtime sessions, 2 audio chat completions, 1 embedding), with each probe's latency to first byte.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(argv: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - started, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    cli = shutil.which("aoai-provision") or sys.exit("aoai-provision is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "environments", work / "environments")
        state = ["--emulator-state", str(work / "emulator.json")]
        timed([cli, "apply", "environments/prod.yaml", "--emulator", "--yes", *state], work)
        cases = {
            "import openai": [sys.executable, "-c", "import openai"],
            "import websockets.sync.client": [sys.executable, "-c", "import websockets.sync.client"],
            "aoai-provision --help": [cli, "--help"],
            "verify prod.yaml (5 deployments)": [cli, "verify", "environments/prod.yaml", "--format", "json", *state],
        }
        first_bytes: dict[str, list[float]] = {}
        for name, argv in cases.items():
            times = []
            for _ in range(runs):
                seconds, out = timed(argv, work)
                times.append(seconds)
                if name.startswith("verify"):
                    for dep in json.loads(out)["deployments"]:
                        first_bytes.setdefault(f"{dep['probe']} first byte", []).append(dep["first_byte_ms"])
            print(f"{name:<40} {statistics.median(times):7.3f} s  (median of {runs})")
        for name, values in sorted(first_bytes.items()):
            print(f"{name:<40} {statistics.median(values):7.1f} ms (median over runs and deployments)")


if __name__ == "__main__":
    main()
