"""Value types of the model catalog: sources, lifecycle facts, SKU offers per region."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Source:
    """Where a fact came from: a bundled document (with its as-of date) or the live models API."""

    key: str  # "S1", "S3", "avail", "live:eastus2", ...
    title: str
    as_of: str  # ISO date the source describes
    url: str | None = None  # repository/path@commit or page address
    live: bool = False

    def cite(self) -> str:
        return f"{self.title} (as of {self.as_of})"


@dataclass(frozen=True)
class LifecycleFact:
    """One source's statement about a model version (kept even when sources disagree)."""

    source: Source
    lifecycle_status: str | None = None  # Preview | GenerallyAvailable | Stable | Deprecating | Deprecated | Legacy | Retired
    deprecation_date: date | None = None
    retirement_date: date | None = None
    retirement_qualifier: str | None = None  # "scheduled" | "no-earlier-than" | "retired"
    replacement: str | None = None  # "gpt-realtime" or "gpt-4.1 2025-04-14"
    auto_upgrade_target: str | None = None
    auto_upgrade_date: date | None = None
    skus: tuple[str, ...] = ()  # deployment SKUs the statement is limited to; () = every SKU

    def applies_to(self, sku: str | None) -> bool:
        """Does this fact speak about deployments of ``sku`` (None: the version as a whole)?"""
        if not self.skus:
            return True
        return sku is not None and sku.lower() in (s.lower() for s in self.skus)


@dataclass(frozen=True)
class Lifecycle:
    """The resolved lifecycle of a model version.

    ``retirement_date`` is the *risk date*: the earliest date any source gives. ``qualifier`` says
    whether that date is a firm schedule, an earliest-possible ("no earlier than") date, or a
    confirmed retirement (Microsoft's retired-models table). ``facts`` keeps every source's value.
    """

    status: str | None = None
    deprecation_date: date | None = None
    retirement_date: date | None = None
    qualifier: str | None = None  # "scheduled" | "no-earlier-than" | "retired"
    confirmed_retired: bool = False
    replacements: tuple[str, ...] = ()
    auto_upgrade_target: str | None = None
    auto_upgrade_date: date | None = None
    retirement_source: Source | None = None
    facts: tuple[LifecycleFact, ...] = ()

    @property
    def is_preview(self) -> bool:
        return (self.status or "").lower() == "preview"


@dataclass(frozen=True)
class SkuOffer:
    """A deployment SKU of one model version in one region, with capacity bounds and per-unit limits."""

    name: str  # GlobalStandard, Standard, DataZoneStandard, ProvisionedManaged, ...
    usage_name: str  # OpenAI.GlobalStandard.gpt-4o
    capacity_default: int | None = None
    capacity_min: int = 1
    capacity_max: int | None = None
    capacity_step: int = 1
    tpm_per_unit: int | None = None  # tokens per minute per capacity unit (usually 1000)
    rpm_per_unit: float | None = None  # requests per minute per capacity unit
    deprecation_date: date | None = None
    source: Source | None = None


@dataclass(frozen=True)
class FixedLimits:
    """Rate limits the service fixes per deployment (e.g. audio/realtime previews: 100K TPM, 1K RPM)."""

    tpm: int | None
    rpm: int | None
    source: Source


@dataclass(frozen=True)
class ModelVersion:
    """Everything known about one (model, version): lifecycle, capabilities, where it is offered."""

    model: str
    version: str
    format: str = "OpenAI"
    capabilities: Mapping[str, str] = field(default_factory=dict)  # {"realtime": "true", "audio": "true"}
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    offers: Mapping[str, tuple[SkuOffer, ...]] = field(default_factory=dict)  # region (ARM name) -> SKUs
    availability_source: Source | None = None
    fixed_limits: FixedLimits | None = None
    realtime_api_version: str | None = None  # api-version for the wss:// realtime URI
    realtime_api_version_source: Source | None = None
    is_default_version: bool = False
    max_capacity: int | None = None  # models.list `maxCapacity` (deployments of this model per account)

    def offer(self, region: str, sku: str) -> SkuOffer | None:
        return next((o for o in self.offers.get(region, ()) if o.name.lower() == sku.lower()), None)

    def regions_for(self, sku: str) -> list[str]:
        return sorted(r for r, offers in self.offers.items() if any(o.name.lower() == sku.lower() for o in offers))

    def has_capability(self, name: str) -> bool:
        return str(self.capabilities.get(name, "")).lower() == "true"

    def sku_specific(self) -> tuple[str, ...]:
        """SKUs with a lifecycle of their own (e.g. gpt-4o-mini Standard retiring earlier), sorted."""
        return tuple(sorted({s for f in self.lifecycle.facts for s in f.skus}))
