"""The bundled catalog loads and holds the facts the examples, validator and emulator rely on."""

from __future__ import annotations

import pytest

from aoai_provision.catalog.bundled import bundled_catalog
from aoai_provision.catalog.catalog import Catalog

AUDIO_REALTIME_GLOBAL = [
    ("gpt-4o-mini-realtime-preview", "2024-12-17"),
    ("gpt-4o-mini-audio-preview", "2024-12-17"),
    ("gpt-4o-realtime-preview", "2024-12-17"),
    ("gpt-4o-realtime-preview", "2024-10-01"),
    ("gpt-4o-audio-preview", "2024-12-17"),
    ("gpt-realtime", "2025-08-28"),
    ("gpt-audio", "2025-08-28"),
    ("gpt-4o-transcribe", "2025-03-20"),
    ("gpt-4o", "2024-05-13"),
    ("gpt-4o", "2024-08-06"),
    ("gpt-4o", "2024-11-20"),
    ("gpt-4o-mini", "2024-07-18"),
    ("gpt-4.1", "2025-04-14"),
    ("gpt-4.1-mini", "2025-04-14"),
    ("gpt-4.1-nano", "2025-04-14"),
    ("text-embedding-3-large", "1"),
    ("text-embedding-3-small", "1"),
    ("text-embedding-ada-002", "2"),
]


def test_bundled_catalog_is_cached_and_dated(catalog: Catalog) -> None:
    assert bundled_catalog() is catalog
    assert catalog.as_of == "2026-09-02"
    assert len(catalog.all()) > 80


@pytest.mark.parametrize(("model", "version"), AUDIO_REALTIME_GLOBAL)
@pytest.mark.parametrize("region", ["eastus2", "swedencentral"])
def test_global_standard_offered_in_east_us_2_and_sweden_central(
    catalog: Catalog, model: str, version: str, region: str
) -> None:
    mv = catalog.get(model, version)
    assert mv is not None, f"{model} {version} missing"
    offer = mv.offer(region, "GlobalStandard")
    assert offer is not None, f"{model} {version} not on GlobalStandard in {region}"
    assert offer.source is not None
    assert offer.usage_name == f"OpenAI.GlobalStandard.{model}"


