"""Field comparison details: version order, defaults Azure leaves out, network rules and identity."""

from __future__ import annotations

from typing import Any

from aoai_provision.plan.diff import compare_versions, diff_account
from aoai_provision.plan.observed import ObservedAccount
from aoai_provision.spec.model import DesiredAccount, Identity, NetworkAcls, ownership_tags

TAGS = ownership_tags("prod")


def test_compare_versions(catalog: Any) -> None:
    assert compare_versions(catalog, "gpt-4o", "2024-11-20", "2024-08-06") == 1
    assert compare_versions(catalog, "gpt-4o", "2024-05-13", "2024-08-06") == -1
    assert compare_versions(catalog, "gpt-4o", "2024-08-06", "2024-08-06") == 0
    assert compare_versions(catalog, "unknown-model", "2", "10") == -1  # numbers, not strings
    assert compare_versions(catalog, "unknown-model", "0613", "1106") == -1


def _observed(**kw: Any) -> ObservedAccount:
    return ObservedAccount(name="a", region="East US 2", kind="OpenAI", sku="S0", tags=TAGS, **kw)


def test_azure_defaults_are_not_changes() -> None:
    # ARM omits networkAcls / identity / disableLocalAuth when unset: equal to the file's defaults.
    desired = DesiredAccount(name="a", region="eastus2", tags=TAGS)
    diff = diff_account(desired, _observed(), "prod")
    assert diff.changes == () and diff.immutable == ()


def test_network_rules_and_identity_changes() -> None:
    desired = DesiredAccount(
        name="a", region="eastus2", tags=TAGS,
        network_acls=NetworkAcls(default_action="Deny", ip_rules=("10.0.0.0/24", "1.2.3.4")),
        identity=Identity(type="SystemAssigned"),
    )
    same = _observed(network_acls=NetworkAcls(default_action="Deny", ip_rules=("1.2.3.4", "10.0.0.0/24"),
                                              bypass="AzureServices"),
                     identity=Identity(type="SystemAssigned"))
    assert diff_account(desired, same, "prod").changes == ()  # rule order and unmanaged bypass ignored
    fields = [c.field for c in diff_account(desired, _observed(), "prod").changes]
    assert fields == ["network_acls", "identity"]
    # Not declared in the file: not managed (left as Azure has them).
    assert diff_account(DesiredAccount(name="a", region="eastus2", tags=TAGS), same, "prod").changes == ()


def test_region_is_immutable_and_openai_to_aiservices_is_the_in_place_upgrade() -> None:
    desired = DesiredAccount(name="a", region="swedencentral", kind="AIServices", tags=TAGS)
    diff = diff_account(desired, _observed(), "prod")
    assert [c.field for c in diff.immutable] == ["region"]
    assert [(c.field, c.after) for c in diff.changes] == [("kind", "AIServices"), ("allow_project_management", True)]
    assert diff.upgrade == "upgrade"


def test_other_kind_changes_are_immutable() -> None:
    diff = diff_account(DesiredAccount(name="a", region="eastus2", kind="CognitiveServices", tags=TAGS),
                        _observed(), "prod")
    assert [c.field for c in diff.immutable] == ["kind"]


def test_an_account_azure_upgraded_is_kept_and_rolled_back_only_on_request() -> None:
    upgraded = _observed().__class__(name="a", region="eastus2", kind="AIServices", sku="S0", tags=TAGS,
                                     allow_project_management=True)
    kept = diff_account(DesiredAccount(name="a", region="eastus2", tags=TAGS), upgraded, "prod")
    assert kept.changes == () and kept.immutable == () and kept.foundry_upgraded
    rollback = diff_account(DesiredAccount(name="a", region="eastus2", tags=TAGS, foundry_rollback=True),
                            upgraded, "prod")
    assert rollback.upgrade == "rollback" and not rollback.foundry_upgraded
    assert [(c.field, c.after) for c in rollback.changes] == [("kind", "OpenAI"), ("allow_project_management", False)]


def test_tags_set_outside_the_file_are_not_managed() -> None:
    observed = _observed().__class__(name="a", region="eastus2", kind="OpenAI", sku="S0",
                                     tags={**TAGS, "policy-owner": "secops"})
    assert diff_account(DesiredAccount(name="a", region="eastus2", tags=TAGS), observed, "prod").changes == ()
