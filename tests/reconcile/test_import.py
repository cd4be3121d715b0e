"""`import` writes the environment file of a resource group; its plan adopts only, then Azure matches it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

HAND = "rg-aoai-hand"


def _cli(env: Any, *args: str) -> Result:
    from aoai_provision.cli import main

    return CliRunner().invoke(main, [*args, *env.target_args()], catch_exceptions=False)


def _validate(path: Path) -> Result:
    from aoai_provision.cli import main

    return CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)


def _import(env: Any, rg: str, out: Path, *extra: str) -> Result:
    return _cli(env, "import", "--resource-group", rg, "-o", str(out), *extra)


def _account(c: Any, name: str, region: str, *, kind: str = "OpenAI", tags: dict[str, str] | None = None,
             **props: Any) -> None:
    from azure.mgmt.cognitiveservices import models as m

    c.cognitive.accounts.begin_create(HAND, name, m.Account(
        kind=kind, sku=m.Sku(name="S0"), location=region, tags=tags,
        properties=m.AccountProperties(custom_sub_domain_name=name, **props))).result()


def _deployment(c: Any, account: str, name: str, model: str, version: str, capacity: int,
                sku: str = "GlobalStandard", tags: dict[str, str] | None = None, **props: Any) -> None:
    from azure.mgmt.cognitiveservices import models as m

    c.cognitive.deployments.begin_create_or_update(HAND, account, name, m.Deployment(
        sku=m.Sku(name=sku, capacity=capacity), tags=tags,
        properties=m.DeploymentProperties(model=m.DeploymentModel(format="OpenAI", name=model, version=version),
                                          **props))).result()


def _portal_content_filter(c: Any, account: str) -> None:
    """A content filter with a blocklist, as the portal makes them (no tags, an item named by the portal)."""
    from azure.mgmt.cognitiveservices import models as m

    cog = c.cognitive
    cog.rai_blocklists.create_or_update(HAND, account, "banned", m.RaiBlocklist(
        properties=m.RaiBlocklistProperties(description="never send")))
    cog.rai_blocklist_items.create_or_update(HAND, account, "banned", "item1", m.RaiBlocklistItem(
        properties=m.RaiBlocklistItemProperties(pattern="contoso-secret", is_regex=False)))
    cog.rai_policies.create_or_update(HAND, account, "portal-strict", m.RaiPolicy(properties=m.RaiPolicyProperties(
        base_policy_name="Microsoft.DefaultV2", mode="Asynchronous_filter",
        content_filters=[m.RaiPolicyContentFilter(name="Violence", enabled=True, severity_threshold="Low",
                                                  blocking=True, source="Prompt")],
        custom_blocklists=[m.CustomBlocklistConfig(blocklist_name="banned", blocking=True, source="Prompt")])))


def _estate_made_by_hand(env: Any) -> None:
    """Two regional accounts named as a matrix names them (one differs in capacity, ACLs and a tag), an
    account with other deployments, and a Speech account - all through the SDK, none tagged by the tool."""
    from azure.mgmt.cognitiveservices import models as m

    c = env.clients()
    c.resources.resource_groups.create_or_update(HAND, {"location": "swedencentral", "tags": {"team": "ai"}})
    acls = m.NetworkRuleSet(default_action="Deny", ip_rules=[m.IpRule(value="203.0.113.0/24")])
    _account(c, "aoai-prod-eastus2", "eastus2", tags={"team": "ai"}, disable_local_auth=True)
    _account(c, "aoai-prod-swedencentral", "swedencentral", tags={"team": "ai", "tier": "eu"},
             disable_local_auth=True, network_acls=acls)
    for account, chat in (("aoai-prod-eastus2", 10), ("aoai-prod-swedencentral", 20)):
        _deployment(c, account, "chat", "gpt-5.4-mini", "2026-03-17", chat, tags={"team": "ai"},
                    version_upgrade_option="NoAutoUpgrade")
        _deployment(c, account, "embed", "text-embedding-3-small", "1", 5, tags={"team": "ai"})
    _account(c, "legacy-embeddings", "swedencentral", tags={"team": "ai"})
    _portal_content_filter(c, "legacy-embeddings")
    _deployment(c, "legacy-embeddings", "ada", "text-embedding-ada-002", "2", 3, tags={"team": "ai"},
                rai_policy_name="portal-strict")
    _account(c, "speech-prod", "swedencentral", kind="SpeechServices")


def test_import_of_accounts_made_by_hand_plans_adoption_only_then_apply_adopt_converges(env: Any) -> None:
    _estate_made_by_hand(env)
    out = env.root / "environments" / "prod.yaml"
    imported = env.ok(_import(env, HAND, out))
    assert "environment 'prod', 3 account(s) (a region matrix of 2 and 1 explicit account(s))" in imported.output
    assert "skipped account speech-prod (kind SpeechServices)" in imported.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by `aoai-provision import`")
    assert f"#   aoai-provision plan {out} --adopt" in text  # the next step, for this file
    assert 'version: "2026-03-17"' in text  # versions quoted: no YAML reader re-types them
    doc = yaml.safe_load(text)
    assert doc["environment"] == "prod" and doc["resource_group"] == HAND and doc["location"] == "swedencentral"
    assert doc["tags"] == {"team": "ai"}  # on every resource: written once
    assert doc["regions"] == ["eastus2", "swedencentral"] and "account_name" not in doc  # the default names
    assert [d["name"] for d in doc["deployments"]] == ["chat", "embed"]
    assert doc["defaults"]["account"]["disable_local_auth"] is True
    sweden = doc["overrides"]["swedencentral"]
    assert sweden["deployments"] == {"chat": {"capacity": 20}}
    assert sweden["account"]["tags"] == {"tier": "eu"}
    assert sweden["account"]["network_acls"] == {"default_action": "Deny", "ip_rules": ["203.0.113.0/24"]}
    assert [a["name"] for a in doc["accounts"]] == ["legacy-embeddings"]
    legacy = doc["accounts"][0]
    assert legacy["disable_local_auth"] is False  # stated: the defaults say true
    assert legacy["deployments"][0]["rai_policy"] == "portal-strict"
    assert legacy["content_filters"]["portal-strict"]["mode"] == "Asynchronous_filter"
    assert legacy["blocklists"] == {"banned": {"description": "never send", "items": ["contoso-secret"]}}

    env.ok(_validate(out))
    refused = env.ok(env.run("plan", file=out), 1)
    codes = re.findall(r"\b(PLAN\d+|AOAI\d+)\b", refused.output)
    assert sorted(set(codes)) == ["PLAN101", "PLAN106", "PLAN108"], refused.output
    # 3 accounts, 5 deployments, a content filter and a blocklist: named at once
    assert "cannot succeed (10 problems)" in refused.output

    adopt = env.ok(env.run("plan", "--adopt", "--format", "json", "--detailed-exitcode", file=out), 2)
    actions = json.loads(adopt.output)["actions"]
    assert len(actions) == 10 and all(a["adopt"] and a["kind"] == "update" for a in actions)
    assert {c["field"] for a in actions for c in a["changes"]} == {"tags.managed-by", "tags.aoai-provision-environment"}

    env.ok(env.run("apply", "--yes", "--adopt", file=out))
    env.ok(env.run("plan", "--detailed-exitcode", file=out), 0)
    cog = env.clients().cognitive
    assert cog.rai_policies.get(HAND, "legacy-embeddings", "portal-strict").tags["managed-by"] == "aoai-provision"
    assert [i.name for i in cog.rai_blocklist_items.list(HAND, "legacy-embeddings", "banned")] == ["item1"]
    speech = cog.accounts.get(HAND, "speech-prod")
    assert not (speech.tags or {}).get("managed-by")  # not in the file: never touched

    again = env.root / "again.yaml"
    env.ok(_import(env, HAND, again))
    body = [line for line in again.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert body == [line for line in text.splitlines() if not line.startswith("#")]  # stable


def test_an_environment_made_by_the_tool_imports_to_a_file_with_an_empty_plan(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    out = env.root / "imported.yaml"
    env.ok(_import(env, "rg-aoai-test", out))
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["environment"] == "test"  # from the ownership tags
    assert doc["tags"] == {"cost-center": "4711"}
    assert doc["regions"] == ["eastus2", "swedencentral"]
    assert [a["name"] for a in doc["accounts"]] == ["aoai-test-batch"]
    env.ok(env.run("plan", "--detailed-exitcode", file=out), 0)


def test_accounts_with_different_deployments_are_written_as_explicit_accounts(env: Any) -> None:
    c = env.clients()
    c.resources.resource_groups.create_or_update(HAND, {"location": "eastus2"})
    _account(c, "aoai-dev-eastus2", "eastus2")
    _account(c, "aoai-dev-swedencentral", "swedencentral")
    _deployment(c, "aoai-dev-eastus2", "chat", "gpt-5.4-mini", "2026-03-17", 1)
    _deployment(c, "aoai-dev-swedencentral", "embed", "text-embedding-3-small", "1", 1)
    out = env.root / "dev.yaml"
    env.ok(_import(env, HAND, out, "--environment", "dev"))
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "regions" not in doc and "deployments" not in doc
    assert [(a["name"], a["region"], [d["name"] for d in a["deployments"]]) for a in doc["accounts"]] == [
        ("aoai-dev-eastus2", "eastus2", ["chat"]), ("aoai-dev-swedencentral", "swedencentral", ["embed"])]
    env.ok(_validate(out))
    env.ok(env.run("apply", "--yes", "--adopt", file=out))
    env.ok(env.run("plan", "--detailed-exitcode", file=out), 0)


def test_a_missing_or_empty_resource_group_is_a_clear_error(env: Any) -> None:
    out = env.root / "x.yaml"
    missing = env.ok(_import(env, "rg-nowhere", out), 1)
    assert "resource group rg-nowhere does not exist in subscription" in missing.output
    assert "az group list" in missing.output
    env.clients().resources.resource_groups.create_or_update("rg-empty", {"location": "eastus2"})
    empty = env.ok(_import(env, "rg-empty", out), 1)
    assert "holds no OpenAI or AIServices account (it is empty)" in empty.output
    assert not out.exists()


def test_output_is_never_overwritten_without_force(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    out = env.root / "kept.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    refused = env.ok(_import(env, "rg-aoai-test", out), 1)
    assert "kept.yaml exists" in refused.output and "--force" in refused.output
    assert out.read_text(encoding="utf-8") == "keep me\n"
    env.ok(_import(env, "rg-aoai-test", out, "--force"))
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["environment"] == "test"
    to_stdout = env.ok(_cli(env, "import", "-g", "rg-aoai-test"))
    assert "environment: test" in to_stdout.output
