"""Plan rendering: Terraform-like text, markdown for PR comments, JSON; colour only when asked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from aoai_provision.cli.plan_output import render_plan
from aoai_provision.plan.planner import build_plan

CASES = Path(__file__).parent / "cases"



def test_text_update_shows_field_diff_and_summary(plan_of: Any) -> None:
    text = render_plan(plan_of("capacity_change"), "text", color=False)
    lines = text.splitlines()
    assert "  ~ update account.aoai-prod-eastus2.deployment.realtime  (eastus2)" in lines
    assert "      capacity: 100 → 200" in lines
    assert lines[-1] == "Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy."
    assert "\033[" not in text


def test_text_create_replace_delete_symbols(plan_of: Any) -> None:
    created = render_plan(plan_of("create_from_empty"), "text", color=False).splitlines()
    assert "  + create account.aoai-prod-eastus2  (eastus2)" in created
    assert "      model = gpt-4o-mini-realtime-preview" in created
    assert created[-1] == "Plan: 4 to add, 0 to change, 0 to replace, 0 to destroy."
    replaced = render_plan(plan_of("sku_change_replaced"), "text").splitlines()
    assert "  -/+ replace account.aoai-prod-eastus2.deployment.chat  (eastus2)" in replaced
    assert "      sku: GlobalStandard → Standard" in replaced
    assert replaced[-1] == "Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy."
    pruned = render_plan(plan_of("prune_deletes_tagged_only"), "text").splitlines()
    assert "  - delete account.aoai-prod-old  (swedencentral)" in pruned
    assert "Warnings:" in pruned
    assert any(line.startswith("  warning PLAN130 account.aoai-prod-mixed: ") for line in pruned)
    assert pruned[-1] == "Plan: 0 to add, 0 to change, 0 to replace, 4 to destroy."


def test_text_restore_counts_and_no_changes(plan_of: Any) -> None:
    restored = render_plan(plan_of("soft_deleted_restore"), "text").splitlines()
    assert "  + restore account.aoai-prod-eastus2  (eastus2)" in restored
    assert restored[-1] == "Plan: 1 to restore, 1 to add, 0 to change, 0 to replace, 0 to destroy."
    assert render_plan(plan_of("noop"), "text") == "No changes. Azure matches environments/prod.yaml.\n"


def test_text_colour_only_when_asked(plan_of: Any) -> None:
    plan = plan_of("capacity_change")
    assert "\033[33m~ update account.aoai-prod-eastus2.deployment.realtime" in render_plan(plan, "text", color=True)


def test_markdown_fits_a_pr_comment(plan_of: Any) -> None:
    md = render_plan(plan_of("version_auto_newer_kept_on_update"), "markdown", color=False)
    assert md.startswith("### aoai-provision plan: `prod` (rg-aoai-prod)\n")
    assert "**Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.**" in md
    assert "| `~` | `account.aoai-prod-eastus2.deployment.chat` | update | capacity differs from the file |" in md
    assert "```diff\n# ~ update account.aoai-prod-eastus2.deployment.chat\n- capacity: 50\n+ capacity: 60\n```" in md
    assert ":information_source: PLAN122" in md
    noop = render_plan(plan_of("noop"), "markdown")
    assert "**No changes. Azure matches environments/prod.yaml.**" in noop and "| resource |" not in noop


def test_json_output_is_the_documented_document(plan_of: Any) -> None:
    data = json.loads(render_plan(plan_of("extras_without_prune"), "json"))
    assert data["format_version"] == 1
    # no writes, but managed resources no longer in the file are drift: has_changes, and listed
    assert data["summary"]["has_changes"] is True and data["actions"] == []
    assert data["summary"]["not_in_file"] == 2
    assert sorted(data["not_in_file"]) == ["account.aoai-prod-eastus2.deployment.old", "account.aoai-prod-old"]
    assert {f["code"] for f in data["findings"]} == {"PLAN120"}
    assert set(data) == {"format_version", "environment", "subscription", "resource_group", "source", "engine",
                         "fingerprint", "summary", "actions", "not_in_file", "findings", "desired", "options"}


def test_text_create_shows_the_network_rules_and_identity_a_reviewer_must_see(build: Any, catalog: Any) -> None:
    case = json.loads((CASES / "create_from_empty.json").read_text())
    account = case["desired"]["accounts"][0]
    account["network_acls"] = {"default_action": "Deny", "ip_rules": ["203.0.113.0/24"]}
    account["identity"] = {"type": "SystemAssigned"}
    desired, observed = build(case)
    plan = build_plan(desired, observed, catalog, as_of=date(2025, 10, 1))
    lines = render_plan(plan, "text", color=False).splitlines()
    assert any(line.strip().startswith("network_acls = {default_action=Deny") and "203.0.113.0/24" in line
               for line in lines)
    assert "      identity = {type=SystemAssigned}" in lines
