"""The pure planning of private endpoints around an account: kind upgrades and subnet moves recreate them."""

from __future__ import annotations

from aoai_provision.plan.actions import ActionKind, ResourceType
from aoai_provision.plan.network import ENDPOINT_RECREATED, NetworkPlanner
from aoai_provision.plan.observed import ObservedAccount, ObservedState
from aoai_provision.plan.observed_network import ObservedEndpoint
from aoai_provision.spec.model import DesiredAccount, DesiredState, ownership_tags
from aoai_provision.spec.model_network import PrivateEndpoint

SUB = "00000000-0000-0000-0000-000000000000"
SUBNET = f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/pe"
ACCOUNT_ID = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct"
TAGS = ownership_tags("prod")


def _plan(kind: str, subnet: str = SUBNET, allow_replace: bool = False) -> NetworkPlanner:
    account = DesiredAccount(name="acct", region="eastus2", kind=kind, tags=TAGS,
                             private_endpoint=PrivateEndpoint("acct-pe", subnet, region="eastus2"))
    desired = DesiredState(environment="prod", resource_group="rg", location="eastus2", accounts=(account,))
    observed_account = ObservedAccount(name="acct", region="eastus2", kind="OpenAI", sku="S0", tags=TAGS,
                                       id=ACCOUNT_ID)
    endpoint = ObservedEndpoint(name="acct-pe", region="eastus2", subnet_id=SUBNET, target_id=ACCOUNT_ID,
                                group_ids=("account",), tags=TAGS)
    observed = ObservedState(subscription=SUB, resource_group="rg", accounts=(observed_account,),
                             endpoints=(endpoint,))
    planner = NetworkPlanner(desired, observed, prune=False, allow_replace=allow_replace)
    planner.account(account, observed_account)
    return planner


def test_an_unchanged_endpoint_plans_nothing() -> None:
    planner = _plan("OpenAI")
    assert planner.actions == [] and planner.findings == []


def test_an_upgrade_to_aiservices_recreates_the_endpoint_and_says_so() -> None:
    planner = _plan("AIServices")
    (action,) = planner.actions
    assert (action.kind, action.resource_type, action.name) == (
        ActionKind.REPLACE, ResourceType.PRIVATE_ENDPOINT, "acct-pe")
    assert "kind changes to AIServices: the endpoint must be recreated" in action.reason
    (warning,) = planner.findings
    assert warning.code == ENDPOINT_RECREATED and "privatelink.services.ai.azure.com" in (warning.fix or "")


def test_moving_the_endpoint_to_another_subnet_needs_allow_replace() -> None:
    other = SUBNET.replace("/subnets/pe", "/subnets/pe2")
    (error,) = _plan("OpenAI", other).findings
    assert error.code == "PLAN104" and "subnet_id" in error.message
    (action,) = _plan("OpenAI", other, allow_replace=True).actions
    assert action.kind is ActionKind.REPLACE and action.address == "account.acct.private_endpoint.acct-pe"
