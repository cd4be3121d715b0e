"""Content filters, blocklists and role assignments applied through the real SDK against the emulator."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

RG = "rg-aoai-test"
ACCOUNT = "aoai-test-swedencentral"
SUB = "00000000-0000-0000-0000-000000000000"
SCOPE = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.CognitiveServices/accounts/{ACCOUNT}"
OUTSIDER = "99999999-0000-0000-0000-000000000001"
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
DATA = Path(__file__).resolve().parents[1] / "data" / "access" / "access.yaml"


@pytest.fixture
def access_env(env: Any) -> Any:
    shutil.copy(DATA, env.file)
    return env


def _kind(request: dict[str, Any]) -> str:
    path = str(request.get("path", request.get("url", ""))).split("?")[0].lower()
    for marker in ("raiblocklistitems", "raiblocklists", "raipolicies", "roleassignments", "deployments"):
        if f"/{marker}/" in path:
            return marker
    return "account"


def _grant_outside(env: Any, principal: str, role: str = OPENAI_USER, name: str | None = None) -> str:
    import uuid

    from azure.mgmt.authorization.v2022_04_01 import models as m

    name = name or str(uuid.uuid4())
    env.clients().authorization.role_assignments.create(SCOPE, name, m.RoleAssignmentCreateParameters(
        role_definition_id=f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{role}",
        principal_id=principal, principal_type="User"))
    return name


def _assignments(env: Any) -> dict[str, Any]:
    items = env.clients().authorization.role_assignments.list_for_scope(SCOPE, filter="atScope()")
    return {a.name: a for a in items}


def test_converges_in_one_apply_in_dependency_order(access_env: Any) -> None:
    env = access_env
    env.ok(env.run("apply", "--yes"))
    order = [_kind(r) for r in env.writes() if r.get("method") == "PUT"]
    assert order.index("raiblocklists") < order.index("raiblocklistitems") < order.index("raipolicies")
    assert order.index("raipolicies") < order.index("deployments")
    assert order.count("raiblocklistitems") == 2 and order.count("roleassignments") == 2
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
    cog = env.clients().cognitive
    policy = cog.rai_policies.get(RG, ACCOUNT, "strict")
    assert {(f.name, f.source) for f in policy.properties.content_filters} == {
        ("Hate", "Prompt"), ("Hate", "Completion"), ("Jailbreak", "Prompt")}
    assert [b.blocklist_name for b in policy.properties.custom_blocklists] == ["banned-terms"]
    assert cog.deployments.get(RG, ACCOUNT, "chat").properties.rai_policy_name == "strict"
    items = {i.properties.pattern: i.properties.is_regex for i in cog.rai_blocklist_items.list(RG, ACCOUNT,
                                                                                                "banned-terms")}
    assert items == {"contoso-internal": False, "project-[0-9]{4}": True}
    backend = env.clients().transport.backend
    assert backend.has_data_plane_role("11111111-2222-3333-4444-555555555555", SCOPE)
    assert not backend.has_data_plane_role(OUTSIDER, SCOPE)


def test_a_changed_blocklist_item_is_a_one_item_diff(access_env: Any) -> None:
    env = access_env
    env.ok(env.run("apply", "--yes"))
    env.edit(lambda d: d["defaults"]["account"]["blocklists"]["banned-terms"]["items"].__setitem__(0, "contoso-secret"))
    out = env.ok(env.run("plan", "--detailed-exitcode", "--format", "json"), 2).output
    import json

    actions = json.loads(out)["actions"]
    assert [(a["kind"], a["resource_type"]) for a in actions] == [("delete", "blocklist_item"),
                                                                  ("create", "blocklist_item")]
    assert actions[1]["desired"]["pattern"] == "contoso-secret"
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_outside_role_assignments_are_never_touched(access_env: Any) -> None:
    env = access_env
    env.ok(env.run("apply", "--yes"))
    outside = _grant_outside(env, OUTSIDER)
    env.edit(lambda d: d["defaults"]["account"]["role_assignments"].pop(1))
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 0)  # removal alone waits for --prune
    assert "--prune would delete it" in plan.output
    env.clear_log()
    env.ok(env.run("apply", "--yes", "--prune"))
    deleted = [r for r in env.writes() if r.get("method") == "DELETE"]
    assert len(deleted) == 1 and _kind(deleted[0]) == "roleassignments"
    assert outside in _assignments(env) and len(_assignments(env)) == 2
    env.clear_log()
    env.ok(env.run("destroy", "--yes"))
    deleted_paths = " ".join(str(r.get("path", r.get("url", ""))) for r in env.writes())
    assert outside not in deleted_paths
    assert "/roleassignments/" in deleted_paths.lower()


def test_a_role_granted_outside_is_reported_not_duplicated(access_env: Any) -> None:
    env = access_env
    env.ok(env.run("apply", "--yes"))
    # someone else grants the same role to the same principal under another name
    mine = set(_assignments(env))
    for name in mine:
        env.clients().authorization.role_assignments.delete(SCOPE, name)
    outside = _grant_outside(env, "11111111-2222-3333-4444-555555555555")
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2)
    assert "already granted" in plan.output and outside in plan.output
    env.ok(env.run("apply", "--yes"))
    assert outside in _assignments(env)
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_destroy_removes_exactly_what_the_tool_made(access_env: Any) -> None:
    env = access_env
    env.ok(env.run("apply", "--yes"))
    env.clear_log()
    env.ok(env.run("destroy", "--yes"))
    deletes = sorted(_kind(r) for r in env.writes() if r.get("method") == "DELETE")
    assert deletes == ["account", "deployments", "raiblocklists", "raipolicies", "roleassignments", "roleassignments"]


def test_removing_a_policy_frees_its_deployment_first_then_deletes_in_reverse(access_env: Any) -> None:
    env = access_env
    env.ok(env.run("apply", "--yes"))

    def drop(d: dict[str, Any]) -> None:
        account = d["defaults"]["account"]
        del account["content_filters"], account["blocklists"]
        d["deployments"][0]["rai_policy"] = "Microsoft.DefaultV2"

    env.edit(drop)
    env.clear_log()
    env.ok(env.run("apply", "--yes", "--prune"))
    order = [(r["method"], _kind(r)) for r in env.writes()]
    assert order == [("PUT", "deployments"), ("DELETE", "raipolicies"), ("DELETE", "raiblocklists")]
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_a_file_without_access_keys_never_loads_the_authorization_sdk(env: Any, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from aoai_provision.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'azure.mgmt.authorization' not in sys.modules, 'authorization SDK loaded'\n"
            "assert 'azure.mgmt.cognitiveservices' in sys.modules\n")
    args = ["plan", str(env.file), *env.target_args()]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 0, done.stderr


def test_a_saved_plan_with_access_applies(access_env: Any) -> None:
    env = access_env
    plan = env.root / "plan.json"
    env.ok(env.run("plan", "--out", str(plan)))
    from click.testing import CliRunner

    from aoai_provision.cli import main

    result = CliRunner().invoke(main, ["apply", str(plan), "--yes", *env.target_args()], catch_exceptions=False)
    env.ok(result)
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_a_same_named_policy_made_outside_is_taken_over_only_with_adopt(access_env: Any) -> None:
    import json

    from azure.mgmt.cognitiveservices import models as m

    env = access_env
    env.ok(env.run("apply", "--yes"))
    env.clients().cognitive.rai_policies.create_or_update(RG, ACCOUNT, "portal-made", m.RaiPolicy(
        properties=m.RaiPolicyProperties(base_policy_name="Microsoft.DefaultV2")))
    env.edit(lambda d: d["defaults"]["account"]["content_filters"].__setitem__(
        "portal-made", {"filters": [{"name": "violence", "source": "Prompt", "severity": "High"}]}))
    refused = env.ok(env.run("plan"), 1)
    assert "PLAN108" in refused.output and "portal-made" in refused.output
    # --adopt takes it over: one update that writes the tags and the file's filters
    adopt = env.ok(env.run("plan", "--adopt", "--format", "json", "--detailed-exitcode"), 2)
    (action,) = json.loads(adopt.output)["actions"]
    assert (action["address"].rsplit(".", 1)[-1], action["kind"], action["adopt"]) == ("portal-made", "update", True)
    assert {c["field"] for c in action["changes"]} >= {"filters", "tags.managed-by"}
    env.ok(env.run("apply", "--yes", "--adopt"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_audit_notes_deployments_on_no_explicit_content_filter(access_env: Any) -> None:
    import json

    env = access_env
    env.edit(lambda d: d["deployments"].append(
        {"name": "plain", "model": "gpt-4.1-mini", "version": "2025-04-14", "capacity": 10}))
    from click.testing import CliRunner

    from aoai_provision.cli import main

    result = CliRunner().invoke(main, ["audit", str(env.file), "--format", "json", "--as-of", "2026-11-30"])
    findings = [f for f in json.loads(result.output)["findings"] if f["code"] == "AOAI620"]
    assert [f["resource"] for f in findings] == ["aoai-test-swedencentral/plain"]

    def no_filters(d: dict[str, Any]) -> None:  # a file that manages no content filters at all
        del d["defaults"]["account"]["content_filters"], d["deployments"][0]["rai_policy"]
        d["deployments"].append({"name": "stt", "model": "whisper", "version": "001", "sku": "Standard",
                                 "capacity": 1})

    env.edit(no_filters)
    result = CliRunner().invoke(main, ["audit", str(env.file), "--format", "json", "--as-of", "2026-11-30",
                                       "--fail-within", "3650"])
    notes = [f for f in json.loads(result.output)["findings"] if f["code"] == "AOAI620"]
    # every deployment on no explicit policy, except Whisper (content filtering does not apply to it)
    assert sorted(f["resource"] for f in notes) == ["aoai-test-swedencentral/chat", "aoai-test-swedencentral/plain"]
    assert {(f["severity"], f["gated"]) for f in notes} == {("info", False)}  # no date: never gates the exit code
    assert findings[0]["severity"] == "info" and findings[0]["location"]["line"] > 0


def test_import_writes_the_children_the_tool_made_and_leaves_out_the_rest(access_env: Any) -> None:
    import yaml
    from click.testing import CliRunner

    from aoai_provision.cli import main

    env = access_env
    env.ok(env.run("apply", "--yes"))
    outsider = _grant_outside(env, OUTSIDER)
    out = env.root / "imported.yaml"
    env.ok(CliRunner().invoke(main, ["import", "-g", RG, "-o", str(out), *env.target_args()]))
    text = out.read_text(encoding="utf-8")
    assert outsider not in text and OUTSIDER not in text  # granted outside the tool: not the file's
    account = yaml.safe_load(text)["defaults"]["account"]  # a matrix's children: written once, in defaults
    assert [f["name"] for f in account["content_filters"]["strict"]["filters"]] == ["hate", "hate", "jailbreak"]
    assert account["blocklists"]["banned-terms"]["items"] == ["contoso-internal",
                                                             {"pattern": "project-[0-9]{4}", "regex": True}]
    assert sorted(r["role"] for r in account["role_assignments"]) == [
        "Cognitive Services OpenAI Contributor", "Cognitive Services OpenAI User"]
    env.ok(env.run("plan", "--detailed-exitcode", file=out), 0)
