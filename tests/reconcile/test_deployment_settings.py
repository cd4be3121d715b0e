"""spillover_deployment, service_tier and state: validated as the docs require, planned, applied, rendered."""

from __future__ import annotations

import json
from typing import Any

import yaml
from click.testing import CliRunner

from aoai_provision.cli import main

RG = "rg-aoai-test"
AS_OF = "2026-06-01"
FILE = {
    "environment": "test",
    "subscription": "00000000-0000-0000-0000-000000000000",
    "resource_group": RG,
    "accounts": [{
        "name": "aoai-test-ptu", "region": "swedencentral",
        "deployments": [
            # the provisioned deployment comes first in the file: apply must create its target before it
            {"name": "ptu", "model": "gpt-4o-mini", "version": "2024-07-18", "sku": "GlobalProvisionedManaged",
             "capacity": 15, "spillover_deployment": "std"},
            {"name": "std", "model": "gpt-4o-mini", "version": "2024-07-18", "sku": "GlobalStandard", "capacity": 10},
            {"name": "fast", "model": "gpt-4.1", "version": "2025-04-14", "sku": "GlobalStandard", "capacity": 10,
             "service_tier": "Priority"},
            {"name": "idle", "model": "gpt-4.1", "version": "2025-04-14", "sku": "GlobalStandard", "capacity": 5,
             "state": "paused"},
        ],
    }],
}


def _write(env: Any, data: dict[str, Any]) -> None:
    env.file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _props(env: Any, name: str) -> dict[str, Any]:
    from aoai_provision.azure.merge_writes import raw_json

    return dict(env.clients().cognitive.deployments.get(RG, "aoai-test-ptu", name, cls=raw_json)["properties"])


def _codes(data: dict[str, Any]) -> list[tuple[str, str]]:
    path = "/tmp/aoai-settings-validate.yaml"
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    result = CliRunner().invoke(main, ["validate", path, "--as-of", AS_OF, "--format", "json"])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    return [(f["resource"], f["message"]) for f in findings if f["code"] == "invalid-deployment-option"]


def test_settings_are_applied_kept_and_the_next_plan_is_empty(env: Any) -> None:
    _write(env, FILE)
    env.ok(env.run("apply", "--yes", "--as-of", AS_OF))
    assert _props(env, "ptu")["spilloverDeploymentName"] == "std"
    assert _props(env, "fast")["serviceTier"] == "Priority"
    assert _props(env, "idle")["deploymentState"] == "Paused"
    env.ok(env.run("plan", "--detailed-exitcode", "--as-of", AS_OF), 0)
    # resume, and a capacity change on the spillover source keeps its spillover
    resumed = json.loads(json.dumps(FILE))
    resumed["accounts"][0]["deployments"][3]["state"] = "running"
    resumed["accounts"][0]["deployments"][0]["capacity"] = 20
    _write(env, resumed)
    plan = env.ok(env.run("plan", "--detailed-exitcode", "--as-of", AS_OF), 2).stdout
    assert "state: paused → running" in plan
    env.ok(env.run("apply", "--yes", "--as-of", AS_OF))
    assert _props(env, "idle")["deploymentState"] == "Running"
    assert _props(env, "ptu")["spilloverDeploymentName"] == "std"
    env.ok(env.run("plan", "--detailed-exitcode", "--as-of", AS_OF), 0)


def test_validate_checks_spillover_priority_and_pause_as_the_docs_require(env: Any) -> None:
    bad = json.loads(json.dumps(FILE))
    deps = bad["accounts"][0]["deployments"]
    deps[0]["spillover_deployment"] = "idle"  # another model
    deps[1]["spillover_deployment"] = "ptu"  # not a provisioned deployment
    deps[2]["model"] = "gpt-4o-mini"
    deps[2]["version"] = "2024-07-18"  # no priority processing for gpt-4o-mini
    deps.append({"name": "ptu2", "model": "gpt-4o-mini", "version": "2024-07-18", "sku": "GlobalProvisionedManaged",
                 "capacity": 15, "state": "paused", "spillover_deployment": "missing"})
    found = _codes(bad)
    text = "\n".join(f"{r}: {m}" for r, m in found)
    assert "aoai-test-ptu/ptu: spillover target idle deploys gpt-4.1, not gpt-4o-mini" in text
    assert "aoai-test-ptu/std: spillover_deployment is for provisioned deployments" in text
    assert "aoai-test-ptu/fast: service_tier Priority is not offered for gpt-4o-mini 2024-07-18" in text
    assert "aoai-test-ptu/ptu2: spillover_deployment 'missing' must name another deployment" in text
    assert "aoai-test-ptu/ptu2: state paused: pausing is supported only on" in text
    assert _codes(FILE) == []


def test_rendered_templates_carry_the_settings_and_chain_the_target_first(env: Any) -> None:
    _write(env, FILE)
    out = env.root / "out"
    result = CliRunner().invoke(main, ["render", str(env.file), "--format", "arm", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    resources = json.loads((out / "azuredeploy.json").read_text(encoding="utf-8"))["resources"]
    deps = [r for r in resources if r["type"].endswith("/deployments")]
    by_name = {r["name"].split("/")[-1].strip("]'\") ").split("'")[-1]: r for r in deps}
    props = {name: r["properties"] for name, r in by_name.items()}
    assert any(p.get("spilloverDeploymentName") == "std" for p in props.values())
    assert any(p.get("serviceTier") == "Priority" for p in props.values())
    assert any(p.get("deploymentState") == "Paused" for p in props.values())
    order = [json.dumps(r["properties"]) for r in deps]
    assert not any("spilloverDeploymentName" in o for o in order[:1])  # the spillover source is not first
