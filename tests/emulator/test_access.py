"""Emulator: raiPolicies, raiBlocklists and items, and Microsoft.Authorization roles, through the real SDKs."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.authorization.v2022_04_01 import models as auth
from azure.mgmt.cognitiveservices import models as m

from aoai_provision.emulator.config import EmulatorConfig
from tests.emulator.conftest import BASE, FAST, SUB, Cred, Emu, make_emu

SCOPE = f"/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.CognitiveServices/accounts/acct1"
APP = "aaaaaaaa-0000-0000-0000-000000000001"
OTHER = "aaaaaaaa-0000-0000-0000-000000000002"
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"


def _authz(emu: Emu) -> Any:
    return AuthorizationManagementClient(Cred(), SUB, base_url=BASE, transport=emu.transport, **FAST)


def _policy(*filters: Any, blocklists: tuple[Any, ...] = ()) -> m.RaiPolicy:
    return m.RaiPolicy(properties=m.RaiPolicyProperties(
        base_policy_name="Microsoft.DefaultV2", mode="Default", content_filters=list(filters),
        custom_blocklists=list(blocklists)))


def _grant(emu: Emu, name: str, role: str = OPENAI_USER, principal: str = APP) -> Any:
    return _authz(emu).role_assignments.create(SCOPE, name, auth.RoleAssignmentCreateParameters(
        role_definition_id=f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{role}",
        principal_id=principal, principal_type="ServicePrincipal"))


def test_builtin_policies_are_listed_and_custom_ones_round_trip(ready: Emu) -> None:
    cog = ready.cognitive
    assert [p.name for p in cog.rai_policies.list("rg1", "acct1")] == ["Microsoft.Default", "Microsoft.DefaultV2"]
    assert cog.rai_policies.get("rg1", "acct1", "Microsoft.DefaultV2").properties.type == "SystemManaged"
    hate = m.RaiPolicyContentFilter(name="Hate", severity_threshold="High", blocking=True, enabled=True,
                                    source="Prompt")
    created = cog.rai_policies.create_or_update("rg1", "acct1", "strict", _policy(hate))
    assert created.properties.type == "UserManaged"
    assert [p.name for p in cog.rai_policies.list("rg1", "acct1")][-1] == "strict"


@pytest.mark.parametrize("bad", [
    m.RaiPolicyContentFilter(name="Hatred", severity_threshold="High", blocking=True, source="Prompt"),
    m.RaiPolicyContentFilter(name="Jailbreak", blocking=True, source="Completion"),
    m.RaiPolicyContentFilter(name="Violence", blocking=True, source="Prompt"),
])
def test_invalid_content_filters_are_refused(ready: Emu, bad: Any) -> None:
    with pytest.raises(HttpResponseError) as err:
        ready.cognitive.rai_policies.create_or_update("rg1", "acct1", "p", _policy(bad))
    assert err.value.status_code == 400 and err.value.error.code == "Resource has invalid content filter"


def test_blocklists_must_exist_and_cannot_go_while_used(ready: Emu) -> None:
    cog = ready.cognitive
    uses = m.CustomBlocklistConfig(blocklist_name="terms", blocking=True, source="Prompt")
    with pytest.raises(HttpResponseError, match="does not exist"):
        cog.rai_policies.create_or_update("rg1", "acct1", "p", _policy(blocklists=(uses,)))
    cog.rai_blocklists.create_or_update("rg1", "acct1", "terms", m.RaiBlocklist(
        properties=m.RaiBlocklistProperties(description="d")))
    cog.rai_blocklist_items.create_or_update("rg1", "acct1", "terms", "i1", m.RaiBlocklistItem(
        properties=m.RaiBlocklistItemProperties(pattern="secret", is_regex=False)))
    cog.rai_policies.create_or_update("rg1", "acct1", "p", _policy(blocklists=(uses,)))
    with pytest.raises(HttpResponseError) as err:
        cog.rai_blocklists.begin_delete("rg1", "acct1", "terms").result()
    assert err.value.status_code == 409
    cog.rai_policies.begin_delete("rg1", "acct1", "p").result()
    cog.rai_blocklists.begin_delete("rg1", "acct1", "terms").result()
    assert list(cog.rai_blocklists.list("rg1", "acct1")) == []


def test_a_bad_regex_item_is_refused(ready: Emu) -> None:
    cog = ready.cognitive
    cog.rai_blocklists.create_or_update("rg1", "acct1", "terms", m.RaiBlocklist(properties=m.RaiBlocklistProperties()))
    with pytest.raises(HttpResponseError, match="regular expression"):
        cog.rai_blocklist_items.create_or_update("rg1", "acct1", "terms", "i1", m.RaiBlocklistItem(
            properties=m.RaiBlocklistItemProperties(pattern="([", is_regex=True)))


def test_a_deployment_on_a_missing_policy_fails_and_a_used_policy_stays(ready: Emu) -> None:
    dep = ready.deployment()
    dep.properties.rai_policy_name = "strict"
    with pytest.raises(HttpResponseError) as err:
        ready.cognitive.deployments.begin_create_or_update("rg1", "acct1", "gpt-4o", dep).result()
    assert err.value.status_code == 400 and "strict" in str(err.value.message)
    ready.cognitive.rai_policies.create_or_update("rg1", "acct1", "strict", _policy())
    ready.cognitive.deployments.begin_create_or_update("rg1", "acct1", "gpt-4o", dep).result()
    with pytest.raises(HttpResponseError) as err:
        ready.cognitive.rai_policies.begin_delete("rg1", "acct1", "strict").result()
    assert err.value.status_code == 409


def test_role_assignments_at_a_scope(ready: Emu) -> None:
    name = "0a3c8e4e-0000-4000-8000-000000000001"
    created = _grant(ready, name)
    assert created.principal_id == APP and created.scope == SCOPE
    with pytest.raises(ResourceExistsError) as err:  # same principal and role under another name
        _grant(ready, "0a3c8e4e-0000-4000-8000-000000000002")
    assert err.value.error.code == "RoleAssignmentExists"
    with pytest.raises(HttpResponseError) as err:  # a name is bound to its principal and role
        _grant(ready, name, role=READER)
    assert err.value.error.code == "RoleAssignmentUpdateNotPermitted"
    listed = list(_authz(ready).role_assignments.list_for_scope(SCOPE, filter="atScope()"))
    assert [a.name for a in listed] == [name]
    assert ready.transport.backend.has_data_plane_role(APP, SCOPE)
    _authz(ready).role_assignments.delete(SCOPE, name)
    assert not ready.transport.backend.has_data_plane_role(APP, SCOPE)
    assert _authz(ready).role_assignments.delete(SCOPE, name) is None  # 204: already gone


def test_only_data_plane_roles_grant_inference(ready: Emu) -> None:
    _grant(ready, "0a3c8e4e-0000-4000-8000-000000000003", role=READER)
    assert not ready.transport.backend.has_data_plane_role(APP, SCOPE)
    group = f"/subscriptions/{SUB}/resourceGroups/rg1"
    _authz(ready).role_assignments.create(group, "0a3c8e4e-0000-4000-8000-000000000004",
                                          auth.RoleAssignmentCreateParameters(
                                              role_definition_id=f"/subscriptions/{SUB}/providers/"
                                                                 f"Microsoft.Authorization/roleDefinitions/{OPENAI_USER}",
                                              principal_id=APP))
    assert ready.transport.backend.has_data_plane_role(APP, SCOPE)  # inherited from the group


@pytest.mark.parametrize(("name", "principal", "role", "code"), [
    ("not-a-guid", APP, OPENAI_USER, "InvalidRoleAssignmentId"),
    ("0a3c8e4e-0000-4000-8000-000000000005", "app-name", OPENAI_USER, "InvalidPrincipalId"),
    ("0a3c8e4e-0000-4000-8000-000000000006", APP, "00000000-0000-0000-0000-00000000dead", "RoleDefinitionDoesNotExist"),
])
def test_role_assignment_input_errors(ready: Emu, name: str, principal: str, role: str, code: str) -> None:
    with pytest.raises(HttpResponseError) as err:
        _grant(ready, name, role=role, principal=principal)
    assert err.value.status_code == 400 and err.value.error.code == code


def test_role_definitions_by_name_and_guid(ready: Emu) -> None:
    defs = _authz(ready).role_definitions
    found = list(defs.list(f"/subscriptions/{SUB}", filter="roleName eq 'Cognitive Services OpenAI User'"))
    assert [d.name for d in found] == [OPENAI_USER]
    assert defs.get(SCOPE, OPENAI_USER).role_name == "Cognitive Services OpenAI User"


def test_content_filters_go_and_come_back_with_a_soft_deleted_account(ready: Emu) -> None:
    cog = ready.cognitive
    cog.rai_blocklists.create_or_update("rg1", "acct1", "terms", m.RaiBlocklist(properties=m.RaiBlocklistProperties()))
    cog.rai_blocklist_items.create_or_update("rg1", "acct1", "terms", "i1", m.RaiBlocklistItem(
        properties=m.RaiBlocklistItemProperties(pattern="secret")))
    cog.rai_policies.create_or_update("rg1", "acct1", "strict", _policy())
    cog.accounts.begin_delete("rg1", "acct1").result()
    ready.cognitive.accounts.begin_create("rg1", "acct1", m.Account(
        location="swedencentral", kind="OpenAI", sku=m.Sku(name="S0"),
        properties=m.AccountProperties(custom_sub_domain_name="acct1", restore=True))).result()
    assert [p.name for p in cog.rai_policies.list("rg1", "acct1")][-1] == "strict"
    assert [i.name for i in cog.rai_blocklist_items.list("rg1", "acct1", "terms")] == ["i1"]
    cog.accounts.begin_delete("rg1", "acct1").result()
    cog.deleted_accounts.begin_purge("swedencentral", "rg1", "acct1").result()
    ready.account()
    assert [p.name for p in cog.rai_policies.list("rg1", "acct1")] == ["Microsoft.Default", "Microsoft.DefaultV2"]
    assert list(cog.rai_blocklists.list("rg1", "acct1")) == []


def test_keyless_data_plane_calls_need_a_data_plane_role() -> None:
    import openai

    from tests.emulator.test_dataplane import sdk, setup, token

    plane = setup(make_emu(EmulatorConfig()), disableLocalAuth=True)
    account = plane.cognitive.accounts.get("rg1", "acct1")
    authz = _authz(plane)
    role = f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/"
    authz.role_assignments.create(account.id, "0a3c8e4e-0000-4000-8000-000000000007",
                                  auth.RoleAssignmentCreateParameters(role_definition_id=role + OPENAI_USER,
                                                                      principal_id=APP))
    authz.role_assignments.create(account.id, "0a3c8e4e-0000-4000-8000-000000000008",
                                  auth.RoleAssignmentCreateParameters(role_definition_id=role + READER,
                                                                      principal_id=OTHER))
    ask = {"model": "chat", "messages": [{"role": "user", "content": "hi"}]}
    assert sdk(plane, key=lambda: token(oid=APP)).chat.completions.create(**ask).choices
    with pytest.raises(openai.PermissionDeniedError):  # Reader has no data actions
        sdk(plane, key=lambda: token(oid=OTHER)).chat.completions.create(**ask)
