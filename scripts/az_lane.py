#!/usr/bin/env python
"""The Azure CLI, unchanged, against `aoai-provision emulator serve`: sign in, then every command users run.

Usage: python scripts/az_lane.py --az PATH/TO/az [--keep DIR]

Starts `emulator serve` on a free port, registers it as a cloud (`az cloud register`), signs in with the
service principal the emulator prints, and runs the listed commands. Each step checks az's exit code
and fields of its JSON output that must not be null (az silently drops fields it does not know, so a
missing field shows up as null). No proxy, no request rewriting: az talks to the emulator directly.
Needs no stdin (az's prompts are disabled). Prints one line per step and a summary; exits 1 on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RG = "rg-az-lane"
OPENAI, AISERVICES = "azlane-openai", "azlane-ai"
REALTIME = ["--model-format", "OpenAI", "--model-name", "gpt-4o-mini-realtime-preview", "--model-version",
            "2024-12-17", "--sku-name", "GlobalStandard", "--sku-capacity", "100"]
AUDIO = ["--model-format", "OpenAI", "--model-name", "gpt-4o-mini-audio-preview", "--model-version", "2024-12-17",
         "--sku-name", "GlobalStandard", "--sku-capacity", "100"]


@dataclass
class Step:
    name: str
    args: list[str]
    rc: int = 0
    fields: list[str] = field(default_factory=list)  # dotted paths that must be present and not null
    error: str | None = None  # an ARM error code the failure output must name
    check: Callable[[Any], bool] | None = None


def lookup(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, list):
            data = data[int(part)] if part.isdigit() else (data[0] if data else None)
            if not part.isdigit():
                data = data.get(part) if isinstance(data, dict) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def steps(info: dict[str, str], template_dir: Path) -> list[Step]:
    sub = info["subscription_id"]
    acct = ["-g", RG, "-n", OPENAI]
    return [
        Step("cloud register", ["cloud", "register", "-n", "AoaiEmulator", "--endpoint-resource-manager",
                                info["endpoint"]]),
        Step("cloud set", ["cloud", "set", "-n", "AoaiEmulator"]),
        Step("login --service-principal", ["login", "--service-principal", "-u", info["client_id"], "-p",
                                           info["client_secret"], "--tenant", info["tenant_id"]],
             fields=["0.id", "0.tenantId", "0.user.name"]),
        Step("account show", ["account", "show"], fields=["id", "tenantId", "user.type"]),
        Step("group create", ["group", "create", "-n", RG, "-l", "swedencentral"], fields=["id", "location"]),
        Step("group show", ["group", "show", "-n", RG], fields=["id", "properties.provisioningState"]),
        Step("account create OpenAI swedencentral --custom-domain",
             ["cognitiveservices", "account", "create", *acct, "-l", "swedencentral", "--kind", "OpenAI",
              "--sku", "S0", "--custom-domain", OPENAI, "--yes"],
             fields=["id", "properties.endpoint", "properties.provisioningState", "properties.customSubDomainName"]),
        Step("account create AIServices eastus2 --custom-domain --assign-identity",
             ["cognitiveservices", "account", "create", "-g", RG, "-n", AISERVICES, "-l", "eastus2", "--kind",
              "AIServices", "--sku", "S0", "--custom-domain", AISERVICES, "--assign-identity", "--yes"],
             fields=["id", "properties.endpoint", "properties.endpoints.AI Foundry API", "identity.principalId"],
             check=lambda out: out["identity"]["tenantId"] == info["tenant_id"]),
        Step("account create OpenAI eastus2", ["cognitiveservices", "account", "create", "-g", RG, "-n",
                                               OPENAI + "-e", "-l", "eastus2", "--kind", "OpenAI", "--sku", "S0",
                                               "--custom-domain", OPENAI + "-e", "--yes"], fields=["id"]),
        Step("account create AIServices swedencentral", ["cognitiveservices", "account", "create", "-g", RG, "-n",
                                                         AISERVICES + "-s", "-l", "swedencentral", "--kind",
                                                         "AIServices", "--sku", "S0", "--custom-domain",
                                                         AISERVICES + "-s", "--yes"], fields=["id"]),
        Step("account show", ["cognitiveservices", "account", "show", *acct],
             fields=["id", "etag", "kind", "sku.name", "properties.endpoint", "properties.dateCreated"]),
        Step("account list", ["cognitiveservices", "account", "list", "-g", RG], fields=["0.id", "1.id"]),
        Step("account list-kinds", ["cognitiveservices", "account", "list-kinds"],
             check=lambda out: "OpenAI" in out and "AIServices" in out),
        Step("account list-skus (account)", ["cognitiveservices", "account", "list-skus", *acct],
             fields=["value.0.resourceType", "value.0.sku.name"]),
        Step("account list-skus (kind, region)", ["cognitiveservices", "account", "list-skus", "--kind",
                                                  "OpenAI", "-l", "swedencentral"], fields=["0.name", "0.kind"]),
        Step("account list-usage", ["cognitiveservices", "account", "list-usage", *acct],
             fields=["0.name.value", "0.currentValue", "0.limit", "0.unit"]),
        Step("account keys list", ["cognitiveservices", "account", "keys", "list", *acct], fields=["key1", "key2"]),
        Step("account keys regenerate", ["cognitiveservices", "account", "keys", "regenerate", *acct,
                                         "--key-name", "key2"], fields=["key1", "key2"]),
        Step("account update --tags", ["cognitiveservices", "account", "update", *acct, "--tags", "lane=az"],
             fields=["tags.lane"]),
        Step("deployment create (realtime preview)", ["cognitiveservices", "account", "deployment", "create", *acct,
                                                      "--deployment-name", "realtime", *REALTIME],
             fields=["id", "properties.model.name", "properties.provisioningState", "sku.capacity"]),
        Step("deployment create (audio preview)", ["cognitiveservices", "account", "deployment", "create", *acct,
                                                   "--deployment-name", "audio", *AUDIO],
             fields=["id", "properties.model.version", "properties.rateLimits"]),
        Step("deployment show", ["cognitiveservices", "account", "deployment", "show", *acct, "--deployment-name",
                                 "realtime"], fields=["id", "properties.capabilities", "properties.deploymentState"]),
        Step("deployment list", ["cognitiveservices", "account", "deployment", "list", *acct],
             fields=["0.name", "1.name"]),
        Step("model list", ["cognitiveservices", "model", "list", "-l", "swedencentral"],
             fields=["0.model.name", "0.model.version", "0.model.skus.0.name", "0.kind"]),
        Step("usage list", ["cognitiveservices", "usage", "list", "-l", "swedencentral"],
             fields=["0.name.value", "0.limit", "0.currentValue"]),
        Step("error: model not offered", ["cognitiveservices", "account", "deployment", "create", *acct,
                                          "--deployment-name", "nope", "--model-format", "OpenAI", "--model-name",
                                          "gpt-imaginary", "--model-version", "1", "--sku-name", "Standard",
                                          "--sku-capacity", "1"], rc=1, error="DeploymentModelNotSupported"),
        Step("error: quota", ["cognitiveservices", "account", "deployment", "create", *acct, "--deployment-name",
                              "huge", *REALTIME[:-1], "20000"], rc=1, error="InsufficientQuota"),
        Step("error: 404", ["cognitiveservices", "account", "show", "-g", RG, "-n", "missing-account"], rc=3,
             error="ResourceNotFound"),
        Step("deployment delete", ["cognitiveservices", "account", "deployment", "delete", *acct,
                                   "--deployment-name", "audio"]),
        Step("deployment group validate", ["deployment", "group", "validate", "-g", RG, "--template-file",
                                           str(template_dir / "azuredeploy.json"), "--parameters",
                                           f"@{template_dir / 'azuredeploy.parameters.json'}"],
             fields=["id", "properties.provisioningState", "properties.timestamp", "properties.correlationId",
                     "properties.templateHash"]),
        Step("deployment group what-if", ["deployment", "group", "what-if", "-g", RG, "--template-file",
                                          str(template_dir / "azuredeploy.json"), "--parameters",
                                          f"@{template_dir / 'azuredeploy.parameters.json'}", "--no-pretty-print"],
             fields=["status", "changes.0.changeType", "changes.0.resourceId"]),
        Step("deployment group create", ["deployment", "group", "create", "-g", RG, "-n", "lane",
                                         "--template-file", str(template_dir / "azuredeploy.json"), "--parameters",
                                         f"@{template_dir / 'azuredeploy.parameters.json'}"],
             fields=["id", "properties.provisioningState", "properties.outputResources", "properties.timestamp"]),
        Step("deployment group show", ["deployment", "group", "show", "-g", RG, "-n", "lane"],
             fields=["id", "properties.provisioningState", "properties.templateHash"]),
        Step("deployment operation group list", ["deployment", "operation", "group", "list", "-g", RG, "-n", "lane"],
             fields=["0.id", "0.properties.provisioningState", "0.properties.targetResource.id"]),
        Step("account delete", ["cognitiveservices", "account", "delete", *acct]),
        Step("account list-deleted", ["cognitiveservices", "account", "list-deleted"],
             fields=["0.id", "0.properties.deletionDate", "0.properties.scheduledPurgeDate"]),
        Step("account show-deleted", ["cognitiveservices", "account", "show-deleted", "-g", RG, "-n", OPENAI,
                                      "-l", "swedencentral"], fields=["id", "properties.deletionDate"]),
        Step("error: soft-deleted name", ["cognitiveservices", "account", "create", *acct, "-l", "swedencentral",
                                          "--kind", "OpenAI", "--sku", "S0", "--custom-domain", OPENAI, "--yes"],
             rc=1, error="FlagMustBeSetForRestore"),
        Step("account recover", ["cognitiveservices", "account", "recover", "-g", RG, "-n", OPENAI, "-l",
                                 "swedencentral"]),
        Step("account show (recovered)", ["cognitiveservices", "account", "show", *acct],
             fields=["id", "properties.provisioningState"]),
        Step("account delete again", ["cognitiveservices", "account", "delete", *acct]),
        Step("account purge", ["cognitiveservices", "account", "purge", "-g", RG, "-n", OPENAI, "-l",
                               "swedencentral"]),
        Step("account list-deleted (purged)", ["cognitiveservices", "account", "list-deleted"],
             check=lambda out: all(OPENAI not in str(item.get("id")) for item in out)),
        Step("subscription in scope", ["account", "list"], check=lambda out: out[0]["id"] == sub),
    ]


def run(az: str, step: Step, env: dict[str, str]) -> tuple[bool, str, float]:
    started = time.monotonic()
    done = subprocess.run([az, *step.args, "-o", "json"], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=300)
    took = time.monotonic() - started
    if done.returncode != step.rc:
        return False, f"exit {done.returncode} (expected {step.rc}): {done.stderr.strip()[-800:]}", took
    if step.error and step.error not in done.stderr:
        return False, f"expected {step.error} in: {done.stderr.strip()[-800:]}", took
    if step.rc != 0 or not (step.fields or step.check):
        return True, "", took
    try:
        out = json.loads(done.stdout)
    except ValueError:
        return False, f"not JSON: {done.stdout[:300]}", took
    nulls = [f for f in step.fields if lookup(out, f) is None]
    if nulls:
        return False, f"null or missing: {', '.join(nulls)}", took
    if step.check is not None and not step.check(out):
        return False, f"check failed on: {json.dumps(out)[:300]}", took
    return True, "", took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--az", required=True, help="the az executable (azure-cli 2.91.0 in its own venv)")
    parser.add_argument("--keep", type=Path, help="work directory to keep (default: a temporary one)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="az-lane-"))
    work.mkdir(parents=True, exist_ok=True)
    template_dir = work / "arm"
    subprocess.run([sys.executable, "-m", "aoai_provision", "render", str(ROOT / "environments" / "dev.yaml"),
                    "--format", "arm", "--out", str(template_dir)], check=True, capture_output=True)
    serve = subprocess.Popen([sys.executable, "-m", "aoai_provision", "emulator", "serve", "--port", "0",
                              "--state", str(work / "state" / "emulator.json")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    failures = 0
    started = time.monotonic()
    try:
        assert serve.stdout is not None
        info = json.loads(serve.stdout.readline())
        env = {**os.environ, "AZURE_CONFIG_DIR": str(work / "azure"), "REQUESTS_CA_BUNDLE": info["ca_bundle"],
               "AZURE_CORE_INSTANCE_DISCOVERY": "false",  # az's setting for non-Microsoft authorities
               "AZURE_CORE_COLLECT_TELEMETRY": "false", "AZURE_CORE_NO_COLOR": "true",
               "AZURE_CORE_DISABLE_CONFIRM_PROMPT": "true", "AZURE_CORE_SURVEY_MESSAGE": "false"}
        for step in steps(info, template_dir):
            ok, why, took = run(args.az, step, env)
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {took:5.1f}s  az {step.name}" + (f"\n      {why}" if why else ""),
                  flush=True)
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=10)
        except subprocess.TimeoutExpired:
            serve.kill()
    print(f"az lane: {'all steps passed' if not failures else f'{failures} step(s) failed'} "
          f"in {time.monotonic() - started:.0f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
