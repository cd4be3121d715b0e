"""A resource whose operation ended Failed is not converged: the plan shows a repair, apply re-sends its body."""

from __future__ import annotations

from typing import Any

RG = "rg-aoai-test"
ALL_FAIL = {"faults": {"seed": 1, "rate": 1.0, "kinds": ["operation_failed"]}}


def _states(env: Any) -> dict[str, str]:
    cognitive = env.clients().cognitive
    states = {}
    for account in cognitive.accounts.list_by_resource_group(RG):
        states[account.name] = account.properties.provisioning_state
        for dep in cognitive.deployments.list(RG, account.name):
            states[f"{account.name}/{dep.name}"] = dep.properties.provisioning_state
    return states


def test_after_an_apply_whose_operations_all_failed_the_plan_shows_repairs_and_apply_converges(env: Any) -> None:
    env.configure(**ALL_FAIL)
    env.ok(env.run("apply", "--yes"), 1)
    failed = _states(env)
    assert failed and set(failed.values()) == {"Failed"}, failed
    env.configure()
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    text = " ".join(plan.output.split())
    assert "repair: Azure reports provisioningState Failed" in text
    assert "provisioning_state: Failed → Succeeded" in text
    env.clear_log()
    env.ok(env.run("apply", "--yes"))
    puts = {r["path"].split("?")[0].rsplit("/", 1)[-1] for r in env.writes() if r["method"] == "PUT"}
    assert set(failed) <= {a for a in failed if a.rsplit("/", 1)[-1] in puts}  # every failed one was re-sent
    states = _states(env)
    assert set(states.values()) == {"Succeeded"}, states
    assert len(states) == 3 + 5  # three accounts, five deployments
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_a_deployment_update_that_failed_is_repaired_even_though_its_values_match(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["accounts"][0]["deployments"][0].update(capacity=25))
    env.configure(**ALL_FAIL)
    env.ok(env.run("apply", "--yes"), 1)
    embed = env.deployments("aoai-test-batch")["embed"]
    assert embed.properties.provisioning_state == "Failed"
    env.configure()
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    assert "account.aoai-test-batch.deployment.embed" in plan.output
    env.ok(env.run("apply", "--yes"))
    embed = env.deployments("aoai-test-batch")["embed"]
    assert (embed.properties.provisioning_state, embed.sku.capacity) == ("Succeeded", 25)
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
