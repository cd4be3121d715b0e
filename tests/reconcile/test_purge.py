"""destroy --purge and `purge FILE`: soft-deleted accounts purged through the SDK, so the next apply recreates them."""

from __future__ import annotations

from typing import Any

RG = "rg-aoai-test"


def _deleted_names(env: Any) -> list[str]:
    return sorted(a.name for a in env.clients().cognitive.deleted_accounts.list())


def test_destroy_purge_then_plan_shows_creates_and_apply_converges(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    destroyed = env.ok(env.run("destroy", "--yes", "--purge"))
    assert "purged   account aoai-test-eastus2 (eastus2)" in destroyed.output
    assert "Purge complete: 3 account(s) purged" in destroyed.output
    assert _deleted_names(env) == []
    plan = env.ok(env.run("plan", "--detailed-exitcode"), 2)  # created again, no soft-delete error
    assert "+ create account.aoai-test-eastus2" in plan.output
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)


def test_soft_delete_error_offers_the_tools_commands_and_purge_file_frees_the_names(env: Any) -> None:
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("destroy", "--yes"))
    assert _deleted_names(env) == ["aoai-test-batch", "aoai-test-eastus2", "aoai-test-swedencentral"]
    blocked = env.ok(env.run("plan"), 1)
    lines = [line for line in blocked.output.splitlines() if "aoai-test-eastus2" in line and "PLAN105" in line]
    assert lines, blocked.output
    # a matrix account: the finding points at its region's line, and restore goes under overrides
    assert ":12:11:" in lines[0]
    text = " ".join(blocked.output.split())
    assert "`overrides: {eastus2: {account: {restore: true}}}`" in text
    assert f"aoai-provision purge {env.file}" in text
    assert text.index("aoai-provision purge") < text.index("az cognitiveservices account purge")

    purged = env.ok(env.run("purge", "--yes"))
    assert "Purge complete: 3 account(s) purged" in purged.output
    assert _deleted_names(env) == []
    again = env.ok(env.run("purge", "--yes"))
    assert "Nothing to purge" in again.output
    env.ok(env.run("apply", "--yes"))
    env.ok(env.run("plan", "--detailed-exitcode"), 0)
