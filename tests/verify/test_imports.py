"""verify's dependencies stay out of start-up: --help, validate, plan never import openai or websockets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_help_validate_and_emulator_arm_paths_do_not_import_openai_or_websockets() -> None:
    code = ("import sys; from click.testing import CliRunner; from aoai_provision.cli import main;"
            "r = CliRunner(); assert r.invoke(main, ['--help']).exit_code == 0;"
            "assert r.invoke(main, ['verify', '--help']).exit_code == 0;"
            f"assert r.invoke(main, ['validate', {str(ROOT / 'environments' / 'prod.yaml')!r}]).exit_code == 0;"
            "from aoai_provision.emulator.app import EmulatorApp; EmulatorApp.create();"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'websockets', 'httpx2'));"
            "assert not bad, bad")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
