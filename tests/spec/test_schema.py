"""Schema typing: unknown keys with suggestions, located type errors, K/M rate suffixes, identity forms."""

from __future__ import annotations

from aoai_provision.spec.loader import parse_yaml
from aoai_provision.spec.schema import EnvironmentFile, RateLimit
from aoai_provision.spec.typecheck import allowed_keys, typecheck


def _typecheck(text: str):
    parsed = parse_yaml(text, "f.yaml")
    assert parsed.root is not None
    return typecheck(parsed.root, "f.yaml")


def test_rate_limits_accept_k_and_m_suffixes_and_plain_numbers() -> None:
    assert RateLimit.model_validate({"tpm": "100K", "rpm": "1K"}) == RateLimit(tpm=100_000, rpm=1_000)
    assert RateLimit.model_validate({"tpm": "1.5M"}).tpm == 1_500_000
    assert RateLimit.model_validate({"tpm": "600", "rpm": 6}) == RateLimit(tpm=600, rpm=6)
    assert RateLimit.model_validate({"tpm": "2m"}).tpm == 2_000_000


def test_bad_rate_is_located_with_a_readable_message(h) -> None:
    line = "  - {name: a, model: m, version: '1', rate_limit: {tpm: 10X}}"
    spec, findings = _typecheck(h.HEADER + "deployments:\n" + line + "\n")
    assert spec is None
    finding = h.only(findings, "invalid-value")
    assert (finding.location.line, finding.location.column) == (4, line.index("10X") + 1)
    assert "K (thousand)" in finding.message


def test_unknown_key_suggests_the_near_key_at_that_level(h) -> None:
    _, findings = _typecheck(h.HEADER + "deploymets: []\ndefaults:\n  acount: {}\n")
    messages = {f.location.line: f.message for f in findings}
    assert h.codes(findings) == ["unknown-key", "unknown-key"]
    assert "did you mean 'deployments'?" in messages[3]
    assert "did you mean 'account'?" in messages[5]
    assert findings[0].location.column in (1, 3)


def test_unknown_key_inside_a_deployment_points_at_the_key(h) -> None:
    _, findings = _typecheck(h.HEADER + "deployments:\n  - name: a\n    model: m\n    version: '1'\n    capasity: 3\n")
    finding = h.only(findings, "unknown-key")
    assert (finding.location.line, finding.location.column) == (7, 5)
    assert "did you mean 'capacity'?" in finding.message


def test_missing_required_key_points_at_the_entry(h) -> None:
    _, findings = _typecheck(h.HEADER + "deployments:\n  - name: a\n    model: m\n")
    finding = h.only(findings, "missing-key")
    assert "'version' is required in deployments[0]" in finding.message
    assert finding.location.line == 4


def test_wrong_enum_value_suggests_the_right_one(h) -> None:
    _, findings = _typecheck(h.HEADER + "defaults:\n  account: {public_network_access: disabled}\n")
    finding = h.only(findings, "invalid-value")
    assert "did you mean 'Disabled'?" in finding.message
    assert finding.location.line == 4


def test_all_problems_are_collected_not_just_the_first(h) -> None:
    _, findings = _typecheck("environment: prod\nregions: {a: 1}\nfoo: 1\naccounts: [{name: a}]\n")
    assert sorted(h.codes(findings)) == ["invalid-value", "missing-key", "missing-key", "unknown-key"]


def test_identity_shorthand_and_full_form(h) -> None:
    spec, findings = _typecheck(h.HEADER + """accounts:
  - {name: aa, region: eastus2, identity: SystemAssigned}
  - name: bb
    region: eastus2
    identity: {type: UserAssigned, user_assigned_identities: [/subscriptions/s/id]}
""")
    assert findings == []
    assert spec.accounts[0].identity.type == "SystemAssigned"
    assert spec.accounts[1].identity.user_assigned_identities == ["/subscriptions/s/id"]


def test_booleans_and_integers_are_typed_by_the_schema_not_by_yaml(h) -> None:
    spec, findings = _typecheck(h.HEADER + "tags: {build: 0914, flag: true}\ndefaults:\n"
                                "  account: {disable_local_auth: true}\n  deployment: {capacity: 010}\n")
    assert findings == []
    assert spec.tags == {"build": "0914", "flag": "true"}
    assert spec.defaults.account.disable_local_auth is True
    assert spec.defaults.deployment.capacity == 10


def test_allowed_keys_walks_lists_and_dicts() -> None:
    assert "rate_limit" in allowed_keys(EnvironmentFile, ("deployments", 0))
    assert "deployments" in allowed_keys(EnvironmentFile, ("overrides", "eastus2"))
    assert allowed_keys(EnvironmentFile, ("overrides", "eastus2", "deployments", "audio", "rate_limit")) == [
        "tpm", "rpm"]


def test_unknown_keys_do_not_hide_the_other_problems(compile_yaml, h) -> None:
    """A misspelt key is reported together with every other problem in the file, not alone."""
    compiled = compile_yaml(
        h.HEADER
        + "regions: [eastus2]\n"
        + "deploymens: []\n"
        + "deployments:\n  - {name: a, model: gpt-4o-mini-realtime-previw, version: '2024-12-17', sku: GlobalStandard, capacity: 1}\n"
    )
    assert "unknown-key" in h.codes(compiled.findings)
    assert "unknown-model" in h.codes(compiled.findings)
