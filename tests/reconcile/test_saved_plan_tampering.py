"""A hand-edited saved plan cannot widen what apply does: each tampering is refused and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

RG = "rg-aoai-test"
Edit = Callable[[dict[str, Any]], None]


def _untagged_deployment(env: Any) -> None:
    """A deployment someone made by hand in a managed account (no ownership tags)."""
    from azure.mgmt.cognitiveservices import models as m

    body = m.Deployment(sku=m.Sku(name="Standard", capacity=1),
                        properties=m.DeploymentProperties(model=m.DeploymentModel(
                            format="OpenAI", name="text-embedding-3-large", version="1")))
    env.clients().cognitive.deployments.begin_create_or_update(RG, "aoai-test-batch", "hand-made", body).result()


def _delete_action(resource_type: str, name: str, account: str | None) -> dict[str, Any]:
    address = {"deployment": f"account.{account}.deployment.{name}", "account": f"account.{name}",
               "resource_group": f"resource_group.{name}"}[resource_type]
    return {"address": address, "kind": "delete", "resource_type": resource_type, "name": name, "account": account,
            "region": "swedencentral", "reason": "not in the file (--prune)", "changes": [], "capacity_delta": 0,
            "desired": None}


def _add(action: dict[str, Any]) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["actions"].append(action)
        data["summary"]["destroy"] += 1
        data["summary"]["has_changes"] = True
    return edit


def _embed(data: dict[str, Any]) -> dict[str, Any]:
    return next(a for a in data["actions"] if a["name"] == "embed")


def _set_desired(key: str, value: Any) -> Edit:
    return lambda data: _embed(data)["desired"].__setitem__(key, value)


def _drop_ownership(data: dict[str, Any]) -> None:
    _embed(data)["desired"]["tags"] = {"cost-center": "4711"}


TAMPERINGS: dict[str, tuple[Edit, str]] = {
    "delete of an untagged deployment": (
        _add(_delete_action("deployment", "hand-made", "aoai-test-batch")),
        "it would delete account.aoai-test-batch.deployment.hand-made, which a plan made now does not"),
    "delete of the resource group": (
        _add(_delete_action("resource_group", RG, None)),
        f"it would delete resource_group.{RG}, which a plan made now does not"),
    "ownership tags removed": (_drop_ownership, "would write tags"),
    "blank fingerprint": (lambda data: data.__setitem__("fingerprint", ""), "has no fingerprint"),
    "unshown field changed": (_set_desired("version_upgrade", "NoAutoUpgrade"), "would write version_upgrade"),
    "a string where a number belongs": (_set_desired("capacity", "25"), "would write capacity"),
    "a boolean where a number belongs": (
        lambda data: _embed(data).__setitem__("capacity_delta", True), "actions.0.capacity_delta"),
    "an unknown field": (lambda data: _embed(data).__setitem__("force", True), "actions.0.force"),
    "a recorded option flipped": (
        lambda data: data["options"].__setitem__("prune", "yes"), "options.prune"),
}


def test_each_tampered_saved_plan_is_refused_and_nothing_is_written(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    _untagged_deployment(env)
    env.edit(lambda d: d["accounts"][0]["deployments"][0].update(capacity=25))
    saved = env.root / "plan.json"
    env.ok(env.run("plan", "--out", str(saved)))
    pristine = saved.read_text(encoding="utf-8")
    for name, (edit, expected) in TAMPERINGS.items():  # a refusal writes nothing, so one setup serves all
        data = json.loads(pristine)
        edit(data)
        saved.write_text(json.dumps(data), encoding="utf-8")
        env.clear_log()
        refused = env.run("apply", "--yes", file=saved)
        assert refused.exit_code == 1, (name, refused.output)
        assert expected in " ".join(refused.output.split()), (name, refused.output)
        assert "Traceback" not in refused.output
        assert env.writes() == [], name
    assert "hand-made" in env.deployments("aoai-test-batch")
    assert env.deployments("aoai-test-batch")["embed"].sku.capacity == 20
    saved.write_text(pristine, encoding="utf-8")  # the untampered plan of the same setup applies
    env.ok(env.run("apply", "--yes", file=saved))
    assert env.deployments("aoai-test-batch")["embed"].sku.capacity == 25
    assert "hand-made" in env.deployments("aoai-test-batch")


def test_a_saved_plan_with_infinity_is_refused(env: Any) -> None:
    saved = env.root / "plan.json"
    env.ok(env.run("plan", "--out", str(saved)))
    text = saved.read_text(encoding="utf-8").replace('"capacity_delta": 20', '"capacity_delta": Infinity', 1)
    saved.write_text(text, encoding="utf-8")
    refused = env.ok(env.run("apply", "--yes", file=saved), 1)
    assert "Infinity is not a JSON number" in refused.output
    assert env.writes() == []
