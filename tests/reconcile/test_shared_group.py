"""Environments sharing one resource group merge their group tags (ARM's tags PATCH), never overwrite them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

RG = "rg-shared"


def _environment(root: Path, name: str, tags: dict[str, str], region: str) -> Path:
    data = {"environment": name, "subscription": "00000000-0000-0000-0000-000000000000", "resource_group": RG,
            "location": "eastus2", "tags": tags,
            "accounts": [{"name": f"aoai-{name}", "region": region, "deployments": [
                {"name": "embed", "model": "text-embedding-3-large", "version": "1", "sku": "Standard",
                 "capacity": 1}]}]}
    path = root / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _start(file: Path, state: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "aoai_provision", "apply", str(file), "--emulator-state",
                             str(state), "--yes", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "NO_COLOR": "1"})


def test_two_environments_sharing_a_group_applied_at_once_both_keep_their_tags(env: Any) -> None:
    state = env.root / "shared.json"
    first = _environment(env.root, "team-a", {"team-a": "1"}, "japaneast")
    second = _environment(env.root, "team-b", {"team-b": "2"}, "swedencentral")
    env.state = state
    env.ok(env.run("apply", "--yes", file=first))
    first = _environment(env.root, "team-a", {"team-a": "1", "a-extra": "x"}, "japaneast")
    runs = [_start(first, state), _start(second, state)]
    for run in runs:
        out = run.communicate(timeout=120)[0]
        assert run.returncode == 0, out
    from aoai_provision.azure.clients import build_clients
    from aoai_provision.azure.target import EMULATOR_SUBSCRIPTION, Target

    clients = build_clients(Target.from_options(emulator_state=state), EMULATOR_SUBSCRIPTION)
    tags = clients.resources.resource_groups.get(RG).tags
    assert {"team-a": "1", "a-extra": "x", "team-b": "2", "managed-by": "aoai-provision"}.items() <= tags.items()
    assert tags["aoai-provision-environment"] == "team-a"  # the group's creator; merges leave it alone
    for file in (first, second):
        env.ok(env.run("plan", "--detailed-exitcode", file=file), 0)


def test_a_group_tag_change_is_sent_as_a_merge_patch_not_a_put(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["tags"].update({"owner": "platform"}))
    env.clear_log()
    env.ok(env.run("apply", "--yes"))
    operations = [r.get("operation") for r in env.writes()]
    assert operations.count("Tags_UpdateAtScope") == 1 and "ResourceGroups_CreateOrUpdate" not in operations
    tags = env.clients().resources.resource_groups.get("rg-aoai-test").tags
    assert tags["owner"] == "platform" and tags["cost-center"] == "4711"
