"""Azure's documented limits in validate: each message gives the limit and its source, at the right line."""

from __future__ import annotations

from typing import Any

ACCOUNT = """\
accounts:
  - name: aoai-prod-batch
    region: swedencentral
    deployments:
{deployments}
"""
DEPLOYMENT = "      - {{name: e{i}, model: text-embedding-3-large, version: '1', sku: Standard, capacity: 1}}"


def _limits(compiled: Any) -> list[Any]:
    return [f for f in compiled.findings if f.code == "azure-limit"]


def _account(n: int) -> str:
    return ACCOUNT.format(deployments="\n".join(DEPLOYMENT.format(i=i) for i in range(n)))


def test_tags_over_azures_limits_are_errors_with_the_limit_and_source(compile_yaml: Any) -> None:
    tags = "\n".join(f"  t{i}: v" for i in range(49))
    long_name, long_value = "n" * 513, "v" * 257
    text = (f"tags:\n{tags}\n  {long_name}: x\n  ok: {long_value}\n  'a/b': x\n" + _account(1))
    found = _limits(compile_yaml(text, header=True))
    messages = " | ".join(f.message for f in found)
    assert "is 513 characters; Azure allows at most 512" in messages
    assert "has a value of 257 characters; Azure allows at most 256" in messages
    assert "contains /; Azure refuses tag names" in messages
    assert "resource group rg-aoai-prod would carry 54 tags" in messages and "at most 50" in messages
    assert all("learn.microsoft.com/azure/azure-resource-manager/management/tag-resources" in f.message
               for f in found)
    assert all(f.location is not None and f.location.line == 3 for f in found if "resource group rg-aoai-prod" in f.message)


def test_a_few_tags_are_fine(compile_yaml: Any) -> None:
    assert _limits(compile_yaml("tags: {team: a}\n" + _account(32), header=True)) == []


def test_more_deployments_than_an_account_may_hold_is_an_error(compile_yaml: Any) -> None:
    (found,) = _limits(compile_yaml(_account(33), header=True))
    assert "declares 33 deployments; Azure allows at most 32 per account" in found.message
    assert "quotas-limits" in found.message
    assert found.location is not None and found.location.line == 4


def test_a_subscription_that_is_not_a_guid_is_an_error_at_its_line(compile_yaml: Any) -> None:
    compiled = compile_yaml("subscription: my-sub%2F..%2Fother\n" + _account(1), header=True)
    (found,) = _limits(compiled)
    assert "is not a subscription id: Azure's are GUIDs" in found.message
    assert found.location is not None and found.location.line == 3
