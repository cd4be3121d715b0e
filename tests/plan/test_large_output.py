"""Thousands of actions: the plan text is a count table (full with --verbose or JSON), progress is batched."""

from __future__ import annotations

import io
import json

from rich.console import Console

from aoai_provision.apply.result import ActionResult, ApplyEvent, ApplyResult, EventKind, Status
from aoai_provision.cli.plan_output import render_plan
from aoai_provision.cli.progress import ProgressReporter, print_summary
from aoai_provision.findings import Finding, Severity
from aoai_provision.plan.actions import Action, ActionKind, Plan, ResourceType


def _estate(accounts: int, deployments: int) -> Plan:
    actions = [Action(ActionKind.CREATE, ResourceType.RESOURCE_GROUP, "rg-big", "not in Azure")]
    for n in range(accounts):
        actions.append(Action(ActionKind.CREATE, ResourceType.ACCOUNT, f"acct{n}", "not in Azure", region="eastus2"))
        actions += [Action(ActionKind.UPDATE if d == 0 else ActionKind.CREATE, ResourceType.DEPLOYMENT, f"d{d}",
                           "not in Azure", account=f"acct{n}", region="eastus2") for d in range(deployments)]
    notes = tuple(Finding(Severity.INFO, "PLAN121", f"deployment x{n} is not managed; left alone", resource=f"x{n}")
                  for n in range(80))
    return Plan("big", "sub", "rg-big", "big.yaml", actions=tuple(actions), findings=notes)


def test_a_plan_of_thousands_of_actions_is_a_count_table_unless_verbose() -> None:
    plan = _estate(300, 10)
    text = render_plan(plan, "text")
    assert "3,301 actions on 300 account(s)" in text and "plan --verbose" in text
    rows = {line.split()[1]: line.split()[2:] for line in text.splitlines() if line.startswith(("  + ", "  ~ "))}
    assert rows == {"create": ["1", "300", "2,700", "3,001"], "update": ["0", "0", "300", "300"]}
    assert "account.acct7.deployment.d3" not in text and len(text.splitlines()) < 30
    assert "(and 79 more PLAN121)" in text
    assert text.rstrip().endswith("Plan: 3001 to add, 300 to change, 0 to replace, 0 to destroy.")
    full = render_plan(plan, "text", verbose=True)
    assert "account.acct7.deployment.d3" in full and "(and 79 more" not in full
    assert len(json.loads(render_plan(plan, "json"))["actions"]) == 3301
    markdown = render_plan(plan, "markdown")
    assert len(markdown) < 10_000 and "3,301 actions" in markdown


def test_a_small_plan_is_listed_in_full() -> None:
    text = render_plan(_estate(2, 3), "text")
    assert "account.acct1.deployment.d2" in text and "actions on" not in text


def test_progress_of_a_large_run_is_a_few_count_lines_and_every_failure() -> None:
    plan = _estate(100, 4)
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)
    with ProgressReporter(console, live=False) as reporter:
        reporter.begin(plan)
        for action in plan.actions:
            reporter(ApplyEvent(EventKind.START, action))
            failed = action.name == "d2" and action.account == "acct5"
            reporter(ApplyEvent(EventKind.FAILED if failed else EventKind.DONE, action, message="quota"))
    lines = buffer.getvalue().splitlines()
    assert len(lines) <= 3
    assert any("account acct5: + deployment d2 ... FAILED" in line for line in lines)
    assert "501 of 501 finished (500 done, 1 failed, 0 skipped)" in lines[-1]
    results = tuple(ActionResult(a, Status.FAILED if a.name == "d2" and a.account == "acct5" else Status.OK)
                    for a in plan.actions)
    summary_buffer = io.StringIO()
    print_summary(Console(file=summary_buffer, width=200), ApplyResult(results=results, seconds=1.0, engine="sdk"))
    summary = [line for line in summary_buffer.getvalue().splitlines() if line.strip()]
    assert summary[0].split() == ["FAILED", "+", "account.acct5.deployment.d2"]
    assert len(summary) == 3 and "500 done, 1 failed" in summary[-1]
