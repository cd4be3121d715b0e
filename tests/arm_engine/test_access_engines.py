"""Content filters, blocklists and role assignments: --engine arm and the SDK engine leave identical state."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.arm_engine.conftest import _clean

ACCESS = Path(__file__).resolve().parents[1] / "data" / "access" / "access.yaml"
RG, ACCOUNT = "rg-aoai-test", "aoai-test-swedencentral"
VOLATILE_ROLE = {"created_on", "updated_on"}


def _children(space: Any) -> dict[str, Any]:
    clients = space.clients()
    cog = clients.cognitive
    out: dict[str, Any] = {f"policy/{p.name}": _clean(p.as_dict()) for p in cog.rai_policies.list(RG, ACCOUNT)}
    for b in cog.rai_blocklists.list(RG, ACCOUNT):
        out[f"blocklist/{b.name}"] = _clean(b.as_dict())
        for i in cog.rai_blocklist_items.list(RG, ACCOUNT, b.name):
            out[f"item/{b.name}/{i.name}"] = _clean(i.as_dict())
    account = cog.accounts.get(RG, ACCOUNT)
    for a in clients.authorization.role_assignments.list_for_scope(account.id, filter="atScope()"):
        out[f"role/{a.name}"] = {k: v for k, v in a.as_dict().items() if k not in VOLATILE_ROLE}
    out["deployment/chat"] = cog.deployments.get(RG, ACCOUNT, "chat").properties.rai_policy_name
    return out


@pytest.fixture
def applied(workspace_factory: Callable[[str], Any]) -> dict[str, Any]:
    spaces = {}
    for engine in ("sdk", "arm"):
        space = workspace_factory(engine)
        shutil.copy(ACCESS, space.file)
        space.ok("apply", "--engine", engine, "--yes")
        spaces[engine] = space
    return spaces


def test_both_engines_leave_identical_children(applied: dict[str, Any]) -> None:
    sdk, arm = _children(applied["sdk"]), _children(applied["arm"])
    assert sorted(sdk) == sorted(arm)
    assert len([k for k in sdk if k.startswith("role/")]) == 2 and len([k for k in sdk if k.startswith("item/")]) == 2
    for key in sdk:
        assert arm[key] == sdk[key], key


@pytest.mark.parametrize(("first", "second"), [("sdk", "arm"), ("arm", "sdk")])
def test_after_either_engine_the_other_plans_nothing(applied: dict[str, Any], first: str, second: str) -> None:
    assert "No changes" in applied[first].ok("plan", "--engine", second, "--detailed-exitcode").output


def test_a_changed_item_through_the_arm_engine(applied: dict[str, Any]) -> None:
    space = applied["arm"]
    space.edit(lambda d: d["defaults"]["account"]["blocklists"]["banned-terms"]["items"].__setitem__(0, "contoso-x"))
    space.ok("apply", "--engine", "arm", "--yes")
    assert "No changes" in space.ok("plan", "--detailed-exitcode").output
    items = [k for k in _children(space) if k.startswith("item/")]
    assert len(items) == 2 and any("contoso-x" in k for k in items)


def _move_to_lenient_and_drop_strict(d: dict[str, Any]) -> None:
    filters = d["defaults"]["account"]["content_filters"]
    filters["lenient"] = {"base_policy": "Microsoft.DefaultV2", "mode": "Default",
                          "filters": [{"name": "violence", "source": "Prompt", "severity": "High", "blocking": True}]}
    del filters["strict"]
    d["deployments"][0]["rai_policy"] = "lenient"


def test_moving_a_deployment_off_a_pruned_policy_converges_in_one_apply(applied: dict[str, Any]) -> None:
    """The policy delete waits for the template that moves the deployment off it (ARM refuses to delete a
    policy in use): one `apply --prune` converges on both engines, to the same state."""
    for engine, space in applied.items():
        space.edit(_move_to_lenient_and_drop_strict)
        space.ok("apply", "--engine", engine, "--prune", "--yes")
        assert "No changes" in space.ok("plan", "--engine", engine, "--prune", "--detailed-exitcode").output
    sdk, arm = _children(applied["sdk"]), _children(applied["arm"])
    assert sdk["deployment/chat"] == "lenient" and "policy/strict" not in sdk and "policy/lenient" in sdk
    assert sorted(sdk) == sorted(arm)
    for key in sdk:
        assert arm[key] == sdk[key], key
