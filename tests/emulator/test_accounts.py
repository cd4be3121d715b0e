"""Accounts and resource groups: name rules, subdomains, soft delete, keys, ARM errors, auth, tags/etag."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError

from aoai_provision.emulator.backend_deleted import SOFT_DELETE_SECONDS


def _ts(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


OPENAI = {"location": "swedencentral", "kind": "OpenAI", "sku": {"name": "S0"}}


@pytest.mark.parametrize("name", ["-bad", "a", "x" * 65, "has space"])
def test_invalid_account_names_are_rejected(emu: Any, name: str) -> None:
    emu.rg()
    with pytest.raises(HttpResponseError) as info:
        emu.cognitive.accounts.begin_create("rg1", name, OPENAI)
    assert info.value.status_code == 400 and info.value.error.code == "InvalidResourceName"


def test_custom_subdomain_is_unique_across_subscriptions(ready: Any) -> None:
    cognitive, resources = ready.clients(ready.OTHER_SUB)
    resources.resource_groups.create_or_update("rg9", {"location": "swedencentral"})
    with pytest.raises(ResourceExistsError) as info:
        cognitive.accounts.begin_create("rg9", "mine", {**OPENAI, "properties": {"customSubDomainName": "ACCT1"}})
    assert info.value.error.code == "CustomDomainInUse"
    assert info.value.error.message.startswith(
        "Please pick a different name. The subdomain name 'ACCT1' is not available as it's already used by a "
        "resource. If the resource using the name was deleted in the last 48 hours, you may need to purge")
    check = cognitive.check_domain_availability("acct1", "Microsoft.CognitiveServices/accounts")
    assert check.is_subdomain_available is False
    assert cognitive.check_domain_availability("free1", "Microsoft.CognitiveServices/accounts").is_subdomain_available


def test_endpoint_follows_the_subdomain(ready: Any) -> None:
    account = ready.cognitive.accounts.get("rg1", "acct1")
    assert account.properties.endpoint == "https://acct1.openai.azure.com/"
    assert account.properties.custom_sub_domain_name == "acct1"


def test_soft_delete_restore_and_purge(ready: Any) -> None:
    ready.deploy("d1").result()
    ready.cognitive.accounts.begin_delete("rg1", "acct1").result()
    with pytest.raises(ResourceNotFoundError):
        ready.cognitive.accounts.get("rg1", "acct1")
    deleted = ready.cognitive.deleted_accounts.get("swedencentral", "rg1", "acct1")
    assert deleted.id.endswith("/locations/swedencentral/resourceGroups/rg1/deletedAccounts/acct1")
    assert deleted.type == "Microsoft.CognitiveServices/accounts"
    purge_in = _ts(deleted.properties.scheduled_purge_date) - _ts(deleted.properties.deletion_date)
    assert purge_in == SOFT_DELETE_SECONDS
    with pytest.raises(ResourceExistsError) as info:
        ready.account()
    assert info.value.error.code == "FlagMustBeSetForRestore"
    assert "has been soft-deleted. To restore the resource, you must specify 'restore' to be 'true'" in (
        info.value.error.message)
    with pytest.raises(ResourceExistsError) as other:
        ready.account("acct2", subdomain="acct1")
    assert other.value.error.code == "CustomDomainInUse"
    restored = ready.account(restore=True)
    assert restored.properties.provisioning_state == "Succeeded"
    assert [d.name for d in ready.cognitive.deployments.list("rg1", "acct1")] == ["d1"]
    ready.cognitive.accounts.begin_delete("rg1", "acct1").result()
    ready.cognitive.deleted_accounts.begin_purge("swedencentral", "rg1", "acct1").result()
    assert list(ready.cognitive.deleted_accounts.list()) == []
    assert ready.account("acct2", subdomain="acct1").properties.endpoint == "https://acct1.openai.azure.com/"


def test_soft_deleted_accounts_are_purged_after_48_hours(ready: Any) -> None:
    ready.cognitive.accounts.begin_delete("rg1", "acct1").result()
    assert len(list(ready.cognitive.deleted_accounts.list())) == 1
    ready.clock.advance(SOFT_DELETE_SECONDS + 1)
    assert list(ready.cognitive.deleted_accounts.list()) == []
    assert ready.account().properties.provisioning_state == "Succeeded"


def test_resource_group_lifecycle_and_its_delete_soft_deletes_accounts(ready: Any) -> None:
    rgs = ready.resources.resource_groups
    assert rgs.check_existence("rg1") is True and rgs.check_existence("nope") is False
    assert [g.name for g in rgs.list()] == ["rg1"]
    rgs.begin_delete("rg1").result()
    with pytest.raises(ResourceNotFoundError) as info:
        rgs.get("rg1")
    assert info.value.error.code == "ResourceGroupNotFound"
    assert [a.name for a in ready.cognitive.deleted_accounts.list()] == ["acct1"]
    with pytest.raises(ResourceNotFoundError) as missing:
        ready.account("acct3")
    assert missing.value.error.code == "ResourceGroupNotFound"
    assert missing.value.error.message == "Resource group 'rg1' could not be found."


def test_not_found_errors_have_arm_shape_and_no_retry_after(ready: Any) -> None:
    raw = ready.raw("GET", f"/subscriptions/{ready.SUB}/resourceGroups/rg1/providers/Microsoft.CognitiveServices/"
                           "accounts/missing")
    assert raw.status == 404 and "Retry-After" not in raw.headers
    assert json.loads(raw.body) == {"error": {"code": "ResourceNotFound", "message": (
        "The Resource 'Microsoft.CognitiveServices/accounts/missing' under resource group 'rg1' was not found. "
        "For more details please go to https://aka.ms/ARMResourceNotFoundFix")}}


def test_requests_without_a_bearer_token_get_401(ready: Any) -> None:
    raw = ready.raw("GET", f"/subscriptions/{ready.SUB}/resourcegroups/rg1", api="2025-04-01", auth=False)
    assert raw.status == 401 and json.loads(raw.body)["error"]["code"] == "AuthenticationFailed"
    assert "WWW-Authenticate" in raw.headers


def test_unknown_routes_and_api_versions_get_explicit_errors(ready: Any) -> None:
    unknown = ready.raw("GET", f"/subscriptions/{ready.SUB}/providers/Microsoft.Storage/storageAccounts")
    assert unknown.status == 501 and json.loads(unknown.body)["error"]["code"] == "NotImplemented"
    old = ready.raw("GET", f"/subscriptions/{ready.SUB}/providers/Microsoft.CognitiveServices/accounts",
                    api="2099-01-01")
    assert old.status == 400 and json.loads(old.body)["error"]["code"] == "NoRegisteredProviderFound"
    none = ready.raw("GET", f"/subscriptions/{ready.SUB}/providers/Microsoft.CognitiveServices/accounts", api="")
    assert json.loads(none.body)["error"]["code"] == "MissingApiVersionParameter"


def test_keys_are_listed_and_regenerated_one_at_a_time(ready: Any) -> None:
    keys = ready.cognitive.accounts.list_keys("rg1", "acct1")
    regenerated = ready.cognitive.accounts.regenerate_key("rg1", "acct1", "Key1")
    assert regenerated.key1 != keys.key1 and regenerated.key2 == keys.key2


def test_tags_etag_and_system_data_are_kept_like_azure(ready: Any) -> None:
    first = ready.cognitive.accounts.get("rg1", "acct1")
    ready.clock.advance(3)
    second = ready.cognitive.accounts.begin_create("rg1", "acct1", {
        **OPENAI, "tags": {"team": "ai"}, "properties": {"customSubDomainName": "acct1"}}).result()
    assert second.tags == {"team": "ai"} and second.etag != first.etag
    assert second.system_data.created_at == first.system_data.created_at
    assert (second.system_data.last_modified_at - first.system_data.last_modified_at).total_seconds() == 3
    assert ready.cognitive.accounts.get("rg1", "acct1").etag == second.etag  # reads do not change it


def test_accounts_are_listed_by_resource_group_and_subscription(ready: Any) -> None:
    ready.rg("rg2")
    ready.account("acct2", rg="rg2")
    assert sorted(a.name for a in ready.cognitive.accounts.list()) == ["acct1", "acct2"]
    assert [a.name for a in ready.cognitive.accounts.list_by_resource_group("rg2")] == ["acct2"]
