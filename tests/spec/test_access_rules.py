"""Validation of content_filters, blocklists, rai_policy and role_assignments, located in the file."""

from __future__ import annotations

import pytest

BASE = """\
regions: [swedencentral]
defaults:
  deployment: {sku: GlobalStandard}
  account:
    content_filters:
      strict:
        filters:
          - {name: hate, source: Prompt, severity: Medium}
          - {name: protected_material_code, blocking: false}
        blocklists:
          - {name: terms, source: Completion}
    blocklists:
      terms:
        items: [contoso, {pattern: "p-[0-9]+", regex: true}]
    role_assignments:
      - {role: Cognitive Services OpenAI User, principal_id: 11111111-2222-3333-4444-555555555555}
deployments:
  - {name: chat, model: gpt-4.1-mini, version: "2025-04-14", capacity: 10, rai_policy: strict}
"""


def _compile(compile_yaml, old: str = "", new: str = ""):
    return compile_yaml(BASE.replace(old, new) if old else BASE, header=True)


def test_the_example_is_valid_and_expanded(compile_yaml) -> None:
    compiled = _compile(compile_yaml)
    assert [f for f in compiled.findings if f.severity.value == "error"] == []
    account = compiled.state.accounts[0]
    policy = account.rai_policies[0]
    assert [(f.name, f.source) for f in policy.filters] == [("Hate", "Prompt"), ("Protected Material Code", "Completion")]
    assert [i.pattern for i in account.blocklists[0].items] == ["contoso", "p-[0-9]+"]
    assert account.role_assignments[0].role_guid == "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"


@pytest.mark.parametrize(("old", "new", "code", "words"), [
    ("name: hate,", "name: hatred,", "unknown-content-filter", "did you mean 'hate'"),
    ("severity: Medium}", "}", "invalid-content-filter", "needs a severity"),
    ("name: protected_material_code, blocking", "name: protected_material_code, source: Prompt, blocking",
     "invalid-content-filter", "Completion only"),
    ("- {name: terms, source", "- {name: term, source", "unknown-blocklist", "did you mean 'terms'"),
    ("rai_policy: strict", "rai_policy: stric", "unknown-rai-policy", "did you mean 'strict'"),
    ("role: Cognitive Services OpenAI User", "role: Cognitive Services OpenAI Usr", "unknown-role",
     "did you mean 'Cognitive Services OpenAI User'"),
    ("principal_id: 11111111-2222-3333-4444-555555555555", "principal_id: my-app", "invalid-principal-id",
     "not a GUID"),
    ('{pattern: "p-[0-9]+", regex: true}', '{pattern: "p-[0-9", regex: true}', "invalid-blocklist-item",
     "regular expression"),
])
def test_each_problem_is_located_with_a_hint(compile_yaml, h, old, new, code, words) -> None:
    finding = h.only(_compile(compile_yaml, old, new).findings, code)
    assert words in finding.message and finding.location is not None and finding.location.line > 2


def test_arm_enums_are_checked_by_the_schema(compile_yaml, h) -> None:
    findings = _compile(compile_yaml, "source: Prompt, severity", "source: Input, severity").findings
    assert "invalid-value" in h.codes(findings)
    findings = _compile(compile_yaml, "      strict:\n", "      strict:\n        mode: Streaming\n").findings
    assert "invalid-value" in h.codes(findings)


def test_builtin_policies_and_role_guids_are_accepted(compile_yaml) -> None:
    text = BASE.replace("rai_policy: strict", "rai_policy: Microsoft.DefaultV2").replace(
        "role: Cognitive Services OpenAI User", "role: a001fd3d-188f-4b5d-821b-7da978bf7442")
    compiled = compile_yaml(text, header=True)
    assert [f for f in compiled.findings if f.severity.value == "error"] == []


def test_overrides_and_explicit_accounts_layer_over_defaults(compile_yaml) -> None:
    text = BASE + """\
overrides:
  swedencentral:
    account:
      role_assignments:
        - {role: Cognitive Services User, principal_id: 22222222-2222-3333-4444-555555555555}
accounts:
  - name: aoai-prod-extra
    region: eastus2
    content_filters:
      strict: {filters: [{name: violence, source: Prompt, severity: High}]}
"""
    state = compile_yaml(text, header=True).state
    matrix, extra = state.accounts
    assert len(matrix.role_assignments) == 2
    assert [f.name for f in extra.rai_policies[0].filters] == ["Violence"]  # same name: replaced
    assert [b.name for b in extra.blocklists] == ["terms"]  # other keys still from defaults
