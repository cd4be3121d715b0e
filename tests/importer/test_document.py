"""The pure import: observed accounts -> environment-file text whose expansion is what Azure holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import yaml

from aoai_provision.importer.document import build_document, choose_environment
from aoai_provision.importer.yaml_text import to_yaml
from aoai_provision.plan.access import AccessPlanner, account_scope
from aoai_provision.plan.diff import diff_account, diff_deployment
from aoai_provision.plan.observed import ObservedAccount, ObservedDeployment, ObservedState
from aoai_provision.plan.observed_access import (
    ObservedAccess,
    ObservedBlocklist,
    ObservedPolicy,
    ObservedRoleAssignment,
)
from aoai_provision.spec import rai_vocab, roles
from aoai_provision.spec.compile import compile_text
from aoai_provision.spec.model import Identity, NetworkAcls, is_managed, ownership_tags
from aoai_provision.spec.model_access import BlocklistItem, ContentFilter, PolicyBlocklist

SUB = "11111111-2222-3333-4444-555555555555"
RG = "rg-openai"
USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"  # Cognitive Services OpenAI User


def _dep(name: str, model: str = "gpt-5.4-mini", version: str = "2026-03-17", **kw: object) -> ObservedDeployment:
    values: dict[str, object] = {"sku": "GlobalStandard", "capacity": 10, "version_upgrade": "NoAutoUpgrade",
                                 "rai_policy": "Microsoft.DefaultV2", **kw}
    return ObservedDeployment(name=name, model=model, version=version, **values)  # type: ignore[arg-type]


def _acct(name: str, region: str, deployments: tuple[ObservedDeployment, ...], **kw: object) -> ObservedAccount:
    values: dict[str, object] = {"kind": "OpenAI", "sku": "S0", "custom_subdomain": name,
                                 "public_network_access": "Enabled", "disable_local_auth": True,
                                 "access": ObservedAccess(read=True), **kw}
    return ObservedAccount(name=name, region=region, deployments=deployments, **values)  # type: ignore[arg-type]


def _estate() -> ObservedState:
    msi = Identity("SystemAssigned")
    chat = _dep("chat", tags={"app": "bot"})
    matrix = (
        _acct("openai-eastus2-prod", "eastus2", (chat, _dep("embed", "text-embedding-3-small", "1"))),
        _acct("openai-swedencentral-prod", "swedencentral",
              (replace(chat, version="2025-08-07", model="gpt-5-mini", state="Paused"),
               _dep("embed", "text-embedding-3-small", "1", capacity=30)), identity=msi,
              network_acls=NetworkAcls("Deny", ("203.0.113.7",), (), "AzureServices")),
        _acct("openai-westus3-prod", "westus3", (chat, _dep("embed", "text-embedding-3-small", "1")),
              identity=msi, custom_subdomain="legacy-westus3", tags={"owner": "team-b"}),
    )
    marker = roles.marker("prod")
    access = ObservedAccess(
        read=True,
        rai_policies=(
            ObservedPolicy("strict", "UserManaged", "Microsoft.DefaultV2", "Asynchronous_filter",
                           (ContentFilter("Hate", "Prompt", "High"), ContentFilter("Jailbreak", "Prompt"),
                            ContentFilter("Profanity", "Completion", None, False)),
                           (PolicyBlocklist("words", "Prompt"),), ownership_tags("prod")),
            ObservedPolicy("portal", "UserManaged", "Microsoft.Default", tags={}),
            ObservedPolicy("dev-only", "UserManaged", "Microsoft.DefaultV2", tags=ownership_tags("dev"))),
        blocklists=(ObservedBlocklist("words", "bad words", (
            BlocklistItem(rai_vocab.item_name("foo", False), "foo"),
            BlocklistItem(rai_vocab.item_name("ba+r", True), "ba+r", True)), ownership_tags("prod")),),
        role_assignments=(
            ObservedRoleAssignment(roles.assignment_name(account_scope(SUB, RG, "foundry-batch"),
                                                         "aaaaaaaa-0000-0000-0000-000000000001", USER, SUB), USER,
                                   "aaaaaaaa-0000-0000-0000-000000000001", "ServicePrincipal", f"{marker}: the app"),
            ObservedRoleAssignment("ra2", USER,
                                   "aaaaaaaa-0000-0000-0000-000000000002", "User", "granted by hand")))
    foundry = _acct("foundry-batch", "swedencentral", (
        _dep("mini", rai_policy="strict", service_tier="Priority", spillover_deployment="spill"),
        _dep("spill", capacity=5, rai_policy="dev-only"), _dep("chat", rai_policy="portal")),
        kind="AIServices", allow_project_management=True, access=access, disable_local_auth=False)
    return ObservedState(subscription=SUB, resource_group=RG, resource_group_exists=True,
                         resource_group_location="eastus2", accounts=(*matrix, foundry))


def _expand(text: str) -> object:
    from aoai_provision.catalog.bundled import bundled_catalog

    compiled = compile_text(text, "prod.yaml", environ={}, catalog=bundled_catalog(), as_of=date(2026, 11, 30))
    assert compiled.state is not None, compiled.findings
    return compiled.state


def test_the_expanded_file_is_what_azure_holds_setting_by_setting() -> None:
    observed = _estate()
    imported = build_document(observed, environment="prod", subscription=SUB)
    text = to_yaml(imported.document, ["imported"])
    doc = yaml.safe_load(text)
    assert doc["account_name"] == "openai-{region}-{environment}"
    assert doc["regions"] == ["eastus2", "swedencentral", "westus3"]
    assert doc["defaults"]["account"]["identity"] == "SystemAssigned"  # the matrix's majority
    assert doc["overrides"]["eastus2"]["account"] == {"identity": "None"}  # Azure's default, stated
    assert doc["overrides"]["swedencentral"]["deployments"]["chat"] == {
        "model": "gpt-5-mini", "version": "2025-08-07", "state": "paused"}
    assert doc["overrides"]["westus3"]["account"]["custom_subdomain"] == "legacy-westus3"
    foundry = doc["accounts"][0]
    # the tool's and hand-made ones (--adopt takes those over); another environment's stay out
    assert list(foundry["content_filters"]) == ["strict", "portal"] and list(foundry["blocklists"]) == ["words"]
    assert foundry["deployments"][2]["rai_policy"] == "portal"
    assert foundry["role_assignments"] == [{"role": "Cognitive Services OpenAI User", "principal_type":
                                            "ServicePrincipal", "principal_id": "aaaaaaaa-0000-0000-0000-000000000001",
                                            "description": "the app"}]
    assert "rai_policy" not in foundry["deployments"][1]
    assert any("content filter 'dev-only' of another environment" in n for n in imported.notes)

    _assert_round_trip(observed, text)


def _adopted(obs: ObservedAccount) -> ObservedAccount:
    """The account after `apply --adopt`: it and its untagged content filters and blocklists carry the tags."""
    def tag(tags: Mapping[str, str]) -> dict[str, str]:
        return {**tags, **ownership_tags("prod")} if not is_managed(tags) else dict(tags)

    access = replace(obs.access, rai_policies=tuple(replace(p, tags=tag(p.tags)) for p in obs.access.rai_policies),
                     blocklists=tuple(replace(b, tags=tag(b.tags)) for b in obs.access.blocklists))
    return replace(obs, tags=tag(obs.tags), access=access)


def _assert_round_trip(observed: ObservedState, text: str) -> None:
    """Expanding ``text`` gives, for each account, deployment and child, exactly what ``observed`` holds."""
    state = _expand(text)
    for obs in observed.accounts:
        managed = _adopted(obs)
        want = state.account(obs.name)  # type: ignore[attr-defined]
        assert want is not None, obs.name
        account = diff_account(want, managed, "prod")
        assert (account.changes, account.immutable) == ((), ()), (obs.name, account)
        assert [d.name for d in want.deployments] == [d.name for d in obs.deployments]
        for od in obs.deployments:
            managed_d = replace(od, tags={**od.tags, **ownership_tags("prod")})
            dd = diff_deployment(want.deployment(od.name), managed_d, "prod", lambda a, b: 0)
            assert (dd.changes, dd.replace) == ((), ()), (obs.name, od.name, dd)
        planner = AccessPlanner(want, "prod", account_scope(SUB, RG, obs.name), False)
        planner.plan(managed, SUB)
        assert planner.actions == [] and planner.findings == [], (obs.name, planner.actions, planner.findings)


def test_children_every_account_has_are_written_once_in_defaults() -> None:
    foundry = _estate().accounts[-1]
    words = foundry.access.blocklists[0]
    shared = replace(foundry.access, blocklists=(), rai_policies=(
        replace(foundry.access.rai_policies[0], blocklists=()),))
    app = shared.role_assignments[0]

    def granted(account: str) -> tuple[ObservedRoleAssignment, ...]:  # named as the tool names it there
        scope = account_scope(SUB, RG, account)
        return (replace(app, name=roles.assignment_name(scope, app.principal_id, USER, SUB)),)

    one = _acct("team-a", "eastus2", (_dep("chat", rai_policy="strict"),),
                access=replace(shared, role_assignments=granted("team-a")))
    two = _acct("team-b", "swedencentral", (_dep("chat"),),
                access=replace(shared, blocklists=(words,), role_assignments=granted("team-b")))
    observed = ObservedState(subscription=SUB, resource_group=RG, resource_group_exists=True,
                             resource_group_location="eastus2", accounts=(one, two))
    text = to_yaml(build_document(observed, environment="prod").document, [])
    doc = yaml.safe_load(text)
    assert list(doc["defaults"]["account"]["content_filters"]) == ["strict"]
    assert len(doc["defaults"]["account"]["role_assignments"]) == 1
    assert "content_filters" not in doc["accounts"][0] and list(doc["accounts"][1]["blocklists"]) == ["words"]
    _assert_round_trip(observed, text)


def test_the_environment_comes_from_the_option_the_tags_the_names_or_the_group() -> None:
    named = [_acct("aoai-staging-eastus2", "eastus2", ())]
    assert choose_environment(named, "rg-x", "given") == "given"
    assert choose_environment([replace(named[0], tags=ownership_tags("qa"))], "rg-x", None) == "qa"
    assert choose_environment(named, "rg-x", None) == "staging"
    assert choose_environment([_acct("my-openai", "eastus2", ())], "rg-ml-dev", None) == "ml-dev"


def test_accounts_of_another_environment_are_noted() -> None:
    mine = _acct("aoai-prod-eastus2", "eastus2", (), tags=ownership_tags("prod"))
    theirs = _acct("aoai-qa-eastus2", "eastus2", (), tags=ownership_tags("qa"))
    observed = ObservedState(subscription=SUB, resource_group=RG, resource_group_exists=True, accounts=(mine, theirs))
    imported = build_document(observed, environment="prod")
    assert imported.notes == ("account aoai-qa-eastus2 is managed for environment 'qa', not 'prod'",)


def test_deployments_of_models_the_catalog_does_not_know_are_left_out_and_noted() -> None:
    account = _acct("aoai-prod-eastus2", "eastus2", (_dep("chat"), _dep("phi", "Phi-4", "7", model_format="Microsoft")))
    observed = ObservedState(subscription=SUB, resource_group=RG, resource_group_exists=True, accounts=(account,))
    imported = build_document(observed, environment="prod", known=lambda model, version: model != "Phi-4")
    assert [d["name"] for d in imported.document["deployments"]] == ["chat"] and imported.deployments == 1
    assert imported.notes == ("skipped deployment aoai-prod-eastus2/phi: Phi-4 7 is not in the model catalog (the "
                              "plan leaves it alone; add it once `aoai-provision models` lists it)",)
