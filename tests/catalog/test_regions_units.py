"""Region names and rate-limit quantities."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_provision.catalog.regions import display_name, known_regions, normalize_region, suggest_region
from aoai_provision.catalog.types import SkuOffer
from aoai_provision.catalog.units import capacity_for, format_quantity, parse_quantity, rpm_for, tpm_for


@pytest.mark.parametrize("name", ["East US 2", "eastus2", "EASTUS2", "east us 2", " East US 2 "])
def test_normalize_region(name: str) -> None:
    assert normalize_region(name) == "eastus2"


def test_region_names() -> None:
    assert normalize_region("Sweden Central") == "swedencentral"
    assert normalize_region("Atlantis") is None
    assert display_name("swedencentral") == "Sweden Central"
    assert display_name("EastUS2") == "East US 2"
    assert {"eastus2", "swedencentral", "japaneast", "westus3"} <= set(known_regions())


def test_suggest_region() -> None:
    assert suggest_region("swedencentrl")[0] == "swedencentral"
    assert suggest_region("Sweden Centrl")[0] == "swedencentral"
    assert "eastus2" in suggest_region("eastus22")
    assert suggest_region("") == []


@pytest.mark.parametrize(("text", "value"), [("100K", 100_000), ("1k", 1_000), ("1.5M", 1_500_000), ("2M", 2_000_000),
                                             ("1000", 1000), (250, 250), ("1,000", 1000), ("0.5K", 500)])
def test_parse_quantity(text: str | int, value: int) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize("bad", ["ten", "100KB", "-5", "1.5", "", "1e3", True])
def test_parse_quantity_rejects_with_a_clear_message(bad: object) -> None:
    with pytest.raises(ValueError, match=r"quantity|number"):
        parse_quantity(bad)  # type: ignore[arg-type]


def test_capacity_conversions_use_the_offer_units() -> None:
    realtime = SkuOffer("GlobalStandard", "OpenAI.GlobalStandard.x", tpm_per_unit=1000, rpm_per_unit=6.0)
    assert capacity_for(100_000, realtime) == 100
    assert capacity_for(100_001, realtime) == 101
    assert tpm_for(100, realtime) == 100_000
    assert rpm_for(100, realtime) == 600
    provisioned = SkuOffer("ProvisionedManaged", "p", capacity_min=50, capacity_step=50)
    assert capacity_for(60_000, provisioned) == 100
    assert capacity_for(1_000, None) == 1 and rpm_for(10, None) == 60  # defaults: 1,000 TPM and 6 RPM per unit


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_format_then_parse_round_trips(value: int) -> None:
    assert parse_quantity(format_quantity(value)) == value


def test_large_quantities_keep_every_digit() -> None:
    """Found by the round-trip test: 128100500 was shown as 128100K (six significant digits)."""
    assert format_quantity(128_100_500) == "128100.5K"
    assert parse_quantity(format_quantity(128_100_500)) == 128_100_500
