"""Quota from deployments, model/version/SKU availability per region, capacity bounds, models and usages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_provision.emulator.config import EmulatorConfig
from aoai_provision.emulator.offers import strip_nulls

GS = "OpenAI.GlobalStandard.gpt-4o"


@pytest.fixture
def limited(emu_factory: Any) -> Any:
    emu = emu_factory(quota={"limits": {f"swedencentral/{GS}": 30}})
    emu.rg()
    emu.account()
    return emu


def test_insufficient_quota_uses_azure_wording_and_counts_existing_deployments(limited: Any) -> None:
    limited.deploy("d1", capacity=20).result()
    with pytest.raises(HttpResponseError) as info:
        limited.deploy("d2", capacity=20)
    assert info.value.status_code == 400 and info.value.error.code == "InsufficientQuota"
    assert info.value.error.message == (
        "This operation require 20 new capacity in quota Tokens Per Minute (thousands) - gpt-4o, which is "
        "bigger than the current available capacity 10. The current quota usage is 20 and the quota limit is "
        "30 for quota Tokens Per Minute (thousands) - gpt-4o.")
    assert limited.deploy("d1", capacity=30).result().sku.capacity == 30  # its own capacity is not counted twice
    assert limited.deploy("d2", capacity=10, version="2024-08-06", sku="Standard").result()


def test_quota_is_per_subscription(limited: Any) -> None:
    limited.deploy("d1", capacity=30).result()
    cognitive, resources = limited.clients(limited.OTHER_SUB)
    resources.resource_groups.create_or_update("rg1", {"location": "swedencentral"})
    cognitive.accounts.begin_create("rg1", "other", {"location": "swedencentral", "kind": "OpenAI",
                                                     "sku": {"name": "S0"}}).result()
    deployment = limited.deployment(capacity=30)
    assert cognitive.deployments.begin_create_or_update("rg1", "other", "d1", deployment).result()


def test_usages_are_derived_from_deployments(limited: Any) -> None:
    limited.deploy("d1", capacity=12).result()
    limited.deploy("d2", capacity=3).result()
    usages = {u.name.value: u for u in limited.cognitive.usages.list("swedencentral")}
    used = usages[GS]
    assert (used.current_value, used.limit, used.unit) == (15, 30, "Count")
    assert used.name.localized_value == "Tokens Per Minute (thousands) - gpt-4o"
    assert usages["AccountCount"].current_value == 1 and usages["AccountCount"].limit == 200
    assert usages["OpenAI.Standard.gpt-4o"].current_value == 0
    assert usages["OpenAI.Standard.gpt-4o"].limit == 1000  # quota.default_limit
    only = list(limited.cognitive.usages.list("swedencentral", filter=f"name.value eq '{GS}'"))
    assert [u.name.value for u in only] == [GS]


def test_model_capacities_report_what_quota_is_left(limited: Any) -> None:
    limited.deploy("d1", capacity=12).result()
    items = list(limited.cognitive.location_based_model_capacities.list("swedencentral", "OpenAI", "gpt-4o",
                                                                       "2024-11-20"))
    by_sku = {i.properties.sku_name: i.properties.available_capacity for i in items}
    assert by_sku["GlobalStandard"] == 18 and by_sku["Standard"] == 1000


def test_unknown_model_version_is_deployment_model_not_supported(ready: Any) -> None:
    with pytest.raises(HttpResponseError) as info:
        ready.deploy("d1", version="1999-01-01")
    assert info.value.error.code == "DeploymentModelNotSupported"
    assert info.value.error.message == (
        "The model 'Publisher: , Format: OpenAI, Name: gpt-4o, Version: 1999-01-01, Source: , SourceAccount: ' "
        "of account deployment is not supported.")


def test_sku_not_offered_in_region_is_invalid_resource_properties(ready: Any) -> None:
    with pytest.raises(HttpResponseError) as info:
        ready.deploy("rt", model="gpt-4o-realtime-preview", version="2024-12-17", sku="Standard")
    assert info.value.error.code == "InvalidResourceProperties"
    assert info.value.error.message == ("The specified SKU 'Standard' for model 'gpt-4o-realtime-preview "
                                        "2024-12-17' is not supported in this region 'swedencentral'.")


def test_capacity_bounds_and_steps_from_the_models_data(ready: Any) -> None:
    with pytest.raises(HttpResponseError) as info:
        ready.deploy("ptu", sku="ProvisionedManaged", capacity=75)  # min 50, step 50
    assert info.value.error.code == "InvalidResourceProperties" and "multiple of 50" in info.value.error.message
    assert ready.deploy("ptu", sku="ProvisionedManaged", capacity=100).result().sku.capacity == 100


def test_default_version_is_chosen_when_none_is_given(ready: Any) -> None:
    deployment = ready.deploy("d1", version=None).result()
    assert deployment.properties.model.version == "2024-05-13"  # isDefaultVersion in the data


def test_deployment_skus_list_the_models_skus_with_capacity_bounds(ready: Any) -> None:
    ready.deploy("d1", capacity=7).result()
    skus = {s.sku.name: s for s in ready.cognitive.deployments.list_skus("rg1", "acct1", "d1")}
    assert skus["GlobalStandard"].sku.capacity == 7
    assert skus["ProvisionedManaged"].capacity.minimum == 50 and skus["ProvisionedManaged"].capacity.step == 50


def test_models_list_returns_the_real_list_items_paged(emu_factory: Any) -> None:
    emu = emu_factory(EmulatorConfig(models={"swedencentral": _full()}, page_size=100))
    real = [strip_nulls(i) for i in json.loads(_full().read_text())]
    first = emu.raw("GET", f"/subscriptions/{emu.SUB}/providers/Microsoft.CognitiveServices/locations/"
                           "swedencentral/models")
    page = json.loads(first.body)
    assert len(page["value"]) == 100 and "$skiptoken=100" in page["nextLink"]
    models = list(emu.cognitive.models.list("swedencentral"))
    assert len(models) == len(real) == 248
    assert [m.as_dict(keep_readonly=True)["model"]["name"] for m in models] == [r["model"]["name"] for r in real]
    assert page["value"] == real[:100]


def _full() -> Any:
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "data" / "emulator" / "models" / "swedencentral.json"


def test_default_models_come_from_the_bundled_catalog_in_the_real_shape(emu_factory: Any) -> None:
    emu = emu_factory(EmulatorConfig())
    items = json.loads(emu.raw("GET", f"/subscriptions/{emu.SUB}/providers/Microsoft.CognitiveServices/"
                                      "locations/swedencentral/models").body)["value"]
    assert items, "the bundled catalog offers models in swedencentral"
    for item in items:
        assert {"kind", "skuName", "model"} <= set(item)
        assert {"format", "name", "version", "skus"} <= set(item["model"])
        for sku in item["model"]["skus"]:
            assert {"name", "usageName", "capacity"} <= set(sku)


def test_unknown_location_is_location_not_available(emu: Any) -> None:
    emu.rg()
    with pytest.raises(HttpResponseError) as info:
        emu.cognitive.accounts.begin_create("rg1", "a1", {"location": "marsnorth", "kind": "OpenAI",
                                                          "sku": {"name": "S0"}})
    assert info.value.status_code == 400 and info.value.error.code == "LocationNotAvailableForResourceType"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.integers(min_value=1, max_value=25)),
                min_size=1, max_size=8))
def test_usage_is_always_the_sum_of_capacities_and_never_above_the_limit(emu_factory: Any,
                                                                         writes: list[tuple[str, int]]) -> None:
    emu = emu_factory(quota={"limits": {f"swedencentral/{GS}": 40}})
    emu.rg()
    emu.account()
    expected: dict[str, int] = {}
    for name, capacity in writes:
        fits = sum(c for n, c in expected.items() if n != name) + capacity <= 40
        try:
            emu.deploy(name, capacity=capacity).result()
            assert fits
            expected[name] = capacity
        except HttpResponseError as exc:
            assert not fits and exc.error.code == "InsufficientQuota"
    usage = {u.name.value: u.current_value for u in emu.cognitive.usages.list("swedencentral")}
    assert usage[GS] == sum(expected.values()) <= 40
