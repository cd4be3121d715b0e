"""Rate-limit quantities: "100K" parsing and capacity units <-> tokens/requests per minute."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from aoai_provision.catalog.types import SkuOffer

# Defaults when a model's per-unit limits are unknown (Azure OpenAI quota docs: one capacity unit
# is 1,000 TPM, and "6 RPM per 1000 TPM").
DEFAULT_TPM_PER_UNIT = 1000
DEFAULT_RPM_PER_UNIT = 6.0

_QUANTITY = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*([kKmM]?)\s*$")
_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000}


def parse_quantity(value: str | int | float) -> int:
    """Parse a rate limit such as ``100K``, ``1.5M``, ``1000`` or ``1_000`` into an integer.

    K is 1,000 and M is 1,000,000. Raises ValueError with a readable message otherwise.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number such as 100K or 1M, got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"expected a non-negative number, got {value}")
        return value
    if isinstance(value, float):
        if value < 0 or not value.is_integer():
            raise ValueError(f"expected a whole non-negative number, got {value}")
        return int(value)
    text = str(value).replace("_", "").replace(",", "")
    match = _QUANTITY.match(text)
    if not match:
        raise ValueError(
            f"cannot read {value!r} as a quantity: use a whole number or a number with K (thousand) "
            "or M (million), e.g. 100K or 1.5M"
        )
    number = Decimal(match.group(1)) * _SUFFIX[match.group(2).lower()]  # exact: 32.7K is 32700 (float: 32700.000000000004)
    if number != number.to_integral_value():
        raise ValueError(f"{value!r} is not a whole number ({number:g})")
    return int(number)


def tpm_per_unit(offer: SkuOffer | None) -> int:
    return offer.tpm_per_unit if offer is not None and offer.tpm_per_unit else DEFAULT_TPM_PER_UNIT


def rpm_per_unit(offer: SkuOffer | None) -> float:
    return offer.rpm_per_unit if offer is not None and offer.rpm_per_unit else DEFAULT_RPM_PER_UNIT


def capacity_for(tpm: int, offer: SkuOffer | None) -> int:
    """Capacity units needed for ``tpm`` tokens per minute, rounded up to the SKU's step."""
    units = math.ceil(tpm / tpm_per_unit(offer))
    step = offer.capacity_step if offer is not None and offer.capacity_step > 1 else 1
    return math.ceil(units / step) * step


def capacity_for_rpm(rpm: int, offer: SkuOffer | None) -> int:
    """Capacity units needed for ``rpm`` requests per minute, rounded up to the SKU's step."""
    units = math.ceil(rpm / rpm_per_unit(offer) - 1e-9)
    step = offer.capacity_step if offer is not None and offer.capacity_step > 1 else 1
    return math.ceil(units / step) * step


def tpm_for(capacity: int, offer: SkuOffer | None) -> int:
    """Tokens per minute that ``capacity`` units give."""
    return capacity * tpm_per_unit(offer)


def rpm_for(capacity: int, offer: SkuOffer | None) -> int:
    """Requests per minute that ``capacity`` units give (rounded down to whole requests)."""
    return int(math.floor(capacity * rpm_per_unit(offer) + 1e-9))


def format_quantity(value: int) -> str:
    """100000 -> "100K", 1500000 -> "1.5M", 950 -> "950"."""
    for suffix, factor in (("M", 1_000_000), ("K", 1_000)):
        if value >= factor and (value * 10) % factor == 0:
            # at most one decimal by the test above; `:g` would round to 6 significant digits
            return f"{value / factor:.1f}".removesuffix(".0") + suffix
    return str(value)
