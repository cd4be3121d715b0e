"""Capacity of a deployment as written (`capacity` or `rate_limit`) and how it becomes service units."""

from __future__ import annotations

from dataclasses import dataclass

from aoai_provision.catalog import units
from aoai_provision.catalog.types import FixedLimits, SkuOffer

RATE_PATTERN = r"^\s*([0-9][0-9_,]*(\.[0-9]+)?|\.[0-9]+)\s*[KkMm]?\s*$"


def parse_rate(value: object) -> object:
    """Schema hook: `100K` -> 100000, `1.5M` -> 1500000; non-strings pass through for pydantic to type."""
    if isinstance(value, str):
        return units.parse_quantity(value)
    return value


@dataclass(frozen=True)
class Amount:
    """The capacity of a deployment as written: `capacity`, `rate_limit.tpm` and/or `rate_limit.rpm`."""

    capacity: int | None = None
    tpm: int | None = None
    rpm: int | None = None

    @property
    def empty(self) -> bool:
        return self.capacity is None and self.tpm is None and self.rpm is None


def derive_capacity(amount: Amount, offer: SkuOffer | None, fixed: FixedLimits | None) -> int | None:
    """Service units for ``amount``: capacity as given, else from TPM, else from RPM, else the SKU default.

    Where the service fixes the limits, RPM does not size the deployment (the fixed TPM does).
    Returns ``None`` when nothing determines it.
    """
    if amount.capacity is not None:
        return amount.capacity
    if amount.tpm is not None:
        return max(1, units.capacity_for(amount.tpm, offer))
    if fixed is not None and fixed.tpm:
        return max(1, units.capacity_for(fixed.tpm, offer))
    if amount.rpm is not None and offer is not None and offer.rpm_per_unit:
        return max(1, units.capacity_for_rpm(amount.rpm, offer))
    if offer is not None and offer.capacity_default:
        return offer.capacity_default
    return None
