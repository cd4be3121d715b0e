"""Property: for any estate of matrix-named and other accounts, the imported file expands to what Azure holds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_provision.importer.document import build_document
from aoai_provision.importer.yaml_text import to_yaml
from aoai_provision.plan.observed import ObservedAccount, ObservedDeployment, ObservedState
from aoai_provision.spec.model import Identity, NetworkAcls

from .test_document import RG, SUB, _assert_round_trip

MODELS = (("gpt-5.4-mini", "2026-03-17"), ("text-embedding-3-small", "1"), ("gpt-4.1-mini", "2025-04-14"))
REGIONS = ("eastus2", "swedencentral", "westus3", "japaneast")
TAGS = st.dictionaries(st.sampled_from(("team", "cost", "app")), st.sampled_from(("a", "b")), max_size=2)


@st.composite
def deployment(draw: Any, name: str) -> ObservedDeployment:
    model, version = draw(st.sampled_from(MODELS))
    return ObservedDeployment(
        name=name, model=model, version=version, sku=draw(st.sampled_from(("GlobalStandard", "Standard"))),
        capacity=draw(st.integers(1, 50)),
        version_upgrade=draw(st.sampled_from((None, "OnceNewDefaultVersionAvailable", "NoAutoUpgrade"))),
        rai_policy=draw(st.sampled_from((None, "Microsoft.DefaultV2", "Microsoft.Default"))),
        state=draw(st.sampled_from((None, "Running", "Paused"))),
        service_tier=draw(st.sampled_from((None, "Default", "Priority"))), tags=draw(TAGS))


@st.composite
def account(draw: Any, name: str, region: str, names: list[str]) -> ObservedAccount:
    acls = draw(st.sampled_from((None, NetworkAcls("Allow"), NetworkAcls("Deny", ("203.0.113.7",)))))
    return ObservedAccount(
        name=name, region=region, kind=draw(st.sampled_from(("OpenAI", "AIServices"))), sku="S0",
        custom_subdomain=draw(st.sampled_from((name, f"{name}-x"))),
        public_network_access=draw(st.sampled_from((None, "Enabled", "Disabled"))),
        disable_local_auth=draw(st.sampled_from((None, False, True))), network_acls=acls,
        identity=draw(st.sampled_from((None, Identity("SystemAssigned")))), tags=draw(TAGS),
        deployments=tuple(draw(deployment(n)) for n in names))


@st.composite
def estates(draw: Any) -> ObservedState:
    regions = draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=3, unique=True))
    names = sorted(draw(st.lists(st.sampled_from(("chat", "embed", "mini")), min_size=1, max_size=3, unique=True)))
    accounts = [draw(account(f"aoai-prod-{r}", r, names)) for r in regions]
    for i in range(draw(st.integers(0, 2))):
        own = sorted(draw(st.lists(st.sampled_from(("a", "b")), min_size=0, max_size=2, unique=True)))
        accounts.append(draw(account(f"other-{i}", draw(st.sampled_from(REGIONS)), own)))
    return ObservedState(subscription=SUB, resource_group=RG, resource_group_exists=True,
                         resource_group_location="eastus2", accounts=tuple(accounts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(estates())
def test_any_estate_imports_to_a_file_that_expands_to_it(observed: ObservedState) -> None:
    text = to_yaml(build_document(observed, environment="prod", subscription=SUB).document, [])
    _assert_round_trip(observed, text)
