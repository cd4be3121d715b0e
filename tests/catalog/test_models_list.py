"""models.list items: parsing the REST and az CLI shapes, rendering like the real API, live overlay."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aoai_provision.catalog.catalog import Catalog
from aoai_provision.catalog.lifecycle import assess
from aoai_provision.catalog.models_list import parse_models_list, parse_when
from aoai_provision.catalog.types import Source

LIVE = Source("live:swedencentral", "models.list swedencentral", "2026-11-24", live=True)


def _json_type(value: Any) -> str:
    return {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}[type(value)]


def _shape(value: Any, path: str = "") -> dict[str, str]:
    """Path -> JSON type of every non-null field (REST omits what the CLI prints as null)."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            if item is not None:
                out[f"{path}.{key}"] = _json_type(item)
                out.update(_shape(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for item in value:
            out.update(_shape(item, f"{path}[]"))
    return out


def test_rendered_item_has_every_field_of_the_real_item_with_the_same_type(
    catalog: Catalog, sweden_items: list[dict[str, Any]]
) -> None:
    real = next(i for i in sweden_items if i["model"]["name"] == "gpt-4o-realtime-preview" and i["kind"] == "OpenAI")
    ours = [i for i in catalog.models_list("swedencentral")
            if i["model"]["name"] == "gpt-4o-realtime-preview" and i["model"]["version"] == "2024-12-17"]
    assert [i["kind"] for i in ours] == ["OpenAI", "AIServices"]
    expected = _shape(real)
    # `deprecation.fineTune` is optional in the spec (absent for models without fine-tuning).
    expected.pop(".model.deprecation.fineTune")
    got = _shape(ours[0])
    missing = {k: v for k, v in expected.items() if got.get(k) != v}
    assert missing == {}, f"fields missing or of another type: {missing}"
    assert ours[0]["model"]["skus"][0]["deprecationDate"].endswith("T00:00:00Z")


def test_models_list_excludes_confirmed_retired_versions(catalog: Catalog) -> None:
    names = {(i["model"]["name"], i["model"]["version"]) for i in catalog.models_list("eastus2")}
    assert ("gpt-4o-mini-realtime-preview", "2024-12-17") in names
    assert ("gpt-4o-realtime-preview", "2024-12-17") in names  # past its date but not confirmed: Azure decides
    assert ("gpt-4o-realtime-preview", "2024-10-01") not in names
    assert catalog.models_list("atlantis") == []


def test_models_list_round_trips_through_the_parser(catalog: Catalog) -> None:
    items = catalog.models_list("swedencentral")
    parsed = {(mv.model, mv.version): mv for mv in parse_models_list(items, "swedencentral", LIVE)}
    mine = catalog.get("gpt-4o-mini-realtime-preview", "2024-12-17")
    again = parsed[("gpt-4o-mini-realtime-preview", "2024-12-17")]
    assert mine is not None
    assert again.offer("swedencentral", "GlobalStandard") is not None
    offer, original = again.offer("swedencentral", "GlobalStandard"), mine.offer("swedencentral", "GlobalStandard")
    assert offer is not None and original is not None
    assert (offer.capacity_max, offer.tpm_per_unit, offer.rpm_per_unit) == (
        original.capacity_max, original.tpm_per_unit, original.rpm_per_unit)
    assert again.lifecycle.retirement_date == mine.lifecycle.retirement_date


def test_parse_cli_shape_merges_kinds_and_skips_maas(sweden_items: list[dict[str, Any]]) -> None:
    src = Source("list:test", "test list", "2025-04-10")
    versions = {(mv.model, mv.version): mv for mv in parse_models_list(sweden_items, "swedencentral", src)}
    assert set(versions) == {("gpt-4o", "2024-08-06"), ("gpt-4o-realtime-preview", "2024-12-17")}
    rt = versions[("gpt-4o-realtime-preview", "2024-12-17")]
    offer = rt.offer("swedencentral", "GlobalStandard")
    assert offer is not None
    assert (offer.capacity_default, offer.capacity_min, offer.capacity_max, offer.capacity_step) == (100, 1, 30000, 1)
    assert (offer.tpm_per_unit, offer.rpm_per_unit) == (1000, 6.0)
    assert offer.deprecation_date == date(2025, 5, 30)
    assert rt.lifecycle.status == "Preview" and rt.lifecycle.retirement_date == date(2025, 5, 30)
    assert rt.has_capability("realtime") and rt.max_capacity == 3
    gpt4o = versions[("gpt-4o", "2024-08-06")]
    assert [o.name for o in gpt4o.offers["swedencentral"]][:2] == ["Standard", "GlobalStandard"]


def test_parse_cli_shape_with_a_local_offset(sweden_items: list[dict[str, Any]]) -> None:
    items = copy.deepcopy(sweden_items)
    for item in items:
        for sku in item["model"]["skus"]:
            if sku.get("deprecationDate"):
                sku["deprecationDate"] = sku["deprecationDate"].replace("T00:00:00+00:00", "T09:00:00+09:00")
    rt = next(mv for mv in parse_models_list(items, "japaneast", LIVE) if mv.model == "gpt-4o-realtime-preview")
    offer = rt.offer("japaneast", "GlobalStandard")
    assert offer is not None and offer.deprecation_date == date(2025, 5, 30)
    assert parse_when("2025-06-30T00:30:00+09:00") == date(2025, 6, 29)
    assert parse_when("2025-06-30T00:00:00Z") == date(2025, 6, 30)
    assert parse_when(None) is None and parse_when("soon") is None


def test_parse_rest_shape(rest_items: list[dict[str, Any]]) -> None:
    versions = {(mv.model, mv.version): mv for mv in parse_models_list(rest_items, "westus", LIVE)}
    ada = versions[("ada", "1")]
    assert ada.lifecycle.status == "Legacy" and ada.lifecycle.retirement_date == date(2024, 6, 14)
    old = versions[("gpt-35-turbo", "0301")]
    assert old.lifecycle.confirmed_retired  # ARM `Deprecated`: inference returns 410
    dalle = versions[("dall-e-3", "3.0")]
    assert dalle.lifecycle.qualifier == "no-earlier-than"  # deprecationStatus Tentative
    provisioned = dalle.offer("westus", "Provisioned")
    assert provisioned is not None and (provisioned.capacity_min, provisioned.capacity_step) == (300, 100)


def test_with_live_overlays_one_region(catalog: Catalog, sweden_items: list[dict[str, Any]]) -> None:
    live = catalog.with_live("swedencentral", sweden_items, LIVE)
    assert live is not catalog and "swedencentral" in live.live_regions
    rt = live.get("gpt-4o-realtime-preview", "2024-12-17")
    assert rt is not None
    # The live deprecation date wins over the bundled one and is cited.
    assert rt.lifecycle.retirement_date == date(2025, 5, 30)
    assert rt.lifecycle.retirement_source == LIVE
    assert len(rt.lifecycle.facts) == len(catalog.get("gpt-4o-realtime-preview", "2024-12-17").lifecycle.facts) + 1  # type: ignore[union-attr]
    # Sweden offers now come from the live list only; other regions keep the bundled data.
    mini = live.get("gpt-4o-mini-realtime-preview", "2024-12-17")
    assert mini is not None and mini.offer("swedencentral", "GlobalStandard") is None
    assert mini.offer("eastus2", "GlobalStandard") is not None
    # gpt-4o 2024-05-13 is missing while the list serves other gpt-4o versions: confirmed retired.
    old = live.get("gpt-4o", "2024-05-13")
    assert old is not None and old.lifecycle.confirmed_retired
    assert assess(old, date(2026, 11, 24)).state == "retired"
    # The bundled catalog itself is unchanged.
    assert catalog.get("gpt-4o", "2024-05-13").offer("swedencentral", "GlobalStandard") is not None  # type: ignore[union-attr]


def test_with_live_adds_versions_the_bundle_does_not_know(catalog: Catalog, sweden_items: list[dict[str, Any]]) -> None:
    items = copy.deepcopy(sweden_items)
    items[0]["model"]["version"] = "2099-01-01"
    live = catalog.with_live("swedencentral", items, LIVE)
    added = live.get(items[0]["model"]["name"], "2099-01-01")
    assert added is not None and added.offers["swedencentral"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False, width=32) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_PATHS = [("model", "skus"), ("model", "capabilities"), ("model", "deprecation"), ("model", "lifecycleStatus"),
          ("model", "maxCapacity"), ("model", "isDefaultVersion"), ("model", "replacementConfig"), ("kind",),
          ("model", "skus", 0, "capacity"), ("model", "skus", 0, "rateLimits"), ("model", "skus", 0, "deprecationDate")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_PATHS), _JSON)
def test_odd_values_in_a_list_never_crash_the_parser(
    sweden_items: list[dict[str, Any]], path: tuple[Any, ...], value: Any
) -> None:
    items = copy.deepcopy(sweden_items)
    target: Any = items[1]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    versions = parse_models_list(items, "swedencentral", LIVE)  # must not raise
    assert all(mv.model and isinstance(mv.version, str) for mv in versions)