def test_mini_tts_only_where_the_matrix_lists_it(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-mini-tts", "2025-03-20")
    assert mv is not None and mv.regions_for("GlobalStandard") == ["eastus2"]


def test_standard_sku_where_the_real_list_shows_it(catalog: Catalog) -> None:
    for model, version in [("text-embedding-3-large", "1"), ("text-embedding-ada-002", "2"), ("gpt-4o", "2024-08-06")]:
        mv = catalog.get(model, version)
        assert mv is not None and mv.offer("swedencentral", "Standard") is not None


def test_realtime_preview_capacity_and_units_come_from_the_real_list(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-mini-realtime-preview", "2024-12-17")
    assert mv is not None
    sweden = mv.offer("swedencentral", "GlobalStandard")
    assert sweden is not None and sweden.source is not None
    assert (sweden.capacity_default, sweden.capacity_max) == (100, 30000)
    assert (sweden.tpm_per_unit, sweden.rpm_per_unit) == (1000, 6.0)
    assert sweden.source.key == "list:swedencentral"
    east = mv.offer("eastus2", "GlobalStandard")
    assert east is not None and east.source is not None
    # Derived: availability from the WebRTC how-to, bounds borrowed from the real Sweden Central entry.
    assert (east.capacity_max, east.tpm_per_unit, east.rpm_per_unit) == (30000, 1000, 6.0)
    assert "swedencentral" in east.source.key and east.source.key.startswith("avail2")


def test_per_unit_rate_limits_are_converted_to_per_minute(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o", "2024-08-06")
    assert mv is not None
    standard = mv.offer("swedencentral", "Standard")  # 1 request / 10 s per unit in the list
    assert standard is not None and standard.rpm_per_unit == 6.0 and standard.tpm_per_unit == 1000
    provisioned = mv.offer("swedencentral", "ProvisionedManaged")
    assert provisioned is not None and (provisioned.capacity_min, provisioned.capacity_step) == (50, 50)


def test_fixed_preview_limits_and_realtime_api_versions(catalog: Catalog) -> None:
    for model in ("gpt-4o-mini-realtime-preview", "gpt-4o-mini-audio-preview", "gpt-4o-realtime-preview",
                  "gpt-4o-audio-preview"):
        mv = catalog.get(model, "2024-12-17")
        assert mv is not None and mv.fixed_limits is not None
        assert (mv.fixed_limits.tpm, mv.fixed_limits.rpm) == (100_000, 1_000)
        assert mv.fixed_limits.source.key == "seed-2025-02"
    mini = catalog.get("gpt-4o-mini-realtime-preview", "2024-12-17")
    # the preview form's api-version as the WebSockets how-to gives it now (2024-12-17 is the model version)
    assert mini is not None and mini.realtime_api_version == "2025-04-01-preview"
    assert mini.realtime_api_version_source is not None and mini.realtime_api_version_source.as_of == "2026-01-29"
    later = catalog.get("gpt-realtime", "2025-08-28")
    assert later is not None and later.realtime_api_version is None  # GA: /openai/v1/realtime?model=
    audio = catalog.get("gpt-4o-mini-audio-preview", "2024-12-17")
    assert audio is not None and audio.realtime_api_version is None


def test_capabilities(catalog: Catalog) -> None:
    realtime = catalog.get("gpt-4o-mini-realtime-preview", "2024-12-17")
    assert realtime is not None and realtime.has_capability("realtime") and realtime.has_capability("audio")
    no_list = catalog.get("gpt-realtime", "2025-08-28")  # not in any real list: from the catalog category
    assert no_list is not None and no_list.has_capability("realtime")
    embed = catalog.get("text-embedding-3-large", "1")
    assert embed is not None and embed.has_capability("embeddings") and not embed.has_capability("realtime")


def test_every_source_is_kept_with_its_citation(catalog: Catalog) -> None:
    mv = catalog.get("gpt-4o-realtime-preview", "2024-10-01")
    assert mv is not None
    keys = {f.source.key for f in mv.lifecycle.facts}
    assert {"S4", "S5", "S6", "seed-2025-02"} <= keys
    s6 = next(f.source for f in mv.lifecycle.facts if f.source.key == "S6")
    assert s6.as_of == "2026-04-23"
    assert s6.url is not None and "concepts-retired-models-content.md@4345ee01" in s6.url


def test_versions_newest_first_and_lookup_is_exact(catalog: Catalog) -> None:
    versions = [mv.version for mv in catalog.versions("gpt-4o")]
    assert versions[0] == "2024-11-20" and versions[-1] == "2024-05-13"
    assert [mv.version for mv in catalog.versions("text-embedding-ada-002")] == ["2", "1"]
    assert catalog.get("gpt-4o", "2024-11-20") is not None
    assert catalog.get("GPT-4o", "2024-11-20") is None
    assert "gpt-4o-mini-realtime-preview" in catalog.models()
    assert {"eastus2", "swedencentral", "japaneast"} <= set(catalog.regions())


def test_suggestions(catalog: Catalog) -> None:
    assert catalog.suggest_model("gpt-4o-mini-realtime")[0] == "gpt-4o-mini-realtime-preview"
    assert catalog.suggest_model("GPT-4O") == ["gpt-4o"]
    assert catalog.suggest_version("gpt-4o", "2024-11-21")[0] == "2024-11-20"
    assert catalog.suggest_version("gpt-4", "0125-preview") == ["0125-Preview"]
    assert catalog.suggest_version("gpt-4o-mini-realtime-preview", "zzz") == ["2024-12-17"]


def test_default_version_follows_the_newer_default_version_table(catalog: Catalog) -> None:
    # The April-2025 lists flag 2024-05-13; the Dec-2025 default-version table says 2024-08-06.
    defaults = [mv.version for mv in catalog.versions("gpt-4o") if mv.is_default_version]
    assert defaults == ["2024-08-06"]


def test_every_catalog_region_is_a_known_region(catalog: Catalog) -> None:
    from aoai_provision.catalog.regions import known_regions

    assert set(catalog.regions()) <= set(known_regions())


def test_emulator_default_list_is_consistent_with_lookup(catalog: Catalog) -> None:
    # Everything the emulator offers in a region can be found, and is offered there, in the catalog.
    for region in ("eastus2", "swedencentral"):
        for item in catalog.models_list(region):
            mv = catalog.get(item["model"]["name"], item["model"]["version"])
            assert mv is not None and not mv.lifecycle.confirmed_retired
            assert {s["name"] for s in item["model"]["skus"]} == {o.name for o in mv.offers[region]}
