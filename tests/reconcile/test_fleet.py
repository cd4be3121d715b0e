"""Fleets: plan, apply, destroy and outputs over several environment files in three subscriptions at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

SUBSCRIPTIONS = {"dev": "11111111-1111-1111-1111-111111111111", "staging": "22222222-2222-2222-2222-222222222222",
                 "prod": "33333333-3333-3333-3333-333333333333"}


def _fleet(env: Any) -> list[Path]:
    base = yaml.safe_load(env.file.read_text(encoding="utf-8"))
    folder = env.root / "environments"
    folder.mkdir()
    paths = []
    for name, sub in SUBSCRIPTIONS.items():
        data = {**base, "environment": name, "subscription": sub, "resource_group": f"rg-aoai-{name}"}
        data["accounts"] = [{**base["accounts"][0], "name": f"aoai-{name}-batch"}]
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def _run(env: Any, *args: str) -> Result:
    from aoai_provision.cli import main

    return CliRunner().invoke(main, [*args, *env.target_args()],
                              catch_exceptions=False)


def test_three_subscriptions_plan_apply_converge_and_the_worst_exit_code_wins(env: Any) -> None:
    paths = [str(p) for p in _fleet(env)]
    planned = env.ok(_run(env, "plan", *paths, "--detailed-exitcode"), 2)
    assert "=== dev (" in planned.output and "=== prod (" in planned.output
    assert "Summary of 3 environments:" in planned.output
    assert planned.output.count("Plan: 9 to add, 0 to change") == 6  # every environment planned (section + summary)

    as_json = json.loads(env.ok(_run(env, "plan", *paths, "--format", "json"), 0).stdout)
    assert sorted(e["plan"]["subscription"] for e in as_json["environments"]) == sorted(SUBSCRIPTIONS.values())

    applied = env.ok(_run(env, "apply", str(env.root / "environments"), "--yes"))
    assert "Summary of 3 environments:" in applied.output and applied.output.count("Apply complete") >= 3
    env.ok(_run(env, "plan", *paths, "--detailed-exitcode"), 0)
    outputs = json.loads(env.ok(_run(env, "outputs", *paths, "--format", "json")).stdout)
    assert [len(e["outputs"]["accounts"]) for e in outputs["environments"]] == [3, 3, 3]

    # one broken environment: the run fails (1 beats 2), the others are still planned and shown
    Path(paths[0]).write_text(Path(paths[0]).read_text(encoding="utf-8").replace("GlobalStandard", "NoSuchSku"),
                              encoding="utf-8")
    broken = env.ok(_run(env, "plan", *paths, "--detailed-exitcode"), 1)
    assert "error:" in broken.output and "=== prod (" in broken.output


def test_plan_out_dir_saves_one_plan_per_file_and_apply_dir_applies_them(env: Any) -> None:
    paths = [str(p) for p in _fleet(env)]
    plans = env.root / "plans"
    env.ok(_run(env, "plan", *paths, "--out-dir", str(plans)))
    assert sorted(p.name for p in plans.iterdir()) == ["dev.json", "prod.json", "staging.json"]
    env.ok(_run(env, "apply", str(plans), "--yes"))
    env.ok(_run(env, "plan", *paths, "--detailed-exitcode"), 0)
    destroyed = env.ok(_run(env, "destroy", *paths, "--yes"))
    assert "Summary of 3 environments:" in destroyed.output


def test_destroy_purge_of_a_fleet_purges_each_environments_accounts_so_plan_creates_them_again(env: Any) -> None:
    paths = [str(p) for p in _fleet(env)][:2]
    env.ok(_run(env, "apply", *paths, "--yes"))
    destroyed = env.ok(_run(env, "destroy", *paths, "--yes", "--purge", "--format", "json"))
    doc = json.loads(destroyed.stdout)
    for entry in doc["environments"]:
        name = entry["environment"]
        assert entry["outcome"] == "succeeded"
        assert sorted(p["address"] for p in entry["purged"]) == [
            f"account.aoai-{name}-batch", f"account.aoai-{name}-eastus2", f"account.aoai-{name}-swedencentral"]
    assert destroyed.stderr.count("Purge complete: 3 account(s) purged") == 2
    from aoai_provision.azure.clients import build_clients
    from aoai_provision.azure.target import Target

    for name in ("dev", "staging"):  # nothing soft-deleted is left in either subscription
        clients = build_clients(Target.from_options(emulator_state=env.state, emulator_config=env.config),
                                SUBSCRIPTIONS[name])
        assert list(clients.cognitive.deleted_accounts.list()) == []
    planned = env.ok(_run(env, "plan", *paths, "--detailed-exitcode"), 2)  # created again, no soft-delete error
    assert planned.output.count("Plan: 8 to add, 0 to change") == 4  # the accounts and deployments, in each
