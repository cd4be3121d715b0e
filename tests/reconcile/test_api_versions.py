"""The ARM api-version of Microsoft.CognitiveServices is declared once: SDK calls, templates and the emulator agree."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from aoai_provision.arm_versions import API_VERSIONS, COGNITIVE_SERVICES
from aoai_provision.cli import main


def test_sdk_calls_and_rendered_templates_use_the_declared_version(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    cognitive = [r for r in env.requests() if "/providers/microsoft.cognitiveservices/" in r["path"].lower()]
    assert cognitive and {r["api_version"] for r in cognitive} == {COGNITIVE_SERVICES}
    out = env.root / "out"
    result = CliRunner().invoke(main, ["render", str(env.file), "--format", "arm", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    resources = json.loads((out / "azuredeploy.json").read_text(encoding="utf-8"))["resources"]
    typed = {r["type"]: r["apiVersion"] for r in resources if r["type"].startswith("Microsoft.CognitiveServices/")}
    assert typed == {t: v for t, v in API_VERSIONS.items() if t in typed} and typed
